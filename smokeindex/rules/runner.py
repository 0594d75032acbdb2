"""Run the rule pack on a store: validate every parameter first, run each rule with its own timeout, turn rows into
hits with evidence and a Chinese explanation, and write them back as ``RuleHit`` nodes tied to the subject and run."""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from smokeindex.errors import StoreError, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from smokeindex.rules.model import Rule, load_pack

log = logging.getLogger(__name__)
SUBJECT_LABELS = ("Enterprise", "Person")


@dataclass
class Hit:
    rule_id: str
    dimension: str
    subject: NodeRef
    subject_name: str
    contribution: float
    explanation: str
    evidence_nodes: list[str] = field(default_factory=list)
    evidence_rels: list[str] = field(default_factory=list)


@dataclass
class RuleOutcome:
    rule_id: str
    hits: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass
class RunResult:
    run_id: str
    started_at: str
    finished_at: str
    params: dict[str, dict[str, Any]]
    hits: list[Hit]
    outcomes: list[RuleOutcome]


class _Template(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "、".join(_fmt(v) for v in value[:10]) + ("等" if len(value) > 10 else "")
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"  # long texts are quoted, not copied whole


class RuleRunner:
    """Runs enabled rules of a pack; ``overrides`` are per-deployment parameter defaults (rule id → name → value)."""

    def __init__(
        self,
        store: GraphStore,
        pack: dict[str, Rule] | None = None,
        *,
        overrides: dict[str, dict[str, Any]] | None = None,
        timeout_s: float = 60.0,
        limit: int = 100_000,
        as_of: str | None = None,
    ) -> None:
        self.store = store
        #: The date rules judge validity periods against (``$as_of``, YYYY-MM-DD); default today (UTC).
        self.as_of = as_of or datetime.now(UTC).date().isoformat()
        self.pack = pack if pack is not None else load_pack()
        self.overrides = overrides or {}
        self.timeout_s = timeout_s
        self.limit = limit

    def _ref(self, node: dict[str, Any]) -> NodeRef:
        label = node["labels"][0]
        return NodeRef(label, str(node["properties"][self.store.schema.node(label).key]))

    def select(self, only: list[str] | None) -> list[Rule]:
        if only:
            unknown = [r for r in only if r not in self.pack]
            if unknown:
                raise ValidationFailed(f"未知规则 {unknown} (unknown rule); 用 smokeindex rules list 查看可用规则")
            return [self.pack[r] for r in only]
        return [r for r in self.pack.values() if r.enabled]

    def run(
        self,
        *,
        only: list[str] | None = None,
        params: dict[str, dict[str, Any]] | None = None,
        write: bool = True,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> RunResult:
        """Run the rules; bad rule ids or parameters raise ``ValidationFailed`` before anything runs."""
        rules = self.select(only)
        unknown = sorted(set(params or {}) - {r.id for r in rules})
        if unknown:
            raise ValidationFailed(f"参数指定了未运行的规则 {unknown} (parameters for rules not selected)")
        resolved = {
            r.id: r.resolve_params({**self.overrides.get(r.id, {}), **(params or {}).get(r.id, {})}) for r in rules
        }
        started = datetime.now(UTC).isoformat(timespec="seconds")
        run_id = f"run-{started.replace(':', '').replace('-', '')[:15]}-{uuid.uuid4().hex[:8]}"
        hits: list[Hit] = []
        outcomes: list[RuleOutcome] = []
        for i, rule in enumerate(rules):
            outcome = RuleOutcome(rule.id)
            t0 = time.perf_counter()
            try:
                found = self.run_rule(rule, resolved[rule.id])
                hits.extend(found)
                outcome.hits = len(found)
            except StoreError as e:
                outcome.error = e.detail
                log.warning("规则 %s 运行失败: %s", rule.id, e.detail)
            outcome.seconds = round(time.perf_counter() - t0, 3)
            outcomes.append(outcome)
            if progress:
                progress(i + 1, len(rules), rule.id)
        result = RunResult(run_id, started, datetime.now(UTC).isoformat(timespec="seconds"), resolved, hits, outcomes)
        if write:
            self.write(result)
        return result

    def run_rule(self, rule: Rule, values: dict[str, Any]) -> list[Hit]:
        """Hits of one rule (one per subject: rows for the same subject are merged, the strongest kept)."""
        query = rule.render(values)
        args = {k: v for k, v in values.items() if not rule.params[k].literal}
        rows = self.store.read(query, {**args, "limit": self.limit, "as_of": self.as_of}, timeout_s=self.timeout_s)
        by_subject: dict[NodeRef, Hit] = {}
        for row in rows:
            subject = row.get("subject")
            if not isinstance(subject, dict) or subject.get("labels", [None])[0] not in SUBJECT_LABELS:
                raise StoreError(f"规则 {rule.id} 的结果缺少 subject 节点 (rule must return a subject node)")
            ref = self._ref(subject)
            strength = float(row.get("strength", 1.0) or 0.0)
            contribution = round(rule.severity * min(max(strength, 0.0), 1.0), 6)
            nodes = [f"{n['labels'][0]}:{self._ref(n).key}" for n in row.get("evidence_nodes") or [] if n]
            rels = [
                f"{r['type']}:{r['properties'].get('record_id') or r['id']}"
                for r in row.get("evidence_rels") or []
                if r
            ]
            name = str(subject["properties"].get("name", ref.key))
            values_for_text = {
                k: _fmt(v) for k, v in row.items() if k not in {"subject", "evidence_nodes", "evidence_rels"}
            }
            text = rule.explanation.strip().format_map(_Template(subject_name=name, **values_for_text, **values))
            hit = by_subject.get(ref)
            if hit is None:
                by_subject[ref] = Hit(rule.id, rule.dimension, ref, name, contribution, text, nodes, rels)
            else:
                if contribution > hit.contribution:
                    hit.contribution, hit.explanation = contribution, text
                hit.evidence_nodes = sorted(set(hit.evidence_nodes) | set(nodes))
                hit.evidence_rels = sorted(set(hit.evidence_rels) | set(rels))
        return list(by_subject.values())

    def write(self, result: RunResult) -> None:
        """Persist the run and its hits (``RuleRun``, ``RuleHit``, ``HIT_ON``, ``IN_RUN``) with provenance."""
        self.store.ensure_schema()
        prov = {
            "source": "rules",
            "record_id": result.run_id,
            "ingested_at": result.finished_at,
            "record_hash": hashlib.sha256(json.dumps(result.params, sort_keys=True).encode()).hexdigest(),
        }
        self.store.upsert_nodes(
            "RuleRun",
            [{
                "run_id": result.run_id, "started_at": result.started_at, "finished_at": result.finished_at,
                "rules": [o.rule_id for o in result.outcomes], "params_json": json.dumps(result.params, ensure_ascii=False),
                "hits": len(result.hits), **prov,
            }],
        )  # fmt: skip
        rows, hit_on, in_run = [], [], []
        for h in result.hits:
            hit_id = f"{result.run_id}/{h.rule_id}/{h.subject.label}:{h.subject.key}"
            rows.append({
                "hit_id": hit_id, "run_id": result.run_id, "rule_id": h.rule_id, "dimension": h.dimension,
                "subject_label": h.subject.label, "subject_key": h.subject.key, "contribution": h.contribution,
                "explanation": h.explanation, "evidence_nodes": h.evidence_nodes[:200],
                "evidence_rels": h.evidence_rels[:200], **prov,
            })  # fmt: skip
            hit_on.append(RelRow(NodeRef("RuleHit", hit_id), h.subject, prov))
            in_run.append(RelRow(NodeRef("RuleHit", hit_id), NodeRef("RuleRun", result.run_id), prov))
        self.store.upsert_nodes("RuleHit", rows)
        self.store.upsert_relationships("HIT_ON", hit_on)
        self.store.upsert_relationships("IN_RUN", in_run)
