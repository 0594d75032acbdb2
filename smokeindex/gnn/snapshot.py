"""Export the knowledge graph from either store into a ``GraphData`` in bulk, and cache it on disk by version.

One query per node type returns every node's key and its numeric, boolean, enum and list properties (taken from the
schema, so a new property becomes a feature without code); one query per relationship type and end-label pair returns
its edges (transfers are summed per account pair in the store). Enterprises and persons also get the rule-hit vector
of the latest rule run: the contribution of every rule, the ten dimension sub-scores and the rules-only score.
The snapshot id is a hash of the content, so the same graph gives the same id and a model names the data it saw.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch_geometric.data import HeteroData

from smokeindex.errors import NotFound
from smokeindex.gnn.data import GraphData, add_reverse_edges
from smokeindex.graph import GraphStore
from smokeindex.index.dimensions import latest_rule_run
from smokeindex.rules.model import DIMENSIONS, load_pack

TARGETS = ("Enterprise", "Person")
# bookkeeping and geography are not evidence of a scheme: regions are hubs that would join every party in a district
SKIP_LABELS = {"RuleHit", "RuleRun", "Warning", "ScoringRun", "Region"}
SKIP_RELS = {"HIT_ON", "IN_RUN", "WARNS", "IN_SCORING_RUN", "IN_REGION", "PART_OF"}
WEIGHTS = {"SHAREHOLDER_OF": "ratio", "CONTROLS": "ratio"}

Progress = Callable[[str], None]


def _signed_log(v: float) -> float:
    return math.copysign(math.log1p(abs(v)), v)


def _feature_plan(store: GraphStore, label: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(property, kind, enum values) for every property that can be a number."""
    plan = []
    for name, spec in store.schema.node(label).properties.items():
        if spec.provenance or spec.personal:
            continue
        if spec.type in ("integer", "number", "boolean", "string_list") or (spec.type == "enum" and spec.values):
            plan.append((name, spec.type, spec.values))
    return plan


def _encode(plan: list[tuple[str, str, tuple[str, ...]]], row: dict[str, Any]) -> list[float]:
    out: list[float] = []
    for name, kind, values in plan:
        v = row.get(name)
        if kind == "enum":
            out.extend(1.0 if v == value else 0.0 for value in values)
        elif kind == "boolean":
            out.append(1.0 if v else 0.0)
        elif kind == "string_list":
            out.append(float(len(v)) if isinstance(v, list) else 0.0)
        else:
            out.append(_signed_log(float(v)) if isinstance(v, int | float) and math.isfinite(v) else 0.0)
    return out


def _names(plan: list[tuple[str, str, tuple[str, ...]]]) -> list[str]:
    names: list[str] = []
    for name, kind, values in plan:
        names.extend([f"{name}={v}" for v in values] if kind == "enum" else [name])
    return names


def rule_vectors(store: GraphStore, run_id: str | None, rule_ids: list[str]) -> dict[tuple[str, str], np.ndarray]:
    """Per subject: contribution of each rule, the ten dimension sub-scores (noisy-OR) and the overall rules score."""
    if run_id is None:
        return {}
    col = {r: i for i, r in enumerate(rule_ids)}
    dim = {d: len(rule_ids) + i for i, d in enumerate(DIMENSIONS)}
    width = len(rule_ids) + len(DIMENSIONS) + 1
    out: dict[tuple[str, str], np.ndarray] = {}
    remaining: dict[tuple[str, str], np.ndarray] = {}
    rows = store.read(
        "MATCH (h:RuleHit) WHERE h.run_id = $run "
        "RETURN h.subject_label AS l, h.subject_key AS k, h.rule_id AS r, h.dimension AS d, h.contribution AS c",
        {"run": run_id},
    )
    for row in rows:
        key = (str(row["l"]), str(row["k"]))
        vec = out.setdefault(key, np.zeros(width, dtype=np.float32))
        rest = remaining.setdefault(key, np.ones(len(DIMENSIONS) + 1))
        c = float(row["c"] or 0.0)
        if row["r"] in col:
            vec[col[row["r"]]] = max(vec[col[row["r"]]], c)
        if row["d"] in dim:
            rest[dim[row["d"]] - len(rule_ids)] *= 1.0 - c
        rest[-1] *= 1.0 - c
    for key, rest in remaining.items():
        out[key][len(rule_ids) :] = 1.0 - rest
    return out


def export(store: GraphStore, *, rule_run: str | None = None, progress: Progress | None = None) -> GraphData:
    """Read the whole graph (minus bookkeeping) from ``store``; ``rule_run`` defaults to the latest run."""
    say = progress or (lambda _m: None)
    schema = store.schema
    run_id = rule_run or latest_rule_run(store)
    rule_ids = sorted(load_pack())
    rule_names = [f"hit_{r}" for r in rule_ids] + [f"rule_{d}" for d in DIMENSIONS] + ["rule_score"]
    vectors = rule_vectors(store, run_id, rule_ids)
    data = HeteroData()
    keys: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    labels = [label for label in sorted(schema.nodes) if label not in SKIP_LABELS]
    for label in labels:
        node = schema.node(label)
        plan = _feature_plan(store, label)
        props = ", ".join(f"n.{p} AS {p}" for p, _, _ in plan)
        query = f"MATCH (n:{label}) RETURN n.{node.key} AS __key" + (f", {props}" if props else "")
        rows = store.read(query)
        rows.sort(key=lambda r: str(r["__key"]))
        keys[label] = [str(r["__key"]) for r in rows]
        feats = np.asarray([_encode(plan, r) for r in rows], dtype=np.float32).reshape(len(rows), len(_names(plan)))
        names[label] = _names(plan)
        if label in TARGETS:
            empty = np.zeros(len(rule_names), dtype=np.float32)
            hits = np.asarray([vectors.get((label, k), empty) for k in keys[label]], dtype=np.float32)
            feats = np.hstack([feats, hits.reshape(len(rows), len(rule_names))])
            names[label] = names[label] + rule_names
        data[label].x = torch.from_numpy(feats)
        data[label].num_nodes = len(rows)
        say(f"{label}: {len(rows):,} 个节点")
    index = {label: {k: i for i, k in enumerate(ks)} for label, ks in keys.items()}
    for rel_type in sorted(schema.relationships):
        if rel_type in SKIP_RELS:
            continue
        rel = schema.relationship(rel_type)
        for a in rel.from_labels:
            for b in rel.to_labels:
                if a not in index or b not in index:
                    continue
                ka, kb = schema.node(a).key, schema.node(b).key
                if rel_type == "TRANSFERRED_TO":
                    query = (
                        f"MATCH (a:{a})-[r:{rel_type}]->(b:{b}) "
                        f"RETURN a.{ka} AS s, b.{kb} AS d, sum(coalesce(r.amount, 0)) AS w"
                    )
                elif rel_type in WEIGHTS:
                    query = f"MATCH (a:{a})-[r:{rel_type}]->(b:{b}) RETURN a.{ka} AS s, b.{kb} AS d, r.{WEIGHTS[rel_type]} AS w"
                else:
                    query = f"MATCH (a:{a})-[r:{rel_type}]->(b:{b}) RETURN a.{ka} AS s, b.{kb} AS d, 1.0 AS w"
                rows = store.read(query)
                if not rows:
                    continue
                rows.sort(key=lambda r: (str(r["s"]), str(r["d"])))
                src = [index[a][str(r["s"])] for r in rows]
                dst = [index[b][str(r["d"])] for r in rows]
                raw = np.asarray([float(r["w"]) if r["w"] is not None else 1.0 for r in rows])
                if rel_type == "TRANSFERRED_TO":  # amounts span orders of magnitude: weigh by their logarithm
                    weight = 1.0 + np.log1p(np.maximum(raw, 0.0) / 10_000.0)
                else:
                    weight = np.clip(raw, 0.01, None)
                et = (a, rel_type, b)
                data[et].edge_index = torch.tensor([src, dst], dtype=torch.long)
                data[et].edge_weight = torch.from_numpy(weight.astype(np.float32))
                say(f"{a}-[{rel_type}]->{b}: {len(rows):,} 条关系")
    add_reverse_edges(data)
    graph = GraphData(data, keys, names, TARGETS)
    graph.snapshot_id = content_id(graph)
    graph.meta.update(
        {
            "rule_run": run_id,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "store": type(store).__name__,
        }
    )
    return graph


def content_id(graph: GraphData) -> str:
    h = hashlib.sha256()
    for t in sorted(graph.node_types):
        h.update(t.encode())
        h.update("\x1f".join(graph.keys[t]).encode())
        h.update("\x1f".join(graph.feature_names[t]).encode())
        h.update(graph.data[t].x.numpy().tobytes())
    for et in sorted(graph.edge_types):
        h.update("/".join(et).encode())
        h.update(graph.data[et].edge_index.numpy().tobytes())
        h.update(graph.data[et].edge_weight.numpy().tobytes())
    return h.hexdigest()[:16]


def save(graph: GraphData, directory: Path) -> Path:
    """Write ``<directory>/<snapshot id>/`` (graph.pt + meta.json); an existing snapshot of the same id is kept."""
    target = directory / graph.snapshot_id
    if (target / "meta.json").is_file():
        return target
    tmp = directory / f".{graph.snapshot_id}.partial"
    tmp.mkdir(parents=True, exist_ok=True)
    torch.save({"data": graph.data, "keys": graph.keys, "feature_names": graph.feature_names}, tmp / "graph.pt")
    meta = {"snapshot_id": graph.snapshot_id, "targets": list(graph.targets), **graph.meta}
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.rename(target)
    return target


def load(directory: Path, snapshot_id: str | None = None) -> GraphData:
    """Load a cached snapshot by id (default: the most recently written one)."""
    if snapshot_id is None:
        metas = sorted(directory.glob("*/meta.json"), key=lambda p: p.stat().st_mtime)
        if not metas:
            raise NotFound(f"{directory} 下没有图快照 (no snapshot); 先运行 smokeindex gnn snapshot")
        snapshot_id = metas[-1].parent.name
    path = directory / snapshot_id
    if not (path / "meta.json").is_file():
        raise NotFound(f"图快照 {snapshot_id} 不存在 (snapshot not found in {directory})")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    blob = torch.load(path / "graph.pt", weights_only=False)
    graph = GraphData(blob["data"], blob["keys"], blob["feature_names"], tuple(meta.pop("targets")), snapshot_id, meta)
    meta.pop("snapshot_id", None)
    return graph
