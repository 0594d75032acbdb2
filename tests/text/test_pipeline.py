"""The whole pipeline: the honest-company trap, linking forms, garbage input, HanLP setting, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smokeindex.errors import ConfigError
from smokeindex.text.cli import app
from smokeindex.text.pipeline import MAX_CHARS, TextAnalyzer, hanlp_mode
from tests.text.conftest import DINGSHENG, HONEST


def test_honest_company_in_a_complaint_about_another(analyzer: TextAnalyzer) -> None:
    text = "我在鼎盛理财投了10万元，对方承诺保本保息，还说资金由杭州恒泰进出口有限公司担保，后经核实根本没有合作。"
    a = analyzer.analyze(text)
    links = {d["uscc"]: d for d in a.linked}
    assert links[DINGSHENG]["role"] == "subject" and links[DINGSHENG]["method"] == "fuzzy"
    assert links[HONEST]["role"] == "third_party" and links[HONEST]["method"] == "exact"
    assert a.target == DINGSHENG
    assert [h.category for h in a.risks if not h.negated] == ["principal_guarantee"]


def test_linking_forms(analyzer: TextAnalyzer) -> None:
    for mention in ("杭州鼎盛网络科技有限责任公司", "鼎盛网络科技", "鼎盛网络科技有限公司"):
        a = analyzer.analyze(f"反映{mention}存在问题。")
        assert a.target == DINGSHENG, mention
    assert analyzer.analyze("反映杭州明航供应链管理有限公司存在问题。").target is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "空文本"),
        ("   \n\t ", "空文本"),
        (b"\x00\x01\x02PK\x03\x04" * 50, "二进制"),
        (None, "不是文本"),
        (42, "不是文本"),
    ],
)
def test_garbage_gives_an_error_not_a_crash(analyzer: TextAnalyzer, text: object, error: str) -> None:
    out = analyzer.analyze(text).to_dict()
    assert error in out["error"] and out["entities"] == []


def test_huge_and_mixed_script_input(analyzer: TextAnalyzer) -> None:
    big = analyzer.analyze("承诺保本保息，" * 150_000)  # ~1 MB of text
    assert big.truncated and big.to_dict()["analysed_chars"] == MAX_CHARS and big.risks
    mixed = analyzer.analyze("Привет 😀 مرحبا 鼎盛网络科技 年化１８％ \u200b\ufeff ｶﾀｶﾅ")
    assert mixed.error is None and any(e.label == "RATE" and e.value == 18 for e in mixed.entities)


def test_hanlp_setting_without_hanlp_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    assert hanlp_mode() == "offline"
    monkeypatch.setenv("SMOKEINDEX_HANLP_MODEL_DIR", "/models/hanlp")
    with pytest.raises(ConfigError, match="hanlp"):
        TextAnalyzer()


def test_cli_analyze_lines_and_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMOKEINDEX_DATA_DIR", str(tmp_path))
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        '{"id": "a1", "text": "承诺年化18%，稳赚不赔"}\n普通的一行文字\n\n'.encode()
        + b"\xff\xfe\x00bin\n{broken json\n"
    )
    runner = CliRunner()
    missing = runner.invoke(app, ["analyze", str(src), "--no-link"])
    assert missing.exit_code == 2 and "smokeindex text train" in missing.output
    res = runner.invoke(app, ["analyze", str(src), "--no-link", "--no-classify"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["id"] == "a1" and rows[0]["risks"][0]["text"] == "稳赚不赔"
    assert rows[2]["error"].startswith("空文本") and "二进制" in rows[3]["error"]
    assert "error" not in rows[4]
