"""Risk expressions: spacing and variants, negation, the lexicon file format."""

from __future__ import annotations

import pytest

from smokeindex.errors import ConfigError
from smokeindex.text.lexicon import Lexicon, default_lexicon
from smokeindex.text.normalize import Compact, normalize


def hits(text: str) -> list[tuple[str, str, bool]]:
    return [(h.text, h.category, h.negated) for h in default_lexicon().find(Compact.of(normalize(text)), text)]


def test_terms_with_spacing_and_variants() -> None:
    assert hits("对方承诺保 本 保 息，稳赚不赔") == [
        ("保 本 保 息", "principal_guarantee", False),
        ("稳赚不赔", "high_return", False),
    ]
    got = hits("要求我们发展了三个下线，推荐一人返利30%，还卖原始股和数字藏品")
    assert [(t, c) for t, c, _ in got] == [
        ("发展了三个下线", "recruitment"),
        ("推荐一人返利", "recruitment"),
        ("原始股", "original_shares"),
        ("数字藏品", "digital_collectibles"),
    ]


def test_negations_are_not_hits() -> None:
    assert hits("业务员并未承诺保本，只说有风险") == [("保本", "principal_guarantee", True)]
    assert all(neg for _, _, neg in hits("我司从不承诺保本保息，谨防消费全返骗局"))
    assert hits("没说过高额回报") == [("高额回报", "high_return", True)]
    # a negation in an earlier clause does not reach a later one; 不 inside 稳赚不赔 is not a negation of it
    assert hits("没有金融牌照，却承诺稳赚不赔") == [("稳赚不赔", "high_return", False)]
    assert hits("平台已经下线") == []


def test_scores_ignore_negated_hits() -> None:
    lex = default_lexicon()
    text = "并未承诺保本，但是拉人头"
    scores = lex.scores(lex.find(Compact.of(text), text))
    assert set(scores) == {"pyramid_scheme"} and 0 < scores["pyramid_scheme"] < 1


def test_bad_lexicon_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "lex.yaml"
    bad.write_text("categories: {x: {patterns: ['(']}}\nversion: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="风险词典"):
        Lexicon.load(bad)
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="映射"):
        Lexicon.load(bad)
