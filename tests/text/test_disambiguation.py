"""Two companies share the brand 鑫源: the text's context (district, phone, street address, industry) decides which
one a mention means; without such context the candidates are reported, not guessed."""

from __future__ import annotations

import pytest

from smokeindex.text.link import Linker
from smokeindex.text.pipeline import TextAnalyzer

ASSETS = "91330106MA2H0XY10A"  # 杭州 西湖区, asset management
FOOD = "91330212MA2H0XY20B"  # 宁波 鄞州区, catering
REGIONS = {"330000": "浙江省", "330100": "杭州市", "330106": "西湖区", "330200": "宁波市", "330212": "鄞州区"}


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    linker = Linker.from_records(
        [
            (ASSETS, "杭州鑫源资产管理有限公司", "330106", None),
            (FOOD, "宁波鑫源餐饮管理有限公司", "330212", None),
            ("91330106MA2H0XY30C", "杭州恒泰进出口有限公司", "330106", None),
        ],
        regions=REGIONS,
        phones=[(ASSETS, "0571-88881234"), (FOOD, "139 0000 1111")],
        addresses=[(ASSETS, "浙江省杭州市西湖区文三路100号"), (FOOD, "浙江省宁波市鄞州区中山东路200号3楼")],
    )
    return TextAnalyzer(linker=linker, ner=False)


def link_of(analyzer: TextAnalyzer, text: str) -> dict[str, object]:
    (org,) = [e for e in analyzer.analyze(text).entities if e.label == "ORG"]
    assert org.text == "鑫源理财" and org.link is not None
    return org.link


@pytest.mark.parametrize(
    ("text", "uscc", "evidence"),
    [
        ("我在西湖区的鑫源理财买了理财产品，承诺保本保息。", ASSETS, "所在区县“西湖区”"),
        ("鄞州的鑫源理财让我充值，说年化18%。", FOOD, "所在区县“鄞州区”"),
        ("鑫源理财的业务员留的电话是13900001111。", FOOD, "电话号码属于该企业"),
        ("鑫源理财在文三路100号有门店，承诺高回报。", ASSETS, "地址“文三路100号”"),
        ("鑫源理财说买餐饮储值卡可以返利。", FOOD, "行业“餐饮管理”"),
    ],
)
def test_context_picks_one(analyzer: TextAnalyzer, text: str, uscc: str, evidence: str) -> None:
    link = link_of(analyzer, text)
    assert link["uscc"] == uscc and link["method"] == "context", link
    assert evidence in link["evidence"]  # type: ignore[operator]
    assert analyzer.analyze(text).target == uscc


@pytest.mark.parametrize(
    "text",
    [
        "鑫源理财承诺保本保息，我投了5万元。",  # no context at all
        "西湖区和鄞州区都有鑫源理财的门店。",  # context for both, equally strong
    ],
)
def test_still_ambiguous_reports_candidates(analyzer: TextAnalyzer, text: str) -> None:
    link = link_of(analyzer, text)
    assert link["uscc"] is None and link["method"] == "ambiguous"
    cands = link["candidates"]
    assert {c["uscc"] for c in cands} == {ASSETS, FOOD}  # type: ignore[attr-defined]
    assert {c["name"] for c in cands} == {"杭州鑫源资产管理有限公司", "宁波鑫源餐饮管理有限公司"}  # type: ignore[attr-defined]
    assert analyzer.analyze(text).target is None


def test_the_mention_itself_is_not_context(analyzer: TextAnalyzer) -> None:
    # the full registered name is an exact link; a mention's own words never count as context for another mention
    a = analyzer.analyze("宁波鑫源餐饮管理有限公司与鑫源理财无关。")
    links = {e.text: e.link for e in a.entities if e.label == "ORG"}
    assert links["宁波鑫源餐饮管理有限公司"]["uscc"] == FOOD  # type: ignore[index]
