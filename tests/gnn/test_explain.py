"""Explanations: the related parties a high score came through, with their share and how they are related."""

from __future__ import annotations

import numpy as np
import pytest

from smokeindex.gnn.explain import Explainer
from smokeindex.gnn.train import Trained, predict, train
from tests.gnn.synthetic import NODE, Synthetic, small_config, two_type_world

TWO_HOPS = "二跳关联 (two hops)"


def confident_positives(synthetic: Synthetic, trained: Trained, count: int = 25) -> list[int]:
    prob = predict(trained, synthetic.graph)[NODE]
    y = synthetic.labels.y[NODE]
    found = [int(i) for i in synthetic.split.test[NODE] if y[i] == 1 and prob[i] > 0.7][:count]
    assert len(found) >= min(count, 15), "the model should be confident about some positives"
    return found


def test_entries_have_the_shape_the_index_shows(synthetic: Synthetic, trained_camo: Trained) -> None:
    explainer = Explainer(trained_camo, synthetic.graph)
    keys = set(synthetic.graph.keys[NODE])
    for i in confident_positives(synthetic, trained_camo, 10):
        entries = explainer.explain(NODE, i)
        assert 1 <= len(entries) <= 5
        weights = [e["weight"] for e in entries]
        assert all(0 < w <= 1 for w in weights)
        assert sum(weights) <= 1 + 1e-3
        assert weights == sorted(weights, reverse=True)
        me = synthetic.graph.keys[NODE][i]
        for e in entries:
            assert set(e) == {"label", "key", "name", "weight", "relationships"}
            assert e["label"] == NODE and e["key"] in keys and e["key"] != me and e["name"]
            j = synthetic.graph.index_of(NODE)[e["key"]]
            if j in synthetic.neighbours[i]:
                assert set(e["relationships"]) == {"edge"}
            else:
                assert e["relationships"] == [TWO_HOPS]
        assert len({e["key"] for e in entries}) == len(entries)


def test_a_positive_is_explained_by_its_neighbours_carrying_the_signal(
    synthetic: Synthetic, trained_camo: Trained
) -> None:
    explainer = Explainer(trained_camo, synthetic.graph)
    first_is_signal, share = [], []
    for i in confident_positives(synthetic, trained_camo):
        entries = explainer.explain(NODE, i)
        index = synthetic.graph.index_of(NODE)
        carriers = [
            index[e["key"]] in synthetic.neighbours[i] and synthetic.signal[index[e["key"]]] == 1 for e in entries
        ]
        first_is_signal.append(carriers[0])
        share.append(np.mean(carriers))
    assert np.mean(first_is_signal) >= 0.8
    assert np.mean(share) >= 0.6


def test_the_same_explanation_twice_and_top(synthetic: Synthetic, trained_camo: Trained) -> None:
    i = confident_positives(synthetic, trained_camo, 1)[0]
    explainer = Explainer(trained_camo, synthetic.graph)
    first = explainer.explain(NODE, i)
    assert explainer.explain(NODE, i) == first
    assert Explainer(trained_camo, synthetic.graph).explain(NODE, i) == first
    assert explainer.explain(NODE, i, top=2) == first[:2]


def test_relationships_are_named_once_per_type(synthetic: Synthetic, trained_camo: Trained) -> None:
    # an undirected edge is stored both ways in one relationship type; the party is still related by one "edge"
    explainer = Explainer(trained_camo, synthetic.graph)
    for i in confident_positives(synthetic, trained_camo, 10):
        for e in explainer.explain(NODE, i):
            assert len(e["relationships"]) == len(set(e["relationships"])), e


def test_an_enterprise_is_explained_by_its_shareholder() -> None:
    graph, labels, split = two_type_world(0)
    trained = train(graph, labels, split, small_config("camo", 0, epochs=15))
    prob = predict(trained, graph)["Enterprise"]
    explainer = Explainer(trained, graph)
    holders: dict[int, set[int]] = {}
    ei = graph.data["Person", "SHAREHOLDER_OF", "Enterprise"].edge_index
    for p, e in ei.t().tolist():
        holders.setdefault(e, set()).add(p)
    picked = [e for e in split.test["Enterprise"] if labels.y["Enterprise"][e] == 1 and prob[e] > 0.7][:15]
    assert len(picked) >= 10
    hits = 0
    for e in picked:
        top = explainer.explain("Enterprise", int(e))[0]
        if top["label"] == "Person" and int(top["key"][1:]) in holders[int(e)]:
            assert top["relationships"] == ["SHAREHOLDER_OF"]  # the direct relationship, not its reverse
            hits += 1
    assert hits >= 0.8 * len(picked)


@pytest.mark.parametrize("layers", [1, 3])
def test_fanouts_follow_the_number_of_layers(synthetic: Synthetic, layers: int) -> None:
    trained = train(
        synthetic.graph, synthetic.labels, synthetic.split, small_config("rsage", 0, layers=layers, epochs=2)
    )
    explainer = Explainer(trained, synthetic.graph)
    assert len(explainer.sampler.fanouts) == layers
    assert explainer.explain(NODE, 0) is not None
