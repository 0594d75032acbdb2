"""One evaluation for every engine: the baselines, the network models and the fused index, on the same splits.

On a generated world the split keeps whole gangs together (a scheme is never half in training, half in test), and
the report gives AUROC, AUPRC and Rec@K overall and per typology (the typology's members against every negative),
plus the precision of the red and orange grades of the fused index. The fused engine is fitted on the validation
part only: on a world it is the 冒烟指数 itself (ten rule dimensions + the network model, monotone, see
``smokeindex.index.fusion``); on a graph without rules it fuses the network model with the neighbour-aggregate trees
the same monotone way (every network model plus the trees, weights fitted on validation).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from smokeindex.gnn.baselines import PageRankEngine, Predictions, RulesEngine, TreeEngine
from smokeindex.gnn.data import GraphData, Labels, Split
from smokeindex.gnn.metrics import precision_at_threshold, rank_scores
from smokeindex.gnn.split import grouped_split
from smokeindex.gnn.train import TrainConfig, Trained, ensemble, predict, train
from smokeindex.graph import GraphStore
from smokeindex.index.fusion import INPUTS, FusionModel, fit_hazard_weights, hazards
from smokeindex.rules.model import DIMENSIONS

Say = Callable[[str], None]
FUSION_L2 = 1e-3
FUSION_PRIOR = 0.0


class Engine(Protocol):
    name: str

    def fit_predict(self, graph: GraphData, labels: Labels, split: Split, seed: int) -> Predictions: ...


@dataclass
class GNNEngine:
    name: str
    config: TrainConfig
    trained: Trained | None = None

    def fit_predict(self, graph: GraphData, labels: Labels, split: Split, seed: int) -> Predictions:
        cfg = TrainConfig(**{**self.config.__dict__, "seed": seed})
        self.trained = train(graph, labels, split, cfg)
        return predict(self.trained, graph)


def default_engines(graph: GraphData, config: TrainConfig | None = None) -> list[Engine]:
    base = config or TrainConfig()
    engines: list[Engine] = []
    if any("rule_score" in graph.feature_names[t] for t in graph.targets):
        engines.append(RulesEngine())
    engines += [TreeEngine("gbt", 0), TreeEngine("gbt_graph", 2), PageRankEngine()]
    engines.append(GNNEngine("gnn_rsage", TrainConfig(**{**base.__dict__, "model": "rsage"})))
    engines.append(GNNEngine("gnn_camo", TrainConfig(**{**base.__dict__, "model": "camo"})))
    return engines


def world_labels(graph: GraphData, labels_csv: Path, store: GraphStore | None = None) -> Labels:
    """Ground truth of a generated world (``ground_truth/labels.csv``) aligned to the snapshot's nodes.

    Persons are keyed by a pseudonym in the graph; the store maps the generator's ID numbers to them.
    """
    rows = list(csv.DictReader(labels_csv.open(encoding="utf-8-sig", newline="")))
    person_key: dict[str, str] = {}
    if store is not None:
        for r in store.read("MATCH (p:Person) RETURN p.person_id AS k, p.id_number AS i"):
            if r["i"]:
                person_key[str(r["i"])] = str(r["k"])
    gangs: dict[str, int] = {}
    y, group, typ = {}, {}, {}
    for t in graph.targets:
        n = graph.num_nodes(t)
        y[t] = np.zeros(n, np.int8) if t == "Enterprise" else np.full(n, -1, np.int8)
        group[t] = np.full(n, -1, np.int64)
        typ[t] = np.full(n, "", dtype=object)
    index = {t: graph.index_of(t) for t in graph.targets}
    for r in rows:
        t = r["entity_type"]
        if t not in index:
            continue
        key = r["id"] if t == "Enterprise" or r["id"] in index[t] else person_key.get(r["id"], "")
        i = index[t].get(key)
        if i is None:
            continue
        y[t][i] = int(r["label"] or 0)
        if r.get("gang_id"):
            group[t][i] = gangs.setdefault(r["gang_id"], len(gangs))
        if y[t][i] == 1:
            typ[t][i] = r.get("typology") or "positive"
    return Labels(y, group, typ)


def best_network(preds: dict[str, Predictions], labels: Labels, split: Split, targets: tuple[str, ...]) -> str:
    """The network model with the best validation AUPRC (the test split is never looked at)."""
    best, name = -1.0, ""
    for engine, pred in preds.items():
        if not engine.startswith("gnn"):
            continue
        y = np.concatenate([labels.y[t][split.val[t]] for t in targets])
        s = np.concatenate([pred[t][split.val[t]] for t in targets])
        keep = y >= 0
        value = rank_scores(y[keep], s[keep]).auprc
        if value > best:
            best, name = value, engine
    if not name:
        raise ValueError("no network model among the engines")
    return name


@dataclass
class Fused:
    """The fused engine's scores (0–100 on a world: the 冒烟指数) and what it was fitted from."""

    scores: Predictions
    inputs: list[str]
    weights: list[float]
    fusion: FusionModel | None = None


def fuse(graph: GraphData, labels: Labels, split: Split, preds: dict[str, Predictions], network: str) -> Fused:
    has_rules = any("rule_score" in graph.feature_names[t] for t in graph.targets)
    if has_rules:
        names = list(INPUTS)

        def signals(t: str) -> np.ndarray:
            cols = [graph.feature_names[t].index(f"rule_{d}") for d in DIMENSIONS]
            return np.hstack([graph.x(t)[:, cols], preds[network][t].reshape(-1, 1)])
    else:
        names = [n for n in preds if n.startswith("gnn")] + [n for n in ("gbt_graph",) if n in preds]

        def signals(t: str) -> np.ndarray:
            return np.stack([preds[n][t] for n in names], axis=1)

    val_x = np.vstack([signals(t)[split.val[t]] for t in graph.targets])
    val_y = np.concatenate([labels.y[t][split.val[t]] for t in graph.targets])
    keep = val_y >= 0
    fusion = None
    if has_rules:
        # unbalanced likelihood, so the index reads as a probability (red = at least 80 % sure); the weights go
        # where the validation data says (a pull towards the noisy-OR, prior=1, keeps every dimension in the
        # decomposition but cost 0.3–0.6 AUPRC points on the 10k world)
        fusion = FusionModel.default().fit(val_x[keep], val_y[keep], balance=False, l2=FUSION_L2, prior=FUSION_PRIOR)
        w = fusion.w
    else:
        w, _b, _info = fit_hazard_weights(hazards(np.clip(val_x[keep], 0, 1)), val_y[keep], balance=False)
    scores = {t: 100.0 * -np.expm1(-(hazards(np.clip(signals(t), 0, 1)) @ w)) for t in graph.targets}
    return Fused(scores, names, [float(v) for v in w], fusion)


@dataclass
class EngineResult:
    engine: str
    overall: dict[str, float]
    per_typology: dict[str, dict[str, float]] = field(default_factory=dict)
    grades: dict[str, dict[str, float]] = field(default_factory=dict)
    seconds: float = 0.0


def _score_engine(
    name: str, pred: Predictions, labels: Labels, split: Split, target: str, seconds: float, index_scale: bool
) -> EngineResult:
    idx = split.test[target]
    idx = idx[labels.y[target][idx] >= 0]
    y, s = labels.y[target][idx], pred[target][idx]
    res = EngineResult(name, rank_scores(y, s).as_percent(), seconds=round(seconds, 2))
    typ = labels.typology[target][idx]
    for t in sorted({str(v) for v in typ if v}):
        mask = (y == 0) | (typ == t)
        res.per_typology[t] = rank_scores(y[mask], s[mask]).as_percent()
    if index_scale:
        for grade, cut in (("红 red", 80.0), ("橙 orange+", 60.0)):
            prec, n = precision_at_threshold(y, s, cut)
            res.grades[grade] = {"precision": round(100 * prec, 2) if n else float("nan"), "count": n}
    return res


@dataclass
class Evaluation:
    results: dict[str, list[EngineResult]]
    curves: dict[str, tuple[np.ndarray, np.ndarray]]  # first seed's test labels and scores per engine (for plots)
    fused: Fused
    target: str

    def summary(self) -> list[dict[str, Any]]:
        return summarise(self.results)


def _test_scores(pred: Predictions, labels: Labels, split: Split, target: str) -> tuple[np.ndarray, np.ndarray]:
    idx = split.test[target]
    idx = idx[labels.y[target][idx] >= 0]
    return labels.y[target][idx].astype(int), np.asarray(pred[target][idx], dtype=float)


def evaluate(
    graph: GraphData,
    labels: Labels,
    *,
    seeds: list[int],
    engines: list[Engine] | None = None,
    split: Split | None = None,
    target: str | None = None,
    say: Say | None = None,
) -> Evaluation:
    """Run every engine and the fused index on each seed's split; results per engine, one per seed."""
    note = say or (lambda _m: None)
    target = target or graph.targets[0]
    results: dict[str, list[EngineResult]] = {}
    curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    last_fusion: Fused | None = None
    if not seeds:
        raise ValueError("at least one seed is needed")
    engines_used = engines or default_engines(graph)
    for seed in seeds:
        sp = split or grouped_split(labels, seed)
        preds: dict[str, Predictions] = {}
        for engine in engines_used:
            t0 = time.perf_counter()
            preds[engine.name] = engine.fit_predict(graph, labels, sp, seed)
            r = _score_engine(engine.name, preds[engine.name], labels, sp, target, time.perf_counter() - t0, False)
            results.setdefault(engine.name, []).append(r)
            curves.setdefault(engine.name, _test_scores(preds[engine.name], labels, sp, target))
            note(f"seed {seed} {engine.name}: {r.overall}")
        members = [e.trained for e in engines_used if isinstance(e, GNNEngine) and e.trained is not None]
        if len(members) > 1:  # the deployed network model: the architectures together
            t0 = time.perf_counter()
            joined = ensemble(members, graph, labels, sp)
            preds["gnn_ensemble"] = predict(joined, graph)
            r = _score_engine(
                "gnn_ensemble", preds["gnn_ensemble"], labels, sp, target, time.perf_counter() - t0, False
            )
            results.setdefault("gnn_ensemble", []).append(r)
            curves.setdefault("gnn_ensemble", _test_scores(preds["gnn_ensemble"], labels, sp, target))
            note(f"seed {seed} gnn_ensemble: {r.overall}")
        network = "gnn_ensemble" if "gnn_ensemble" in preds else best_network(preds, labels, sp, graph.targets)
        t0 = time.perf_counter()
        fused = fuse(graph, labels, sp, preds, network)
        r = _score_engine("fused", fused.scores, labels, sp, target, time.perf_counter() - t0, "rules" in preds)
        results.setdefault("fused", []).append(r)
        curves.setdefault("fused", _test_scores(fused.scores, labels, sp, target))
        last_fusion = fused
        note(
            f"seed {seed} fused: {r.overall} weights {dict(zip(fused.inputs, (round(w, 3) for w in fused.weights), strict=True))}"
        )
    assert last_fusion is not None
    return Evaluation(results, curves, last_fusion, target)


def summarise(results: dict[str, list[EngineResult]]) -> list[dict[str, Any]]:
    """Mean and standard deviation over seeds, one row per engine (percentages)."""
    rows = []
    for engine, runs in results.items():
        row: dict[str, Any] = {"engine": engine, "repeats": len(runs)}
        for metric in ("auroc", "auprc", "rec_at_k"):
            vals = np.array([r.overall[metric] for r in runs], dtype=float)
            row[metric] = round(float(np.nanmean(vals)), 2)
            row[f"{metric}_std"] = round(float(np.nanstd(vals)), 2)
        typs = sorted({t for r in runs for t in r.per_typology})
        row["per_typology"] = {
            t: {
                m: round(float(np.nanmean([r.per_typology[t][m] for r in runs if t in r.per_typology])), 2)
                for m in ("auroc", "auprc", "rec_at_k")
            }
            for t in typs
        }
        grades = sorted({g for r in runs for g in r.grades})
        row["grades"] = {
            g: {
                "precision": round(float(np.nanmean([r.grades[g]["precision"] for r in runs if g in r.grades])), 2),
                "count": round(float(np.mean([r.grades[g]["count"] for r in runs if g in r.grades])), 1),
            }
            for g in grades
        }
        row["seconds"] = round(float(np.mean([r.seconds for r in runs])), 2)
        rows.append(row)
    return rows
