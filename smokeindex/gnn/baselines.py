"""The engines the network model must beat, evaluated on the same splits:

- ``rules``: the rules-only score (noisy-OR of the rule hits), read from the snapshot's ``rule_score`` feature;
- ``gbt``: gradient-boosted trees on a party's own features (and its degrees per relationship type);
- ``gbt_graph``: the same plus the mean of its one- and two-hop neighbours' features (GADBench's "XGBGraph" idea);
- ``ppr``: label propagation by personalised PageRank from the known-bad and known-good training parties.

Every engine returns a score for every node of every scored type, so the fused index can be fitted on the
validation part and every party can be scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier

from smokeindex.gnn.data import GraphData, Labels, Split, structural_features

Predictions = dict[str, np.ndarray]


def own_features(graph: GraphData) -> dict[str, np.ndarray]:
    """A node's own features and its log-degree per relationship type."""
    struct = structural_features(graph)
    return {t: np.hstack([graph.x(t), struct[t]]).astype(np.float32) for t in graph.node_types}


def neighbour_features(graph: GraphData, hops: int = 2) -> dict[str, np.ndarray]:
    """Own features plus the mean over 1..hops-hop neighbours of every node's (type-blocked) features."""
    own = own_features(graph)
    homo = graph.homogeneous()
    widths = {t: own[t].shape[1] for t in graph.node_types}
    total = sum(widths.values()) + len(widths)
    common = np.zeros((homo.num_nodes, total), dtype=np.float32)
    col = 0
    for i, t in enumerate(graph.node_types):
        rows = homo.block(t, graph.num_nodes(t))
        common[rows, col : col + widths[t]] = own[t]
        common[rows, sum(widths.values()) + i] = 1.0  # type indicator
        col += widths[t]
    binary = homo.adj.copy()
    binary.data[:] = 1.0
    deg = np.asarray(binary.sum(axis=1)).ravel()
    mean = sp.diags(1.0 / np.maximum(deg, 1.0)) @ binary
    layers = []
    h = common
    for _ in range(hops):
        h = (mean @ h).astype(np.float32)
        layers.append(h)
    return {
        t: np.hstack([own[t], *(layer[homo.block(t, graph.num_nodes(t))] for layer in layers)]) for t in graph.targets
    }


def _gbt(seed: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=500,
        max_leaf_nodes=31,
        min_samples_leaf=10,
        l2_regularization=1.0,
        early_stopping=True,
        validation_fraction=0.15,
        n_iter_no_change=30,
        random_state=seed,
    )


def fit_trees(features: dict[str, np.ndarray], labels: Labels, split: Split, seed: int) -> Predictions:
    out: Predictions = {}
    for t, x in features.items():
        train = split.train[t]
        y = labels.y[t][train]
        if len(np.unique(y)) < 2:  # nothing to learn from for this type
            out[t] = np.zeros(len(x))
            continue
        model = _gbt(seed).fit(x[train], y)
        out[t] = model.predict_proba(x)[:, 1]
    return out


@dataclass
class TreeEngine:
    name: str
    hops: int  # 0: own features only
    _features: tuple[GraphData, dict[str, np.ndarray]] | None = field(default=None, repr=False, compare=False)

    def features(self, graph: GraphData) -> dict[str, np.ndarray]:
        """The engine's features for ``graph``, computed once and reused for every split of the same graph."""
        if self._features is None or self._features[0] is not graph:
            if self.hops:
                computed = neighbour_features(graph, self.hops)
            else:
                own = own_features(graph)
                computed = {t: own[t] for t in graph.targets}
            self._features = (graph, computed)
        return self._features[1]

    def fit_predict(self, graph: GraphData, labels: Labels, split: Split, seed: int) -> Predictions:
        return fit_trees(self.features(graph), labels, split, seed)


def personalised_pagerank(adj: sp.csr_matrix, seeds: np.ndarray, *, alpha: float = 0.15, iters: int = 30) -> np.ndarray:
    """PPR by power iteration over a column-stochastic walk; ``seeds`` is the restart distribution (sums to 1).
    A walker on a node without links restarts at the seeds, so the result stays a distribution."""
    deg = np.asarray(adj.sum(axis=0)).ravel()
    walk = adj @ sp.diags(1.0 / np.maximum(deg, 1e-12))
    dangling = deg <= 0
    p = seeds.copy()
    for _ in range(iters):
        p = (1 - alpha) * (walk @ p + p[dangling].sum() * seeds) + alpha * seeds
    return p


@dataclass
class PageRankEngine:
    """Label propagation: PPR mass from known-bad parties over PPR mass from all known parties (hubs cancel out)."""

    name: str = "ppr"

    def fit_predict(self, graph: GraphData, labels: Labels, split: Split, seed: int) -> Predictions:
        homo = graph.homogeneous()
        adj = homo.adj.copy()
        adj.data = np.log1p(adj.data) + 1.0  # heavy transfers count more, but not by orders of magnitude
        pos = np.zeros(homo.num_nodes)
        known = np.zeros(homo.num_nodes)
        for t in graph.targets:
            train = split.train[t]
            idx = train + homo.offsets[t]
            known[idx] = 1.0
            pos[idx] = labels.y[t][train] == 1
        if pos.sum() == 0:
            return {t: np.zeros(graph.num_nodes(t)) for t in graph.targets}
        prior = pos.sum() / known.sum()
        p_pos = personalised_pagerank(adj, pos / pos.sum()) * pos.sum()
        p_all = personalised_pagerank(adj, known / known.sum()) * known.sum()
        score = (p_pos + prior * 1e-3) / (p_all + 1e-3)  # smoothed towards the prior where little mass arrives
        return {t: score[homo.block(t, graph.num_nodes(t))] for t in graph.targets}


@dataclass
class RulesEngine:
    """The rules-only score, as the rule runner computed it (no training)."""

    name: str = "rules"
    feature: str = "rule_score"

    def fit_predict(self, graph: GraphData, labels: Labels, split: Split, seed: int) -> Predictions:
        out: Predictions = {}
        for t in graph.targets:
            names = graph.feature_names[t]
            out[t] = graph.x(t)[:, names.index(self.feature)] if self.feature in names else np.zeros(graph.num_nodes(t))
        return out
