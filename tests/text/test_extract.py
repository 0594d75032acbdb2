"""Entity extractors on hand-written sentences: values, spans, full-width input, 万/亿 amounts, persons, orgs."""

from __future__ import annotations

from smokeindex.text.extract import Entity, cn_number
from smokeindex.text.normalize import Compact, normalize, split_sentences
from smokeindex.text.pipeline import TextAnalyzer


def ents(analyzer: TextAnalyzer, text: str, label: str) -> list[Entity]:
    return [e for e in analyzer.analyze(text).entities if e.label == label]


def test_normalize_is_length_preserving_and_half_width() -> None:
    raw = "投资５万元，年化１８％　联系１３８００１３８０００"
    norm = normalize(raw)
    assert len(norm) == len(raw)
    assert "5万元" in norm and "18%" in norm and "13800138000" in norm
    c = Compact.of("保 本 保 息")
    assert c.text == "保本保息" and c.span(0, 4) == (0, 7)
    assert split_sentences("第一句。第二句！\n第三句") == [(0, 4), (4, 8), (9, 12)]


def test_amounts_are_normalised_to_yuan(analyzer: TextAnalyzer) -> None:
    text = "先投了5万元，又追加20万，公司共吸收1.2亿元，另付９２００元手续费，借了三万块。"
    values = [e.value for e in ents(analyzer, text, "MONEY")]
    assert values == [50_000, 200_000, 120_000_000, 9200, 30_000]
    assert cn_number("三百五十") == 350 and cn_number("1,200.5") == 1200.5


def test_money_spans_point_into_the_original_text(analyzer: TextAnalyzer) -> None:
    text = "共支付 ５ 万元"
    (m,) = ents(analyzer, text, "MONEY")
    assert text[m.start : m.end] == m.text == "５ 万元" and m.value == 50_000


def test_rates_become_annual_percent(analyzer: TextAnalyzer) -> None:
    text = "承诺年化18%，后来说月息2分，还有日息千分之五，每月返还1.5%。"
    assert [e.value for e in ents(analyzer, text, "RATE")] == [18, 24, 182.5, 18]


def test_dates_phones_sites_people(analyzer: TextAnalyzer) -> None:
    text = "2023年3月5日经业务员李凤介绍，下载鼎盛优选APP或登录www.dingsheng88.com，电话13800138000、0571-88886666。"
    a = analyzer.analyze(text)
    got = {(e.label, e.text) for e in a.entities}
    assert ("DATE", "2023年3月5日") in got
    assert ("PERSON", "李凤") in got
    assert ("WEBSITE", "鼎盛优选APP") in got and ("WEBSITE", "www.dingsheng88.com") in got
    assert ("PHONE", "13800138000") in got and ("PHONE", "0571-88886666") in got
    assert next(e.value for e in a.entities if e.label == "DATE") == "2023-03-05"


def test_unknown_organisation_and_address(analyzer: TextAnalyzer) -> None:
    text = "本人在温州创汇体育发展有限公司办卡，该公司位于浙江省温州市鹿城区松台街道人民路32号。"
    got = {(e.label, e.text) for e in analyzer.analyze(text).entities}
    assert ("ORG", "温州创汇体育发展有限公司") in got
    assert ("LOC", "浙江省温州市鹿城区松台街道人民路32号") in got
