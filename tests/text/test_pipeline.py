"""The whole pipeline: the honest-company trap, linking forms, garbage input, HanLP setting, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smokeindex.errors import ConfigError
from smokeindex.text.cli import app
from smokeindex.text.link import Linker
from smokeindex.text.pipeline import MAX_CHARS, TextAnalyzer, hanlp_mode
from tests.text.conftest import DINGSHENG, HONEST
from tests.text.hanlp_ner import write_model


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


def test_hanlp_model_dir_adds_entities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linker: Linker, no_network: list[object]
) -> None:
    assert hanlp_mode() == "offline"
    model = write_model(
        tmp_path / "ner",
        [("鼎盛网络科技有限公司", "NT"), ("顺发商贸", "NT"), ("张三丰", "NR"), ("西溪湿地", "NS"), ("2023年", "DATE")],
    )
    monkeypatch.setenv("SMOKEINDEX_HANLP_MODEL_DIR", str(model))
    assert hanlp_mode() == f"hanlp:{model}"
    analyzer = TextAnalyzer(linker=linker)
    text = "2023年在西溪湿地认识张三丰，他拉我投资顺发商贸。杭州鼎盛网络科技有限公司承诺保本。"
    got = {(e.label, e.text, e.source) for e in analyzer.analyze(text).entities}
    # the model fills the gaps the rules leave (a place, a person without a cue word, an org without a legal form) …
    assert {("LOC", "西溪湿地", "hanlp"), ("PERSON", "张三丰", "hanlp"), ("ORG", "顺发商贸", "hanlp")} <= got
    # … but never overrides a rule or dictionary span, and labels we do not map (DATE) are ignored
    assert ("ORG", "杭州鼎盛网络科技有限公司", "dictionary") in got
    assert ("DATE", "2023年", "hanlp") not in got
    assert analyzer.analyze(text).target == DINGSHENG
    plain = {(e.label, e.text) for e in TextAnalyzer(linker=linker, ner=False).analyze(text).entities}
    assert ("PERSON", "张三丰") not in plain and ("LOC", "西溪湿地") not in plain
    assert no_network == []


@pytest.mark.parametrize("broken", ["missing", "empty", "no_classpath", "bad_classpath", "identifier"])
def test_hanlp_model_dir_errors_say_how_to_configure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str, no_network: list[object]
) -> None:
    path = tmp_path / "model"
    if broken == "empty":
        path.mkdir()
    elif broken == "no_classpath":
        path.mkdir()
        (path / "config.json").write_text("{}", encoding="utf-8")
    elif broken == "bad_classpath":
        write_model(path, [], classpath="hanlp.components.ner.no_such_module.Ner")
    elif broken == "identifier":  # a HanLP pretrained-model name would make hanlp.load download it: refused
        path = Path("MSRA_NER_ELECTRA_SMALL_ZH")
    monkeypatch.setenv("SMOKEINDEX_HANLP_MODEL_DIR", str(path))
    with pytest.raises(ConfigError) as info:
        TextAnalyzer()
    msg = info.value.detail
    assert "SMOKEINDEX_HANLP_MODEL_DIR" in msg and "config.json" in msg and "classpath" in msg
    assert "HanLP 模型目录" in msg and "local HanLP model directory" in msg
    assert no_network == []


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
