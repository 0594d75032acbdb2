"""Tests of the ETL clean-stage normalisers: hand-written cases, traps, and every repairable dirt of a synthetic world."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from stdnum.cn import ric

from smokeindex.etl import clean
from smokeindex.etl.clean import CleanError
from smokeindex.schema.types import uscc_check_char

FW = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})  # ASCII → full-width


def fw(s: str) -> str:
    """Full-width form of the printable ASCII in ``s``."""
    return s.translate(FW)


def make_uscc(body: str) -> str:
    """A valid USCC from its first 17 characters."""
    return body + uscc_check_char(body)


def make_id(body: str) -> str:
    """A valid ID number from its first 17 digits."""
    return body + ric.calc_check_digit(body + "0")


GOOD_USCC = make_uscc("91330106MA2B3C4D5")
GOOD_ID = make_id("33010619850229123"[:6] + "19840229" + "123")  # born on a real 29 February


# -- blanks and CleanError ---------------------------------------------------------------------------------------------
BLANK_FUNCS: list[Callable[[Any], Any]] = [
    clean.text,
    clean.compact,
    clean.enterprise_name,
    clean.name_key,
    clean.uscc,
    clean.id_number,
    clean.phone,
    clean.email,
    clean.website,
    clean.account_number,
    clean.date,
    clean.datetime,
    clean.amount_wan,
    clean.amount_yuan,
    clean.percent,
    clean.ratio,
    clean.region_code,
    clean.yes_no,
]


@pytest.mark.parametrize("func", BLANK_FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", " \t\u3000\n"])
def test_blank_input_gives_none(func: Callable[[Any], Any], raw: str | None) -> None:
    assert func(raw) is None


def test_blank() -> None:
    assert clean.blank(None) and clean.blank("") and clean.blank(" \u3000\t")
    assert not clean.blank("0") and not clean.blank("无")


def test_clean_error_is_value_error_with_chinese_reason() -> None:
    with pytest.raises(ValueError) as info:
        clean.phone("12345")
    err = info.value
    assert isinstance(err, CleanError)
    assert err.field == "phone" and err.value == "12345"
    assert "(" in err.reason and any("\u4e00" <= c <= "\u9fff" for c in err.reason)
    renamed = err.with_field("联系电话")
    assert renamed.field == "联系电话" and renamed.reason == err.reason
    assert str(renamed).startswith("联系电话: ")


def test_non_string_cells_are_read_as_text() -> None:
    """JSON numbers and XLSX integers reach the cleaners too."""
    assert clean.phone(13812345678) == "13812345678"  # type: ignore[arg-type]
    assert clean.date(20230105) == "2023-01-05"
    assert clean.region_code(330106) == "330106"
    assert clean.yes_no(1) is True  # type: ignore[arg-type]
    assert clean.amount_yuan(12345.6) == 12345.6
    assert clean.amount_wan(0) == 0.0
    with pytest.raises(CleanError):
        clean.amount_yuan(-1.0)


# -- text and names ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  杭州市 西湖区\u3000文三路 ", "杭州市西湖区文三路"),
        ("Hangzhou  Tech\tCo", "Hangzhou Tech Co"),
        ("杭州 Tech 公司", "杭州Tech公司"),
        ("ＡＢＣ　１２３", "ABC 123"),
        ("单行", "单行"),
    ],
)
def test_text(raw: str, expected: str) -> None:
    assert clean.text(raw) == expected


def test_compact() -> None:
    assert clean.compact(" 浙江省 杭州市\u3000ＡＢ座 ") == "浙江省杭州市AB座"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("杭州鼎盛网络科技有限公司", "杭州鼎盛网络科技有限公司"),
        ("杭州鼎盛网络科技有限责任公司", "杭州鼎盛网络科技有限公司"),
        ("鼎盛（杭州）科技有限公司", "鼎盛(杭州)科技有限公司"),
        ("鼎盛(杭州)科技有限公司", "鼎盛(杭州)科技有限公司"),
        ("鼎盛【杭州】科技有限公司", "鼎盛(杭州)科技有限公司"),
        ("鼎盛〔杭州〕科技有限公司", "鼎盛(杭州)科技有限公司"),
        ("  杭州 鼎盛网络\u3000科技有限公司 ", "杭州鼎盛网络科技有限公司"),
        ("杭州鼎盛网络科技有限公司。", "杭州鼎盛网络科技有限公司"),
        ("“杭州鼎盛网络科技有限公司”，", "杭州鼎盛网络科技有限公司"),
        ("泽弘（杭州）进出口股份有限公司", "泽弘(杭州)进出口股份有限公司"),
        ("杭州华航信息技术有限责任公司龙湾分公司", "杭州华航信息技术有限公司龙湾分公司"),
        ("宁波ＡＢＣ贸易有限公司", "宁波ABC贸易有限公司"),
    ],
)
def test_enterprise_name(raw: str, expected: str) -> None:
    assert clean.enterprise_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("杭州鼎盛网络科技有限公司", "鼎盛网络科技"),
        ("杭州市鼎盛网络科技有限责任公司", "鼎盛网络科技"),
        ("浙江省杭州市西湖区鼎盛网络科技有限公司", "鼎盛网络科技"),
        ("鼎盛（杭州）科技有限公司", "鼎盛科技"),
        ("泽弘（杭州）进出口股份有限公司", "泽弘进出口"),
        ("杭州华航信息技术有限公司龙湾分公司", "华航信息技术"),
        ("宁波致远投资管理合伙企业（有限合伙）", "致远投资管理"),
        ("杭州鼎盛区块链科技有限公司", "鼎盛区块链科技"),  # 区 after a trade name is not a district
        ("西湖龙井茶业有限公司", "西湖龙井茶业"),  # a district name without 区 stays
        ("有限公司", "有限公司"),  # nothing left: the canonical name is the key
    ],
)
def test_name_key(raw: str, expected: str) -> None:
    assert clean.name_key(raw) == expected


# -- identifiers -------------------------------------------------------------------------------------------------------
def test_uscc() -> None:
    assert clean.uscc(GOOD_USCC) == GOOD_USCC
    assert clean.uscc(fw(GOOD_USCC)) == GOOD_USCC
    assert clean.uscc(" " + GOOD_USCC.lower() + "\u3000") == GOOD_USCC
    wrong = GOOD_USCC[:17] + next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != GOOD_USCC[17])
    with pytest.raises(CleanError, match="校验码"):
        clean.uscc(wrong)
    for bad in ("91330106MA2B3C4D", "91330106MA2B3C4DOI", "9133010AMA2B3C4D5X"):
        with pytest.raises(CleanError):
            clean.uscc(bad)


def test_id_number() -> None:
    assert clean.id_number(GOOD_ID) == GOOD_ID
    assert clean.id_number(fw(GOOD_ID)) == GOOD_ID
    x_id = next(i for i in (make_id(f"33010619900101{n:03d}") for n in range(1000)) if i.endswith("X"))
    assert clean.id_number(x_id[:-1] + "x") == x_id  # lower-case x
    assert clean.id_number(fw(x_id[:-1] + "x")) == x_id  # full-width ｘ
    assert clean.id_number(f" {GOOD_ID[:6]} {GOOD_ID[6:14]} {GOOD_ID[14:]} ") == GOOD_ID


def test_id_number_upgrades_15_digits() -> None:
    old = "330106840229123"
    assert clean.id_number(old) == make_id("33010619840229123")


@pytest.mark.parametrize(
    "bad",
    [
        make_id("33010619850229123"),  # 29 February 1985 does not exist
        make_id("33010619841301123"),  # month 13
        "3301061984022912",  # 16 characters
        "33010619840229123Y",
    ],
)
def test_id_number_rejects(bad: str) -> None:
    with pytest.raises(CleanError):
        clean.id_number(bad)


def test_id_number_rejects_wrong_check_digit() -> None:
    wrong = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    with pytest.raises(CleanError, match="校验码"):
        clean.id_number(wrong)


# -- phones ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0086 138 1234 5678", "13812345678"),
        ("013812345678", "13812345678"),
        (fw("13812345678"), "13812345678"),
        ("0571-88776655", "0571-88776655"),
        ("(0571)88776655", "0571-88776655"),
        ("（0571）88776655", "0571-88776655"),
        ("+86-571-88776655", "0571-88776655"),
        ("057188776655", "0571-88776655"),
        ("0571 8877 6655", "0571-88776655"),
        (fw("0571-88776655"), "0571-88776655"),
        ("０５７１－８８７７６６５５", "0571-88776655"),
        ("01088776655", "010-88776655"),  # Beijing, no separator: 3-digit area code
        ("+86 10 8877 6655", "010-88776655"),
        ("02188776655", "021-88776655"),
        ("(0577)6123456", "0577-6123456"),  # 7-digit local number
        ("0571-88776655转801", "0571-88776655"),
        ("57188776655", "0571-88776655"),  # area code without its 0
    ],
)
def test_phone(raw: str, expected: str) -> None:
    assert clean.phone(raw) == expected
    assert clean.phone(expected) == expected


@pytest.mark.parametrize(
    "bad", ["88776655", "12345", "400-123-4567", "0571-0877665", "01188776655", "+1 415 555 0100", "电话13812345678"]
)
def test_phone_rejects(bad: str) -> None:
    with pytest.raises(CleanError):
        clean.phone(bad)


def test_phone_kind() -> None:
    assert clean.phone_kind("13812345678") == "mobile"
    assert clean.phone_kind("0571-88776655") == "landline"
    assert clean.phone_kind("010-88776655") == "landline"
    with pytest.raises(CleanError):
        clean.phone_kind("88776655")


# -- email, website, account, region, yes/no ---------------------------------------------------------------------------
def test_email() -> None:
    assert clean.email(" Abc.Def@QQ.com ") == "abc.def@qq.com"
    assert clean.email("ＡＢＣ＠ｑｑ．ｃｏｍ") == "abc@qq.com"
    assert clean.email("abc@qq。com") == "abc@qq.com"
    assert clean.email("mailto:abc@126.com") == "abc@126.com"
    for bad in ("abc", "abc@", "abc@qq", "a b@qq.c"):
        with pytest.raises(CleanError):
            clean.email(bad)


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("www.abccf12.com", None, "www.abccf12.com"),
        ("https://WWW.ABCcf12.com/", None, "www.abccf12.com"),
        ("http://www.abc.com/p2p/", "网站", "www.abc.com/p2p"),
        ("ｗｗｗ．ａｂｃ．ｃｏｍ", None, "www.abc.com"),
        ("鼎盛理财APP", None, "app:鼎盛理财app"),
        ("鼎盛理财 APP", "APP", "app:鼎盛理财app"),
        ("abc.com", "APP", "app:abc.com"),
        ("app:鼎盛理财app", None, "app:鼎盛理财app"),
    ],
)
def test_website(raw: str, kind: str | None, expected: str) -> None:
    assert clean.website(raw, kind) == expected
    assert clean.website_kind(expected) == ("app" if expected.startswith("app:") else "site")


def test_website_rejects() -> None:
    for raw, kind in (("http://not a site", None), ("鼎盛理财", "网站")):
        with pytest.raises(CleanError):
            clean.website(raw, kind)


def test_account_number() -> None:
    assert clean.account_number("6222021234567890123") == "6222021234567890123"
    assert clean.account_number(fw("6222021234567890123")) == "6222021234567890123"
    assert clean.account_number("6222 0212 3456 7890 123") == "6222021234567890123"
    for bad in ("1234567", "1" * 31, "62220212345A"):
        with pytest.raises(CleanError):
            clean.account_number(bad)


def test_region_code() -> None:
    assert clean.region_code("330106") == "330106"
    assert clean.region_code(fw("330106001")) == "330106001"
    assert clean.region_code("330106001001") == "330106001001"
    for bad in ("33010", "3301060", "33010600100", "33A106"):
        with pytest.raises(CleanError):
            clean.region_code(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        ("Ｙ", True),
        ("0", False),
    ],
)
def test_yes_no(raw: str, expected: bool) -> None:
    assert clean.yes_no(raw) is expected


def test_yes_no_rejects() -> None:
    with pytest.raises(CleanError):
        clean.yes_no("也许")


# -- dates -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [
        "2023-01-05",
        "2023/1/5",
        "2023/01/05",
        "2023年1月5日",
        "20230105",
        "2023.1.5",
        "2023-1-5",
        fw("2023-01-05"),
        "２０２３年１月５日",
        " 2023-01-05\u3000",
        "2023-01-05 00:00:00",
        "20230105130405",
    ],
)
def test_date(raw: str) -> None:
    assert clean.date(raw) == "2023-01-05"


def test_date_leap_day() -> None:
    assert clean.date("2024/2/29") == "2024-02-29"
    assert clean.date("2000-02-29") == "2000-02-29"


@pytest.mark.parametrize(
    "bad",
    ["2023-02-29", "1900-02-29", "2023-13-01", "2023-04-31", "2023-00-10", "2023", "05/01/2023", "明天", "1850-01-01"],
)
def test_date_rejects(bad: str) -> None:
    with pytest.raises(CleanError):
        clean.date(bad)


@pytest.mark.parametrize(
    "raw",
    [
        "2023-01-05 13:04:05",
        "2023-01-05T13:04:05",
        "2023/1/5 13:04:05",
        "20230105130405",
        "2023年1月5日 13:04:05",
        "2023年1月5日13时04分05秒",
        fw("2023-01-05 13:04:05"),
        "2023-01-05 13:04:05.250",
        "2023-01-05T13:04:05+08:00",
        "2023-01-05T05:04:05Z",
        "2023-01-05T06:04:05+0100",
    ],
)
def test_datetime(raw: str) -> None:
    assert clean.datetime(raw) == "2023-01-05T13:04:05+08:00"


def test_datetime_date_only_and_tz() -> None:
    assert clean.datetime("2023/1/5") == "2023-01-05T00:00:00+08:00"
    assert clean.datetime("2023-01-05 13:04") == "2023-01-05T13:04:00+08:00"
    assert clean.datetime("2023-01-05 13:04:05", tz="+00:00") == "2023-01-05T13:04:05+00:00"
    assert clean.datetime("2023-01-05T01:00:00+08:00", tz="+00:00") == "2023-01-04T17:00:00+00:00"


@pytest.mark.parametrize(
    "bad", ["2023-01-05 24:00:00", "2023-01-05 12:60:00", "2023-02-29 10:00:00", "2023-01-05 下午"]
)
def test_datetime_rejects(bad: str) -> None:
    with pytest.raises(CleanError):
        clean.datetime(bad)


def test_datetime_rejects_bad_tz() -> None:
    with pytest.raises(CleanError):
        clean.datetime("2023-01-05", tz="CST")


# -- amounts and rates -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("50", 50.0),
        ("12.5", 12.5),
        ("50万元", 50.0),
        ("50万", 50.0),
        ("500000元", 50.0),
        ("50.0", 50.0),
        ("5,000", 5000.0),
        ("0", 0.0),
        ("0万元", 0.0),
        ("0.3333", 0.3333),
        ("1.2亿", 12000.0),
        (fw("50") + "万元", 50.0),
        ("１，０００", 1000.0),
    ],
)
def test_amount_wan(raw: str, expected: float) -> None:
    assert clean.amount_wan(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345.60", 12345.6),
        ("12,345.67", 12345.67),
        ("1,234,567.89", 1234567.89),
        ("¥12345.67", 12345.67),
        ("￥12345.67", 12345.67),
        ("12345.67元", 12345.67),
        ("5万元", 50000.0),
        ("5万", 50000.0),
        ("5.1万", 51000.0),
        ("1.2亿", 1.2e8),
        ("0.00", 0.0),
        (fw("12345.67"), 12345.67),
        ("人民币12345.67元", 12345.67),
    ],
)
def test_amount_yuan(raw: str, expected: float) -> None:
    assert clean.amount_yuan(raw) == expected


@pytest.mark.parametrize("bad", ["-50", "-12,345.67", "¥-5", "abc", "12,34", "1.2.3", "五十万", "50美元", "1e5"])
def test_amounts_reject(bad: str) -> None:
    with pytest.raises(CleanError):
        clean.amount_yuan(bad)
    with pytest.raises(CleanError):
        clean.amount_wan(bad)


def test_percent_and_ratio() -> None:
    for raw in ("18", "18%", "18.0％", "年化18%", "年化收益率：18%", fw("18%")):
        assert clean.percent(raw) == 18.0
    assert clean.percent("18.5％") == 18.5
    assert clean.percent("360%") == 360.0  # usurious rates exist
    assert clean.ratio("35") == 0.35
    assert clean.ratio("35%") == 0.35
    assert clean.ratio("100") == 1.0
    assert clean.ratio("0") == 0.0
    for bad in ("-5%", "abc", "18%%"):
        with pytest.raises(CleanError):
            clean.percent(bad)
    with pytest.raises(CleanError):
        clean.ratio("120%")


# -- every repairable dirt of a synthetic world ------------------------------------------------------------------------
REPAIRABLE = ("fullwidth", "name_variant", "date_format", "amount_format", "phone_format")
EXTRA_LINES = ("duplicate", "bad_check", "missing_key")  # kinds that add a line rather than rewrite one
FILES = {
    "registry": "registry.csv",
    "shareholders": "shareholders.csv",
    "executives": "executives.csv",
    "branches": "branches.csv",
    "accounts": "accounts.csv",
    "transfers": "transfers.csv",
    "products": "products.csv",
    "websites": "websites.csv",
    "penalties": "penalties.jsonl",
    "judicial": "judicial.jsonl",
    "complaints": "complaints.jsonl",
    "news": "news.jsonl",
    "ads": "ads.jsonl",
    "self_reported": "self_reported.xlsx",
    "registry_changes": "registry_changes.csv",
}
ID_TYPE_COLUMN = {"证件号码": "证件类型", "股东证件号码": "股东证件类型"}


def read_rows(path: Path) -> dict[int, dict[str, Any]]:
    """Physical line (sheet row) number → record, as the dirt log counts them."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            return dict(enumerate(csv.DictReader(f), start=2))
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as f:
            return {i: json.loads(line) for i, line in enumerate(f, start=1)}
    ws = load_workbook(path, read_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return {i: dict(zip(header, r, strict=True)) for i, r in enumerate(rows, start=2)}


def cleaner(source: str, field: str, row: dict[str, Any], clean_value: str) -> Callable[[str], Any]:
    """The normaliser the ETL applies to one field of one source."""
    if ID_TYPE_COLUMN.get(field) in row:
        return clean.uscc if row[ID_TYPE_COLUMN[field]] == "统一社会信用代码" else clean.id_number
    if "统一社会信用代码" in field:
        return clean.uscc
    if "证件号码" in field:
        return clean.id_number
    if "账号" in field:
        return clean.account_number
    if field == "联系电话":
        return clean.phone
    if field.endswith("(万元)"):
        return clean.amount_wan
    if field.endswith("(元)"):
        return clean.amount_yuan
    if field.endswith(("日期", "时间")):
        return clean.datetime if len(clean_value) > 10 else clean.date
    if field in ("住所", "变更前内容", "变更后内容"):
        return clean.compact
    return clean.enterprise_name  # 企业名称, 户名, 当事人名称, 被投诉对象, 广告主, 发行机构 …


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same world (1,000 enterprises, seed 5) with default dirt and without any."""
    from smokeindex.synth import generate_world
    from smokeindex.synth.dirt import DirtConfig

    dirty = tmp_path_factory.mktemp("dirty")
    pristine = tmp_path_factory.mktemp("pristine")
    generate_world(dirty, enterprises=1000, seed=5)
    generate_world(pristine, enterprises=1000, seed=5, dirt=DirtConfig.clean())
    return dirty, pristine


def dirt_log(world: Path) -> dict[str, dict[int, tuple[str, str]]]:
    """source → line → (kind, field)."""
    out: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    with (world / "ground_truth" / "dirt.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out[r["source"]][int(r["line"])] = (r["kind"], r["field"])
    return out


def aligned(
    dirty: dict[int, dict[str, Any]], pristine: dict[int, dict[str, Any]], log: dict[int, tuple[str, str]]
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    """(line, dirty row, clean row of the same entity): the dirty file without its extra lines is the clean file."""
    kept = [line for line in sorted(dirty) if log.get(line, ("", ""))[0] not in EXTRA_LINES]
    assert len(kept) == len(pristine)
    yield from zip(kept, (dirty[line] for line in kept), (pristine[line] for line in sorted(pristine)), strict=True)


def test_every_repairable_dirt_cleans_to_the_clean_value(worlds: tuple[Path, Path]) -> None:
    dirty_dir, pristine_dir = worlds
    logs = dirt_log(dirty_dir)
    checked: Counter[str] = Counter()
    failures: list[str] = []
    for source, name in FILES.items():
        log = logs.get(source, {})
        dirty, pristine = read_rows(dirty_dir / name), read_rows(pristine_dir / name)
        for line, row, twin in aligned(dirty, pristine, log):
            kind, field = log.get(line, ("", ""))
            others = {k: v for k, v in row.items() if k != field}
            assert others == {k: v for k, v in twin.items() if k != field}, f"{source}:{line} is not aligned"
            if kind not in REPAIRABLE:
                continue
            raw, want = row[field], twin[field]
            assert raw != want, f"{source}:{line} {kind} changed nothing"
            f = cleaner(source, field, twin, want)
            try:
                got, expected = f(raw), f(want)
            except CleanError as e:
                failures.append(f"{source}:{line} {kind} {field} {raw!r}: {e}")
                continue
            if got != expected:
                failures.append(f"{source}:{line} {kind} {field} {raw!r} → {got!r}, clean {want!r} → {expected!r}")
            checked[kind] += 1
    assert not failures, "\n".join(failures[:20])
    assert set(checked) == set(REPAIRABLE), checked  # every kind was exercised


def test_clean_world_values_are_fixed_points(worlds: tuple[Path, Path]) -> None:
    """Every value of the dirt-free world cleans without error, and cleaning twice changes nothing."""
    _, pristine_dir = worlds
    for source, name in FILES.items():
        rows = read_rows(pristine_dir / name)
        for line, row in rows.items():
            for field, value in row.items():
                if not isinstance(value, str) or not value or source in ("news", "complaints", "ads"):
                    continue
                if field in ("网站或应用名称",):
                    f: Callable[[str], Any] = clean.website
                elif field in ("所属区划代码", "区划代码", "上级代码"):
                    f = clean.region_code
                elif field in ("电子邮箱",):
                    f = clean.email
                elif field.endswith(
                    ("(万元)", "(元)", "日期", "时间", "联系电话", "账号", "证件号码", "统一社会信用代码")
                ):
                    f = cleaner(source, field, row, value)
                else:
                    continue
                once = f(value)
                assert once is not None, f"{source}:{line} {field}"
                if isinstance(once, str):
                    assert f(once) == once, f"{source}:{line} {field} {value!r} → {once!r}"


def test_invalid_lines_are_rejected_and_counts_match_expected_graph(worlds: tuple[Path, Path]) -> None:
    """bad_check lines raise; distinct cleaned keys of the valid registry rows match the manifest's expected graph."""
    dirty_dir, _ = worlds
    logs = dirt_log(dirty_dir)
    for source, log in logs.items():
        rows = read_rows(dirty_dir / FILES[source]) if source in FILES else {}
        for line, (kind, field) in log.items():
            if kind == "bad_check":
                with pytest.raises(CleanError, match="校验码"):
                    cleaner(source, field, rows[line], "")(rows[line][field])
    expected = json.loads((dirty_dir / "manifest.json").read_text(encoding="utf-8"))["expected_graph"]["nodes"]
    invalid = {line for line, (kind, _) in logs["registry"].items() if kind in ("bad_check", "missing_key")}
    registry = [row for line, row in read_rows(dirty_dir / "registry.csv").items() if line not in invalid]
    assert len({clean.uscc(r["统一社会信用代码"]) for r in registry}) == expected["Enterprise"]
    assert len({clean.enterprise_name(r["企业名称"]) for r in registry}) == expected["Enterprise"]
    assert len({p for r in registry if (p := clean.phone(r["联系电话"]))}) == expected["Phone"]
    assert len({e for r in registry if (e := clean.email(r["电子邮箱"]))}) == expected["Email"]
    assert len({a for r in registry if (a := clean.compact(r["住所"]))}) == expected["Address"]
    with (dirty_dir / "websites.csv").open(encoding="utf-8", newline="") as f:
        sites = {clean.website(r["网站或应用名称"], r["类型"]) for r in csv.DictReader(f)}
    assert len(sites) == expected["Website"]
