"""Why the network model scored a party high: the related parties and relationships the risk came through.

For one party the model is run on its sampled neighbourhood and the score's gradient is taken with respect to every
node's input (gradient × input, as in saliency attributions); neighbours whose features pushed the score up are the
channels the risk spread through. Each is returned with its type, key, weight (share of the positive attribution)
and the relationship types linking it to the party, in the ``via`` form the index and the API show.
"""

from __future__ import annotations

from typing import Any

import torch

from smokeindex.gnn.data import GraphData
from smokeindex.gnn.sampler import NeighbourSampler
from smokeindex.gnn.train import Trained, inputs


class Explainer:
    def __init__(self, trained: Trained, graph: GraphData, *, fanouts: list[int] | None = None, seed: int = 0) -> None:
        self.trained = trained
        self.graph = graph
        self.x = inputs(graph)
        self.sampler = NeighbourSampler(
            graph, fanouts or [50, 20][: trained.config.layers] + [10] * max(0, trained.config.layers - 2)
        )
        self.seed = seed

    def explain(self, node_type: str, index: int, *, top: int = 5) -> list[dict[str, Any]]:
        model = self.trained.model
        model.eval()
        batch = self.sampler.sample({node_type: torch.tensor([index])}, torch.Generator().manual_seed(self.seed))
        bx = {t: self.x[t][ids].clone().requires_grad_(True) for t, ids in batch.nodes.items()}
        out = model(bx, batch.adj)
        out[node_type][0].backward()
        scored: list[tuple[float, str, int]] = []
        stats = model.inputs  # standardisation: attribution is gradient × (input − mean)
        for t, v in bx.items():
            if v.grad is None or v.size(1) == 0:
                continue
            mean = getattr(stats, f"mean_{t}")
            attr = (v.grad * (v.detach() - mean)).sum(1)
            for local in torch.nonzero(attr > 0).flatten().tolist():
                gid = int(batch.nodes[t][local])
                if t == node_type and gid == index:
                    continue
                scored.append((float(attr[local]), t, gid))
        total = sum(s for s, _, _ in scored) or 1.0
        scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        links = self._links(node_type, index)
        return [
            {
                "label": t,
                "key": self.graph.keys[t][gid],
                "name": self.graph.keys[t][gid],
                "weight": round(s / total, 4),
                "relationships": sorted(set(links.get((t, gid), []))) or ["二跳关联 (two hops)"],
            }
            for s, t, gid in scored[:top]
        ]

    def _links(self, node_type: str, index: int) -> dict[tuple[str, int], list[str]]:
        """Direct relationships of the party, to name how each attributed neighbour is related."""
        out: dict[tuple[str, int], list[str]] = {}
        for (s, rel, d), ei, _w in self.graph.edges():
            if d != node_type or rel.startswith("rev_"):
                continue
            for src in ei[0][ei[1] == index].tolist():
                out.setdefault((s, int(src)), []).append(rel)
        for (s, rel, d), ei, _w in self.graph.edges():
            if s != node_type or rel.startswith("rev_"):
                continue
            for dst in ei[1][ei[0] == index].tolist():
                out.setdefault((d, int(dst)), []).append(rel)
        return out
