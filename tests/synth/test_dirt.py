"""Planted dirt: manifest counts match dirt.csv and what a re-read of the raw files finds."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from helpers import dirt_lines, read_csv, read_jsonl

from smokeindex.synth import Manifest
from smokeindex.synth.dirt import canonical_name, canonical_phone, has_fullwidth_alnum

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WAN = re.compile(r"^\d+(\.\d*[1-9])?$")
PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-\d{7,8})$")


def test_manifest_counts_match_dirt_log(world: tuple[Path, Manifest]) -> None:
    root, m = world
    log = dirt_lines(root)
    for source, info in m.dirt.items():
        counts = Counter(kind for kind, _ in log.get(source, {}).values())
        assert dict(counts) == info["counts"], source
        invalid = {i["line"] for i in info["invalid"]}
        assert invalid == {line for line, (k, _) in log.get(source, {}).items() if k in ("bad_check", "missing_key")}
    assert sum(sum(d["counts"].values()) for d in m.dirt.values()) > 500


def test_registry_reread_finds_the_planted_dirt(world: tuple[Path, Manifest]) -> None:
    root, m = world
    rows = read_csv(root / "registry.csv")
    found: Counter[str] = Counter()
    previous: dict[str, str] | None = None
    for _, r in rows:
        if previous is not None and r == previous:
            found["duplicate"] += 1
        previous = r
        if any(has_fullwidth_alnum(v) for v in r.values()):
            found["fullwidth"] += 1
        name = r["企业名称"]
        if name and ("有限责任公司" in name or "(" in name or name != "".join(name.split())):
            found["name_variant"] += 1
        if not ISO.match(r["成立日期"]):
            found["date_format"] += 1
        if not (WAN.match(r["注册资本(万元)"]) and (r["实缴资本(万元)"] == "" or WAN.match(r["实缴资本(万元)"]))):
            found["amount_format"] += 1
        if r["联系电话"] and not has_fullwidth_alnum(r["联系电话"]) and not PHONE.match(r["联系电话"]):
            found["phone_format"] += 1
    counts = m.dirt["registry"]["counts"]
    # one kind per row, and duplicates / invalid extras are copies of clean rows, so counts match exactly
    for kind in ("duplicate", "fullwidth", "date_format", "amount_format", "phone_format"):
        assert found[kind] == counts.get(kind, 0), kind
    assert found["name_variant"] == counts.get("name_variant", 0)


def test_recorded_lines_show_their_dirt(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    log = dirt_lines(root)
    for source, file in (
        ("registry", "registry.csv"),
        ("shareholders", "shareholders.csv"),
        ("accounts", "accounts.csv"),
        ("transfers", "transfers.csv"),
        ("complaints", "complaints.jsonl"),
        ("judicial", "judicial.jsonl"),
    ):
        rows = dict(read_csv(root / file) if file.endswith(".csv") else read_jsonl(root / file))
        for line, (kind, fld) in log.get(source, {}).items():
            row = rows[line]
            if kind == "duplicate":
                assert rows[line - 1] == row
            elif kind == "missing":
                assert row[fld] == ""
            elif kind == "fullwidth":
                assert has_fullwidth_alnum(row[fld])
            elif kind == "date_format":
                assert not ISO.match(str(row[fld]).split(" ")[0])
            elif kind == "name_variant":
                assert row[fld] != canonical_name(row[fld]) or "(" in row[fld]
            elif kind == "phone_format":
                assert not PHONE.match(row[fld]) and canonical_phone(row[fld])


def test_transfers_reread(world: tuple[Path, Manifest]) -> None:
    root, m = world
    counts = m.dirt["transfers"]["counts"]
    found: Counter[str] = Counter()
    prev = None
    amount = re.compile(r"^\d+\.\d{2}$")
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
    for _, r in read_csv(root / "transfers.csv"):
        if r == prev:
            found["duplicate"] += 1
        prev = r
        if r["付款账号"] == "":
            found["missing_key"] += 1
        elif has_fullwidth_alnum(r["付款账号"] + r["收款账号"]):
            found["fullwidth"] += 1
        if not amount.match(r["交易金额(元)"]):
            found["amount_format"] += 1
        if not stamp.match(r["交易时间"]):
            found["date_format"] += 1
    for kind in ("duplicate", "missing_key", "fullwidth", "amount_format", "date_format"):
        assert found[kind] == counts.get(kind, 0), kind
    assert m.sources["transfers"].rows == m.sources["transfers"].records + counts["duplicate"] + counts["missing_key"]
