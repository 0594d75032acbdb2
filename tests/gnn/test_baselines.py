"""The engines the network model must beat: neighbour-aggregate features, personalised PageRank, label propagation,
the rules-only score and gradient-boosted trees."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from smokeindex.gnn.baselines import (
    PageRankEngine,
    RulesEngine,
    TreeEngine,
    fit_trees,
    neighbour_features,
    own_features,
    personalised_pagerank,
)
from smokeindex.gnn.data import GraphData, Split
from smokeindex.gnn.metrics import rank_scores
from tests.gnn.synthetic import NODE, hetero_graph, node_labels, plain_graph


def mean_rows(rows: list[list[float]], neighbours: list[list[int]]) -> list[list[float]]:
    return [[sum(rows[j][c] for j in nb) / len(nb) for c in range(len(rows[0]))] for nb in neighbours]


def test_own_features_are_the_features_plus_log_degree_per_relationship() -> None:
    graph = plain_graph(4, [(0, 1), (0, 2), (2, 3)], np.array([[1, 10], [2, 20], [3, 30], [4, 40]]))
    own = own_features(graph)[NODE]
    degree = [2, 1, 2, 1]
    assert own.shape == (4, 3)
    np.testing.assert_allclose(own[:, :2], [[1, 10], [2, 20], [3, 30], [4, 40]])
    np.testing.assert_allclose(own[:, 2], [math.log1p(d) for d in degree], rtol=1e-6)


def test_one_hop_and_two_hop_means_on_a_tiny_graph() -> None:
    x = [[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]]
    graph = plain_graph(4, [(0, 1), (0, 2), (2, 3)], np.array(x))
    neighbours = [[1, 2], [0], [0, 3], [2]]
    common = [[*x[i], math.log1p(len(neighbours[i])), 1.0] for i in range(4)]  # features, log-degree, type flag
    hop1 = mean_rows(common, neighbours)
    hop2 = mean_rows(hop1, neighbours)
    out = neighbour_features(graph, hops=2)
    assert list(out) == [NODE]
    width = len(common[0])  # 4
    assert out[NODE].shape == (4, 3 + 2 * width)  # own features and degree, then each hop's means
    np.testing.assert_allclose(out[NODE][:, :3], [row[:3] for row in common], rtol=1e-6)  # own features first
    np.testing.assert_allclose(out[NODE][:, 3 : 3 + width], hop1, rtol=1e-6)
    np.testing.assert_allclose(out[NODE][:, 3 + width :], hop2, rtol=1e-6)
    one = neighbour_features(graph, hops=1)[NODE]
    assert one.shape == (4, 3 + width)
    np.testing.assert_allclose(one[:, 3:], hop1, rtol=1e-6)


def test_neighbour_means_count_each_neighbour_once_whatever_the_weight() -> None:
    x = np.array([[1.0], [5.0], [9.0]])
    light = neighbour_features(plain_graph(3, [(0, 1), (0, 2)], x), hops=1)[NODE]
    heavy = neighbour_features(plain_graph(3, [(0, 1), (0, 2)], x, weights=[100.0, 1.0]), hops=1)[NODE]
    np.testing.assert_allclose(light, heavy)
    assert light[0, 2] == pytest.approx(7.0)  # node 0: mean of 5 and 9 (columns: f, log-degree, hop-1 f ...)


def test_neighbour_features_across_node_types() -> None:
    # persons 0, 1, 2 hold enterprise 0; person 2 also holds enterprise 1
    graph = hetero_graph(3, 2, [(0, 0, 0.5), (1, 0, 0.25), (2, 0, 0.25), (2, 1, 1.0)])
    out = neighbour_features(graph, hops=1)
    assert set(out) == {"Enterprise", "Person"}
    own = own_features(graph)
    total = sum(v.shape[1] for v in own.values()) + 2  # type-blocked features and a flag per type
    for t, v in out.items():
        assert v.shape == (graph.num_nodes(t), own[t].shape[1] + total)
        np.testing.assert_allclose(v[:, : own[t].shape[1]], own[t])
    # blocks in node-type order: Person [i, log-degree], Enterprise [j, 2j, log-degree], flags [Person, Enterprise]
    assert graph.node_types == ["Person", "Enterprise"]
    person = [[float(i), math.log1p(d), 0, 0, 0, 1, 0] for i, d in enumerate([1, 1, 2])]
    enterprise = [[0, 0, float(j), 2.0 * j, math.log1p(d), 0, 1] for j, d in enumerate([3, 1])]
    rows = person + enterprise  # homogeneous order: persons, then enterprises
    e_neighbours = [[0, 1, 2], [2]]  # holders of each enterprise (persons are rows 0-2)
    p_neighbours = [[3], [3], [3, 4]]  # enterprises each person holds (enterprises are rows 3-4)
    e_own, p_own = own["Enterprise"].shape[1], own["Person"].shape[1]
    np.testing.assert_allclose(out["Enterprise"][:, e_own:], mean_rows(rows, e_neighbours), rtol=1e-6)
    np.testing.assert_allclose(out["Person"][:, p_own:], mean_rows(rows, p_neighbours), rtol=1e-6)


def path_adjacency(n: int) -> sp.csr_matrix:
    a = sp.lil_matrix((n, n))
    for i in range(n - 1):
        a[i, i + 1] = a[i + 1, i] = 1.0
    return a.tocsr()


def test_personalised_pagerank_keeps_the_mass_and_decays_with_distance() -> None:
    adj = path_adjacency(10)
    seeds = np.zeros(10)
    seeds[0] = 1.0
    p = personalised_pagerank(adj, seeds)
    assert p.sum() == pytest.approx(1.0, abs=1e-6)
    assert np.all(p > 0)
    assert all(p[i] > p[i + 2] for i in range(8))  # along a path the walk favours the seed's side
    assert p[0] > p[3] > p[6] > p[9]
    two = np.zeros(10)
    two[[0, 9]] = 0.5
    q = personalised_pagerank(adj, two)
    assert q.sum() == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(q, q[::-1], atol=1e-12)  # symmetric seeds on a symmetric graph
    assert q[0] > q[4] and q[9] > q[5]


def test_personalised_pagerank_is_the_fixed_point() -> None:
    rng = np.random.default_rng(0)
    a = sp.random(30, 30, density=0.2, random_state=1, format="csr")
    a = (a + a.T).tocsr()
    a.setdiag(0)
    a.eliminate_zeros()
    a = a + sp.eye(30, k=1) + sp.eye(30, k=-1)  # connected, no dangling node
    seeds = rng.random(30)
    seeds /= seeds.sum()
    p = personalised_pagerank(a.tocsr(), seeds, alpha=0.2, iters=300)
    deg = np.asarray(a.sum(axis=0)).ravel()
    walk = a.toarray() / deg  # column-stochastic
    np.testing.assert_allclose(p, 0.8 * walk @ p + 0.2 * seeds, atol=1e-9)
    assert p.sum() == pytest.approx(1.0)


def two_communities() -> tuple[GraphData, np.ndarray]:
    rng = np.random.default_rng(0)
    edges = set()
    for base in (0, 30):  # two dense communities of 30 nodes, one bridge between them
        for _ in range(120):
            a, b = rng.integers(base, base + 30, size=2)
            if a != b:
                edges.add((int(min(a, b)), int(max(a, b))))
        edges |= {(base + i, base + i + 1) for i in range(29)}
    edges.add((29, 30))
    y = np.array([1] * 30 + [0] * 30)
    return plain_graph(60, sorted(edges)), y


def test_pagerank_engine_ranks_the_neighbours_of_known_bad_parties_higher() -> None:
    graph, y = two_communities()
    labels = node_labels(y)
    train = np.array([i for i in range(60) if i % 3 == 0])
    test = np.array([i for i in range(60) if i % 3 != 0])
    split = Split({NODE: train}, {NODE: np.zeros(0, np.int64)}, {NODE: test})
    score = PageRankEngine().fit_predict(graph, labels, split, 0)[NODE]
    assert score.shape == (60,)
    assert rank_scores(y[test], score[test]).auroc > 0.95
    # only the training labels count: with every known positive hidden, nothing is propagated
    hidden = node_labels(np.where(np.isin(np.arange(60), train), 0, y))
    assert np.all(PageRankEngine().fit_predict(graph, hidden, split, 0)[NODE] == 0)


def test_pagerank_engine_decays_along_a_path() -> None:
    graph = plain_graph(12, [(i, i + 1) for i in range(11)])
    labels = node_labels(np.array([1] + [0] * 11))
    split = Split({NODE: np.array([0, 11])}, {NODE: np.zeros(0, np.int64)}, {NODE: np.arange(1, 11)})
    score = PageRankEngine().fit_predict(graph, labels, split, 0)[NODE]
    assert score[1] > score[3] > score[6] > score[10]


def test_rules_engine_reads_the_rule_score_column() -> None:
    graph = plain_graph(3, [(0, 1)], np.array([[5.0, 0.1], [6.0, 0.9], [7.0, 0.0]]))
    graph.feature_names[NODE] = ["other", "rule_score"]
    labels = node_labels(np.array([0, 1, 0]))
    split = Split({NODE: np.array([0, 1])}, {NODE: np.array([2])}, {NODE: np.array([2])})
    np.testing.assert_allclose(RulesEngine().fit_predict(graph, labels, split, 0)[NODE], [0.1, 0.9, 0.0])
    graph.feature_names[NODE] = ["other", "something_else"]
    assert RulesEngine().fit_predict(graph, labels, split, 0)[NODE].tolist() == [0.0, 0.0, 0.0]


def test_trees_learn_from_own_features_and_score_every_node() -> None:
    rng = np.random.default_rng(0)
    n = 400
    x = rng.normal(size=(n, 3))
    y = (x[:, 1] > 0.5).astype(int)
    graph = plain_graph(n, [(i, (i + 1) % n) for i in range(n)], x)
    labels = node_labels(y)
    idx = rng.permutation(n)
    split = Split({NODE: idx[:200]}, {NODE: idx[200:250]}, {NODE: idx[250:]})
    pred = TreeEngine("gbt", 0).fit_predict(graph, labels, split, 0)[NODE]
    assert pred.shape == (n,) and np.all((pred >= 0) & (pred <= 1))
    assert rank_scores(y[idx[250:]], pred[idx[250:]]).auroc > 0.95


def test_trees_with_one_class_in_training_give_zeros() -> None:
    features = {NODE: np.arange(10, dtype=np.float32).reshape(10, 1)}
    labels = node_labels(np.array([0] * 8 + [1] * 2))
    split = Split({NODE: np.arange(8)}, {NODE: np.array([8])}, {NODE: np.array([9])})
    assert fit_trees(features, labels, split, 0)[NODE].tolist() == [0.0] * 10


def test_neighbour_trees_see_what_own_feature_trees_cannot(synthetic) -> None:  # type: ignore[no-untyped-def]
    test = synthetic.split.test[NODE]
    y = synthetic.labels.y[NODE][test]
    own = TreeEngine("gbt", 0).fit_predict(synthetic.graph, synthetic.labels, synthetic.split, 0)[NODE]
    graph = TreeEngine("gbt_graph", 2).fit_predict(synthetic.graph, synthetic.labels, synthetic.split, 0)[NODE]
    assert rank_scores(y, own[test]).auroc < 0.62
    assert rank_scores(y, graph[test]).auroc > 0.8
