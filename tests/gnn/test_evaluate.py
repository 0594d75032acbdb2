"""One evaluation for every engine and the fused index, and the report written from it."""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import torch

from smokeindex.gnn.baselines import PageRankEngine, RulesEngine, TreeEngine
from smokeindex.gnn.data import GraphData, Labels, Split
from smokeindex.gnn.evaluate import Evaluation, GNNEngine, best_network, default_engines, evaluate, summarise
from smokeindex.gnn.metrics import precision_at_threshold, rank_scores
from smokeindex.gnn.report import write_report
from smokeindex.gnn.snapshot import DIMENSIONS
from smokeindex.gnn.split import grouped_split
from smokeindex.gnn.train import TrainConfig
from smokeindex.index.fusion import INPUTS
from tests.gnn.synthetic import NODE, SMALL, Synthetic, plain_graph, small_config

METRICS = ("auroc", "auprc", "rec_at_k")


def cheap_engines() -> list:  # type: ignore[type-arg]
    return [
        TreeEngine("gbt_graph", 2),
        PageRankEngine(),
        GNNEngine("gnn_camo", small_config("camo")),
    ]


@pytest.fixture(scope="module")
def evaluation(synthetic: Synthetic) -> Evaluation:
    return evaluate(synthetic.graph, synthetic.labels, seeds=[0, 1], engines=cheap_engines())


def test_results_per_engine_and_fused(evaluation: Evaluation, synthetic: Synthetic) -> None:
    assert list(evaluation.results) == ["gbt_graph", "ppr", "gnn_camo", "fused"]
    assert evaluation.target == NODE
    for engine, runs in evaluation.results.items():
        assert len(runs) == 2 and all(r.engine == engine for r in runs)
        for r in runs:
            assert set(r.overall) == set(METRICS)
            assert all(0 <= r.overall[m] <= 100 for m in METRICS), r.overall
            assert r.seconds >= 0
    # the graph engines see the neighbours' signal, and the fused index keeps it
    for engine in ("gbt_graph", "gnn_camo", "fused"):
        assert all(r.overall["auroc"] > 80 for r in evaluation.results[engine])
    # the first seed's test scores, as the report plots them, give the same numbers
    split = grouped_split(synthetic.labels, 0)
    for engine, (y, s) in evaluation.curves.items():
        assert len(y) == len(s) == len(split.test[NODE])
        np.testing.assert_array_equal(y, synthetic.labels.y[NODE][split.test[NODE]])
        got = rank_scores(y, s).as_percent()
        assert got == evaluation.results[engine][0].overall
    assert evaluation.fused.inputs == ["gnn_camo", "gbt_graph"] and evaluation.fused.fusion is None
    assert all(w >= 0 for w in evaluation.fused.weights)
    assert all(np.all((v >= 0) & (v <= 100)) for v in evaluation.fused.scores.values())


def test_summarise_gives_mean_and_std(evaluation: Evaluation) -> None:
    rows = summarise(evaluation.results)
    assert [r["engine"] for r in rows] == list(evaluation.results)
    for row in rows:
        runs = evaluation.results[row["engine"]]
        assert row["repeats"] == 2
        for m in METRICS:
            values = [r.overall[m] for r in runs]
            assert row[m] == pytest.approx(np.mean(values), abs=0.006)
            assert row[f"{m}_std"] == pytest.approx(np.std(values), abs=0.006)
        assert set(row["per_typology"]) == {"positive"}
    assert evaluation.summary() == rows


def test_write_report(tmp_path: Path, evaluation: Evaluation) -> None:
    out = tmp_path / "report"
    path = write_report(evaluation, out, title="合成图评估 test report", context={"graph": "synthetic", "repeats": 2})
    assert path == out / "report.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 合成图评估 test report")
    assert "- graph: synthetic" in text
    for engine in evaluation.results:
        assert f"| {engine} |" in text
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["context"] == {"graph": "synthetic", "repeats": 2}
    assert metrics["engines"] == json.loads(json.dumps(evaluation.summary()))
    for png in ("pr_curves.png", "score_distribution.png", "typology_recall.png"):
        data = (out / png).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
        assert f"![{png}]({png})" in text


def test_a_fixed_split_is_used_as_given(synthetic: Synthetic) -> None:
    y = synthetic.labels.y[NODE]
    split = Split({NODE: np.arange(0, 300)}, {NODE: np.arange(300, 400)}, {NODE: np.arange(400, 600)})
    result = evaluate(synthetic.graph, synthetic.labels, seeds=[5], engines=cheap_engines(), split=split)
    ys, _ = result.curves["ppr"]
    np.testing.assert_array_equal(ys, y[400:])


def test_at_least_one_seed(synthetic: Synthetic) -> None:
    with pytest.raises(ValueError):
        evaluate(synthetic.graph, synthetic.labels, seeds=[], engines=cheap_engines())


def test_any_engines_with_a_network_model_can_be_evaluated(synthetic: Synthetic) -> None:
    # own-feature trees, label propagation and one network model: no "gbt_graph" among them
    engines = [TreeEngine("gbt", 0), PageRankEngine(), GNNEngine("gnn_camo", small_config("camo", epochs=5))]
    result = evaluate(synthetic.graph, synthetic.labels, seeds=[0], engines=engines)
    assert list(result.results) == ["gbt", "ppr", "gnn_camo", "fused"]


@dataclass
class Fixed:
    """A hand-written engine: returns the scores it was given."""

    name: str
    scores: np.ndarray

    def fit_predict(self, graph: GraphData, labels: Labels, split: Split, seed: int) -> dict[str, np.ndarray]:
        return {NODE: self.scores}


def test_per_typology_scores_set_each_typology_against_every_negative(synthetic: Synthetic) -> None:
    y = synthetic.labels.y[NODE]
    positives = np.flatnonzero(y == 1)
    typology = np.full(len(y), "", dtype=object)
    typology[positives[::2]] = "fundraising"
    typology[positives[1::2]] = "pyramid"
    labels = Labels(synthetic.labels.y, synthetic.labels.group, {NODE: typology})
    oracle = (typology == "fundraising").astype(float)  # finds every fundraising scheme, no pyramid scheme
    result = evaluate(
        synthetic.graph, labels, seeds=[0], engines=[Fixed("gnn_oracle", oracle), Fixed("gbt_graph", oracle)]
    )
    run = result.results["gnn_oracle"][0]
    assert set(run.per_typology) == {"fundraising", "pyramid"}
    assert run.per_typology["fundraising"]["auroc"] == 100.0
    assert run.per_typology["pyramid"]["auroc"] == 50.0  # tied with every negative
    test = grouped_split(labels, 0).test[NODE]
    found, missed = (int(np.sum(typology[test] == t)) for t in ("fundraising", "pyramid"))
    assert run.overall["auroc"] == pytest.approx(100 * (found + 0.5 * missed) / (found + missed), abs=0.01)


def test_best_network_is_chosen_on_validation() -> None:
    y = np.array([0, 1, 0, 1, 0, 1])
    labels = Labels({NODE: y}, {NODE: np.full(6, -1)}, {NODE: np.full(6, "")})
    split = Split({NODE: np.array([0, 1])}, {NODE: np.array([2, 3, 4, 5])}, {NODE: np.array([0, 1])})
    good = {NODE: np.array([0, 0, 0.1, 0.9, 0.2, 0.8])}
    bad = {NODE: np.array([1, 1, 0.9, 0.1, 0.8, 0.2])}
    preds = {"gnn_a": bad, "gnn_b": good, "gbt_graph": good}
    assert best_network(preds, labels, split, (NODE,)) == "gnn_b"
    with pytest.raises(ValueError, match="no network model"):
        best_network({"gbt_graph": good}, labels, split, (NODE,))


def rule_world(synthetic: Synthetic) -> GraphData:
    """The synthetic graph with the ten rule sub-scores and the rules score as features, as a world's snapshot has."""
    rng = np.random.default_rng(0)
    y = synthetic.labels.y[NODE]
    n = len(y)
    dims = np.clip(rng.beta(1, 6, size=(n, len(DIMENSIONS))) + 0.3 * y[:, None] * rng.random((n, 1)), 0, 1)
    score = 1 - np.prod(1 - dims, axis=1)
    graph = copy.copy(synthetic.graph)
    graph.data = copy.copy(synthetic.graph.data)
    x = np.hstack([synthetic.graph.x(NODE), dims, score[:, None]]).astype(np.float32)
    graph.data[NODE].x = torch.from_numpy(x)
    names = [*synthetic.graph.feature_names[NODE], *(f"rule_{d}" for d in DIMENSIONS), "rule_score"]
    graph.feature_names = {NODE: names}
    return graph


def test_with_rules_the_fused_engine_is_the_smoke_index(synthetic: Synthetic) -> None:
    graph = rule_world(synthetic)
    assert [e.name for e in default_engines(graph)][0] == "rules"
    engines = [RulesEngine(), GNNEngine("gnn_camo", small_config("camo", epochs=8))]
    result = evaluate(graph, synthetic.labels, seeds=[0], engines=engines)
    assert result.fused.inputs == list(INPUTS) and result.fused.fusion is not None
    assert result.fused.fusion.weights == dict(zip(INPUTS, result.fused.weights, strict=True))
    fused = result.results["fused"][0]
    assert set(fused.grades) == {"红 red", "橙 orange+"}
    y, s = result.curves["fused"]
    for grade, cut in (("红 red", 80.0), ("橙 orange+", 60.0)):
        precision, count = precision_at_threshold(y, s, cut)
        assert fused.grades[grade]["count"] == count
        if count:
            assert fused.grades[grade]["precision"] == round(100 * precision, 2)
        else:
            assert math.isnan(fused.grades[grade]["precision"])
    assert result.results["rules"][0].grades == {}  # grades are the index's, not every engine's


def test_default_engines_follow_the_config() -> None:
    config = TrainConfig(**{**SMALL, "epochs": 7})  # type: ignore[arg-type]
    engines = default_engines(plain_graph(3, [(0, 1)]), config)
    assert [e.name for e in engines] == ["gbt", "gbt_graph", "ppr", "gnn_rsage", "gnn_camo"]
    assert [e.config.model for e in engines[3:]] == ["rsage", "camo"]  # type: ignore[attr-defined]
    assert all(e.config.epochs == 7 and e.config.hidden == SMALL["hidden"] for e in engines[3:])  # type: ignore[attr-defined]
