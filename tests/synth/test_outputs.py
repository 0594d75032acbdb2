"""The XLSX opens, the expected clean graph is re-derivable from the raw files, and the CLI runs."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import nfkc, read_csv, read_jsonl
from openpyxl import load_workbook
from stdnum.cn import ric, uscc
from typer.testing import CliRunner

from smokeindex.cli import app
from smokeindex.synth import Manifest
from smokeindex.synth.dirt import canonical_phone, canonical_text


def test_xlsx_opens(world: tuple[Path, Manifest]) -> None:
    root, m = world
    wb = load_workbook(root / "self_reported.xlsx", read_only=True)
    ws = wb["企业上报"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码"
    assert len(rows) - 1 == m.sources["self_reported"].rows > 0
    wb.close()


def _valid_registry(root: Path, m: Manifest) -> list[dict[str, str]]:
    bad = {i["line"] for i in m.dirt["registry"]["invalid"]}
    return [r for line, r in read_csv(root / "registry.csv") if line not in bad]


def test_expected_graph_rederived_by_a_mini_etl(world: tuple[Path, Manifest]) -> None:
    """A tiny independent ETL (NFKC, quarantine, dedup) reproduces the manifest's counts."""
    root, m = world
    nodes, rels = m.expected_graph["nodes"], m.expected_graph["relationships"]
    reg = _valid_registry(root, m)
    usccs = {nfkc(r["统一社会信用代码"]) for r in reg}
    assert all(uscc.is_valid(u) for u in usccs)
    assert len(usccs) == nodes["Enterprise"] == m.enterprises
    assert len({(nfkc(r["法定代表人证件号码"]), nfkc(r["统一社会信用代码"])) for r in reg}) == rels["LEGAL_REP_OF"]
    assert len({canonical_text(r["住所"]) for r in reg if r["住所"]}) == nodes["Address"]
    assert len({canonical_phone(r["联系电话"]) for r in reg if r["联系电话"]}) == nodes["Phone"]
    assert (
        len({(nfkc(r["统一社会信用代码"]), canonical_phone(r["联系电话"])) for r in reg if r["联系电话"]})
        == rels["HAS_PHONE"]
    )
    accounts = [r for _, r in read_csv(root / "accounts.csv")]
    good = [
        r for r in accounts if r["账号"] and (uscc.is_valid(nfkc(r["证件号码"])) or ric.is_valid(nfkc(r["证件号码"])))
    ]
    assert len({nfkc(r["账号"]) for r in good}) == nodes["BankAccount"] == rels["HAS_ACCOUNT"]
    txns = {r["交易流水号"] for _, r in read_csv(root / "transfers.csv") if r["付款账号"]}
    assert len(txns) == rels["TRANSFERRED_TO"]
    complaints = {
        c["投诉编号"]
        for _, c in read_jsonl(root / "complaints.jsonl")
        if uscc.is_valid(nfkc(c["被投诉对象统一社会信用代码"]))
    }
    assert len(complaints) == nodes["Complaint"] == rels["COMPLAINT_AGAINST"]
    cases = {c["案号"] for _, c in read_jsonl(root / "judicial.jsonl")}
    assert len(cases) == nodes["JudicialCase"]
    regions = read_csv(root / "regions.csv")
    assert len(regions) == nodes["Region"] and sum(1 for _, r in regions if r["上级代码"]) == rels["PART_OF"]
    assert all(re.fullmatch(r"\d{9}", r["所属区划代码"]) for r in reg)
    assert rels["IN_REGION"] == m.enterprises
    persons = {nfkc(r["法定代表人证件号码"]) for r in reg}
    bad_sh = {i["line"] for i in m.dirt["shareholders"]["invalid"]}
    persons |= {
        nfkc(r["股东证件号码"])
        for line, r in read_csv(root / "shareholders.csv")
        if line not in bad_sh and r["股东类型"] == "自然人股东"
    }
    bad_ex = {i["line"] for i in m.dirt["executives"]["invalid"]}
    persons |= {nfkc(r["证件号码"]) for line, r in read_csv(root / "executives.csv") if line not in bad_ex}
    persons |= {nfkc(r["证件号码"]) for r in good if r["账户类型"] == "个人"}
    persons |= {
        p["证件号码"] for _, c in read_jsonl(root / "judicial.jsonl") for p in c["当事人"] if p["类型"] == "自然人"
    }
    assert len(persons) == nodes["Person"]


def test_cli_generate(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", "--enterprises", "300", "--seed", "3", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "企业登记" in result.output
    assert Manifest.read(tmp_path).enterprises == 300
