"""The plain-PyTorch neighbour sampler: real edges only, seeds first, bounded fan-out, weighted row-normalised
adjacencies, reproducible draws and no state carried from one batch to the next."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from smokeindex.gnn.data import EdgeType, GraphData
from smokeindex.gnn.sampler import Batch, NeighbourSampler, full_adjacency
from tests.gnn.synthetic import hetero_graph


def random_graph(seed: int = 0) -> GraphData:
    """60 persons, 40 enterprises; enterprise 0 is a hub with 30 shareholders; distinct pairs; random weights."""
    rng = np.random.default_rng(seed)
    pairs = {(p, 0) for p in range(30)}
    while len(pairs) < 200:
        pairs.add((int(rng.integers(60)), int(rng.integers(1, 40))))
    holdings = [(p, e, float(rng.uniform(0.05, 1.0))) for p, e in sorted(pairs)]
    links = sorted({(int(a), int(b)) for a, b in rng.integers(0, 40, size=(60, 2)) if a != b})
    return hetero_graph(60, 40, holdings, links=links)


def edge_weights(graph: GraphData) -> dict[EdgeType, dict[tuple[int, int], float]]:
    """Per relationship type: (src, dst) -> summed weight."""
    out: dict[EdgeType, dict[tuple[int, int], float]] = {}
    for et, ei, w in graph.edges():
        d = out.setdefault(et, {})
        for s, t, v in zip(ei[0].tolist(), ei[1].tolist(), w.tolist(), strict=True):
            d[(s, t)] = d.get((s, t), 0.0) + v
    return out


def in_neighbours(graph: GraphData, et: EdgeType, node: int) -> set[int]:
    ei = graph.data[et].edge_index
    return set(ei[0][ei[1] == node].tolist())


def rows(batch: Batch, et: EdgeType) -> dict[int, dict[int, float]]:
    """Global destination -> {global source: value} of a batch's adjacency."""
    s, _, d = et
    a = batch.adj[et].coalesce()
    idx, val = a.indices(), a.values()
    out: dict[int, dict[int, float]] = {}
    for r, c, v in zip(idx[0].tolist(), idx[1].tolist(), val.tolist(), strict=True):
        out.setdefault(int(batch.nodes[d][r]), {})[int(batch.nodes[s][c])] = v
    return out


def seeds_of(graph: GraphData) -> dict[str, torch.Tensor]:
    return {"Enterprise": torch.tensor([0, 5, 7]), "Person": torch.tensor([3, 59])}


def test_sampled_edges_are_real_edges_and_seeds_come_first() -> None:
    graph = random_graph()
    real = edge_weights(graph)
    seeds = seeds_of(graph)
    batch = NeighbourSampler(graph, [4, 3]).sample(seeds, torch.Generator().manual_seed(0))
    assert batch.seeds == {"Enterprise": 3, "Person": 2}
    for t, ids in seeds.items():
        assert batch.nodes[t][: len(ids)].tolist() == ids.tolist()
    for ids in batch.nodes.values():
        assert len(set(ids.tolist())) == len(ids)  # every node once
    assert batch.adj, "nothing sampled"
    for et, a in batch.adj.items():
        s, _, d = et
        assert a.shape == (len(batch.nodes[d]), len(batch.nodes[s]))
        for dst, srcs in rows(batch, et).items():
            for src in srcs:
                assert (src, dst) in real[et], f"{et}: {src}->{dst} is not an edge"


def test_fanout_bounds_distinct_neighbours_per_destination_and_hop() -> None:
    graph = random_graph()
    seeds = seeds_of(graph)
    fanouts = [5, 2]
    batch = NeighbourSampler(graph, fanouts).sample(seeds, torch.Generator().manual_seed(1))
    seed_set = {t: set(v.tolist()) for t, v in seeds.items()}
    hop1: dict[str, set[int]] = {t: set() for t in batch.nodes}
    for et in batch.adj:
        s, _, d = et
        for dst, srcs in rows(batch, et).items():
            if dst in seed_set.get(d, set()):
                assert len(srcs) <= fanouts[0]
                hop1[s] |= set(srcs) - seed_set.get(s, set())
    for et in batch.adj:
        s, _, d = et
        for dst, srcs in rows(batch, et).items():
            if dst not in seed_set.get(d, set()):
                assert dst in hop1[d], "only seeds and first-hop nodes are expanded"
                assert len(srcs) <= fanouts[1]
    # the hub's 30 shareholders were cut down to the fan-out
    hub = rows(batch, ("Person", "SHAREHOLDER_OF", "Enterprise"))[0]
    assert 1 <= len(hub) <= fanouts[0] < len(in_neighbours(graph, ("Person", "SHAREHOLDER_OF", "Enterprise"), 0))


def test_all_neighbours_are_taken_when_the_degree_is_within_the_fanout() -> None:
    graph = random_graph()
    real = edge_weights(graph)
    seeds = {"Enterprise": torch.arange(1, 40), "Person": torch.arange(60)}
    batch = NeighbourSampler(graph, [12]).sample(seeds, torch.Generator().manual_seed(2))
    checked = 0
    for et in graph.edge_types:
        s, _, d = et
        got = rows(batch, et) if et in batch.adj else {}
        for node in seeds[d].tolist():
            full = in_neighbours(graph, et, node)
            if len(full) <= 12:
                assert set(got.get(node, {})) == full
                total = sum(real[et][(src, node)] for src in full)
                for src in full:  # and the row is the weighted mean over them
                    assert got[node][src] == pytest.approx(real[et][(src, node)] / total, rel=1e-5)
                checked += 1
    assert checked > 80


def test_rows_sum_to_one_or_zero() -> None:
    graph = random_graph()
    batch = NeighbourSampler(graph, [3, 3]).sample(seeds_of(graph), torch.Generator().manual_seed(3))
    for a in list(batch.adj.values()) + list(full_adjacency(graph).values()):
        sums = a.to_dense().sum(1)
        assert torch.all(((sums - 1).abs() < 1e-5) | (sums == 0)), sums
        assert torch.all(a.coalesce().values() > 0)


def test_a_heavier_edge_gets_a_larger_share() -> None:
    # enterprise 0: person 0 holds 90%, person 1 holds 10%; enterprise 1: one holder, 30%
    graph = hetero_graph(3, 2, [(0, 0, 0.9), (1, 0, 0.1), (2, 1, 0.3)])
    a = full_adjacency(graph)[("Person", "SHAREHOLDER_OF", "Enterprise")].to_dense()
    assert a.shape == (2, 3)
    assert a[0, 0].item() == pytest.approx(0.9) and a[0, 1].item() == pytest.approx(0.1) and a[0, 2].item() == 0
    assert a[1].tolist() == pytest.approx([0.0, 0.0, 1.0])
    back = full_adjacency(graph)[("Enterprise", "rev_SHAREHOLDER_OF", "Person")].to_dense()
    assert back.shape == (3, 2) and back.sum(1).tolist() == pytest.approx([1.0, 1.0, 1.0])
    batch = NeighbourSampler(graph, [5]).sample({"Enterprise": torch.tensor([0])}, torch.Generator().manual_seed(0))
    assert rows(batch, ("Person", "SHAREHOLDER_OF", "Enterprise"))[0] == pytest.approx({0: 0.9, 1: 0.1})


def test_draws_above_the_fanout_reach_every_neighbour() -> None:
    # above the fan-out, draws are uniform over edges with replacement; a neighbour drawn twice counts twice
    holdings = [(p, 0, 1.0) for p in range(20)]
    graph = hetero_graph(20, 1, holdings)
    counts = np.zeros(20)
    sampler = NeighbourSampler(graph, [4])
    gen = torch.Generator().manual_seed(0)
    for _ in range(500):
        got = rows(sampler.sample({"Enterprise": torch.tensor([0])}, gen), ("Person", "SHAREHOLDER_OF", "Enterprise"))
        assert sum(got[0].values()) == pytest.approx(1.0)
        for p in got[0]:
            counts[p] += 1
    assert counts.min() > 0.5 * counts.mean()  # every holder gets drawn, none far more often than the others


def test_same_generator_seed_same_batch_and_different_seed_different_batch() -> None:
    graph = random_graph()
    sampler = NeighbourSampler(graph, [3, 2])

    def draw(seed: int) -> dict[EdgeType, dict[int, dict[int, float]]]:
        batch = sampler.sample(seeds_of(graph), torch.Generator().manual_seed(seed))
        return {et: rows(batch, et) for et in batch.adj}

    assert draw(5) == draw(5)
    assert draw(5) != draw(6)
    fresh = NeighbourSampler(graph, [3, 2])
    again = fresh.sample(seeds_of(graph), torch.Generator().manual_seed(5))
    assert {et: rows(again, et) for et in again.adj} == draw(5)


def test_slots_are_reset_between_batches() -> None:
    graph = random_graph()
    sampler = NeighbourSampler(graph, [3, 3])
    other = {"Enterprise": torch.tensor([1, 2, 3, 0]), "Person": torch.tensor([0, 1])}
    first = sampler.sample(seeds_of(graph), torch.Generator().manual_seed(9))
    sampler.sample(other, torch.Generator().manual_seed(4))  # a different batch in between
    second = sampler.sample(seeds_of(graph), torch.Generator().manual_seed(9))
    for t in first.nodes:
        assert first.nodes[t].tolist() == second.nodes[t].tolist()
    for et in first.adj:
        assert torch.equal(first.adj[et].to_dense(), second.adj[et].to_dense())
    assert all(bool((slot == -1).all()) for slot in sampler._slot.values())


def test_seeds_of_one_type_reach_the_other_type() -> None:
    graph = random_graph()
    batch = NeighbourSampler(graph, [50]).sample({"Enterprise": torch.tensor([0])}, torch.Generator().manual_seed(0))
    assert batch.seeds == {"Enterprise": 1}
    assert set(batch.nodes["Person"].tolist()) == in_neighbours(graph, ("Person", "SHAREHOLDER_OF", "Enterprise"), 0)
