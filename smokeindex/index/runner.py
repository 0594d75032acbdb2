"""Score every party with a signal, grade it, and write the scoring run and its warnings back to the graph.

A scoring run reads the hits of one rule run (default: the latest) as ten dimension sub-scores, adds the network
model's probability, fuses them into the 0–100 index (``fusion``) and grades it (``grades``). It writes one
``ScoringRun`` and one ``Warning`` per party graded above 正常, plus one for each party that the previous scoring run
warned and that is now 正常, so that every downgrade is on record. Each warning compares itself with the previous
run: previous grade and score, and in Chinese which rules newly fire or no longer fire and how the network risk moved.

Writes are batched upserts keyed by ``warning_id`` = ``<run id>/<Label>:<key>``; running the same run id again with
the same inputs changes nothing, and warnings a re-run no longer produces are removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from smokeindex.graph.queries import ident
from smokeindex.index.dimensions import RuleRunDimensions, latest_rule_run, read_dimensions
from smokeindex.index.fusion import INPUTS, FusionModel
from smokeindex.index.grades import GRADES, NORMAL, SEVERITY, Cutoffs
from smokeindex.index.inputs import SUBJECT_LABELS, NetworkScore
from smokeindex.query.regions import party_regions
from smokeindex.rules.model import DIMENSIONS, load_pack

log = logging.getLogger(__name__)
SOURCE = "index"
#: Differences in the network probability below this are not reported as a change.
NETWORK_EPSILON = 0.005

SCORING_RUN = "MATCH (r:ScoringRun {run_id: $run}) RETURN properties(r) AS r"
PREVIOUS_SCORING_RUN = (
    "MATCH (r:ScoringRun) WHERE r.run_id <> $run AND r.started_at <= $started "
    "RETURN properties(r) AS r ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
)
LATEST_SCORING_RUN = "MATCH (r:ScoringRun) RETURN properties(r) AS r ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
WARNINGS_OF_RUN = "MATCH (w:Warning {run_id: $run}) RETURN properties(w) AS w"
WARNING_IDS_OF_RUN = "MATCH (w:Warning {run_id: $run}) RETURN w.warning_id AS id"
DELETE_WARNINGS = "UNWIND $ids AS id MATCH (w:Warning {warning_id: id}) DETACH DELETE w RETURN count(*) AS n"
LATEST_WARNING_OF_SUBJECT = (
    "MATCH (w:Warning {subject_key: $key})-[:IN_SCORING_RUN]->(r:ScoringRun) "
    "RETURN properties(w) AS w ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
)
INDUSTRIES = "UNWIND $keys AS k MATCH (n:Enterprise {uscc: k}) RETURN k AS key, n.industry_code AS industry"
WARNING_OF_SUBJECT_IN_RUN = "MATCH (w:Warning {run_id: $run, subject_key: $key}) RETURN properties(w) AS w LIMIT 1"
EARLIER_WARNINGS = (
    "UNWIND $keys AS k MATCH (w:Warning {subject_key: k}) WHERE w.run_id <> $run AND w.first_warned_at IS NOT NULL "
    "RETURN w.subject_label AS label, w.subject_key AS key, w.first_warned_at AS first"
)


def existing_parties(label: str, key: str) -> str:
    """Which of ``$keys`` name a node of ``label``, with its name (label and key come from the schema)."""
    return f"UNWIND $keys AS k MATCH (n:{ident(label)} {{{ident(key)}: k}}) RETURN k AS key, n.name AS name"


Progress = Callable[[int, int, str], None]
STAGES = ("读取规则命中", "读取网络模型评分", "读取上次评分", "计算指数", "写入预警", "写入评分运行")


@dataclass
class PartyScore:
    """One party's index, grade, decomposition and comparison with the previous scoring run."""

    subject: NodeRef
    name: str
    score: float
    grade: str
    signals: dict[str, float]
    contributions: dict[str, float]
    rule_ids: list[str] = field(default_factory=list)
    network_probability: float | None = None
    network_via: list[dict[str, Any]] = field(default_factory=list)
    previous_grade: str | None = None
    previous_score: float | None = None
    grade_changed: bool = False
    change_causes: str = ""
    first_warned_at: str | None = None
    warned: bool = False  # whether the run writes a Warning for it


@dataclass
class IndexResult:
    """What a scoring run computed (and, unless ``write=False``, wrote)."""

    run_id: str
    started_at: str
    finished_at: str
    rule_run_id: str | None
    previous_run_id: str | None
    model_version: str | None
    counts: dict[str, int]
    parties: list[PartyScore]
    unknown: list[NodeRef] = field(default_factory=list)  # network scores of parties absent from the graph

    @property
    def warnings(self) -> list[PartyScore]:
        """The parties that get a Warning node, highest score first."""
        return [p for p in self.parties if p.warned]

    def top(self, n: int = 20) -> list[PartyScore]:
        return self.parties[:n]


@dataclass
class _Previous:
    run_id: str | None = None
    warnings: dict[NodeRef, dict[str, Any]] = field(default_factory=dict)
    rules: RuleRunDimensions | None = None  # the previous run's rule hits, for parties it did not warn


class IndexRunner:
    """Scores parties on ``store`` with ``fusion`` (default: noisy-OR) and grades them with ``cutoffs``."""

    def __init__(self, store: GraphStore, fusion: FusionModel | None = None, cutoffs: Cutoffs | None = None) -> None:
        self.store = store
        self.fusion = fusion or FusionModel.default()
        self.cutoffs = cutoffs or Cutoffs()

    def run(
        self,
        network: Mapping[NodeRef, NetworkScore] | None = None,
        *,
        model_version: str | None = None,
        rule_run_id: str | None = None,
        run_id: str | None = None,
        write: bool = True,
        progress: Progress | None = None,
    ) -> IndexResult:
        """Run one scoring run.

        Args:
            network: the network model's score per party (``None`` when no model ran).
            model_version: the network model's version, recorded on the ScoringRun.
            rule_run_id: the rule run whose hits to use; default the latest (or, when re-running an existing
                ``run_id``, the one it used).
            run_id: re-run this scoring run (idempotent); default a new id.
            write: write the ScoringRun and Warning nodes; ``False`` only computes.
            progress: called as ``progress(step, steps, stage)`` after each stage.

        Returns:
            Every scored party, highest score first, with counts per grade.

        Raises:
            NotFound: the named rule run does not exist, or there is neither a rule run nor a network score.
            ValidationFailed: a network score names a label other than Enterprise or Person.
        """

        def step(i: int) -> None:
            if progress:
                progress(i + 1, len(STAGES), STAGES[i])

        existing = self._scoring_run(run_id) if run_id else None
        started = existing["started_at"] if existing else datetime.now(UTC).isoformat(timespec="microseconds")
        run_id = run_id or f"score-{started.replace(':', '').replace('-', '')[:15]}-{uuid.uuid4().hex[:8]}"
        if rule_run_id is None:
            rule_run_id = existing.get("rule_run_id") if existing else latest_rule_run(self.store)
        if rule_run_id is None and not network:
            raise NotFound("没有规则运行记录，也没有网络模型评分，无可评分 (no rule run and no network scores)")
        dims = read_dimensions(self.store, rule_run_id) if rule_run_id else RuleRunDimensions("", {})
        step(0)

        names = {ref: d.name for ref, d in dims.subjects.items()}
        known, unknown = self._known(network or {})
        names.update({ref: name for ref, name in known.items() if ref not in names})
        if unknown:
            log.warning("网络模型评分中有 %d 个主体不在图中，已忽略 (not in the graph)", len(unknown))
        step(1)

        previous = self._previous(run_id, started, dims)
        warned_before = {ref for ref, w in previous.warnings.items() if w.get("grade") != NORMAL}
        for ref in warned_before - names.keys():
            names[ref] = str(previous.warnings[ref].get("subject_name") or ref.key)
        step(2)

        refs = sorted(names, key=lambda r: (r.label, r.key))
        nets = {ref: network[ref] for ref in known} if network else {}
        rows = []
        for ref in refs:
            d = dims.subjects.get(ref)
            signals = dict(d.scores) if d else dict.fromkeys(DIMENSIONS, 0.0)
            signals["network"] = nets[ref].probability if ref in nets else 0.0
            rows.append([signals[k] for k in INPUTS])
        X = np.array(rows, dtype=float).reshape(len(refs), len(INPUTS))
        scores = self.fusion.index(X) if refs else np.zeros(0)
        contributions = self.fusion.contributions(X) if refs else np.zeros((0, len(INPUTS)))
        grades = self.cutoffs.grades(scores.tolist())
        parties: list[PartyScore] = []
        for i, ref in enumerate(refs):
            d = dims.subjects.get(ref)
            net = nets.get(ref)
            parties.append(
                PartyScore(
                    subject=ref,
                    name=names[ref],
                    score=float(scores[i]),
                    grade=grades[i],
                    signals=dict(zip(INPUTS, (float(v) for v in X[i]), strict=True)),
                    contributions=dict(zip(INPUTS, (float(v) for v in contributions[i]), strict=True)),
                    rule_ids=list(d.rule_ids) if d else [],
                    network_probability=net.probability if net else None,
                    network_via=list(net.via) if net else [],
                )
            )
        self._compare(parties, previous, run_id, started, network is not None)
        parties.sort(key=lambda p: (-p.score, p.subject.label, p.subject.key))
        counts = dict.fromkeys(GRADES, 0)
        for p in parties:
            counts[p.grade] += 1
        step(3)

        finished = existing.get("finished_at", started) if existing else datetime.now(UTC).isoformat()
        result = IndexResult(
            run_id, started, finished, rule_run_id, previous.run_id, model_version, counts, parties, unknown
        )
        if write:
            self.write(result, rerun=existing is not None, progress=step)
        return result

    # -- reading ------------------------------------------------------------------------------------------------
    def _scoring_run(self, run_id: str) -> dict[str, Any] | None:
        out = self.store.read(SCORING_RUN, {"run": run_id})
        return dict(out[0]["r"]) if out else None

    def _known(self, network: Mapping[NodeRef, NetworkScore]) -> tuple[dict[NodeRef, str], list[NodeRef]]:
        """The network-scored parties that exist in the graph (with their names), and those that do not."""
        bad = sorted({ref.label for ref in network} - set(SUBJECT_LABELS))
        if bad:
            raise ValidationFailed(
                f"网络模型评分只能针对企业或自然人 (network scores must be Enterprise or Person): {bad}"
            )
        known: dict[NodeRef, str] = {}
        for label in SUBJECT_LABELS:
            keys = sorted(ref.key for ref in network if ref.label == label)
            query = existing_parties(label, self.store.schema.node(label).key)
            for i in range(0, len(keys), self.store.batch_size):
                for rec in self.store.read(query, {"keys": keys[i : i + self.store.batch_size]}):
                    known[NodeRef(label, str(rec["key"]))] = str(rec["name"] or rec["key"])
        unknown = sorted((ref for ref in network if ref not in known), key=lambda r: (r.label, r.key))
        return known, unknown

    def _previous(self, run_id: str, started: str, current: RuleRunDimensions) -> _Previous:
        out = self.store.read(PREVIOUS_SCORING_RUN, {"run": run_id, "started": started})
        if not out:
            return _Previous()
        prev = dict(out[0]["r"])
        warnings = {
            NodeRef(str(w["subject_label"]), str(w["subject_key"])): dict(w)
            for rec in self.store.read(WARNINGS_OF_RUN, {"run": prev["run_id"]})
            for w in [rec["w"]]
        }
        rules = None
        if prev.get("rule_run_id") == current.run_id:
            rules = current
        elif prev.get("rule_run_id"):
            try:
                rules = read_dimensions(self.store, prev["rule_run_id"])
            except NotFound:
                log.warning("上次评分所用的规则运行 %s 已不存在 (previous rule run missing)", prev["rule_run_id"])
        return _Previous(str(prev["run_id"]), warnings, rules)

    def _earliest_warnings(self, refs: list[NodeRef], run_id: str) -> dict[NodeRef, str]:
        """The earliest ``first_warned_at`` on record for each party, from runs other than this one."""
        out: dict[NodeRef, str] = {}
        keys = sorted({r.key for r in refs})
        for i in range(0, len(keys), self.store.batch_size):
            for rec in self.store.read(EARLIER_WARNINGS, {"keys": keys[i : i + self.store.batch_size], "run": run_id}):
                ref = NodeRef(str(rec["label"]), str(rec["key"]))
                if ref not in out or rec["first"] < out[ref]:
                    out[ref] = str(rec["first"])
        return out

    # -- comparing with the previous run ------------------------------------------------------------------------
    def _compare(
        self, parties: list[PartyScore], previous: _Previous, run_id: str, started: str, with_network: bool
    ) -> None:
        """Fill in previous grade and score, the change causes, ``first_warned_at`` and whether a Warning is due."""
        for p in parties:
            before = previous.warnings.get(p.subject)
            was_warned = before is not None and before.get("grade") != NORMAL
            p.warned = p.grade != NORMAL or was_warned
            if previous.run_id is None:
                p.change_causes = "首次评分 (first scoring run)"
                continue
            if before is not None:
                p.previous_grade = str(before["grade"])
                p.previous_score = float(before["score"])
                prev_rules: list[str] | None = list(before.get("rule_ids") or [])
                prev_prob = before.get("network_probability")
                prev_via = list(before.get("network_via") or [])
            else:  # not warned last time: graded 正常, its rules read from the previous rule run
                p.previous_grade = NORMAL
                prev_subject = previous.rules.subjects.get(p.subject) if previous.rules else None
                prev_rules = list(prev_subject.rule_ids) if prev_subject else ([] if previous.rules else None)
                prev_prob, prev_via = None, []
            p.grade_changed = p.previous_grade != p.grade
            p.change_causes = self._causes(p, prev_rules, prev_prob, prev_via, with_network)
        # first_warned_at: carried from the previous warning, else the earliest on record, else this run
        need = [p for p in parties if p.warned]
        carried = {
            p.subject: str(w["first_warned_at"])
            for p in need
            if (w := previous.warnings.get(p.subject)) is not None and w.get("first_warned_at")
        }
        earlier = self._earliest_warnings([p.subject for p in need if p.subject not in carried], run_id)
        for p in need:
            p.first_warned_at = carried.get(p.subject) or earlier.get(p.subject)
            if p.first_warned_at is None and p.grade != NORMAL:
                p.first_warned_at = started

    def _causes(
        self,
        p: PartyScore,
        prev_rules: list[str] | None,
        prev_prob: float | None,
        prev_via: list[str],
        with_network: bool,
    ) -> str:
        """The change since the previous run, in Chinese."""
        parts: list[str] = []
        if p.previous_grade is not None and p.grade_changed:
            verb = "升为" if SEVERITY[p.grade] > SEVERITY.get(p.previous_grade, 0) else "降为"
            parts.append(f"等级由{p.previous_grade}{verb}{p.grade}")
        if p.previous_score is not None and abs(p.score - p.previous_score) >= 0.05:
            parts.append(f"指数 {p.previous_score:.1f}→{p.score:.1f}")
        if prev_rules is None:
            if p.rule_ids:
                parts.append(f"命中规则：{_rule_names(p.rule_ids)}")
        else:
            new = sorted(set(p.rule_ids) - set(prev_rules))
            gone = sorted(set(prev_rules) - set(p.rule_ids))
            if new:
                parts.append(f"新命中规则：{_rule_names(new)}")
            if gone:
                parts.append(f"不再命中规则：{_rule_names(gone)}")
        prob = p.network_probability
        via = _via_text(p.network_via)
        if prob is not None and prev_prob is not None:
            if prob - prev_prob >= NETWORK_EPSILON:
                parts.append(
                    f"网络模型风险概率由 {prev_prob:.2f} 升至 {prob:.2f}" + (f"，主要经由 {via}" if via else "")
                )
            elif prev_prob - prob >= NETWORK_EPSILON:
                current = {f"{v['label']}:{v['key']}" for v in p.network_via}
                dropped = [ref for ref in prev_via if ref not in current]
                parts.append(
                    f"网络模型风险概率由 {prev_prob:.2f} 降至 {prob:.2f}"
                    + (f"，不再经由 {_refs_text(dropped)}" if dropped else "")
                )
        elif prob is not None and prob >= NETWORK_EPSILON:
            parts.append(f"网络模型风险概率 {prob:.2f}" + (f"，主要经由 {via}" if via else ""))
        elif prob is None and prev_prob is not None:
            parts.append(
                f"本次网络模型未评分（上次 {prev_prob:.2f}）"
                if not with_network
                else f"网络模型风险概率由 {prev_prob:.2f} 降至 0"
            )
        return "；".join(parts) if parts else "与上次评分相比无变化 (no change)"

    # -- writing ------------------------------------------------------------------------------------------------
    def write(self, result: IndexResult, *, rerun: bool = False, progress: Callable[[int], None] | None = None) -> None:
        """Persist the run: Warning nodes and WARNS, then the ScoringRun and IN_SCORING_RUN (a run that stops part
        way leaves no ScoringRun, so the next run does not compare with it). ``rerun`` first removes this run's
        warnings that the result no longer holds."""
        self.store.ensure_schema()
        fusion_json = self.fusion.to_json()
        cutoffs_json = self.cutoffs.to_json()
        fingerprint = json.dumps([fusion_json, cutoffs_json, result.rule_run_id, result.model_version])
        prov = {
            "source": SOURCE,
            "record_id": result.run_id,
            "ingested_at": result.finished_at,
            "record_hash": hashlib.sha256(fingerprint.encode()).hexdigest(),
        }
        facts = self._facts(result.warnings)
        pack = load_pack()
        rows = [self._warning_row(result.run_id, p, prov, facts.get(p.subject, {}), pack) for p in result.warnings]
        if rerun:
            keep = {r["warning_id"] for r in rows}
            stale = [
                r["id"] for r in self.store.read(WARNING_IDS_OF_RUN, {"run": result.run_id}) if r["id"] not in keep
            ]
            for i in range(0, len(stale), self.store.batch_size):
                self.store.write(DELETE_WARNINGS, {"ids": stale[i : i + self.store.batch_size]}, idempotent=True)
        self.store.upsert_nodes("Warning", rows)
        warns = [
            RelRow(NodeRef("Warning", r["warning_id"]), p.subject, prov)
            for r, p in zip(rows, result.warnings, strict=True)
        ]
        missing = self.store.upsert_relationships("WARNS", warns).missing
        if missing:
            log.warning("%d 条预警的主体已不在图中 (subjects missing from the graph)", len(missing))
        if progress:
            progress(4)
        self.store.upsert_nodes(
            "ScoringRun",
            [{
                "run_id": result.run_id, "started_at": result.started_at, "finished_at": result.finished_at,
                "rule_run_id": result.rule_run_id, "model_version": result.model_version,
                "fusion_json": fusion_json, "cutoffs_json": cutoffs_json, "scored": len(result.parties),
                "count_red": result.counts["红"], "count_orange": result.counts["橙"],
                "count_yellow": result.counts["黄"], "count_blue": result.counts["蓝"],
                "count_normal": result.counts[NORMAL], **prov,
            }],
        )  # fmt: skip
        in_run = [RelRow(NodeRef("Warning", r["warning_id"]), NodeRef("ScoringRun", result.run_id), prov) for r in rows]
        self.store.upsert_relationships("IN_SCORING_RUN", in_run)
        if progress:
            progress(5)

    def _facts(self, parties: list[PartyScore]) -> dict[NodeRef, dict[str, Any]]:
        """Each party's regions and industry, copied onto its warning so that lists filter by jurisdiction fast."""
        regions = party_regions(self.store, [p.subject for p in parties])
        keys = sorted(p.subject.key for p in parties if p.subject.label == "Enterprise")
        industries: dict[str, Any] = {}
        for i in range(0, len(keys), self.store.batch_size):
            for rec in self.store.read(INDUSTRIES, {"keys": keys[i : i + self.store.batch_size]}):
                industries[str(rec["key"])] = rec["industry"]
        return {
            ref: {
                "region_code": primary,
                "region_codes": codes,
                "industry_code": industries.get(ref.key) if ref.label == "Enterprise" else None,
            }
            for ref, (primary, codes) in regions.items()
        }

    @staticmethod
    def _warning_row(
        run_id: str, p: PartyScore, prov: dict[str, str], facts: dict[str, Any], pack: Mapping[str, Any]
    ) -> dict[str, Any]:
        typologies = sorted({t for r in p.rule_ids if r in pack for t in pack[r].typologies})
        top = max(p.contributions.items(), key=lambda kv: kv[1]) if p.contributions else None
        return {
            "warning_id": f"{run_id}/{p.subject.label}:{p.subject.key}",
            "run_id": run_id,
            "subject_label": p.subject.label,
            "subject_key": p.subject.key,
            "subject_name": p.name,
            "region_code": facts.get("region_code"),
            "region_codes": facts.get("region_codes") or [],
            "industry_code": facts.get("industry_code"),
            "typologies": typologies,
            "top_dimension": top[0] if top and top[1] > 0 else None,
            "score": p.score,
            "grade": p.grade,
            "network_probability": p.network_probability,
            **{f"c_{k}": v for k, v in p.contributions.items()},
            "rule_ids": p.rule_ids,
            "network_via": [f"{v['label']}:{v['key']}" for v in p.network_via],
            "previous_grade": p.previous_grade,
            "previous_score": p.previous_score,
            "grade_changed": p.grade_changed,
            "change_causes": p.change_causes,
            "first_warned_at": p.first_warned_at,
            **prov,
        }


def latest_scoring_run(store: GraphStore) -> dict[str, Any] | None:
    """The properties of the most recent ScoringRun, or ``None``."""
    out = store.read(LATEST_SCORING_RUN)
    return dict(out[0]["r"]) if out else None


def read_warning(store: GraphStore, subject_key: str, run_id: str | None = None) -> dict[str, Any] | None:
    """The properties of a party's warning in scoring run ``run_id`` (default: its latest warning), or ``None``."""
    if run_id is None:
        out = store.read(LATEST_WARNING_OF_SUBJECT, {"key": subject_key})
    else:
        out = store.read(WARNING_OF_SUBJECT_IN_RUN, {"key": subject_key, "run": run_id})
    return dict(out[0]["w"]) if out else None


_LABEL_ZH = {"Enterprise": "企业", "Person": "自然人"}


def _rule_names(rule_ids: list[str], limit: int = 8) -> str:
    pack = load_pack()
    shown = [f"{r} {pack[r].name}" if r in pack else r for r in rule_ids[:limit]]
    return "、".join(shown) + (f" 等 {len(rule_ids)} 条" if len(rule_ids) > limit else "")


def _via_text(via: list[dict[str, Any]], limit: int = 3) -> str:
    return "、".join(f"{_LABEL_ZH.get(v['label'], v['label'])} {v.get('name') or v['key']}" for v in via[:limit])


def _refs_text(refs: list[str], limit: int = 3) -> str:
    out = []
    for ref in refs[:limit]:
        label, _, key = ref.partition(":")
        out.append(f"{_LABEL_ZH.get(label, label)} {key}")
    return "、".join(out)
