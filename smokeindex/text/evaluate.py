"""Evaluation on a generated world's annotated texts: entity F1, enterprise-linking accuracy, risk-cue recall and
negation handling, and typology macro-F1 on the held-out texts (the model's own training world) or on all texts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from smokeindex.text.pipeline import TextAnalyzer
from smokeindex.text.typology import TYPOLOGIES, Example, TypologyModel


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = TYPOLOGIES) -> dict[str, Any]:
    """Per-class F1, macro-F1 and accuracy of a classification."""
    per = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        if tp + fn:
            per[lab] = _prf(tp, fp, fn)
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else 0.0
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0
    return {"macro_f1": round(macro, 4), "accuracy": round(acc, 4), "per_class": per, "n": len(gold)}


def evaluate(
    examples: list[Example], analyzer: TextAnalyzer, *, model: TypologyModel | None = None, world: Path | None = None
) -> dict[str, Any]:
    """All metrics for ``examples`` (see the module docstring)."""
    counts: dict[str, Counter[str]] = {}
    link_total = link_ok = target_total = target_ok = 0
    cue_tp = cue_fn = cue_fp = neg_total = neg_ok = 0
    for ex in examples:
        a = analyzer.analyze(ex.text)
        gold = {(e["start"], e["end"], e["label"]) for e in ex.entities}
        pred = {(e.start, e.end, e.label) for e in a.entities}
        for lab in {x[2] for x in gold | pred}:
            c = counts.setdefault(lab, Counter())
            g = {x for x in gold if x[2] == lab}
            p = {x for x in pred if x[2] == lab}
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
        for ge in ex.entities:
            if ge["label"] != "ORG" or not ge.get("uscc"):
                continue
            link_total += 1
            hit = next(
                (e for e in a.entities if e.label == "ORG" and e.start < ge["end"] and ge["start"] < e.end), None
            )
            if hit is not None and hit.link and hit.link.get("uscc") == ge["uscc"]:
                link_ok += 1
        if ex.target_uscc:
            target_total += 1
            target_ok += a.target == ex.target_uscc
        for cue in ex.cues:
            found = [h for h in a.risks if h.start < cue["end"] and cue["start"] < h.end]
            if cue.get("negated"):
                neg_total += 1
                neg_ok += all(h.negated for h in found)
            elif any(not h.negated for h in found):
                cue_tp += 1
            else:
                cue_fn += 1
        for h in a.risks:
            if not h.negated and not any(h.start < c["end"] and c["start"] < h.end for c in ex.cues):
                cue_fp += 1
    total = Counter[str]()
    for c in counts.values():
        total.update(c)
    out: dict[str, Any] = {
        "texts": len(examples),
        "entities": {
            "micro": _prf(total["tp"], total["fp"], total["fn"]),
            "per_label": {k: _prf(v["tp"], v["fp"], v["fn"]) for k, v in sorted(counts.items())},
        },
        "linking": {
            "accuracy": round(link_ok / link_total, 4) if link_total else None,
            "mentions": link_total,
            "target_accuracy": round(target_ok / target_total, 4) if target_total else None,
            "targets": target_total,
        },
        "risk_cues": {
            **_prf(cue_tp, cue_fp, cue_fn),
            "negated_cues": neg_total,
            "negation_accuracy": round(neg_ok / neg_total, 4) if neg_total else None,
        },
    }
    if model is not None:
        own = world is not None and model.meta.get("source") == str(world.resolve())
        test = [ex for ex in examples if ex.held_out] if own else examples
        probs = model.predict_proba([ex.text for ex in test])
        pred_t = [max(p, key=lambda k: p[k]) for p in probs]
        out["typology"] = {"split": "held_out" if own else "all", **macro_f1([ex.typology for ex in test], pred_t)}
    return out
