"""Training: a network model learns what lies only in the neighbours, reproducibly, and scores every party with a
calibrated probability."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from smokeindex.gnn.baselines import TreeEngine
from smokeindex.gnn.data import Labels, Split
from smokeindex.gnn.metrics import rank_scores
from smokeindex.gnn.sampler import full_adjacency
from smokeindex.gnn.split import grouped_split
from smokeindex.gnn.train import Trained, inputs, logits, predict, train
from tests.gnn.synthetic import NODE, Synthetic, hetero_graph, neighbour_signal_graph, small_config, two_type_world


def auroc(labels: Labels, split: Split, pred: np.ndarray) -> float:
    test = split.test[NODE]
    return rank_scores(labels.y[NODE][test], pred[test]).auroc


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_network_models_learn_what_own_features_cannot_show(seed: int) -> None:
    graph, labels, _, _ = neighbour_signal_graph(seed=seed + 10)
    split = grouped_split(labels, seed)
    trees = auroc(labels, split, TreeEngine("gbt", 0).fit_predict(graph, labels, split, seed)[NODE])
    assert trees < 0.62, f"own features should be near chance, got {trees:.3f}"
    for model in ("camo", "rsage"):
        trained = train(graph, labels, split, small_config(model, seed))
        gnn = auroc(labels, split, predict(trained, graph)[NODE])
        assert gnn > 0.8 and gnn - trees > 0.2, f"{model}: {gnn:.3f} vs trees {trees:.3f}"


@pytest.mark.parametrize("model", ["camo", "rsage"])
def test_same_seed_same_model_on_the_cpu(synthetic: Synthetic, model: str) -> None:
    config = small_config(model, 3, epochs=4)
    a = train(synthetic.graph, synthetic.labels, synthetic.split, config)
    b = train(synthetic.graph, synthetic.labels, synthetic.split, config)
    assert a.history == b.history and a.best_epoch == b.best_epoch and a.calibration == b.calibration
    for (name, p), (_, q) in zip(a.model.state_dict().items(), b.model.state_dict().items(), strict=True):
        assert torch.equal(p, q), name
    np.testing.assert_array_equal(predict(a, synthetic.graph)[NODE], predict(b, synthetic.graph)[NODE])
    c = train(synthetic.graph, synthetic.labels, synthetic.split, small_config(model, 4, epochs=4))
    assert not np.array_equal(predict(a, synthetic.graph)[NODE], predict(c, synthetic.graph)[NODE])


def test_predictions_are_calibrated_probabilities(synthetic: Synthetic, trained_camo: Trained) -> None:
    prob = predict(trained_camo, synthetic.graph)
    assert set(prob) == {NODE}
    p = prob[NODE]
    assert p.shape == (synthetic.graph.num_nodes(NODE),)
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    # Platt scaling is fitted on the validation part: there the mean probability matches the share of positives
    val = synthetic.split.val[NODE]
    assert p[val].mean() == pytest.approx(synthetic.labels.y[NODE][val].mean(), abs=0.02)
    # and a confident score means something: the top decile is mostly positive, the bottom decile mostly negative
    test = synthetic.split.test[NODE]
    order = test[np.argsort(p[test])]
    y = synthetic.labels.y[NODE]
    tenth = len(order) // 10
    assert y[order[-tenth:]].mean() > 0.8 and y[order[:tenth]].mean() < 0.2


def test_history_best_epoch_and_early_stopping(synthetic: Synthetic) -> None:
    seen: list[tuple[int, int, float]] = []
    config = small_config("rsage", 0, epochs=40, patience=3)
    trained = train(
        synthetic.graph,
        synthetic.labels,
        synthetic.split,
        config,
        progress=lambda e, total, r: seen.append((e, total, r["val_auprc"])),
    )
    history = trained.history
    assert [h["epoch"] for h in history] == list(range(1, len(history) + 1))
    assert seen == [(h["epoch"], 40, h["val_auprc"]) for h in history]
    assert all(h["loss"] > 0 and 0 <= h["val_auprc"] <= 1 for h in history)
    best = max(h["val_auprc"] for h in history)
    assert trained.val_auprc == pytest.approx(best, abs=1e-4)
    assert history[trained.best_epoch - 1]["val_auprc"] == trained.val_auprc
    assert len(history) == 40 or len(history) == trained.best_epoch + config.patience  # stopped after `patience`
    assert trained.describe()["config"]["model"] == "rsage" and trained.seconds > 0


def test_the_best_epoch_weights_are_kept(synthetic: Synthetic) -> None:
    trained = train(synthetic.graph, synthetic.labels, synthetic.split, small_config("camo", 1, epochs=12, patience=2))
    raw = logits(trained.model, inputs(synthetic.graph), full_adjacency(synthetic.graph), torch.device("cpu"))[NODE]
    val = synthetic.split.val[NODE]
    again = rank_scores(synthetic.labels.y[NODE][val], raw[val]).auprc
    assert again == pytest.approx(trained.val_auprc, abs=1e-6)  # the model left behind is the best epoch's


def test_every_node_of_every_target_type_gets_a_probability() -> None:
    graph, labels, split = two_type_world()
    trained = train(graph, labels, split, small_config("camo", 0, epochs=15))
    prob = predict(trained, graph)
    assert set(prob) == {"Enterprise", "Person"}
    for t in ("Enterprise", "Person"):
        assert prob[t].shape == (graph.num_nodes(t),)
        assert np.all(np.isfinite(prob[t])) and np.all((prob[t] >= 0) & (prob[t] <= 1))
        assert set(trained.calibration) == {"Enterprise", "Person"}
    test = split.test["Enterprise"]
    assert rank_scores(labels.y["Enterprise"][test], prob["Enterprise"][test]).auroc > 0.75


@pytest.mark.parametrize("model", ["camo", "rsage"])
def test_a_node_type_with_a_single_node_does_not_poison_the_scores(model: str) -> None:
    # a knowledge graph can hold one node of a kind (one shared phone, one product): its feature spread is undefined
    rng = np.random.default_rng(0)
    n = 60
    graph = hetero_graph(1, n, [(0, e, 1.0) for e in range(0, n, 3)], targets=("Enterprise",))
    graph.data["Enterprise"].x = torch.from_numpy(rng.normal(size=(n, 2)).astype(np.float32))
    y = (np.arange(n) % 2).astype(np.int8)
    labels = Labels({"Enterprise": y}, {"Enterprise": np.full(n, -1, np.int64)}, {"Enterprise": np.full(n, "")})
    split = grouped_split(labels, 0)
    trained = train(graph, labels, split, small_config(model, 0, epochs=2))
    prob = predict(trained, graph)["Enterprise"]
    assert np.all(np.isfinite(prob)), "NaN scores"


@pytest.mark.parametrize("model", ["camo", "rsage"])
def test_full_batch_training_learns_and_is_reproducible(synthetic: Synthetic, model: str) -> None:
    config = small_config(model, 0, full_batch=True, epochs=40, lr=0.02)
    a = train(synthetic.graph, synthetic.labels, synthetic.split, config)
    b = train(synthetic.graph, synthetic.labels, synthetic.split, config)
    pa, pb = predict(a, synthetic.graph)[NODE], predict(b, synthetic.graph)[NODE]
    np.testing.assert_array_equal(pa, pb)
    assert auroc(synthetic.labels, synthetic.split, pa) > 0.8
