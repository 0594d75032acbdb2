"""Score a rule run against ground truth: per rule and per typology precision and recall, and the rules-only ranking
quality (average precision = AUPRC, recall in the top 1 %) — the baseline the network model must beat.

The rules-only score of an enterprise is the noisy-OR of its hits' contributions, ``1 − Π(1 − c)``: more and
stronger independent signals give a higher score, and it stays in 0–1.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from smokeindex.rules.runner import RunResult


@dataclass
class Labels:
    """Enterprise ground truth: label (0/1) and typology per USCC."""

    label: dict[str, int]
    typology: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> Labels:
        label: dict[str, int] = {}
        typology: dict[str, str] = {}
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("entity_type") not in ("enterprise", "Enterprise"):
                    continue
                label[row["id"]] = int(row["label"] or 0)
                typology[row["id"]] = row.get("typology") or ""
        return cls(label, typology)


@dataclass
class RuleScore:
    rule_id: str
    hits: int
    true_hits: int
    precision: float
    recall: float


@dataclass
class Report:
    enterprises: int
    positives: int
    rules: list[RuleScore] = field(default_factory=list)
    typology_recall: dict[str, float] = field(default_factory=dict)
    auprc: float = 0.0
    recall_at_1pct: float = 0.0
    flagged: int = 0


def rule_scores(result: RunResult) -> dict[str, float]:
    """The rules-only score (noisy-OR of contributions) of every enterprise with at least one hit."""
    remaining: dict[str, float] = defaultdict(lambda: 1.0)
    for hit in result.hits:
        if hit.subject.label == "Enterprise":
            remaining[hit.subject.key] *= 1.0 - hit.contribution
    return {k: 1.0 - v for k, v in remaining.items()}


def average_precision(ranked_labels: list[int], positives: int) -> float:
    """Area under the precision-recall curve as average precision over a ranking (ties broken by the caller)."""
    if positives == 0:
        return 0.0
    found, total = 0, 0.0
    for i, y in enumerate(ranked_labels, start=1):
        if y:
            found += 1
            total += found / i
    return total / positives


def evaluate(result: RunResult, labels: Labels) -> Report:
    positives = sum(labels.label.values())
    report = Report(enterprises=len(labels.label), positives=positives)
    by_rule: dict[str, set[str]] = defaultdict(set)
    for hit in result.hits:
        if hit.subject.label == "Enterprise" and hit.subject.key in labels.label:
            by_rule[hit.rule_id].add(hit.subject.key)
    for outcome in result.outcomes:
        subjects = by_rule.get(outcome.rule_id, set())
        true = sum(labels.label[s] for s in subjects)
        report.rules.append(
            RuleScore(
                outcome.rule_id,
                len(subjects),
                true,
                true / len(subjects) if subjects else 0.0,
                true / positives if positives else 0.0,
            )  # fmt: skip
        )
    scores = rule_scores(result)
    flagged = {k for k in scores if k in labels.label}
    report.flagged = len(flagged)
    for typ in sorted({t for u, t in labels.typology.items() if labels.label[u] and t}):
        members = [u for u, t in labels.typology.items() if t == typ and labels.label[u]]
        report.typology_recall[typ] = sum(1 for u in members if u in flagged) / len(members)
    # rank every enterprise: by score, unflagged ones last (in a fixed order, so the result is reproducible)
    ranking = sorted(labels.label, key=lambda u: (-scores.get(u, 0.0), u))
    ranked = [labels.label[u] for u in ranking]
    report.auprc = average_precision(ranked, positives)
    top = max(1, len(ranked) // 100)
    report.recall_at_1pct = sum(ranked[:top]) / positives if positives else 0.0
    return report
