"""The graph the network engines learn from: a PyG ``HeteroData`` plus the node keys, feature names and labels.

One container serves both worlds: the knowledge graph exported from a store (many node and relationship types, scored
types ``Enterprise`` and ``Person``) and any labelled graph given as CSV (one node type ``node``). Every relationship is
present in both directions (``rev_<TYPE>``) so risk can flow either way; ``edge_weight`` holds a positive weight per edge
(shareholding ratio, transferred amount, …; 1 where a relationship has none).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import torch
from torch_geometric.data import HeteroData

EdgeType = tuple[str, str, str]


@dataclass
class Labels:
    """Ground truth for the scored node types: ``y`` is 1 / 0 / -1 (unknown); ``group`` keeps a planted gang together
    when splitting (-1: no group); ``typology`` names the scheme of a positive ('' otherwise)."""

    y: dict[str, np.ndarray]
    group: dict[str, np.ndarray]
    typology: dict[str, np.ndarray]


@dataclass
class Split:
    """Node indices per scored type for training, model selection and the held-out test."""

    train: dict[str, np.ndarray]
    val: dict[str, np.ndarray]
    test: dict[str, np.ndarray]


@dataclass
class GraphData:
    data: HeteroData
    keys: dict[str, list[str]]
    feature_names: dict[str, list[str]]
    targets: tuple[str, ...]
    snapshot_id: str = ""
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def node_types(self) -> list[str]:
        return list(self.data.node_types)

    @property
    def edge_types(self) -> list[EdgeType]:
        return list(self.data.edge_types)

    def num_nodes(self, node_type: str) -> int:
        return int(self.data[node_type].num_nodes)

    def x(self, node_type: str) -> np.ndarray:
        return self.data[node_type].x.numpy()

    def index_of(self, node_type: str) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.keys[node_type])}

    def edges(self) -> Iterator[tuple[EdgeType, torch.Tensor, torch.Tensor]]:
        for et in self.data.edge_types:
            store = self.data[et]
            weight = store.get("edge_weight")
            if weight is None:
                weight = torch.ones(store.edge_index.size(1))
            yield et, store.edge_index, weight

    def homogeneous(self) -> Homogeneous:
        """All node types in one index space (type blocks in ``node_types`` order) with a symmetric adjacency."""
        offsets: dict[str, int] = {}
        total = 0
        for t in self.node_types:
            offsets[t] = total
            total += self.num_nodes(t)
        rows, cols, weights = [], [], []
        for (s, _, d), ei, weight in self.edges():
            rows.append(ei[1].numpy() + offsets[d])
            cols.append(ei[0].numpy() + offsets[s])
            weights.append(weight.numpy().astype(np.float64))
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        w = np.concatenate(weights) if weights else np.zeros(0)
        adj = sp.csr_matrix((w, (r, c)), shape=(total, total))
        adj.sum_duplicates()
        return Homogeneous(offsets, total, adj)


@dataclass
class Homogeneous:
    offsets: dict[str, int]
    num_nodes: int
    adj: sp.csr_matrix  # adj[i, j] = weight of edges from j into i (both directions present)

    def block(self, node_type: str, n: int) -> slice:
        return slice(self.offsets[node_type], self.offsets[node_type] + n)


def add_reverse_edges(data: HeteroData) -> HeteroData:
    """Give every relationship type a reverse type ``rev_<name>`` (weights copied), in place."""
    for s, rel, d in list(data.edge_types):
        if rel.startswith("rev_"):
            continue
        store = data[(s, rel, d)]
        rev = data[(d, f"rev_{rel}", s)]
        rev.edge_index = store.edge_index.flip(0)
        if store.get("edge_weight") is not None:
            rev.edge_weight = store.edge_weight.clone()
    return data


def structural_features(graph: GraphData) -> dict[str, np.ndarray]:
    """Per node type, log(1 + degree) for each relationship type arriving at it: how connected a party is, by kind."""
    out: dict[str, list[np.ndarray]] = {t: [] for t in graph.node_types}
    names: dict[str, list[str]] = {t: [] for t in graph.node_types}
    for (_, rel, d), ei, _w in graph.edges():
        deg = np.bincount(ei[1].numpy(), minlength=graph.num_nodes(d)).astype(np.float32)
        out[d].append(np.log1p(deg))
        names[d].append(f"deg_{rel}")
    result = {}
    for t in graph.node_types:
        cols = out[t]
        result[t] = np.stack(cols, axis=1) if cols else np.zeros((graph.num_nodes(t), 0), np.float32)
        graph.meta.setdefault("structural_names", {})[t] = names[t]  # type: ignore[index]
    return result
