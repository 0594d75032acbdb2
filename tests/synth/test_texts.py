"""Text annotations: exact spans, links to enterprises, typology labels and the planted traps."""

from __future__ import annotations

from pathlib import Path

from helpers import nfkc, read_csv, read_jsonl

from smokeindex.synth import Manifest
from smokeindex.synth.texts import ENTITY_LABELS

FIELDS = {
    "complaints": ("complaints.jsonl", "投诉编号"),
    "news": ("news.jsonl", "舆情编号"),
    "ads": ("ads.jsonl", "广告编号"),
}
TYPOLOGIES = {"illegal_fundraising", "pyramid_scheme", "illegal_lending", "other"}


def test_spans_match_text_and_raw_records(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    raw = {source: {rec[key]: rec for _, rec in read_jsonl(root / file)} for source, (file, key) in FIELDS.items()}
    registry = {nfkc(r["统一社会信用代码"]) for _, r in read_csv(root / "registry.csv")}
    labels_seen: set[str] = set()
    annotated = 0
    for _, ann in read_jsonl(root / "annotations" / "texts.jsonl"):
        text = ann["text"]
        assert raw[ann["source"]][ann["record_id"]][ann["field"]] == text
        assert ann["typology"] in TYPOLOGIES
        for ent in ann["entities"] + ann["cues"]:
            assert text[ent["start"] : ent["end"]] == ent["text"]
        for ent in ann["entities"]:
            assert ent["label"] in ENTITY_LABELS
            labels_seen.add(ent["label"])
            if ent["label"] == "ORG":
                assert ent["uscc"] in registry
        annotated += 1
    assert labels_seen == set(ENTITY_LABELS)
    assert annotated >= sum(len(v) for v in raw.values())


def test_traps_present(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    honest_mention = negation = variant_mention = 0
    for _, ann in read_jsonl(root / "annotations" / "texts.jsonl"):
        orgs = [e for e in ann["entities"] if e["label"] == "ORG"]
        if ann["source"] == "complaints" and ann["typology"] != "other":
            honest_mention += any(e["uscc"] != ann["target_uscc"] for e in orgs)
            variant_mention += any(not e["text"].endswith("有限公司") for e in orgs)
        negation += any(c["negated"] for c in ann["cues"])
    assert honest_mention >= 1 and negation >= 1 and variant_mention >= 1


def test_complaints_carry_amounts_and_promises(world: tuple[Path, Manifest]) -> None:
    root, _ = world
    fund = [
        a
        for _, a in read_jsonl(root / "annotations" / "texts.jsonl")
        if a["source"] == "complaints" and a["typology"] == "illegal_fundraising"
    ]
    assert fund
    assert all(any(e["label"] == "MONEY" for e in a["entities"]) for a in fund)
    assert all(any(e["label"] == "RATE" for e in a["entities"]) for a in fund)
    assert all(any(c["kind"] == "promise" and not c["negated"] for c in a["cues"]) for a in fund)
