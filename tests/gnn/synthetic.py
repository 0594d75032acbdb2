"""Hand-made graphs for the network-model tests (no store involved)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch_geometric.data import HeteroData

from smokeindex.gnn.data import GraphData, Labels, Split, add_reverse_edges
from smokeindex.gnn.split import grouped_split
from smokeindex.gnn.train import TrainConfig

NODE = "node"
EDGE = (NODE, "edge", NODE)
SMALL = {"hidden": 16, "epochs": 30, "patience": 10, "fanouts": [10, 5], "batch_size": 128}


def small_config(model: str = "camo", seed: int = 0, **over: object) -> TrainConfig:
    """A network model small enough for a test: trains on the 600-node synthetic graph in well under a second."""
    return TrainConfig(model=model, seed=seed, **{**SMALL, **over})  # type: ignore[arg-type]


@dataclass
class Synthetic:
    graph: GraphData
    labels: Labels
    split: Split
    signal: np.ndarray  # the feature f per node: what a node's label is read from, in its neighbours
    neighbours: list[list[int]]


def neighbour_signal_graph(
    n: int = 600, k: int = 4, noise: int = 3, seed: int = 0
) -> tuple[GraphData, Labels, np.ndarray, list[list[int]]]:
    """A random graph (every node links to ``k`` random others, undirected) where a node is positive iff most of its
    neighbours have the binary feature ``f`` = 1 (a tie is a coin flip). A node's own features (its own ``f`` and
    ``noise`` Gaussian columns) say nothing about its label, and by symmetry neither does its degree."""
    rng = np.random.default_rng(seed)
    src = np.repeat(np.arange(n), k)
    dst = rng.integers(0, n - 1, size=n * k)
    dst = dst + (dst >= src)  # no self-loops
    pairs = np.array(sorted({(min(a, b), max(a, b)) for a, b in zip(src.tolist(), dst.tolist(), strict=True)}))
    f = rng.integers(0, 2, n)
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for a, b in pairs.tolist():
        neighbours[a].append(b)
        neighbours[b].append(a)
    y = np.zeros(n, np.int8)
    for i in range(n):
        share = f[neighbours[i]].mean()
        y[i] = 1 if share > 0.5 else 0 if share < 0.5 else rng.integers(0, 2)
    x = np.column_stack([f, rng.normal(size=(n, noise))]).astype(np.float32)
    data = HeteroData()
    data[NODE].x = torch.from_numpy(x)
    data[NODE].num_nodes = n
    both = np.concatenate([pairs, pairs[:, ::-1]])
    data[EDGE].edge_index = torch.from_numpy(np.ascontiguousarray(both.T)).long()
    data[EDGE].edge_weight = torch.ones(both.shape[0])
    names = ["f", *(f"noise{j}" for j in range(noise))]
    graph = GraphData(data, {NODE: [f"n{i}" for i in range(n)]}, {NODE: names}, (NODE,))
    labels = Labels({NODE: y}, {NODE: np.full(n, -1, np.int64)}, {NODE: np.where(y == 1, "positive", "")})
    return graph, labels, f, neighbours


def hetero_graph(
    people: int,
    firms: int,
    holdings: list[tuple[int, int, float]],
    *,
    links: list[tuple[int, int]] = (),  # type: ignore[assignment]
    targets: tuple[str, ...] = ("Enterprise", "Person"),
) -> GraphData:
    """Persons holding shares of enterprises (weighted by ratio), enterprises linked to enterprises, both directions.
    Features: person i has [i], enterprise j has [j, 2j] so a test can tell rows apart."""
    data = HeteroData()
    data["Person"].x = torch.arange(people, dtype=torch.float32).reshape(-1, 1)
    data["Person"].num_nodes = people
    data["Enterprise"].x = torch.tensor([[j, 2 * j] for j in range(firms)], dtype=torch.float32).reshape(firms, 2)
    data["Enterprise"].num_nodes = firms
    hold = data["Person", "SHAREHOLDER_OF", "Enterprise"]
    hold.edge_index = torch.tensor([[p for p, _, _ in holdings], [e for _, e, _ in holdings]], dtype=torch.long)
    hold.edge_weight = torch.tensor([w for _, _, w in holdings], dtype=torch.float32)
    if links:
        link = data["Enterprise", "LINKED", "Enterprise"]
        link.edge_index = torch.tensor([[a for a, _ in links], [b for _, b in links]], dtype=torch.long)
        link.edge_weight = torch.ones(len(links))
    add_reverse_edges(data)
    keys = {"Person": [f"P{i}" for i in range(people)], "Enterprise": [f"E{j}" for j in range(firms)]}
    return GraphData(data, keys, {"Person": ["i"], "Enterprise": ["j", "2j"]}, targets)


def plain_graph(
    n: int, edges: list[tuple[int, int]], x: np.ndarray | None = None, *, weights: list[float] | None = None
) -> GraphData:
    """One node type ``node`` and undirected edges stored both ways, as ``read_labelled_graph`` builds them."""
    feats = np.arange(n, dtype=np.float32).reshape(n, 1) if x is None else np.asarray(x, dtype=np.float32)
    data = HeteroData()
    data[NODE].x = torch.from_numpy(feats)
    data[NODE].num_nodes = n
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    w = np.ones(len(e)) if weights is None else np.asarray(weights)
    data[EDGE].edge_index = torch.from_numpy(np.ascontiguousarray(np.concatenate([e, e[:, ::-1]]).T)).long()
    data[EDGE].edge_weight = torch.from_numpy(np.concatenate([w, w]).astype(np.float32))
    names = [f"f{j}" for j in range(feats.shape[1])]
    return GraphData(data, {NODE: [str(i) for i in range(n)]}, {NODE: names}, (NODE,))


def node_labels(y: np.ndarray) -> Labels:
    y = np.asarray(y, dtype=np.int8)
    return Labels({NODE: y}, {NODE: np.full(len(y), -1, np.int64)}, {NODE: np.where(y == 1, "positive", "")})


def two_type_world(seed: int = 0) -> tuple[GraphData, Labels, Split]:
    """Persons and enterprises; an enterprise is bad iff its main holder has feature 1; persons are labelled too."""
    rng = np.random.default_rng(seed)
    people, firms = 200, 300
    holdings = [(int(rng.integers(people)), e, float(rng.uniform(0.1, 1.0))) for e in range(firms)]
    holdings += [(int(rng.integers(people)), int(rng.integers(firms)), 0.05) for _ in range(100)]
    graph = hetero_graph(people, firms, holdings)
    flag = rng.integers(0, 2, people)
    graph.data["Person"].x = torch.from_numpy(np.column_stack([flag, rng.normal(size=people)]).astype(np.float32))
    graph.feature_names["Person"] = ["flag", "noise"]
    y_firm = np.array([flag[p] for p, _, _ in holdings[:firms]], dtype=np.int8)
    y_person = np.where(rng.random(people) < 0.3, -1, flag).astype(np.int8)
    y = {"Enterprise": y_firm, "Person": y_person}
    labels = Labels(
        y, {t: np.full(len(v), -1, np.int64) for t, v in y.items()}, {t: np.full(len(v), "") for t, v in y.items()}
    )
    return graph, labels, grouped_split(labels, seed)
