"""Planted typologies with minimum sizes, and ground truth consistent with the raw files."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

from helpers import nfkc, read_csv, read_jsonl

from smokeindex.synth import Manifest
from smokeindex.synth.model import LPR_1Y


def _gangs(root: Path) -> list[dict]:
    return [g for _, g in read_jsonl(root / "ground_truth" / "gangs.jsonl")]


def test_every_typology_and_variant_present(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    variants = {(g["typology"], g["variant"]) for g in _gangs(root)}
    assert {
        ("illegal_fundraising", "plain"),
        ("illegal_fundraising", "elderly_care"),
        ("illegal_fundraising", "consumption_rebate"),
        ("pyramid_scheme", "plain"),
        ("pyramid_scheme", "virtual_currency"),
        ("illegal_lending", "plain"),
    } <= variants


def test_pyramid_tree_depth_and_size(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    for g in _gangs(root):
        if g["typology"] != "pyramid_scheme":
            continue
        tree = [p for p in g["persons"] if "level" in p]
        assert len([p for p in tree if p["role"] != "controller"]) >= 30
        assert max(p["level"] for p in tree) >= 3
        ids = {p["id_number"] for p in tree}
        assert all(p["upline"] in ids for p in tree if p["role"] != "controller")


def test_fundraising_shape(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    products = {row["产品编号"]: row for _, row in read_csv(root / "products.csv")}
    for g in _gangs(root):
        if g["typology"] != "illegal_fundraising":
            continue
        roles = Counter(e["role"] for e in g["enterprises"])
        assert roles["parent"] == 1 and roles["core"] == 1 and roles["shell"] >= 3
        people = Counter(p["role"] for p in g["persons"])
        assert people["controller"] == 1 and people["investor"] >= 30
        assert g["products"] and all(float(products[p]["预期年化收益率(%)"]) > 2 * LPR_1Y for p in g["products"])
        districts = {e["uscc"][2:8] for e in g["enterprises"]}
        assert len(districts) >= 1


def test_gang_members_exist_in_raw_files(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    registry = {nfkc(r["统一社会信用代码"]) for _, r in read_csv(root / "registry.csv")}
    accounts = {nfkc(r["账号"]) for _, r in read_csv(root / "accounts.csv")}
    labels = {r["id"]: r for _, r in read_csv(root / "ground_truth" / "labels.csv")}
    for g in _gangs(root):
        for e in g["enterprises"]:
            assert e["uscc"] in registry
            assert labels[e["uscc"]]["label"] == "1" and labels[e["uscc"]]["gang_id"] == g["gang_id"]
        for p in g["persons"]:
            assert p["id_number"] in labels, p
        assert set(g["accounts"]) <= accounts
    enterprise_labels = [r for r in labels.values() if r["entity_type"] == "Enterprise"]
    assert {r["id"] for r in enterprise_labels} <= registry
    assert len(enterprise_labels) == 1000
    hard = [r for r in enterprise_labels if r["is_hard_negative"] == "1"]
    assert hard and all(r["label"] == "0" for r in hard)
    assert {r["hard_negative_kind"] for r in hard} >= {"legit_group", "licensed_lender", "busy_honest"}


def test_fundraising_complaints_rise_over_time(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    gangs = {g["gang_id"]: g for g in _gangs(root)}
    early = late = 0
    for _, rec in read_jsonl(root / "annotations" / "texts.jsonl"):
        g = gangs.get(rec["gang_id"] or "")
        if rec["source"] != "complaints" or not g or g["typology"] != "illegal_fundraising":
            continue
        start = dt.date.fromisoformat(g["start"])
        rid = rec["record_id"]
        day = dt.date(int(rid[2:6]), int(rid[6:8]), int(rid[8:10]))
        end = dt.date(2024, 12, 31) if not g["collapsed"] else dt.date.fromisoformat(g["end"])
        mid = start + (end - start) / 2
        if day < mid:
            early += 1
        else:
            late += 1
    assert late > 2 * early


def test_lending_suits_and_money_flows(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    gang = next(g for g in _gangs(root) if g["typology"] == "illegal_lending")
    lenders = {p["id_number"] for p in gang["persons"] if p["role"] in ("lender", "controller")}
    lenders |= {e["uscc"] for e in gang["enterprises"]}
    borrowers = {p["id_number"] for p in gang["persons"] if p["role"] == "borrower"}
    suits = 0
    for _, case in read_jsonl(root / "judicial.jsonl"):
        ids = {p["证件号码"]: p["角色"] for p in case["当事人"]}
        if (
            case["案由"] == "民间借贷纠纷"
            and any(ids.get(x) == "原告" for x in lenders)
            and any(ids.get(x) == "被告" for x in borrowers)
        ):
            suits += 1
    assert suits >= 3
    accts = set(gang["accounts"])
    rows = sum(1 for _, r in read_csv(root / "transfers.csv") if r["付款账号"] in accts or r["收款账号"] in accts)
    assert rows >= 2 * len(borrowers)


def test_labels_file_is_consistent(world: tuple[Path, Manifest]) -> None:
    root, m = world
    rows = [r for _, r in read_csv(root / "ground_truth" / "labels.csv")]
    persons = [r for r in rows if r["entity_type"] == "Person"]
    assert len(persons) == m.expected_graph["nodes"]["Person"]
    assert {r["role"] for r in persons if r["label"] == "1"} <= {
        "controller",
        "front",
        "executive",
        "recruiter",
        "lender",
    }
    assert any(r["role"] == "investor" and r["label"] == "0" for r in persons)
    json.dumps(m.stats)
