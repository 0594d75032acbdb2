"""Rule-based extraction of phone numbers, amounts, rates, dates, places, web sites/apps, persons and organisations.

Everything runs on the :class:`~smokeindex.text.normalize.Compact` view of a normalised text (so 5 万 元 and ５万元 read
as 5万元) and every span is mapped back to the input. Organisations come from two places: dictionary hits (enterprise
names, aliases and their short forms from the graph, see :mod:`smokeindex.text.link`) win; the suffix pattern
(…有限公司, …分公司, …集团) finds unknown names in the gaps. A HanLP NER model, when configured, adds its ORG / PERSON /
LOC spans last, only where no rule found anything (``source="hanlp"``).
Values are normalised: MONEY → yuan, RATE → annual percent,
DATE → ISO date (year-month when the day is missing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from smokeindex.etl.resolve import Places
from smokeindex.text.normalize import Compact

LABELS = ("ORG", "PERSON", "PHONE", "MONEY", "RATE", "DATE", "LOC", "WEBSITE")
ZH_LABELS = {"ORG": "机构", "PERSON": "人名", "PHONE": "电话", "MONEY": "金额", "RATE": "收益率/利率", "DATE": "日期",
             "LOC": "地址/地名", "WEBSITE": "网站/APP"}  # fmt: skip


@dataclass(slots=True)
class Entity:
    """One mention: a half-open character span of the input text, its label, and a normalised value."""

    start: int
    end: int
    label: str
    text: str
    value: Any = None
    source: str = "pattern"  # pattern | dictionary | hanlp
    link: dict[str, Any] | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label, "text": self.text}
        if self.value is not None:
            out["value"] = self.value
        if self.link is not None:
            out["link"] = self.link
        if self.source == "hanlp":
            out["source"] = self.source
        return out


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "零〇一二两三四五六七八九十百千"


def cn_number(s: str) -> float | None:
    """A small Chinese or Arabic number: 五 → 5, 十二 → 12, 三百五十 → 350, 1,200.5 → 1200.5; None if unreadable."""
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    total, digit = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            return None
    return float(total + digit)


_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN_NUM}]{{1,6}})"
_MONEY = re.compile(rf"(?<![\d.,])(?P<num>{_NUM})(?P<unit>亿元|万元|千元|元|块钱|块|亿|万(?![人名户次平余多个条家件]))")
_MONEY_SCALE = {"亿": 1e8, "万": 1e4, "千": 1e3}
_RATE = re.compile(
    rf"(?P<kind>年化收益率|年化收益|年化利率|年化|年收益率?|年利率|年息|月利率|月收益率?|月息|月利息|日利率|日息|日收益|"
    rf"每月返还|每月返|每日返还|每天返|日返|周返|收益率|利率)"
    rf"(?:为|达|高达|约|可达)?(?:(?P<num>\d+(?:\.\d+)?)(?P<unit>%|分|厘)|(?P<frac>千分之|万分之|百分之)(?P<cn>{_NUM}))"
)
_FRACTION = {"百分之": 1.0, "千分之": 0.1, "万分之": 0.01}  # in percent
_PERIOD = {"年": 1, "月": 12, "日": 365, "天": 365, "周": 52}
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))"
)
_PHONE = re.compile(r"(?<![\d])(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})(?![\d])")
_URL = re.compile(
    r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|cn|net|org|top|vip|xyz|cc|info|io|shop|club|co|me|"
    r"site|online|tech|fun|ltd)(?![a-z0-9])(?:/[\w./?=&%#-]*)?",
    re.IGNORECASE,
)
_APP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,12}?(?:APP|App|app|小程序|公众号)")
_ORG = re.compile(
    r"[\u4e00-\u9fff()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|\(有限合伙\)|合伙企业|集团|合作社|事务所|商行|经营部)"
    r"(?:[\u4e00-\u9fff]{2,8}?(?:分公司|支公司|营业部|办事处))?"
)
_ADDRESS_TAIL = r"[\u4e00-\u9fff\d\-#()]{0,40}(?:\d+[号室幢栋楼层]|路|街道|镇|乡|村)"
_PERSON_CUE = re.compile(
    r"(?:业务员|客户经理|理财经理|经理|朋友|同事|亲戚|老乡|邻居|负责人|法定代表人|法人代表|法人|董事长|总经理|实际控制人|"
    r"实控人|讲师|老师|介绍人|上线|员工|销售员|理财师|股东|犯罪嫌疑人|嫌疑人|被告人|会长|团队长|主播)"
    r"(?P<name>[\u4e00-\u9fff·]{2,4})"
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞"
    "颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和"
    "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯")
# a third character that more likely starts the next word than ends a name (李凤介绍, 雷国拉进)
_AFTER_NAME = set(
    "介拉说称让向的等在和带推承表告邀要也就又还把给是跟被通以于将对从已曾多去来到问答买卖借收付交转打找叫请"
)
# words that end the run of characters before an organisation or app name (在温州创汇…, 下载鼎盛理财APP)
_TRIGGERS = tuple(
    sorted(
        "本人于 本人 我们 我 被 在 向 由 经 与 和 及 对 给 到 是 称 反映 投诉 举报 拉进 加入 购买 下载 登录 关注 使用 通过 注册 "
        "安装 打开 进入 搜索 认购 投资 参与 成为 交给 交纳 缴纳 转给 转入 找 请 该 其 为 从 将 把 让 涉嫌 关于 报道 发布 举办 "
        "联合 旗下 担保 位于 介绍 获悉 捣毁 查处 查封 立案 起诉 宣判 判决 冒用 冒充 假冒 名为 叫 号称 自称 一家 这家 那家 "
        "的 了 是 都 也 还 又 就 据 于 办理 签订 签约 合作 推出 存入 借款 贷款 欠款 起 以 用".split(),
        key=len,
        reverse=True,
    )
)
_GENERIC_ORG = {"有限公司", "公司", "集团", "本集团", "该集团", "分公司", "事务所", "合作社"}


def _trim_left(s: str, *, min_len: int) -> int:
    """Offset where a name starts inside ``s``: after the rightmost trigger word that leaves ``min_len`` characters."""
    best = 0
    for i in range(len(s) - min_len, 0, -1):
        if any(s.startswith(t, i - len(t)) for t in _TRIGGERS if len(t) <= i):
            best = i
            break
    return best


def _money(m: re.Match[str]) -> float | None:
    num = cn_number(m.group("num"))
    if num is None:
        return None
    unit = m.group("unit")
    return round(num * _MONEY_SCALE.get(unit[0], 1.0), 2)


def _rate(m: re.Match[str]) -> float | None:
    """Annual percent of a promised rate: 月息2分 → 24, 日息千分之五 → 182.5, 年化18% → 18."""
    kind = m.group("kind")
    if m.group("frac"):
        n = cn_number(m.group("cn"))
        if n is None:
            return None
        pct = n * _FRACTION[m.group("frac")]
    else:
        n = float(m.group("num"))
        unit = m.group("unit")
        pct = n if unit == "%" else n if unit == "分" else n / 10  # 月息2分 = 2% a month; 1厘 = 0.1%
    period = next((_PERIOD[c] for c in kind if c in _PERIOD), 1)
    if kind.startswith(("每月", "月")):
        period = 12
    return round(pct * period, 4)


def _date(m: re.Match[str]) -> str | None:
    y = int(m.group("y"))
    mo = int(m.group("m") or m.group("m2") or 0)
    d = m.group("d") or m.group("d2")
    if not 1 <= mo <= 12:
        return None
    if d is None:
        return f"{y:04d}-{mo:02d}"
    day = int(d)
    return f"{y:04d}-{mo:02d}-{day:02d}" if 1 <= day <= 31 else None


class Extractor:
    """Pattern extractors plus place names; ``places`` extends the built-in province/city list (e.g. 西湖区)."""

    def __init__(self, places: Iterable[str] = ()) -> None:
        p = Places(places)
        names = sorted(p.provinces | p.cities | p.counties, key=len, reverse=True)
        alt = "|".join(re.escape(n) for n in names if len(n) >= 2)
        self._loc = re.compile(rf"(?:{alt})(?:(?:{alt}))*(?:{_ADDRESS_TAIL})?")

    def extract(
        self,
        c: Compact,
        original: str,
        org_hits: Iterable[tuple[int, int, Any]] = (),
        model_hits: Iterable[tuple[int, int, str]] = (),
    ) -> list[Entity]:
        """All entities of a text; ``org_hits`` are dictionary matches (compact spans) that take precedence,
        ``model_hits`` are a HanLP model's ``(start, end, label)`` compact spans that only fill the gaps."""
        s = c.text
        found: list[tuple[int, int, str, Any, str]] = []
        taken = bytearray(len(s))

        def add(start: int, end: int, label: str, value: Any = None, source: str = "pattern") -> None:
            if end <= start or any(taken[start:end]):
                return
            taken[start:end] = b"\x01" * (end - start)
            found.append((start, end, label, value, source))

        for m in _URL.finditer(s):
            add(m.start(), m.end(), "WEBSITE", m.group(0).lower())
        for m in _RATE.finditer(s):
            add(m.start(), m.end(), "RATE", _rate(m))
        for m in _DATE.finditer(s):
            add(m.start(), m.end(), "DATE", _date(m))
        for m in _PHONE.finditer(s):
            add(m.start(), m.end(), "PHONE", m.group(0).replace("-", ""))
        for m in _MONEY.finditer(s):
            v = _money(m)
            if v is not None:
                add(m.start(), m.end(), "MONEY", v)
        for m in _APP.finditer(s):
            start = m.start() + _trim_left(m.group(0), min_len=5)
            body = s[start : m.end()]
            if len(body) >= 5:
                add(start, m.end(), "WEBSITE", body)
        for start, end, value in org_hits:
            add(start, end, "ORG", value, "dictionary")
        for m in _ORG.finditer(s):
            body = m.group(0)
            cut = _trim_left(body, min_len=4)
            name = body[cut:].lstrip("()")
            start = m.end() - len(name)
            if name not in _GENERIC_ORG and len(name) >= 4:
                add(start, m.end(), "ORG", None)
        for m in self._loc.finditer(s):
            if m.end() - m.start() >= 3:  # a bare 杭州 is too often part of a name or a 字号
                add(m.start(), m.end(), "LOC", None)
        for m in _PERSON_CUE.finditer(s):
            name = m.group("name")
            n = 3 if name[:2] in _COMPOUND_SURNAMES else 2
            if name[0] not in _SURNAMES and n == 2:
                continue
            if len(name) > n and name[n] not in _AFTER_NAME:
                n += 1
            add(m.start("name"), m.start("name") + n, "PERSON", None)
        for start, end, label in model_hits:
            if label in ("ORG", "PERSON", "LOC") and 0 <= start < end <= len(s):
                add(start, end, label, None, "hanlp")
        out = []
        for start, end, label, value, source in sorted(found):
            a, b = c.span(start, end)
            out.append(Entity(a, b, label, original[a:b], value, source))
        return out
