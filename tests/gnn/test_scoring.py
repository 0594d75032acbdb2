"""Scoring every party for the index: calibrated probabilities, riskiest first, explanations for the top ones."""

from __future__ import annotations

import numpy as np

from smokeindex.gnn.scoring import MIN_PROBABILITY, score_parties
from smokeindex.gnn.train import Trained, predict
from smokeindex.graph.base import NodeRef
from tests.gnn.synthetic import NODE, Synthetic


def test_every_party_above_the_floor_riskiest_first(synthetic: Synthetic, trained_camo: Trained) -> None:
    prob = predict(trained_camo, synthetic.graph)[NODE]
    calls: list[tuple[int, int]] = []
    scores = score_parties(trained_camo, synthetic.graph, explain=7, progress=lambda d, t: calls.append((d, t)))
    keys = synthetic.graph.keys[NODE]
    kept = {keys[i]: float(p) for i, p in enumerate(prob) if p >= MIN_PROBABILITY}
    assert {ref.key for ref in scores} == set(kept) and all(ref.label == NODE for ref in scores)
    for ref, s in scores.items():
        assert s.probability == kept[ref.key]
    ordered = [s.probability for s in scores.values()]
    assert ordered == sorted(ordered, reverse=True)
    values = list(scores.values())
    assert all(s.via for s in values[:7]) and not any(s.via for s in values[7:])
    assert calls == [(n, 7) for n in range(1, 8)]
    top = next(iter(scores))
    assert isinstance(top, NodeRef) and np.isclose(scores[top].probability, prob.max())
    for entry in values[0].via:
        assert entry["key"] != top.key and 0 < entry["weight"] <= 1


def test_no_explanations_when_none_are_asked_for(synthetic: Synthetic, trained_camo: Trained) -> None:
    scores = score_parties(trained_camo, synthetic.graph, explain=0)
    assert scores and not any(s.via for s in scores.values())
