"""The ten dimension sub-scores of every party hit in a rule run, read from the store in bulk.

A party's sub-score in a dimension is the noisy-OR ``1 − Π(1 − c)`` of the contributions of its hits in that
dimension (one hit per rule and party, see ``rules.runner``), so it lies in [0, 1] and grows with every extra rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from smokeindex.errors import NotFound
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.rules.model import DIMENSIONS

LATEST_RULE_RUN = "MATCH (r:RuleRun) RETURN r.run_id AS id ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
RULE_RUN_EXISTS = "MATCH (r:RuleRun {run_id: $run}) RETURN r.run_id AS id"
# The subject's name comes through HIT_ON; the hit's own subject_label/subject_key name the party.
HITS_OF_RUN = (
    "MATCH (h:RuleHit {run_id: $run}) OPTIONAL MATCH (h)-[:HIT_ON]->(s) "
    "RETURN h.subject_label AS label, h.subject_key AS key, h.dimension AS dimension, h.rule_id AS rule_id, "
    "h.contribution AS contribution, s.name AS name"
)


@dataclass
class SubjectDimensions:
    """One party's dimension sub-scores (every dimension present, 0 where nothing fired) and the rules that fired."""

    name: str
    scores: dict[str, float] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 0.0))
    rule_ids: list[str] = field(default_factory=list)


@dataclass
class RuleRunDimensions:
    run_id: str
    subjects: dict[NodeRef, SubjectDimensions]


def latest_rule_run(store: GraphStore) -> str | None:
    """The id of the most recent RuleRun, or ``None`` when rules never ran."""
    out = store.read(LATEST_RULE_RUN)
    return str(out[0]["id"]) if out else None


def read_dimensions(store: GraphStore, run_id: str | None = None) -> RuleRunDimensions:
    """The sub-scores of every party hit in rule run ``run_id`` (default: the latest), in one query.

    Raises:
        NotFound: the run does not exist, or no rule run exists when ``run_id`` is omitted.
    """
    if run_id is None:
        run_id = latest_rule_run(store)
        if run_id is None:
            raise NotFound("还没有规则运行记录；先运行 smokeindex rules run (no rule run yet)")
    elif not store.read(RULE_RUN_EXISTS, {"run": run_id}):
        raise NotFound(f"找不到规则运行 {run_id!r} (rule run not found)")
    survival: dict[NodeRef, dict[str, float]] = {}
    subjects: dict[NodeRef, SubjectDimensions] = {}
    rows = store.read(HITS_OF_RUN, {"run": run_id})
    rows.sort(key=lambda r: (r["label"], r["key"], r["rule_id"]))  # a fixed order: the same run, the same floats
    for row in rows:
        ref = NodeRef(str(row["label"]), str(row["key"]))
        subject = subjects.get(ref)
        if subject is None:
            subject = subjects[ref] = SubjectDimensions(str(row["name"] or ref.key))
            survival[ref] = dict.fromkeys(DIMENSIONS, 1.0)
        c = min(max(float(row["contribution"]), 0.0), 1.0)
        survival[ref][row["dimension"]] *= 1.0 - c
        subject.rule_ids.append(str(row["rule_id"]))
    for ref, subject in subjects.items():
        subject.scores = {d: 1.0 - survival[ref][d] for d in DIMENSIONS}
        subject.rule_ids = sorted(set(subject.rule_ids))
    return RuleRunDimensions(run_id, subjects)
