"""Entity resolution for the ETL "resolve" stage: link enterprise names without a USCC, and persons without an ID.

Deterministic keys come first and are handled by the ETL itself (USCC for enterprises, ID number for persons). This
module handles the rest:

* :class:`EnterpriseIndex` is built once from the registry and answers :meth:`EnterpriseIndex.match` for a bare name
  (news 涉及主体, ads 广告主, a complaint's 被投诉对象 without USCC, penalties, judicial parties without 证件号码, ORG
  mentions found in free text).
* :class:`PersonResolver` links a person without an ID number to a known person only by exact name *and* a shared
  enterprise; a bare name is never enough.

Matching ladder (first rule that decides wins; every decision is a :class:`Match` whose :meth:`Match.to_record` goes to
the merge-decisions CSV):

1. ``exact`` / ``canonical``: the canonical form (NFKC, whitespace removed, 有限责任公司→有限公司, brackets → ASCII,
   case folded) equals a registered name or alias. ``exact`` when the stripped input is verbatim the registered string.
2. ``loose``: the loose key (canonical name minus the legal form, a bracketed place like (杭州), a leading
   province/city/district and a trailing APP; branches keep their qualifier, ``鼎盛网络科技|西湖``) equals exactly one
   enterprise's loose key.
3. ``fuzzy`` (brand alias): a loose key ending in a generic word (鼎盛理财, 鼎盛平台, 华鑫集团) is a reference to the
   brand, i.e. to every enterprise whose loose key starts with that 字号. Linked only when one enterprise bears the
   字号, for 集团 when exactly one bearer's name holds 集团 (the holding), or by location evidence; else ``ambiguous``.
   An alias hit (APP name 鼎盛理财APP from websites.csv) is treated the same way when other enterprises share the 字号.
4. ``fuzzy``: candidates are blocked by (a) a deletion-1 neighbourhood of the loose key (catches one substituted,
   missing, extra or swapped character anywhere, in O(len) hash look-ups) and (b) the first two characters of the loose
   key, i.e. the start of the 字号 in the usual 行政区划+字号+行业+组织形式 naming order (catches dropped or changed
   industry words), capped at ``block_cap`` entries. Score = ½ ``rapidfuzz.fuzz.ratio`` of the loose keys + ½ ratio of
   the 字号 parts (the key minus its industry word; industry words are the frequent key suffixes learnt from the
   registry), so a typo in 网络科技 still links while 明航供应链管理 ≠ 航禾供应链管理. The best wins when it reaches
   ``fuzzy_threshold`` (85) and leads the runner-up by ``margin`` (8). Branch qualifiers must agree (a branch is never
   fuzzily linked to its head office) and so must cities named in both names (杭州鼎盛… is never 宁波鼎盛…; this also
   applies to ``loose``).
5. Otherwise ``ambiguous`` (several candidates at the top, too close to call) or ``none``.

Ties (several canonical/loose hits, or fuzzy candidates within the margin) are broken only by location evidence:
``region_code`` (+2 same district = first 6 digits, +1 same city = first 4, against the registry 区划代码 or else the
USCC's registration-authority code, characters 3–8), and ``context`` text (+3 when the candidate's full registered name
occurs in it (not an alias: an APP name is shared by a brand group), +1 when a place in the candidate's name, e.g. 杭州 or 西湖区, occurs in it). The tie is broken
only if exactly one candidate has the highest, positive evidence; otherwise the result is ``ambiguous``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

Method = Literal["exact", "canonical", "loose", "fuzzy", "none", "ambiguous"]
PersonMethod = Literal["name+enterprise", "none", "ambiguous"]

# measured on generated worlds (seeds 3, 5; one random edit of 800 indexed names, 400 held-out names): at 85, typo
# recall 0.49-0.51 with ≤ 0.1% wrong links and ≤ 0.5% held-out names linked; at 80, recall 0.59 but 0.4-0.7% wrong
# typo links and 0.6-1.9% held-out names linked. Precision matters more: a wrong link accuses an innocent company.
DEFAULT_FUZZY_THRESHOLD = 85.0
DEFAULT_MARGIN = 8.0
DEFAULT_BLOCK_CAP = 3000
BRAND_SCORE = 85.0
EXACT_SCORE = 100.0
CANONICAL_SCORE = 99.0
LOOSE_SCORE = 95.0
MAX_CANDIDATES = 5

MERGE_DECISION_FIELDS = (
    "input_name",
    "region_code",
    "method",
    "uscc",
    "matched_name",
    "score",
    "candidates",
    "reason",
)

_WS = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")"})
_QUOTES = "\"'“”‘’「」『』《》〈〉"
_BRACKETED = re.compile(r"\(([^()]{1,12})\)")
_LEGAL_FORMS = tuple(
    sorted(
        (
            "股份有限公司",
            "有限公司",
            "股份合作公司",
            "(有限合伙)",
            "(普通合伙)",
            "(特殊普通合伙)",
            "有限合伙企业",
            "普通合伙企业",
            "合伙企业",
            "有限合伙",
            "普通合伙",
            "公司",
        ),
        key=len,
        reverse=True,
    )
)
# generic words that turn a 字号 into a brand alias: 鼎盛理财, 鼎盛平台, 华鑫集团, 鼎盛APP (APP is stripped earlier)
_BRAND_WORDS = tuple(
    sorted(
        (
            "理财",
            "平台",
            "财富",
            "商城",
            "集团",
            "金融",
            "贷",
            "网贷",
            "借",
            "速借",
            "钱包",
            "优选",
            "数藏",
            "养老",
            "官网",
        ),
        key=len,
        reverse=True,
    )
)
_BRANCH_SUFFIXES = ("分公司", "支公司", "营业部", "办事处", "分店", "分厂")

_PROVINCES = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 山东省 河南省 "
    "湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省 内蒙古自治区 广西壮族自治区 西藏自治区 "
    "宁夏回族自治区 新疆维吾尔自治区 香港特别行政区 澳门特别行政区"
).split()
_PROVINCE_SHORT = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 "
    "陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 中国"
).split()
# prefecture-level cities (short form; "市" is appended for the full form)
_CITIES = (
    "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 "
    "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 "
    "铁岭 朝阳 葫芦岛 长春 吉林 四平 辽源 通化 白山 松原 白城 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 "
    "牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 "
    "金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 福州 厦门 "
    "莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 济南 青岛 淄博 枣庄 东营 "
    "烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 "
    "南阳 商丘 信阳 周口 驻马店 济源 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 长沙 株洲 湘潭 衡阳 邵阳 "
    "岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 "
    "清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 海口 三亚 三沙 "
    "儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 贵阳 六盘水 遵义 安顺 "
    "毕节 铜仁 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 拉萨 日喀则 昌都 林芝 山南 那曲 西安 铜川 宝鸡 咸阳 渭南 延安 汉中 "
    "榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 西宁 海东 银川 石嘴山 吴忠 固原 中卫 "
    "乌鲁木齐 克拉玛依 吐鲁番 哈密"
).split()

_CITY_SET = frozenset(_CITIES) | {"北京", "天津", "上海", "重庆"}


def canonical_text(s: str) -> str:
    """NFKC, all whitespace removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", s))


def canonical_name(name: str) -> str:
    """Canonical enterprise name: NFKC, no whitespace, ASCII brackets, 有限责任公司→有限公司, case folded, quotes dropped."""
    s = canonical_text(name).translate(_BRACKETS).strip(_QUOTES)
    return s.replace("有限责任公司", "有限公司").casefold()


def canonical_person_name(name: str) -> str:
    """Canonical person name: NFKC, no whitespace, one kind of middle dot (少数民族姓名 like 买买提·艾力)."""
    s = canonical_text(name)
    for dot in ("•", "・", "．", "‧", "∙"):
        s = s.replace(dot, "·")
    return s


class Places:
    """Province, city and county names used to strip a leading or bracketed place from enterprise names."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.provinces: set[str] = set(_PROVINCES) | set(_PROVINCE_SHORT)
        self.cities: set[str] = set(_CITIES) | {c + "市" for c in _CITIES}
        self.city_short: set[str] = set(_CITIES) | set(_PROVINCE_SHORT)
        self.counties: set[str] = set()
        for raw in extra:
            self.add(raw)
        self.all_names: frozenset[str] = frozenset(self.provinces | self.cities | self.counties)

    def add(self, raw: str) -> None:
        """Add one place name, e.g. 浙江省, 杭州市, 西湖区, 义乌市 (short forms are derived for 省/市 level names)."""
        name = canonical_text(raw)
        if len(name) < 2:
            return
        if name.endswith(("省", "自治区")):
            self.provinces.add(name)
            short = name.removesuffix("自治区").removesuffix("省")
            if len(short) >= 2:
                self.provinces.add(short)
        elif name.endswith("市") and name[:-1] in self.city_short:
            self.cities.add(name)
        elif name.endswith(("区", "县", "市", "旗")):
            self.counties.add(name)  # full form only: short county names (西湖, 永康) are too often 字号
        self.all_names = frozenset(self.provinces | self.cities | self.counties)

    def city_of(self, token: str) -> str | None:
        """The short city name of a city-level token (杭州市 → 杭州), else None."""
        short = token.removesuffix("市")
        return short if short in _CITY_SET else None

    @staticmethod
    def _prefix(s: str, names: set[str]) -> str:
        """The longest name in ``names`` that starts ``s`` and leaves at least 2 characters, else ''."""
        for n in range(min(9, len(s) - 2), 1, -1):
            if s[:n] in names:
                return s[:n]
        return ""

    def strip(self, s: str) -> tuple[str, str | None, list[str]]:
        """Strip a leading province, then city, then county: (stripped, alternative, tokens removed).

        The alternative keeps a short-form city (杭州, 安顺, 中山 …) that was stripped, because such names are also
        common 字号: ``安顺网络科技`` may be the trade name of 杭州安顺网络科技有限公司.
        """
        tokens: list[str] = []
        alt: str | None = None
        p = self._prefix(s, self.provinces)
        if p:
            tokens.append(p)
            s = s[len(p) :]
        c = self._prefix(s, self.cities | self.city_short)
        if c:
            tokens.append(c)
            if c in self.city_short:
                alt = s
            s = s[len(c) :]
        d = self._prefix(s, self.counties)
        if d:
            tokens.append(d)
            s = s[len(d) :]
            alt = None  # 杭州西湖区… : the short city is clearly a place here
        return s, alt, tokens


@dataclass(frozen=True, slots=True)
class LooseKey:
    """The loose forms of one name: primary key, an alternative key (or None), and the place tokens removed."""

    key: str
    alt: str | None
    places: tuple[str, ...]
    city: str | None = None

    def conflicts(self, other: LooseKey) -> bool:
        """True when both names carry a city and the cities differ (杭州鼎盛科技 is not 宁波鼎盛科技)."""
        return self.city is not None and other.city is not None and self.city != other.city


def _split_branch(canon: str) -> tuple[str, str]:
    """Split a branch name into (head-office name, qualifier): 杭州鼎盛科技有限公司西湖分公司 → (…有限公司, 西湖)."""
    for suffix in _BRANCH_SUFFIXES:
        if canon.endswith(suffix) and len(canon) > len(suffix) + 2:
            body = canon[: -len(suffix)]
            pos = body.rfind("公司")
            if pos >= 0:
                return body[: pos + 2], body[pos + 2 :]
            return body, ""
    return canon, ""


def loose_key(name: str, places: Places) -> LooseKey:
    """Loose key of a name, e.g. 鼎盛（杭州）科技有限公司 and 杭州鼎盛科技有限公司 → 鼎盛科技."""
    canon = canonical_name(name)
    head, qual = _split_branch(canon)
    is_branch = head != canon
    known = places.all_names
    removed: list[str] = []

    def drop_bracket(m: re.Match[str]) -> str:
        if m.group(1) in known:
            removed.append(m.group(1))
            return ""
        return m.group(0)

    if "(" in head:
        head = _BRACKETED.sub(drop_bracket, head)
    for _ in range(2):
        for form in _LEGAL_FORMS:
            if head.endswith(form) and len(head) > len(form):
                head = head[: -len(form)]
                break
    head = head.removesuffix("app") if len(head) > 5 else head
    key, alt, tokens = places.strip(head)
    if is_branch:
        q, _, qtokens = places.strip(qual)
        q = q[:-1] if len(q) > 2 and q.endswith(("区", "县", "市")) else q
        tokens += qtokens
        suffix = "|" + q if q else "|"
        key += suffix
        alt = None if alt is None else alt + suffix
    city = next((places.city_of(t) for t in removed + tokens if places.city_of(t)), None)
    return LooseKey(key, alt, tuple(removed + tokens), city)


def _deletions(key: str) -> set[str]:
    """The key and every string obtained by deleting one character (deletions only for keys of 4+ characters)."""
    out = {key}
    if len(key) >= 4:
        out.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    return out


def brand_stem(key: str) -> tuple[str, str] | None:
    """(字号, generic word) when a loose key is a brand alias like 鼎盛理财 → (鼎盛, 理财); None otherwise."""
    if "|" in key:
        return None
    for word in _BRAND_WORDS:
        if key.endswith(word) and len(key) - len(word) >= 2:
            return key[: -len(word)], word
    return None


def _qual(key: str) -> str | None:
    """The branch qualifier of a loose key, or None for a head office."""
    pos = key.find("|")
    return None if pos < 0 else key[pos + 1 :]


@dataclass(frozen=True, slots=True)
class Match:
    """One resolution decision: the chosen USCC (or None), how it was chosen, and the candidates considered."""

    query: str
    uscc: str | None
    score: float
    method: Method
    candidates: list[tuple[str, float]]
    matched_name: str | None = None
    reason: str = ""
    region_code: str | None = None

    @property
    def linked(self) -> bool:
        """True when a USCC was chosen."""
        return self.uscc is not None

    def to_record(self) -> dict[str, str]:
        """A flat row for the merge-decisions CSV (columns :data:`MERGE_DECISION_FIELDS`)."""
        return {
            "input_name": self.query,
            "region_code": self.region_code or "",
            "method": self.method,
            "uscc": self.uscc or "",
            "matched_name": self.matched_name or "",
            "score": f"{self.score:.1f}",
            "candidates": ";".join(f"{u}:{s:.1f}" for u, s in self.candidates),
            "reason": self.reason,
        }


class _MultiMap:
    """str → one or more ints, compact when (as usual) there is only one."""

    def __init__(self) -> None:
        self.one: dict[str, int] = {}
        self.many: dict[str, list[int]] = {}

    def add(self, key: str, value: int) -> None:
        """Map ``key`` to ``value`` as well."""
        if key in self.many:
            if value not in self.many[key]:
                self.many[key].append(value)
            return
        old = self.one.get(key)
        if old is None:
            self.one[key] = value
        elif old != value:
            del self.one[key]
            self.many[key] = [old, value]

    def get(self, key: str) -> list[int]:
        """All values for ``key`` (empty when unknown)."""
        v = self.one.get(key)
        if v is not None:
            return [v]
        return list(self.many.get(key, ()))


EnterpriseRecord = tuple[str, str, str | None, Iterable[str] | None]


class EnterpriseIndex:
    """Registry index for linking enterprise names without a USCC (see the module docstring for the ladder)."""

    def __init__(
        self,
        records: Iterable[EnterpriseRecord],
        *,
        places: Iterable[str] = (),
        fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
        margin: float = DEFAULT_MARGIN,
        block_cap: int = DEFAULT_BLOCK_CAP,
    ) -> None:
        self.places = Places(places)
        self.fuzzy_threshold = fuzzy_threshold
        self.margin = margin
        self.block_cap = block_cap
        self._uscc: list[str] = []
        self._name: list[str] = []
        self._region: list[str] = []
        self._aliases: dict[int, list[str]] = {}
        self._canon = _MultiMap()
        self._loose = _MultiMap()
        self._city: list[str | None] = []  # city named in the registered name (杭州), shared string objects
        cities: dict[str, str] = {}
        self._keys: list[str] = []  # fuzzy entries: the enterprise's loose key first (entry i = enterprise i) …
        alias_keys: list[tuple[str, int]] = []  # … then alias loose keys, appended after all names
        seen: dict[str, int] = {}
        for uscc, name, region, aliases in records:
            uscc = canonical_text(uscc).upper()
            if uscc in seen:
                idx = seen[uscc]
            else:
                idx = len(self._uscc)
                seen[uscc] = idx
                self._uscc.append(uscc)
                self._name.append(name.strip())
                self._region.append(canonical_text(region or ""))
                lk = loose_key(name, self.places)
                self._keys.append(lk.key)
                self._city.append(None if lk.city is None else cities.setdefault(lk.city, lk.city))
                self._canon.add(canonical_name(name), idx)
                self._loose.add(lk.key, idx)
            for alias in aliases or ():
                alias = alias.strip()
                if not alias:
                    continue
                self._aliases.setdefault(idx, []).append(alias)
                self._canon.add(canonical_name(alias), idx)
                ak = loose_key(alias, self.places)
                self._loose.add(ak.key, idx)
                alias_keys.append((ak.key, idx))
        n = len(self._uscc)
        owners = list(range(n))
        for key, idx in alias_keys:
            self._keys.append(key)
            owners.append(idx)
        self._owner: npt.NDArray[np.int32] = np.asarray(owners, dtype=np.int32)
        self._build_blocks()
        self._suffixes = self._industry_suffixes(self._keys[:n])

    @staticmethod
    def _industry_suffixes(keys: Sequence[str], max_len: int = 8) -> set[str]:
        """Frequent key suffixes (网络科技, 贸易, 企业管理咨询 …): the industry words, learnt from the registry.

        Apriori-style: a suffix of length L is counted only when its (L-1)-suffix is frequent, which keeps the
        counters small for a million names. Frequent = at least max(5, 0.1% of the names).
        """
        floor = max(5, len(keys) // 1000)
        heads = [k.split("|", 1)[0] for k in keys]
        frequent: set[str] = set()
        level: set[str] | None = None
        for length in range(2, max_len + 1):
            counts: dict[str, int] = {}
            for h in heads:
                if len(h) >= length + 2 and (level is None or h[-length + 1 :] in level):
                    suf = h[-length:]
                    counts[suf] = counts.get(suf, 0) + 1
            level = {k for k, c in counts.items() if c >= floor}
            if not level:
                break
            frequent |= level
        return frequent

    def split_brand(self, key: str) -> tuple[str, str]:
        """Split a loose key into (字号 part, industry part) with the learnt industry suffixes: 鼎盛网络科技 → (鼎盛, 网络科技)."""
        head = key.split("|", 1)[0]
        for length in range(min(8, len(head) - 2), 1, -1):
            if head[-length:] in self._suffixes:
                return head[:-length], head[-length:]
        return head, ""

    def _build_blocks(self) -> None:
        """Deletion-neighbourhood hashes (sorted, with entry ids) and first-two-character blocks."""
        hashes: list[int] = []
        entries: list[int] = []
        prefix: dict[str, list[int]] = {}
        for e, key in enumerate(self._keys):
            if len(key) < 2:
                continue
            variants = _deletions(key)
            hashes.extend(map(hash, variants))
            entries.extend([e] * len(variants))
            prefix.setdefault(key[:2], []).append(e)
        h = np.asarray(hashes, dtype=np.int64)
        order = np.argsort(h, kind="stable")
        self._del_hash: npt.NDArray[np.int64] = h[order]
        self._del_entry: npt.NDArray[np.int32] = np.asarray(entries, dtype=np.int32)[order]
        self._prefix = prefix

    def __len__(self) -> int:
        return len(self._uscc)

    def name_of(self, uscc: str) -> str | None:
        """The registered name of a USCC in the index (linear scan; for tests and reports)."""
        try:
            return self._name[self._uscc.index(uscc)]
        except ValueError:
            return None

    # -- matching ----------------------------------------------------------------------------------------

    def match(self, name: str, *, region_code: str | None = None, context: str | None = None) -> Match:
        """Resolve one enterprise name to a USCC (or not); see the module docstring for the rules."""
        query = name.strip()
        canon = canonical_name(query)
        if len(canon) < 2:
            return self._result(query, region_code, None, 0.0, "none", [], "名称过短，无法匹配")
        lk = loose_key(query, self.places)
        keys = [lk.key] if lk.alt is None else [lk.key, lk.alt]
        brand = brand_stem(lk.key)
        hits = self._canon.get(canon)
        method: Method = "canonical"
        why = "规范化名称一致"
        if not hits:
            if len(lk.key.split("|")[0]) < 2:
                return self._result(query, region_code, None, 0.0, "none", [], "去除地名和组织形式后名称过短")
            hits = sorted({i for k in keys for i in self._loose.get(k) if not self._city_conflict(lk, i)})
            method, why = "loose", f"宽松键一致（{lk.key}）"
        if hits and brand is not None and not any(self._keys[i] == lk.key for i in hits):
            # the hit is an alias (e.g. an APP name) that is also a brand shared by other enterprises: group-level
            return self._brand(query, region_code, context, brand, hits)
        if hits:
            return self._decide(query, region_code, context, hits, method, why)
        if brand is not None and self._siblings(brand[0]):
            return self._brand(query, region_code, context, brand, [])
        return self._fuzzy(query, region_code, context, lk, keys)

    def _city_conflict(self, lk: LooseKey, i: int) -> bool:
        """True when the query names a city and enterprise ``i``'s registered name names another one."""
        other = self._city[i]
        return lk.city is not None and other is not None and other != lk.city

    def _siblings(self, stem: str) -> list[int]:
        """Enterprises whose loose key starts with the 字号 ``stem`` (from the first-two-character block)."""
        block = self._prefix.get(stem[:2], [])
        if len(block) > self.block_cap:
            return []
        return sorted({int(self._owner[e]) for e in block if self._keys[e].startswith(stem)})

    def _brand(
        self,
        query: str,
        region_code: str | None,
        context: str | None,
        brand: tuple[str, str],
        alias_hits: list[int],
    ) -> Match:
        """A brand alias (鼎盛理财, 鼎盛平台, an APP name): a group-level reference, linked only when unambiguous.

        Linked when one enterprise bears the 字号, for 集团 when exactly one bearer's name holds 集团 (the holding),
        or when location evidence singles one out; otherwise ``ambiguous`` (the operator of a matching APP is listed
        first among the candidates but is not chosen blindly: the parent, the platform and its branches share it).
        """
        stem, word = brand
        group = sorted(set(self._siblings(stem)) | set(alias_hits))
        first = list(alias_hits) + [i for i in group if i not in alias_hits]
        cands = [(self._uscc[i], BRAND_SCORE) for i in first[:MAX_CANDIDATES]]
        why = f"品牌简称（字号“{stem}”+“{word}”）"
        if len(group) == 1:
            return self._result(
                query, region_code, group[0], BRAND_SCORE, "fuzzy", cands, f"{why}，仅一家企业使用该字号"
            )
        holders = [i for i in group if word in self._keys[i]] if word == "集团" else []
        if len(holders) == 1:  # 华鑫集团 is the group's holding company, 华鑫控股集团有限公司
            return self._result(
                query, region_code, holders[0], BRAND_SCORE, "fuzzy", cands, f"{why}，仅一家名称含“{word}”"
            )
        winner, note = self._tiebreak(group, region_code, context)
        if winner is None:
            return self._result(
                query, region_code, None, BRAND_SCORE, "ambiguous", cands, f"{why}，{len(group)}家企业共用该字号{note}"
            )
        return self._result(query, region_code, winner, BRAND_SCORE, "fuzzy", cands, f"{why}，{note}")

    def _decide(
        self,
        query: str,
        region_code: str | None,
        context: str | None,
        hits: list[int],
        method: Method,
        why: str,
    ) -> Match:
        """A canonical or loose decision: unique hit wins, several hits need location evidence."""
        score = LOOSE_SCORE if method == "loose" else CANONICAL_SCORE
        cands = [(self._uscc[i], score) for i in sorted(hits, key=lambda i: self._uscc[i])][:MAX_CANDIDATES]
        if len(hits) == 1:
            i = hits[0]
            if method == "canonical" and (query == self._name[i] or query in self._aliases.get(i, ())):
                return self._result(query, region_code, i, EXACT_SCORE, "exact", cands, "与登记名称完全一致")
            return self._result(query, region_code, i, score, method, cands, why)
        winner, note = self._tiebreak(hits, region_code, context)
        if winner is None:
            return self._result(
                query, region_code, None, score, "ambiguous", cands, f"{why}，但有{len(hits)}家企业{note}"
            )
        return self._result(query, region_code, winner, score, method, cands, f"{why}，{note}")

    def _candidates(self, keys: Sequence[str]) -> list[int]:
        """Fuzzy candidate entries: deletion-neighbourhood hits plus the first-two-character block."""
        variants = set().union(*(_deletions(k) for k in keys))
        q = np.asarray([hash(v) for v in variants], dtype=np.int64)
        lo = np.searchsorted(self._del_hash, q, side="left")
        hi = np.searchsorted(self._del_hash, q, side="right")
        found: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if b > a:
                found.update(self._del_entry[a : min(b, a + self.block_cap)].tolist())
        for k in keys:
            block = self._prefix.get(k[:2], [])
            if len(block) <= self.block_cap:
                found.update(block)
        return sorted(found)

    def _fuzzy(self, query: str, region_code: str | None, context: str | None, lk: LooseKey, keys: list[str]) -> Match:
        """Score blocked candidates with rapidfuzz and apply threshold, margin and tie-break."""
        entries = self._candidates(keys)
        if not entries:
            return self._result(query, region_code, None, 0.0, "none", [], "无相似企业")
        choices = [self._keys[e] for e in entries]
        matrix = process.cdist(keys, choices, scorer=fuzz.ratio, dtype=np.float32)
        scores = matrix.max(axis=0)
        qual = _qual(keys[0])
        splits = [self.split_brand(k) for k in keys]
        best: dict[int, float] = {}
        for j in np.argsort(-scores, kind="stable")[: 4 * MAX_CANDIDATES].tolist():
            e = entries[j]
            # half whole-key similarity, half 字号 similarity: 鼎盛网络科计 ≈ 鼎盛网络科技, but 明航 ≠ 航禾 供应链管理.
            # The query's 字号 is its own split when its industry word is known, else its start aligned to the candidate's.
            cb = self.split_brand(self._keys[e])[0]
            brand_sim = max(
                fuzz.ratio(qb if ind else k[: len(cb)], cb) for k, (qb, ind) in zip(keys, splits, strict=True)
            )
            s = 0.5 * float(scores[j]) + 0.5 * brand_sim
            i = int(self._owner[e])
            if _qual(self._keys[e]) != qual or self._city_conflict(lk, i):
                s = min(s, 50.0)  # a branch never matches its head office (or vice versa); 杭州… never 宁波…
            best[i] = max(best.get(i, 0.0), round(s, 1))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], self._uscc[kv[0]]))
        cands = [(self._uscc[i], s) for i, s in ranked[:MAX_CANDIDATES]]
        top_i, top = ranked[0]
        if top < self.fuzzy_threshold:
            return self._result(query, region_code, None, top, "none", cands, f"最高相似度{top:.1f}低于阈值")
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if top - second >= self.margin:
            return self._result(
                query, region_code, top_i, top, "fuzzy", cands, f"相似度{top:.1f}，领先次优{top - second:.1f}"
            )
        close = [i for i, s in ranked if top - s < self.margin and s >= self.fuzzy_threshold - self.margin]
        winner, note = self._tiebreak(close, region_code, context)
        if winner is None:
            return self._result(
                query, region_code, None, top, "ambiguous", cands, f"{len(close)}家企业相似度接近{note}"
            )
        return self._result(query, region_code, winner, best[winner], "fuzzy", cands, f"相似度接近，{note}")

    def _evidence(self, i: int, region_code: str | None, ctx: str) -> int:
        """Location evidence for candidate ``i`` (see the module docstring)."""
        score = 0
        if region_code:
            rc = canonical_text(region_code)
            own = self._region[i] or self._uscc[i][2:8]
            if own[:6] == rc[:6] and len(rc) >= 6:
                score += 2
            elif own[:4] == rc[:4] and len(rc) >= 4:
                score += 1
        if ctx:
            if canonical_name(self._name[i]) in ctx:  # not aliases: an APP name is a brand, shared by the group
                score += 3
            elif any(len(p) >= 2 and p in ctx for p in loose_key(self._name[i], self.places).places):
                score += 1
        return score

    def _tiebreak(self, hits: list[int], region_code: str | None, context: str | None) -> tuple[int | None, str]:
        """The single candidate with the strongest positive location evidence, or None (with a note)."""
        ctx = canonical_name(context) if context else ""
        if not region_code and not ctx:
            return None, "，无区划或上下文可区分"
        evidence = [(self._evidence(i, region_code, ctx), i) for i in hits]
        top = max(e for e, _ in evidence)
        winners = [i for e, i in evidence if e == top]
        if top <= 0 or len(winners) != 1:
            return None, "，区划和上下文无法区分"
        return winners[0], f"按区划/上下文选定（证据{top}）"

    def _result(
        self,
        query: str,
        region_code: str | None,
        idx: int | None,
        score: float,
        method: Method,
        cands: list[tuple[str, float]],
        reason: str,
    ) -> Match:
        """Build a :class:`Match`."""
        return Match(
            query=query,
            uscc=None if idx is None else self._uscc[idx],
            score=score,
            method=method,
            candidates=cands,
            matched_name=None if idx is None else self._name[idx],
            reason=reason,
            region_code=region_code,
        )


# -- persons ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """A person-resolution decision: the ID number chosen (or None) and the candidates with that name."""

    name: str
    id_number: str | None
    method: PersonMethod
    candidates: list[str]
    reason: str = ""

    def to_record(self) -> dict[str, Any]:
        """A flat row for the merge-decisions CSV."""
        return {
            "input_name": self.name,
            "method": self.method,
            "id_number": self.id_number or "",
            "candidates": ";".join(self.candidates),
            "reason": self.reason,
        }


class PersonResolver:
    """Links a person without an ID number to a known person: same exact name AND tied to a given enterprise.

    A name alone never links (names repeat: 张伟 is tens of thousands of people, and the registry is not the
    population). The ETL passes the enterprises the unkeyed person is tied to in the same record (e.g. the enterprise
    parties of a judicial case, the enterprise of a penalty); if exactly one known person with that exact canonical
    name is legal representative / shareholder / executive of one of them, that person is chosen. Otherwise the person
    stays unresolved (``none`` = nobody fits, ``ambiguous`` = several do).
    """

    def __init__(self, persons: Iterable[tuple[str, str, Iterable[str]]] = ()) -> None:
        self._ties: dict[str, dict[str, set[str]]] = {}
        for id_number, name, usccs in persons:
            self.add(id_number, name, usccs)

    def add(self, id_number: str, name: str, usccs: Iterable[str] = ()) -> None:
        """Record a known person (ID number and name) and enterprises (USCC) they are tied to."""
        ties = self._ties.setdefault(canonical_person_name(name), {}).setdefault(
            canonical_text(id_number).upper(), set()
        )
        ties.update(canonical_text(u).upper() for u in usccs)

    def resolve(self, name: str, enterprises: Iterable[str] = ()) -> PersonMatch:
        """Resolve a person by exact name and a shared enterprise; see the class docstring."""
        query = name.strip()
        known = self._ties.get(canonical_person_name(query), {})
        wanted = {canonical_text(u).upper() for u in enterprises}
        if not known:
            return PersonMatch(query, None, "none", [], "无同名已知人员")
        if not wanted:
            return PersonMatch(query, None, "none", sorted(known), "无关联企业，仅凭姓名不予关联")
        fits = sorted(pid for pid, usccs in known.items() if usccs & wanted)
        if len(fits) == 1:
            return PersonMatch(query, fits[0], "name+enterprise", fits, "姓名一致且关联同一企业")
        if not fits:
            return PersonMatch(query, None, "none", sorted(known), "同名人员均不关联所给企业")
        return PersonMatch(query, None, "ambiguous", fits, f"{len(fits)}名同名人员关联所给企业")
