"""Pure normalisation functions for the ETL "clean" stage: one raw cell in, one canonical value out.

Every function takes a raw value (``str``; ``None`` allowed) and returns

* the canonical value,
* ``None`` when the input is blank (``None``, ``""`` or whitespace only, U+3000 included — see :func:`blank`),
* or raises :class:`CleanError` when a non-blank value cannot be repaired (the row goes to quarantine).

They run tens of millions of times on a full load, so they use precompiled regexes, ``str.translate`` tables, a
fast path for values that are already canonical and ``functools.lru_cache`` where values repeat (dates, names,
codes). Nothing here imports the synthetic-data generator: the ETL must not depend on it.

Canonical forms (the "exact" contract other stages rely on):

==================  ============================================================================================
function            canonical form
==================  ============================================================================================
``text``            NFKC, stripped; a whitespace run touching a CJK character is removed, any other run becomes
                    one ASCII space (``"杭州 思伟 Tech  Co"`` → ``"杭州思伟Tech Co"``)
``compact``         NFKC with every whitespace character removed (the synthetic ``canonical_text``; addresses)
``enterprise_name`` ``compact`` + 【】〔〕［］[] → (), 有限责任公司 → 有限公司, edge punctuation stripped
``name_key``        ``enterprise_name`` without a bracketed place/legal form, the branch tail, the legal-form
                    suffix and leading province/city/district names (``杭州鼎盛网络科技有限公司`` → ``鼎盛网络科技``)
``uscc``            18 upper-case characters, GB 32100-2015 check character verified
``id_number``       18 characters, 17 digits + digit/``X``, valid birth date, GB 11643 check digit; a 15-digit
                    first-generation number is upgraded to 18 digits
``phone``           mobile ``13812345678``; landline ``0571-88776655`` (area code split by the area-code rule)
``email``           lower case, ``mailto:`` dropped, 。→ .
``website``         site: lower-case host[/path] without scheme and trailing ``/`` (``www.abc.com``);
                    app: ``app:`` + lower-case ``compact`` name (``app:鼎盛理财app``)
``account_number``  8–30 digits (spaces and hyphens between digit groups dropped)
``date``            ``YYYY-MM-DD``
``datetime``        ``YYYY-MM-DDTHH:MM:SS+08:00`` (fractional seconds dropped; an input offset is converted)
``amount_wan``      float in 万元; ``amount_yuan``: float in 元
``percent``         float in percent (``18.5``); ``ratio``: float in 0..1 from a percentage (``35`` → 0.35)
``region_code``     6, 9 or 12 digits
``yes_no``          ``True`` / ``False``
==================  ============================================================================================
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from functools import lru_cache

from stdnum.cn import ric

from smokeindex.schema.types import uscc_check_char

__all__ = [
    "CleanError",
    "account_number",
    "amount_wan",
    "amount_yuan",
    "blank",
    "compact",
    "date",
    "datetime",
    "email",
    "enterprise_name",
    "id_number",
    "name_key",
    "percent",
    "phone",
    "phone_kind",
    "ratio",
    "region_code",
    "text",
    "uscc",
    "website",
    "website_kind",
    "yes_no",
]


class CleanError(ValueError):
    """A non-blank value that cannot be repaired; ``field`` says which kind of value, ``reason`` why (Chinese first)."""

    def __init__(self, field_hint: str, reason: str, value: object = None) -> None:
        super().__init__(f"{field_hint}: {reason}" + ("" if value is None else f" [{value!r}]"))
        self.field = field_hint
        self.reason = reason
        self.value = value

    def with_field(self, field_hint: str) -> CleanError:
        """The same error naming another field (e.g. the source column), for the quarantine log."""
        return CleanError(field_hint, self.reason, self.value)

    def __reduce__(self) -> tuple[type[CleanError], tuple[str, str, object]]:
        return (CleanError, (self.field, self.reason, self.value))


_normalize = unicodedata.normalize
_WS = re.compile(r"\s+")
_WS_ANY = re.compile(r"\s")


def blank(s: object) -> bool:
    """Whether a raw value is blank: ``None``, ``""`` or only whitespace (U+3000 and other Unicode spaces included)."""
    return s is None or (isinstance(s, str) and (not s or s.isspace()))


def _nfkc(s: object) -> str:
    """NFKC (skipped for pure ASCII); a non-string cell (a JSON number, an XLSX integer) is read as its ``str``."""
    try:
        return s if s.isascii() else _normalize("NFKC", s)  # type: ignore[attr-defined,return-value,arg-type]
    except AttributeError:
        return str(s)


# -- text ------------------------------------------------------------------------------------------------------------
# "CJK" for the whitespace rule: everything from CJK Radicals (U+2E80) up — CJK punctuation, kana, ideographs,
# Hangul, compatibility forms — that is still non-ASCII after NFKC (full-width ASCII has become ASCII by then).
_CJK = "\u2e80-\U0010ffff"
_WS_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def text(s: str | None) -> str | None:
    """Free text: NFKC, strip; whitespace runs next to a CJK character are removed, other runs become one space."""
    if s is None:
        return None
    s = _nfkc(s).strip()
    if not s:
        return None
    if _WS_ANY.search(s) is None:
        return s
    return _WS.sub(" ", _WS_CJK.sub("", s))


def compact(s: str | None) -> str | None:
    """NFKC with every whitespace character removed (addresses, and the key of the synthetic ``canonical_text``)."""
    if s is None:
        return None
    s = _WS.sub("", _nfkc(s))
    return s or None


# -- enterprise names ------------------------------------------------------------------------------------------------
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "〖": "(", "〗": ")"})
_BRACKET_CHARS = re.compile(r"[【】〔〕\[\]〖〗]")
# trailing/leading punctuation that is never part of a registered name (closing brackets are kept)
_EDGE_PUNCT = " .,;:!?、。，；：！？·•…\"'“”‘’「」『』《》〈〉*-_~"


@lru_cache(maxsize=1 << 18)
def enterprise_name(s: str | None) -> str | None:
    """Canonical enterprise name: NFKC, no whitespace, 【】〔〕[] → (), 有限责任公司 → 有限公司, edge punctuation stripped."""
    if s is None:
        return None
    s = _WS.sub("", _nfkc(s))
    if _BRACKET_CHARS.search(s):
        s = s.translate(_BRACKETS)
    s = s.strip(_EDGE_PUNCT)
    if not s:
        return None
    if "有限责任公司" in s:
        s = s.replace("有限责任公司", "有限公司")
    return s


_PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
_CITIES = (
    # Zhejiang (the synthetic world's province) — prefecture-level and the larger county-level cities
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 余姚 慈溪 瑞安 乐清 海宁 桐乡 诸暨 温岭 临海 平湖 永康 东阳 "
    # provincial capitals, sub-provincial and other large cities
    "石家庄 太原 呼和浩特 沈阳 长春 哈尔滨 南京 合肥 福州 南昌 济南 郑州 武汉 长沙 广州 南宁 海口 成都 贵阳 昆明 拉萨 西安 "
    "兰州 西宁 银川 乌鲁木齐 深圳 大连 青岛 厦门 苏州 无锡 常州 南通 徐州 佛山 东莞 珠海 烟台 潍坊 泉州 唐山 洛阳 三亚"
).split()
_DISTRICTS = (
    "上城 下城 江干 拱墅 西湖 滨江 萧山 余杭 临平 钱塘 富阳 临安 桐庐 淳安 海曙 江北 北仑 镇海 鄞州 奉化 象山 宁海 "
    "鹿城 龙湾 瓯海 洞头 永嘉 平阳 苍南 文成 泰顺 龙港"
).split()
_PROVINCE_SUFFIX = "(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"


def _alt(names: list[str]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_LEADING_PLACE = re.compile(
    rf"^(?:(?:{_alt(_PROVINCES)}){_PROVINCE_SUFFIX}|(?:{_alt(_CITIES)})市?|(?:{_alt(_DISTRICTS)})(?:新区|区|县))"
)
_LEGAL_FORMS = (
    "股份有限公司",
    "有限公司",
    "有限合伙企业",
    "有限合伙",
    "普通合伙企业",
    "普通合伙",
    "合伙企业",
    "个人独资企业",
    "公司",
)
_BRACKETED = re.compile(
    rf"\((?:(?:{_alt(_PROVINCES + _CITIES + ['中国'])}){_PROVINCE_SUFFIX}|{_alt(list(_LEGAL_FORMS))})\)"
)
_BRANCH_TAIL = re.compile(rf"({_alt(list(_LEGAL_FORMS))}).*?(?:分公司|分店|营业部|办事处|分行|支行|分部|分厂)$")
_LEGAL_SUFFIX = re.compile(rf"(?:{_alt(list(_LEGAL_FORMS))})$")


@lru_cache(maxsize=1 << 18)
def name_key(s: str | None) -> str | None:
    """Loose blocking key of an enterprise name; see the rules below (several enterprises may share a key).

    From :func:`enterprise_name`: remove bracketed place names and legal forms (``(杭州)``, ``(中国)``, ``(有限合伙)``),
    the branch tail after the legal form (``有限公司西湖分公司`` → ``有限公司``), the legal-form suffix (股份有限公司,
    有限公司, 有限合伙, 合伙企业, 个人独资企业, 公司 …) and up to three leading place names (a province with or
    without 省/市/自治区, a listed city with or without 市, a listed district only with 区/县). If nothing is left,
    the canonical name itself is the key.
    """
    name = enterprise_name(s)
    if name is None:
        return None
    key = _BRACKETED.sub("", name)
    key = _BRANCH_TAIL.sub(r"\1", key, count=1)
    key = _LEGAL_SUFFIX.sub("", key)
    for _ in range(3):
        stripped = _LEADING_PLACE.sub("", key, count=1)
        if stripped == key or not stripped:
            break
        key = stripped
    return key or name


# -- identifiers -----------------------------------------------------------------------------------------------------
_USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


@lru_cache(maxsize=1 << 18)
def uscc(s: str | None) -> str | None:
    """统一社会信用代码: NFKC, upper case, whitespace removed; format and GB 32100-2015 check character verified."""
    if s is None:
        return None
    v = _WS.sub("", _nfkc(s)).upper()
    if not v:
        return None
    if len(v) != 18:
        raise CleanError("uscc", f"统一社会信用代码须为 18 位，实为 {len(v)} 位 (USCC must have 18 characters)", s)
    if not _USCC_RE.fullmatch(v):
        raise CleanError("uscc", "统一社会信用代码含非法字符或格式错误 (malformed USCC)", s)
    if uscc_check_char(v) != v[17]:
        raise CleanError("uscc", "统一社会信用代码校验码错误 (wrong USCC check character)", s)
    return v


_ID18 = re.compile(r"\d{17}[\dX]")
_ID15 = re.compile(r"\d{15}")


def _valid_ymd(y: int, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    if m == 2:
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        return d <= (29 if leap else 28)
    return d <= (30 if m in (4, 6, 9, 11) else 31)


@lru_cache(maxsize=1 << 18)
def id_number(s: str | None) -> str | None:
    """居民身份证号: NFKC, upper case (x → X), spaces/hyphens removed; 18 chars, valid birth date and GB 11643 check.

    A 15-digit first-generation number is upgraded (century 19 inserted, check digit appended). The birth-place code
    is not checked against a code list: numbers issued under since-renamed divisions stay valid for life.
    """
    if s is None:
        return None
    v = _WS.sub("", _nfkc(s)).replace("-", "").upper()
    if not v:
        return None
    if len(v) == 15 and _ID15.fullmatch(v):
        body = v[:6] + "19" + v[6:]
        v = body + ric.calc_check_digit(body + "0")
    elif len(v) != 18 or not _ID18.fullmatch(v):
        raise CleanError(
            "id_number", "居民身份证号须为 18 位：17 位数字加数字或 X (ID number must be 17 digits + digit/X)", s
        )
    if not _valid_ymd(int(v[6:10]), int(v[10:12]), int(v[12:14])):
        raise CleanError("id_number", "居民身份证号中的出生日期无效 (invalid birth date in ID number)", s)
    if ric.calc_check_digit(v) != v[17]:
        raise CleanError("id_number", "居民身份证号校验码错误 (wrong ID number check digit)", s)
    return v


# -- phones ----------------------------------------------------------------------------------------------------------
_MOBILE = re.compile(r"1[3-9]\d{9}")
_CANON_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-[2-9]\d{6,7}")
_PHONE_CHARS = re.compile(r"[\d\s()+\-.]+")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*\d{1,6}$", re.IGNORECASE)
_NON_DIGIT = re.compile(r"\D")


def _area_len(d: str) -> int:
    """Length of the area code (with its 0) at the start of ``d``: 010 and 02x are 3 digits, 03xx–09xx are 4."""
    c = d[1]
    if c == "2" or (c == "1" and d[2] == "0"):
        return 3
    if c == "1":
        raise CleanError("phone", "无效的长途区号（01 开头的区号只有 010）(invalid area code)", d)
    return 4


def phone(s: str | None) -> str | None:
    """Canonical phone: mobile ``13812345678``, landline ``0571-88776655``; country code, separators, brackets dropped.

    Landline area codes are split by rule, not by the separator: 010 (Beijing) and 020–029 are 3 digits, every other
    code (03xx–09xx) is 4 digits; the local number must then have 7–8 digits and start with 2–9. A number without
    a leading 0 gets one back when a country code was present or the number is too long to be local (≥ 9 digits).
    An extension (``转123``, ``ext 12``, ``#12``) is dropped. A mobile dialled with a leading 0 (``013812345678``) is
    accepted. Local-only numbers (no area code) and service numbers (400/800, 95xxx) are rejected.
    """
    if s is None:
        return None
    if isinstance(s, str) and _CANON_PHONE.fullmatch(s):
        return s
    v = _nfkc(s).strip()
    if not v:
        return None
    v = _EXTENSION.sub("", v)
    if not _PHONE_CHARS.fullmatch(v):
        raise CleanError("phone", "电话号码含非法字符 (phone number contains invalid characters)", s)
    d = _NON_DIGIT.sub("", v)
    intl = v.startswith("+") or d.startswith("0086")
    if d.startswith("0086"):
        d = d[4:]
    elif d.startswith("86") and (intl or len(d) > 11):
        d = d[2:]
        intl = True
    elif v.startswith("+"):
        raise CleanError("phone", "仅支持中国大陆号码 (+86) (only +86 numbers are supported)", s)
    if len(d) == 11 and _MOBILE.fullmatch(d):
        return d
    if len(d) == 12 and d[0] == "0" and _MOBILE.fullmatch(d, 1):
        return d[1:]
    if d[:1] != "0":
        if intl or len(d) >= 9:
            d = "0" + d
        else:
            raise CleanError("phone", "固定电话缺少区号，或号码位数不对 (landline without area code, or bad length)", s)
    if len(d) < 10:
        raise CleanError("phone", "电话号码位数不足 (phone number too short)", s)
    n = _area_len(d)
    local = d[n:]
    if not 7 <= len(local) <= 8 or local[0] in "01":
        raise CleanError("phone", "固定电话号码须为区号加 7–8 位号码 (landline must be area code + 7-8 digits)", s)
    return f"{d[:n]}-{local}"


def phone_kind(canonical: str) -> str:
    """``"mobile"`` or ``"landline"`` for a canonical phone from :func:`phone`."""
    if len(canonical) == 11 and canonical[0] == "1":
        return "mobile"
    if canonical[:1] == "0" and "-" in canonical:
        return "landline"
    raise CleanError("phone", "不是规范化的电话号码 (not a canonical phone number)", canonical)


# -- email, websites, accounts, regions ------------------------------------------------------------------------------
_EMAIL_RE = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_EMAIL_FIX = str.maketrans({"。": ".", "＠": "@"})


def email(s: str | None) -> str | None:
    """Email: NFKC, whitespace removed, lower case, ``mailto:`` dropped, 。→ .; must look like ``a@b.cn``."""
    if s is None:
        return None
    v = _WS.sub("", _nfkc(s).translate(_EMAIL_FIX)).lower()
    if not v:
        return None
    v = v.removeprefix("mailto:").strip("<>")
    if not _EMAIL_RE.fullmatch(v):
        raise CleanError("email", "电子邮箱格式无效 (invalid email address)", s)
    return v


_SCHEME = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:/[^\s]*)?")
_SITE_KINDS = {"网站": "site", "site": "site", "web": "site", "app": "app", "应用": "app"}


def website(s: str | None, kind: str | None = None) -> str | None:
    """Website or app: a domain/URL → lower-case host[/path] without scheme or trailing ``/``; else ``app:<name>``.

    ``kind`` (the source's 类型 column: 网站 / APP) forces the reading; without it a value that parses as a domain
    (with or without ``http(s)://``) is a site and anything else is an app. App names are NFKC, whitespace removed,
    lower-cased (``鼎盛理财APP`` → ``app:鼎盛理财app``), matching the Website node's key rule (``app:名称``).
    """
    if s is None:
        return None
    v = _WS.sub("", _nfkc(s)).lower()
    if not v:
        return None
    k = _SITE_KINDS.get(kind.strip().lower(), None) if kind else None
    if v.startswith("app:"):
        if len(v) == 4:
            raise CleanError("website", "应用名称为空 (empty app name)", s)
        return v
    had_scheme = _SCHEME.match(v) is not None
    site = _SCHEME.sub("", v).rstrip("/")
    if k != "app" and _DOMAIN.fullmatch(site):
        return site
    if k == "site" or had_scheme:
        raise CleanError("website", "网址格式无效 (invalid website address)", s)
    return "app:" + v


def website_kind(canonical: str) -> str:
    """``"app"`` or ``"site"`` for a canonical value from :func:`website`."""
    return "app" if canonical.startswith("app:") else "site"


_ACCOUNT_RE = re.compile(r"\d{8,30}")


def account_number(s: str | None) -> str | None:
    """Bank account number: NFKC, spaces and hyphens between digit groups removed, 8–30 digits."""
    if s is None:
        return None
    v = _WS.sub("", _nfkc(s)).replace("-", "")
    if not v:
        return None
    if not _ACCOUNT_RE.fullmatch(v):
        raise CleanError("account_number", "银行账号须为 8–30 位数字 (account number must be 8-30 digits)", s)
    return v


_REGION_RE = re.compile(r"\d{6}(?:\d{3}(?:\d{3})?)?")


@lru_cache(maxsize=1 << 16)
def region_code(s: str | None) -> str | None:
    """行政区划代码: NFKC, whitespace removed; 6 (province/city/district), 9 (street) or 12 (community) digits."""
    if s is None:
        return None
    v = _WS.sub("", _nfkc(s))
    if not v:
        return None
    if not _REGION_RE.fullmatch(v):
        raise CleanError("region_code", "区划代码须为 6、9 或 12 位数字 (region code must have 6, 9 or 12 digits)", s)
    return v


# -- dates -----------------------------------------------------------------------------------------------------------
# 2023-01-05, 2023/1/5, 2023.1.5, 2023年1月5日, 2023-1-5 (any of - / . 年月日 as separators) or 20230105
_DATE_SEP = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DATE_8 = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})\s*秒?)?(?:[.,]\d+)?")
_TIME_6 = re.compile(r"(\d{2})(\d{2})(\d{2})")
_TZ = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
_CLEAN_TS = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")
_TZ_ARG = re.compile(r"[+-](\d{2}):(\d{2})")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _ymd(y: str, m: str, d: str, raw: str, hint: str) -> str:
    yi, mi, di = int(y), int(m), int(d)
    if not _MIN_YEAR <= yi <= _MAX_YEAR:
        raise CleanError(hint, f"年份须在 {_MIN_YEAR}–{_MAX_YEAR} 之间 (year out of range)", raw)
    if not _valid_ymd(yi, mi, di):
        raise CleanError(hint, "日期不存在 (impossible date)", raw)
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def _split_date(v: str, raw: str, hint: str) -> tuple[str, str]:
    """The ISO date at the start of ``v`` and the rest of the string."""
    m = _DATE_SEP.match(v)
    if m is None:
        m = _DATE_8.match(v)
    if m is None:
        raise CleanError(hint, "无法识别的日期格式 (unrecognised date format)", raw)
    return _ymd(m[1], m[2], m[3], raw, hint), v[m.end() :]


@lru_cache(maxsize=1 << 16)
def date(s: str | _dt.date | None) -> str | None:
    """ISO date ``YYYY-MM-DD`` from 2023-01-05, 2023/1/5, 2023.1.5, 2023年1月5日, 20230105 (full-width too).

    A trailing time (``2023-01-05 00:00:00``, ``20230105130405``) is accepted and dropped; years must be 1900–2100.
    """
    if s is None:
        return None
    if isinstance(s, _dt.date):
        return s.date().isoformat() if isinstance(s, _dt.datetime) else s.isoformat()
    v = _nfkc(s).strip()
    if not v:
        return None
    iso, rest = _split_date(v, s, "date")
    rest = rest.strip().lstrip("T")
    if rest and not (_TIME.fullmatch(_TZ.sub("", rest).strip()) or _TIME_6.fullmatch(rest)):
        raise CleanError("date", "日期后有无法识别的内容 (unexpected text after the date)", s)
    return iso


def datetime(s: str | _dt.datetime | None, tz: str = "+08:00") -> str | None:
    """ISO timestamp with offset ``2023-01-05T13:04:05+08:00`` (times without an offset are taken to be in ``tz``).

    Accepts ``YYYY-MM-DD HH:MM[:SS]`` with any date form of :func:`date`, ``T`` or a space between, ``20230105130405``,
    ``13时04分05秒`` and date-only values (→ ``T00:00:00``). Fractional seconds are dropped; an input with its own
    offset (``Z``, ``+0000``, ``+08:00``) is converted to ``tz`` so that all values compare as strings.
    """
    target = _parse_tz(tz)
    if isinstance(s, str) and _CLEAN_TS.fullmatch(s):  # the clean form: YYYY-MM-DD HH:MM:SS
        if date(s[:10]) is not None and s[11:13] <= "23" and s[14:16] <= "59" and s[17:19] <= "59":
            return f"{s[:10]}T{s[11:19]}{tz}"
        raise CleanError("datetime", "日期或时间不存在 (impossible date or time)", s)
    if s is None:
        return None
    if isinstance(s, _dt.datetime):
        return _from_datetime(s, target, tz)
    v = _nfkc(s).strip()
    if not v:
        return None
    day, rest = _split_date(v, s, "datetime")
    rest = rest.strip()
    if rest[:1] in ("T", "t"):
        rest = rest[1:]
    zone = None
    if rest:
        zm = _TZ.search(rest)
        if zm is not None:
            zone = zm[0].upper()
            rest = rest[: zm.start()].strip()
    if not rest:
        hh = mm = ss = 0
    else:
        tm = _TIME.fullmatch(rest) or _TIME_6.fullmatch(rest)
        if tm is None:
            raise CleanError("datetime", "无法识别的时间格式 (unrecognised time format)", s)
        hh, mm, ss = int(tm[1]), int(tm[2]), int(tm[3] or 0)
        if hh > 23 or mm > 59 or ss > 59:
            raise CleanError("datetime", "时间不存在 (impossible time of day)", s)
    if zone is not None:
        src = _parse_tz("+00:00" if zone == "Z" else (zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"))
        if src != target:
            aware = _dt.datetime(int(day[:4]), int(day[5:7]), int(day[8:]), hh, mm, ss, tzinfo=src)
            return _from_datetime(aware, target, tz)
    return f"{day}T{hh:02d}:{mm:02d}:{ss:02d}{tz}"


@lru_cache(maxsize=1 << 8)
def _parse_tz(tz: str) -> _dt.timezone:
    m = _TZ_ARG.fullmatch(tz)
    if m is None:
        raise CleanError("datetime", "时区须写作 +08:00 形式 (timezone must look like +08:00)", tz)
    minutes = int(m[1]) * 60 + int(m[2])
    return _dt.timezone(_dt.timedelta(minutes=-minutes if tz[0] == "-" else minutes))


def _from_datetime(value: _dt.datetime, target: _dt.timezone, tz: str) -> str:
    local = value if value.tzinfo is None else value.astimezone(target)
    return local.replace(microsecond=0, tzinfo=None).isoformat() + tz


# -- amounts and rates -----------------------------------------------------------------------------------------------
# number: plain digits or 3-digit comma groups, optional decimals; unit: 元 / 万(元) / 亿(元) / 千(元)
_AMOUNT = re.compile(
    r"(?:人民币|rmb|cny|¥)?\s*([+-]?)\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(元|万元|万|亿元|亿|千元|千)?(?:人民币|rmb)?",
    re.IGNORECASE,
)
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_UNIT_EXP = {"元": 0, "千元": 3, "千": 3, "万元": 4, "万": 4, "亿元": 8, "亿": 8}


def _amount(s: str | float | int | None, hint: str, base_exp: int) -> float | None:
    """Parse an amount and express it in units of 10**base_exp 元 (0: 元, 4: 万元); no unit means the base unit."""
    if s is None:
        return None
    if isinstance(s, int | float):
        if s < 0 or s != s or s in (float("inf"), float("-inf")):
            raise CleanError(hint, "金额须为非负有限数 (amount must be a non-negative number)", s)
        return float(s)
    v = _nfkc(s).strip()
    if not v:
        return None
    m = _AMOUNT.fullmatch(v)
    if m is None:
        raise CleanError(hint, "无法识别的金额 (unrecognised amount)", s)
    if m[1] == "-":
        raise CleanError(hint, "金额不能为负数 (amount must not be negative)", s)
    unit = m[4]
    exp = (_UNIT_EXP[unit] - base_exp) if unit else 0
    number = m[2].replace(",", "") + ("." + m[3] if m[3] else "")
    # shifting the decimal exponent in the string keeps float rounding exact: "5.1万" → float("5.1e4") == 51000.0
    return float(f"{number}e{exp}") if exp else float(number)


def amount_wan(s: str | float | int | None) -> float | None:
    """Amount in 万元 from ``50``, ``12.5``, ``50万元``, ``500000元`` (→ 50.0), ``5,000``, ``1.2亿``; negative rejected."""
    if isinstance(s, str) and _PLAIN_NUMBER.fullmatch(s):  # the clean form
        return float(s)
    return _amount(s, "amount_wan", 4)


def amount_yuan(s: str | float | int | None) -> float | None:
    """Amount in 元 from ``12345.60``, ``12,345.67``, ``¥12345.67``, ``12345.67元``, ``5万`` (→ 50000.0), ``1.2亿``."""
    if isinstance(s, str) and _PLAIN_NUMBER.fullmatch(s):  # the clean form
        return float(s)
    return _amount(s, "amount_yuan", 0)


_PERCENT = re.compile(r"(?:[\u4e00-\u9fff]{1,10}[:：]?)?\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*%?")


def percent(s: str | float | int | None) -> float | None:
    """Rate in percent from ``18``, ``18%``, ``18.5％``, ``年化18%`` or ``年化收益率：18%`` (→ 18.0); negative rejected."""
    if s is None:
        return None
    if isinstance(s, int | float):
        if not s >= 0:
            raise CleanError("percent", "百分比须为非负数 (percentage must be non-negative)", s)
        return float(s)
    v = _nfkc(s).strip()
    if not v:
        return None
    m = _PERCENT.fullmatch(v)
    if m is None:
        raise CleanError("percent", "无法识别的百分比 (unrecognised percentage)", s)
    if m[1] == "-":
        raise CleanError("percent", "百分比不能为负数 (percentage must not be negative)", s)
    return float(m[2])


def ratio(s: str | float | int | None) -> float | None:
    """Share in 0..1 from a percentage (``35`` or ``35%`` → 0.35; ``0.5`` means 0.5 % → 0.005); over 100 % rejected."""
    p = percent(s)
    if p is None:
        return None
    if p > 100:
        raise CleanError("ratio", "比例不能超过 100% (ratio must not exceed 100%)", s)
    return p / 100


_YES_NO = {
    "是": True, "否": False, "y": True, "n": False, "yes": True, "no": False, "true": True, "false": False,
    "t": True, "f": False, "1": True, "0": False, "√": True, "×": False, "有": True, "无": False, "是的": True,
}  # fmt: skip


def yes_no(s: str | bool | None) -> bool | None:
    """是/否, Y/N, yes/no, true/false, 1/0, √/×, 有/无 (any case, full-width too) → ``True``/``False``."""
    if s is None:
        return None
    if isinstance(s, bool):
        return s
    v = _nfkc(s).strip().lower()
    if not v:
        return None
    try:
        return _YES_NO[v]
    except KeyError:
        raise CleanError("yes_no", "须为 是/否 (expected 是 or 否)", s) from None
