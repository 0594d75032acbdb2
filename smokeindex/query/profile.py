"""The full profile (全息画像) of an enterprise or a person.

Registry facts, related parties one hop away, the smoke index with its history across scoring runs, the dimension
breakdown, the rule hits of the run behind the latest score with their evidence and Chinese explanations, the
network model's contribution and the related parties it came through, and the grade changes with their causes.
A party outside the viewer's jurisdiction is reported as not found, exactly like an unknown one.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Literal

from pydantic import BaseModel, Field

from smokeindex.errors import NotFound
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.graph.queries import ident
from smokeindex.index.grades import GRADE_EN
from smokeindex.query.masking import mask_key, mask_properties, mask_ref
from smokeindex.query.regions import party_regions
from smokeindex.query.viewer import Viewer
from smokeindex.query.warnings import FILTER_DIMENSIONS
from smokeindex.rules.model import load_pack

PartyLabel = Literal["Enterprise", "Person"]
#: Derived bookkeeping nodes that are not related parties.
DERIVED_LABELS = [
    "Warning", "RuleHit", "RuleRun", "ScoringRun", "Region", "LeadSource", "TaskEvent", "Task", "CaseFile",
    "EvidenceFile", "Reward", "InspectionPlan", "Finding", "Resident", "LearningRecord", "QuizAttempt",
]  # fmt: skip
RELATED_LIMIT = 200
HISTORY_LIMIT = 50

# History reads only what a score point shows (a warning has ~50 properties; 50 runs of them cost milliseconds).
HISTORY = (
    "MATCH (w:Warning {subject_key: $key})-[:IN_SCORING_RUN]->(r:ScoringRun) WHERE w.subject_label = $label "
    "RETURN {warning_id: w.warning_id, run_id: w.run_id, score: w.score, grade: w.grade, "
    "previous_grade: w.previous_grade, grade_changed: w.grade_changed, change_causes: w.change_causes} AS w, "
    "r.started_at AS started, r.rule_run_id AS rule_run ORDER BY r.started_at DESC, r.run_id DESC LIMIT $n"
)
WARNING = "MATCH (w:Warning {warning_id: $id}) RETURN properties(w) AS w"
#: Evidence lists are cut to this many entries per hit in a profile (the evidence package has them all).
EVIDENCE_SHOWN = 10
LATEST_RULE_RUN = "MATCH (r:RuleRun) RETURN r.run_id AS id ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
HITS = (
    "MATCH (h:RuleHit {run_id: $run, subject_key: $key}) WHERE h.subject_label = $label "
    "RETURN h.rule_id AS rule_id, h.dimension AS dimension, h.contribution AS contribution, "
    "h.explanation AS explanation, h.evidence_nodes[0..$shown] AS evidence_nodes, "
    "h.evidence_rels[0..$shown] AS evidence_rels, "
    "size(coalesce(h.evidence_nodes, [])) + size(coalesce(h.evidence_rels, [])) AS evidence_count "
    "ORDER BY contribution DESC, rule_id LIMIT 200"
)
NAMES = "UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN k AS key, n.name AS name"


def _related(label: str, key: str, key_names: list[str]) -> str:
    """One hop both ways, reading of each neighbour only what the list shows (its key, name and region)."""
    mkey = "coalesce(" + ", ".join(f"m.{ident(k)}" for k in key_names) + ")"
    return (
        f"MATCH (n:{ident(label)} {{{ident(key)}: $key}})-[r]-(m) WHERE none(l IN labels(m) WHERE l IN $skip) "
        f"RETURN type(r) AS type, startNode(r) = n AS out, labels(m) AS labels, {mkey} AS mkey, "
        "coalesce(m.name, m.title, m.holder_name) AS name, m.region_code AS region, properties(r) AS rprops "
        "LIMIT $n"
    )


class RelatedParty(BaseModel):
    relationship: str
    relationship_zh: str
    direction: Literal["out", "in"] = Field(description="out: 本主体指向对方; in: 对方指向本主体")
    label: str
    label_zh: str
    key: str
    name: str | None = None
    region_code: str | None = None
    properties: dict[str, Any] = Field(default_factory=dict, description="关系属性 (relationship properties)")


class DimensionPart(BaseModel):
    dimension: str
    dimension_zh: str
    contribution: float = Field(description="对指数的贡献（指数分）")


class RuleHitPublic(BaseModel):
    rule_id: str
    rule_name: str | None = None
    dimension: str
    dimension_zh: str | None = None
    contribution: float
    explanation: str
    basis: str | None = Field(default=None, description="法律法规依据")
    evidence_nodes: list[str] = Field(default_factory=list)
    evidence_rels: list[str] = Field(default_factory=list)
    evidence_count: int = Field(default=0, description="证据节点与关系总数（画像中每类至多显示 10 条，证据包含全部）")


class ScorePoint(BaseModel):
    run_id: str
    started_at: str | None = None
    score: float
    grade: str
    grade_en: str
    previous_grade: str | None = None
    grade_changed: bool | None = None
    change_causes: str | None = None


class NetworkPart(BaseModel):
    probability: float | None = None
    contribution: float = Field(default=0.0, description="网络模型对指数的贡献（指数分）")
    via: list[dict[str, str | None]] = Field(default_factory=list, description="风险传导来源的关联方")


class PartyProfile(BaseModel):
    label: PartyLabel
    key: str
    name: str | None = None
    region_code: str | None = None
    regions: list[str] = Field(default_factory=list, description="主体涉及的区划")
    facts: dict[str, Any] = Field(description="登记与派生事实（个人标识按角色脱敏）")
    facts_zh: dict[str, str] = Field(description="事实字段的中文名")
    related: list[RelatedParty]
    related_truncated: bool
    score: float | None = None
    grade: str | None = None
    grade_en: str | None = None
    scoring_run_id: str | None = None
    dimensions: list[DimensionPart] = Field(default_factory=list)
    rule_run_id: str | None = None
    rule_hits: list[RuleHitPublic] = Field(default_factory=list)
    network: NetworkPart = Field(default_factory=NetworkPart)
    history: list[ScorePoint] = Field(default_factory=list, description="历次评分，最近在前")
    grade_changes: list[ScorePoint] = Field(default_factory=list, description="等级变化及原因")


def visible_party(store: GraphStore, viewer: Viewer, ref: NodeRef) -> tuple[dict[str, Any], str | None, list[str]]:
    """The party's properties, primary region and regions, or ``NotFound`` when it is absent or outside the
    jurisdiction (the same answer, so that nobody learns what exists elsewhere)."""
    if ref.label not in ("Enterprise", "Person"):
        raise NotFound(f"主体类型须为 Enterprise 或 Person (party type must be Enterprise or Person): {ref.label}")
    props = store.get_node(ref)
    regions: tuple[str | None, list[str]] | None = None
    if props is not None and ref.label == "Enterprise":  # an enterprise's region is its own
        own = props.get("region_code")
        regions = (own, [own] if own else [])
    elif props is not None:
        regions = party_regions(store, [ref]).get(ref)
    if props is None or regions is None or not viewer.sees(regions[1] or [regions[0]]):
        raise NotFound(f"主体不存在或不在您的辖区内 (party not found): {ref.label}:{ref.key}")
    return props, regions[0], regions[1]


def party_profile(store: GraphStore, viewer: Viewer, ref: NodeRef) -> PartyProfile:
    """Everything a regulator or investigator needs to judge one party (see the module docstring)."""
    schema = store.schema
    props, primary, regions = visible_party(store, viewer, ref)
    node = schema.node(ref.label)
    related, truncated = _related_parties(store, viewer, ref)
    profile = PartyProfile(
        label=ref.label,  # type: ignore[arg-type]
        key=ref.key,
        name=props.get("name"),
        region_code=primary,
        regions=regions,
        facts=mask_properties(schema, ref.label, props, viewer),
        facts_zh={k: node.properties[k].zh for k in props if k in node.properties},
        related=related,
        related_truncated=truncated,
    )
    history = store.read(HISTORY, {"key": ref.key, "label": ref.label, "n": HISTORY_LIMIT})
    profile.history = [_point(dict(r["w"]), r["started"]) for r in history]
    profile.grade_changes = [p for p in profile.history if p.grade_changed]
    if history:
        found = store.read(WARNING, {"id": history[0]["w"]["warning_id"]})
        latest = dict(found[0]["w"]) if found else dict(history[0]["w"])
        profile.score = float(latest["score"])
        profile.grade = str(latest["grade"])
        profile.grade_en = GRADE_EN.get(profile.grade)
        profile.scoring_run_id = str(latest["run_id"])
        profile.rule_run_id = history[0]["rule_run"]
        profile.dimensions = [
            DimensionPart(dimension=d, dimension_zh=zh, contribution=float(latest.get(f"c_{d}") or 0.0))
            for d, zh in FILTER_DIMENSIONS.items()
        ]
        profile.dimensions.sort(key=lambda p: -p.contribution)
        profile.network = NetworkPart(
            probability=latest.get("network_probability"),
            contribution=float(latest.get("c_network") or 0.0),
            via=_via(store, viewer, list(latest.get("network_via") or [])),
        )
    else:
        out = store.read(LATEST_RULE_RUN)
        profile.rule_run_id = str(out[0]["id"]) if out else None
    if profile.rule_run_id:
        pack = load_pack()
        params = {"run": profile.rule_run_id, "key": ref.key, "label": ref.label, "shown": EVIDENCE_SHOWN}
        for h in store.read(HITS, params):
            rule = pack.get(str(h["rule_id"]))
            profile.rule_hits.append(
                RuleHitPublic(
                    rule_id=str(h["rule_id"]),
                    rule_name=rule.name if rule else None,
                    dimension=str(h["dimension"]),
                    dimension_zh=FILTER_DIMENSIONS.get(str(h["dimension"])),
                    contribution=float(h["contribution"]),
                    explanation=str(h["explanation"]),
                    basis=(rule.basis or None) if rule else None,
                    evidence_nodes=[mask_ref(schema, r, viewer) for r in h.get("evidence_nodes") or []],
                    evidence_rels=list(h.get("evidence_rels") or []),
                    evidence_count=int(h.get("evidence_count") or 0),
                )
            )
    return profile


def _point(w: dict[str, Any], started: str | None) -> ScorePoint:
    return ScorePoint(
        run_id=str(w["run_id"]),
        started_at=started,
        score=float(w["score"]),
        grade=str(w["grade"]),
        grade_en=GRADE_EN.get(str(w["grade"]), "normal"),
        previous_grade=w.get("previous_grade"),
        grade_changed=w.get("grade_changed"),
        change_causes=w.get("change_causes"),
    )


def _related_parties(store: GraphStore, viewer: Viewer, ref: NodeRef) -> tuple[list[RelatedParty], bool]:
    schema = store.schema
    key = schema.node(ref.label).key
    out: list[RelatedParty] = []
    key_names = sorted({n.key for n in schema.nodes.values()})
    rows = store.read(
        _related(ref.label, key, key_names), {"key": ref.key, "skip": DERIVED_LABELS, "n": 2 * RELATED_LIMIT + 1}
    )
    truncated = len(rows) > 2 * RELATED_LIMIT
    for r in rows[: 2 * RELATED_LIMIT]:
        labels = list(r["labels"])
        label = next((lb for lb in labels if lb in schema.nodes), labels[0])
        rel = schema.relationships.get(str(r["type"]))
        node = schema.nodes.get(label)
        raw_key = str(r["mkey"]) if r["mkey"] is not None else ""
        out.append(
            RelatedParty(
                relationship=str(r["type"]),
                relationship_zh=rel.zh if rel else str(r["type"]),
                direction="out" if r["out"] else "in",
                label=label,
                label_zh=node.zh if node else label,
                key=mask_key(schema, label, raw_key, viewer),
                name=r["name"],
                region_code=r["region"],
                properties={k: v for k, v in dict(r["rprops"]).items() if k not in _PROVENANCE},
            )
        )
    return out, truncated


_PROVENANCE = {"source", "record_id", "ingested_at", "record_hash"}


def _via(store: GraphStore, viewer: Viewer, refs: list[str]) -> list[dict[str, str | None]]:
    """The network model's via parties with their names (one query per label; personal keys masked)."""
    parsed = [ref.partition(":")[::2] for ref in refs]
    names: dict[tuple[str, str], str | None] = {}
    for label in {lb for lb, _ in parsed if lb in ("Enterprise", "Person")}:
        keys = [k for lb, k in parsed if lb == label]
        query = NAMES.format(label=ident(label), key=ident(store.schema.node(label).key))
        names.update({(label, str(r["key"])): r["name"] for r in store.read(query, {"keys": keys})})
    return [
        {"label": label, "key": mask_key(store.schema, label, key, viewer), "name": names.get((label, key))}
        for label, key in parsed
    ]


class ProfileCache:
    """Serialised profiles kept for ``ttl_s`` seconds, per party and per masking (one per API process).

    A profile costs five store queries; the same party is often opened by several officials in a short time. An
    entry keeps the party's regions, so the jurisdiction check of a cached profile needs no query. A profile can be
    up to ``ttl_s`` old (``SMOKEINDEX_PROFILE_CACHE_S``; 0 turns the cache off).
    """

    def __init__(self, ttl_s: float, max_entries: int = 20_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: dict[tuple[int, str, str, bool], tuple[float, list[str], bytes]] = {}
        self._lock = threading.Lock()

    def json(self, store: GraphStore, viewer: Viewer, ref: NodeRef) -> bytes:
        """The profile as JSON bytes, from the cache when fresh; ``NotFound`` as ``party_profile`` raises it."""
        if self.ttl_s <= 0:
            return party_profile(store, viewer, ref).model_dump_json().encode()
        key = (id(store), ref.label, ref.key, viewer.unmasked)
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            if not viewer.sees(hit[1] or [None]):
                raise NotFound(f"主体不存在或不在您的辖区内 (party not found): {ref.label}:{ref.key}")
            return hit[2]
        profile = party_profile(store, viewer, ref)
        body = profile.model_dump_json().encode()
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[key] = (now + self.ttl_s, profile.regions, body)
        return body
