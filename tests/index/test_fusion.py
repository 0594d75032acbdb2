"""The fusion model: monotone in every input, zero without signal, exact decomposition, noisy-OR by default, and a fit
that recovers useful weights. Property-style checks over seeded random inputs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from smokeindex.errors import ValidationFailed
from smokeindex.index.fusion import INPUT_ZH, INPUTS, MAX_SIGNAL, FusionModel, hazards
from smokeindex.rules.model import DIMENSIONS

K = len(INPUTS)


def _random_model(rng: np.random.Generator) -> FusionModel:
    w = rng.exponential(1.0, K) * (rng.random(K) > 0.2)  # some weights exactly 0
    return FusionModel(dict(zip(INPUTS, w.tolist(), strict=True)))


def _inputs(rng: np.random.Generator, n: int) -> np.ndarray:
    X = rng.random((n, K)) * (rng.random((n, K)) > 0.5)  # sparse, like real parties
    X[rng.random((n, K)) > 0.97] = 1.0  # and some certain signals
    return X


def test_inputs_are_the_ten_dimensions_and_the_network() -> None:
    assert INPUTS[:10] == tuple(DIMENSIONS) and INPUTS[10] == "network" and K == 11
    assert INPUT_ZH["illegal"] == "违法风险" and INPUT_ZH["network"] == "网络模型风险"


def test_default_is_the_noisy_or() -> None:
    rng = np.random.default_rng(1)
    X = _inputs(rng, 500) * MAX_SIGNAL  # below the cap the default is the noisy-OR exactly
    expected = 100 * (1 - np.prod(1 - X, axis=1))
    assert FusionModel.default().index(X) == pytest.approx(expected, abs=1e-9)
    assert FusionModel.default().index(np.zeros(K)).tolist() == [0.0]


@pytest.mark.parametrize("seed", range(5))
def test_index_is_monotone_in_every_input_and_zero_without_signal(seed: int) -> None:
    rng = np.random.default_rng(seed)
    model = _random_model(rng)
    X = _inputs(rng, 300)
    base = model.index(X)
    assert np.all(base >= 0) and np.all(base <= 100)
    assert model.index(np.zeros((3, K))).tolist() == [0.0, 0.0, 0.0]
    for i in range(K):
        raised = X.copy()
        raised[:, i] = np.minimum(1.0, raised[:, i] + rng.random(len(X)) * (1 - raised[:, i]))
        after = model.index(raised)
        assert np.all(after >= base - 1e-12), INPUTS[i]
        if model.weights[INPUTS[i]] > 0:  # strictly, where the input moved below the cap
            moved = (raised[:, i] > X[:, i] + 1e-6) & (X[:, i] < MAX_SIGNAL - 1e-3) & (base < 99.9)
            assert np.all(after[moved] > base[moved]), INPUTS[i]


@pytest.mark.parametrize("seed", range(5))
def test_decomposition_sums_exactly_to_the_index(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    model = _random_model(rng)
    X = _inputs(rng, 200)
    index = model.index(X)
    contributions = model.contributions(X)
    assert contributions.shape == (200, K) and np.all(contributions >= 0)
    assert contributions.sum(axis=1) == pytest.approx(index, abs=1e-9)
    for row, value in zip(X[:20], index[:20], strict=True):
        parts = model.decompose(row)
        assert list(parts) == list(INPUTS)
        assert sum(parts.values()) == pytest.approx(value, abs=1e-9)
        # an input that does not fire, or has weight 0, contributes nothing
        for name, x in zip(INPUTS, row, strict=True):
            if x == 0 or model.weights[name] == 0:
                assert parts[name] == 0.0
    assert model.decompose(np.zeros(K)) == dict.fromkeys(INPUTS, 0.0)


def test_decompose_takes_named_signals() -> None:
    model = FusionModel.default()
    parts = model.decompose({"publicity": 0.5, "network": 0.5})
    # two equal hazards share the index equally: 100·(1 − 0.25) = 75
    assert parts["publicity"] == pytest.approx(37.5) and parts["network"] == pytest.approx(37.5)
    with pytest.raises(ValidationFailed, match="未知的融合输入"):
        model.decompose({"publicty": 0.5})


def test_bad_inputs_and_weights_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="0–1"):
        FusionModel.default().index(np.full(K, 1.5))
    with pytest.raises(ValidationFailed, match="0–1"):
        FusionModel.default().index(np.full(K, np.nan))
    with pytest.raises(ValidationFailed, match="矩阵"):
        FusionModel.default().index(np.zeros((2, 3)))
    with pytest.raises(ValidationFailed, match="非负"):
        FusionModel({**dict.fromkeys(INPUTS, 1.0), "debt": -0.1})
    with pytest.raises(ValidationFailed, match="缺少"):
        FusionModel({"debt": 1.0})
    assert hazards([0.0, 1.0])[1] == pytest.approx(-np.log(1 - MAX_SIGNAL))


def test_round_trip_through_json(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    model = _random_model(rng)
    model.intercept = 0.25
    again = FusionModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.weights == model.weights and again.intercept == 0.25
    path = tmp_path / "fusion.json"
    model.save(path)
    X = _inputs(rng, 50)
    assert FusionModel.load(path).index(X) == pytest.approx(model.index(X))
    with pytest.raises(ValidationFailed, match="weights"):
        FusionModel.from_dict({"format": "smokeindex.fusion/v1"})
    with pytest.raises(ValidationFailed, match="不是融合模型"):
        FusionModel.from_dict({"format": "other", "weights": {}})


def _auc(scores: np.ndarray, y: np.ndarray) -> float:
    pos, neg = scores[y == 1], scores[y == 0]
    return float(
        ((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()) / (len(pos) * len(neg))
    )


def test_fit_ranks_a_separable_set_and_finds_the_informative_inputs() -> None:
    rng = np.random.default_rng(42)
    n = 3000
    y = (rng.random(n) < 0.1).astype(float)
    informative = [INPUTS.index("publicity"), INPUTS.index("business"), INPUTS.index("network")]
    noise = [i for i in range(K) if i not in informative]
    X = np.zeros((n, K))
    # negatives: weak informative signals, but noise inputs that often fire strongly
    X[:, informative] = 0.3 * rng.random((n, 3))
    X[:, noise] = (rng.random((n, len(noise))) < 0.3) * (0.5 + 0.45 * rng.random((n, len(noise))))
    # positives: strong informative signals (separable on them alone), little noise
    pos = y == 1
    X[np.ix_(pos, informative)] = 0.5 + 0.4 * rng.random((int(pos.sum()), 3))
    X[np.ix_(pos, noise)] *= rng.random((int(pos.sum()), len(noise))) < 0.1
    assert _auc(FusionModel.default().index(X), y) < 0.99  # the noisy-OR is fooled by the noise
    model = FusionModel.default().fit(X, y)
    assert model.fitted["converged"] and model.fitted["positives"] == int(y.sum())
    assert all(w >= 0 for w in model.weights.values()) and model.intercept >= 0
    assert _auc(model.index(X), y) > 0.999
    assert min(model.w[informative]) > 5 * max(model.w[noise]), model.weights


def test_fit_recovers_the_weights_that_generated_the_labels() -> None:
    rng = np.random.default_rng(3)
    n = 40_000
    true = np.array([2.0, 0.0, 0.5, 1.0, 0.0, 1.5, 3.0, 0.0, 1.0, 0.5, 2.0])
    X = rng.random((n, K)) * (rng.random((n, K)) < 0.3)
    p = 1 - np.exp(-(0.05 + hazards(X) @ true))
    y = (rng.random(n) < p).astype(float)
    model = FusionModel.default().fit(X, y, balance=False, l2=1e-6)
    assert np.abs(model.w - true).max() < 0.25, model.weights
    assert model.intercept == pytest.approx(0.05, abs=0.02)


def test_fit_refuses_one_class_and_bad_labels() -> None:
    X = np.random.default_rng(0).random((10, K))
    with pytest.raises(ValidationFailed, match="正例与负例"):
        FusionModel.default().fit(X, np.zeros(10))
    with pytest.raises(ValidationFailed, match="0/1"):
        FusionModel.default().fit(X, np.full(10, 0.5))
