"""Neighbour sampling for mini-batch training, in plain PyTorch.

PyG's ``NeighborLoader`` needs ``pyg-lib`` or ``torch-sparse``, neither of which is on PyPI for current PyTorch, so the
sampler lives here: per relationship type a CSR index by destination, and for each hop up to ``fanout`` neighbours
per frontier node (all of them when it has fewer; otherwise drawn with replacement), vectorised over
the whole frontier. A batch holds the sampled nodes (global ids, seeds first) and one row-normalised sparse adjacency
per relationship type, so memory is bounded by batch size × fanouts, not by the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from smokeindex.gnn.data import EdgeType, GraphData


@dataclass
class Batch:
    nodes: dict[str, torch.Tensor]  # global ids per type, in local order (seeds first)
    seeds: dict[str, int]  # number of seed nodes per type at the front of ``nodes``
    adj: dict[EdgeType, torch.Tensor]  # sparse (n_dst_local × n_src_local), rows sum to 1


class CSR:
    def __init__(self, edge_index: torch.Tensor, weight: torch.Tensor, num_dst: int) -> None:
        order = torch.argsort(edge_index[1], stable=True)
        self.col = edge_index[0][order].contiguous()
        self.weight = weight[order].float().contiguous()
        counts = torch.bincount(edge_index[1], minlength=num_dst)
        self.rowptr = torch.zeros(num_dst + 1, dtype=torch.long)
        self.rowptr[1:] = torch.cumsum(counts, 0)


def normalised_adjacency(dst: torch.Tensor, src: torch.Tensor, w: torch.Tensor, n_dst: int, n_src: int) -> torch.Tensor:
    """Sparse COO adjacency with each destination's weights summing to 1 (a weighted mean over neighbours)."""
    total = torch.zeros(n_dst).index_add_(0, dst, w)
    values = w / total.clamp_min(1e-12)[dst]
    return torch.sparse_coo_tensor(torch.stack([dst, src]), values, (n_dst, n_src)).coalesce()


class NeighbourSampler:
    def __init__(self, graph: GraphData, fanouts: list[int]) -> None:
        self.fanouts = fanouts
        self.sizes = {t: graph.num_nodes(t) for t in graph.node_types}
        self.csr: dict[EdgeType, CSR] = {}
        for et, ei, w in graph.edges():
            self.csr[et] = CSR(ei, w, self.sizes[et[2]])
        self._slot = {t: torch.full((n,), -1, dtype=torch.long) for t, n in self.sizes.items()}

    def sample(self, seeds: dict[str, torch.Tensor], generator: torch.Generator) -> Batch:
        nodes: dict[str, list[torch.Tensor]] = {t: [] for t in self.sizes}
        count = dict.fromkeys(self.sizes, 0)
        edges: dict[EdgeType, list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]] = {}
        frontier: dict[str, torch.Tensor] = {}
        for t, ids in seeds.items():
            self._slot[t][ids] = torch.arange(len(ids))
            nodes[t].append(ids)
            count[t] = len(ids)
            frontier[t] = ids
        for k in self.fanouts:
            found: dict[str, list[torch.Tensor]] = {}
            for et, csr in self.csr.items():
                s, _, d = et
                dst = frontier.get(d)
                if dst is None or len(dst) == 0:
                    continue
                start = csr.rowptr[dst]
                deg = csr.rowptr[dst + 1] - start
                pos = torch.arange(k).expand(len(dst), k)
                drawn = (torch.rand(len(dst), k, generator=generator) * deg.unsqueeze(1)).long()
                small = (deg <= k).unsqueeze(1)
                offset = torch.where(small, pos, drawn)
                valid = torch.where(small, pos < deg.unsqueeze(1), deg.unsqueeze(1) > 0)
                row = torch.arange(len(dst)).unsqueeze(1).expand(len(dst), k)[valid]
                eidx = (start.unsqueeze(1) + offset)[valid]
                src_global = csr.col[eidx]
                found.setdefault(s, []).append(src_global)
                # a neighbour drawn twice counts twice (coalesce sums): an unbiased sample of the weighted mean
                edges.setdefault(et, []).append((dst[row], src_global, csr.weight[eidx]))
            frontier = {}
            for t, found_ids in found.items():
                uniq = torch.unique(torch.cat(found_ids))
                new = uniq[self._slot[t][uniq] < 0]
                self._slot[t][new] = torch.arange(count[t], count[t] + len(new))
                count[t] += len(new)
                nodes[t].append(new)
                frontier[t] = new
        out_nodes = {t: torch.cat(v) if v else torch.zeros(0, dtype=torch.long) for t, v in nodes.items()}
        adj: dict[EdgeType, torch.Tensor] = {}
        for et, triples in edges.items():
            s, _, d = et
            dst_g = torch.cat([p[0] for p in triples])
            src_g = torch.cat([p[1] for p in triples])
            w = torch.cat([p[2] for p in triples])
            adj[et] = normalised_adjacency(self._slot[d][dst_g], self._slot[s][src_g], w, count[d], count[s])
        for t, ids in out_nodes.items():
            self._slot[t][ids] = -1  # reset for the next batch
        return Batch(out_nodes, {t: len(v) for t, v in seeds.items()}, adj)


def full_adjacency(graph: GraphData) -> dict[EdgeType, torch.Tensor]:
    """The whole graph's row-normalised weighted adjacency per relationship type (for scoring every node)."""
    out = {}
    for et, ei, w in graph.edges():
        s, _, d = et
        out[et] = normalised_adjacency(ei[1], ei[0], w.float(), graph.num_nodes(d), graph.num_nodes(s))
    return out
