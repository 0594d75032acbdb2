"""The network models. Both read a graph as per-relationship row-normalised adjacencies (weighted means over
neighbours, so shareholding ratios and transferred amounts count) and score the target node types.

- ``RelSAGE``: a relation-aware GraphSAGE (PyG ``SAGEConv`` per relationship type, summed per destination type, plus
  the node's own transform) — the standard heterogeneous GNN.
- ``Ensemble`` (the default): both of the below, their logits averaged — steadier than either alone.
- ``CamoGNN``: built for camouflage, where bad actors connect to honest ones. It keeps the ego channel apart from the
  neighbour channels (the raw-feature embedding goes straight to the classifier, as in H2GCN / GAT-sep), and for each
  relationship reads a low-pass signal (the neighbour mean) and a high-pass signal (the node minus its neighbour mean),
  in the spirit of BWGNN's band-pass filters: a front company that looks unlike its neighbours stands out.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import torch
from torch import Tensor, nn
from torch_geometric.nn import SAGEConv

from smokeindex.gnn.data import EdgeType

MODELS = ("ensemble", "camo", "rsage")
ENSEMBLE_MEMBERS = ("camo", "rsage")
# SAGEConv converts our COO adjacency to CSR on each call and warns about it every time; the cost is small next to
# the convolution, and COO is what the sampler builds
warnings.filterwarnings("ignore", message="Converting sparse tensor to CSR format", category=UserWarning)
warnings.filterwarnings("ignore", message="Sparse invariant checks are implicitly disabled", category=UserWarning)


def _key(et: EdgeType) -> str:
    return "__".join(et)


class _Inputs(nn.Module):
    """Per node type: standardise the features (statistics fixed at construction) and project to ``hidden``."""

    def __init__(self, dims: dict[str, int], hidden: int) -> None:
        super().__init__()
        self.proj = nn.ModuleDict({t: nn.Linear(max(d, 1), hidden) for t, d in dims.items()})
        for t, d in dims.items():
            self.register_buffer(f"mean_{t}", torch.zeros(max(d, 1)))
            self.register_buffer(f"std_{t}", torch.ones(max(d, 1)))

    def set_stats(self, x: dict[str, Tensor]) -> None:
        for t, v in x.items():
            if v.size(0) == 0 or v.size(1) == 0:
                continue
            getattr(self, f"mean_{t}").copy_(v.mean(0))
            getattr(self, f"std_{t}").copy_(v.std(0, unbiased=False).clamp_min(1e-6))

    def forward(self, x: dict[str, Tensor]) -> dict[str, Tensor]:
        out = {}
        for t, v in x.items():
            if v.size(1) == 0:
                v = torch.ones(v.size(0), 1, device=v.device)
            z = ((v - getattr(self, f"mean_{t}")) / getattr(self, f"std_{t}")).clamp(-10, 10)
            out[t] = self.proj[t](z)
        return out


def _per_layer(layers: int, keys: list[str], make: Callable[[], nn.Module]) -> nn.ModuleList:
    """One module per key (node or relationship type) in each layer."""
    return nn.ModuleList(nn.ModuleDict({k: make() for k in keys}) for _ in range(layers))


class _HeteroModel(nn.Module):
    """What both architectures share: standardised, projected inputs per node type and the scored types."""

    inputs: _Inputs
    targets: tuple[str, ...]
    dropout: float

    def __init__(self, dims: dict[str, int], targets: tuple[str, ...], hidden: int, dropout: float) -> None:
        super().__init__()
        self.inputs = _Inputs(dims, hidden)
        self.targets = targets
        self.dropout = dropout


class RelSAGE(_HeteroModel):
    def __init__(
        self,
        dims: dict[str, int],
        edge_types: list[EdgeType],
        targets: tuple[str, ...],
        hidden: int,
        layers: int,
        dropout: float,
    ) -> None:
        super().__init__(dims, targets, hidden, dropout)
        relations = [_key(et) for et in edge_types]
        self.convs = _per_layer(
            layers, relations, lambda: SAGEConv((hidden, hidden), hidden, aggr="sum", root_weight=False)
        )
        self.selfs = _per_layer(layers, list(dims), lambda: nn.Linear(hidden, hidden))
        self.heads = nn.ModuleDict({t: nn.Linear(hidden, 1) for t in targets})

    def forward(self, x: dict[str, Tensor], adj: dict[EdgeType, Tensor]) -> dict[str, Tensor]:
        h = {t: torch.relu(v) for t, v in self.inputs(x).items()}
        convs: nn.ModuleDict
        selfs: nn.ModuleDict
        for convs, selfs in zip(self.convs, self.selfs, strict=True):  # type: ignore[assignment]
            out = {t: selfs[t](v) for t, v in h.items()}
            for et, a in adj.items():
                s, _, d = et
                out[d] = out[d] + convs[_key(et)]((h[s], h[d]), a)
            h = {t: nn.functional.dropout(torch.relu(v), self.dropout, self.training) for t, v in out.items()}
        return {t: self.heads[t](h[t]).squeeze(-1) for t in self.targets}


class CamoGNN(_HeteroModel):
    def __init__(
        self,
        dims: dict[str, int],
        edge_types: list[EdgeType],
        targets: tuple[str, ...],
        hidden: int,
        layers: int,
        dropout: float,
    ) -> None:
        super().__init__(dims, targets, hidden, dropout)
        relations = [_key(et) for et in edge_types]
        self.low = _per_layer(layers, relations, lambda: nn.Linear(hidden, hidden, bias=False))
        self.high = _per_layer(layers, relations, lambda: nn.Linear(hidden, hidden, bias=False))
        self.ego = _per_layer(layers, list(dims), lambda: nn.Linear(hidden, hidden))
        self.norms = _per_layer(layers, list(dims), lambda: nn.LayerNorm(hidden))
        self.heads = nn.ModuleDict(
            {
                t: nn.Sequential(nn.Linear(hidden * (layers + 1), hidden), nn.ReLU(), nn.Linear(hidden, 1))
                for t in targets
            }
        )

    def forward(self, x: dict[str, Tensor], adj: dict[EdgeType, Tensor]) -> dict[str, Tensor]:
        h = {t: torch.relu(v) for t, v in self.inputs(x).items()}
        jump = {t: [h[t]] for t in self.targets}
        low: nn.ModuleDict
        high: nn.ModuleDict
        ego: nn.ModuleDict
        norm: nn.ModuleDict
        for low, high, ego, norm in zip(self.low, self.high, self.ego, self.norms, strict=True):  # type: ignore[assignment]
            out = {t: ego[t](v) for t, v in h.items()}
            for et, a in adj.items():
                s, _, d = et
                mean = torch.sparse.mm(a, h[s])
                out[d] = out[d] + low[_key(et)](mean) + high[_key(et)](h[d] - mean)
            h = {t: nn.functional.dropout(torch.relu(norm[t](v)), self.dropout, self.training) for t, v in out.items()}
            for t in self.targets:
                jump[t].append(h[t])
        return {t: self.heads[t](torch.cat(jump[t], dim=1)).squeeze(-1) for t in self.targets}


class Ensemble(nn.Module):
    """The network model as an ensemble of architectures: the mean of the members' logits. The members see the
    same inputs and standardisation, so ``inputs`` is the first member's."""

    def __init__(self, members: list[nn.Module]) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)
        self.targets: tuple[str, ...] = members[0].targets  # type: ignore[assignment]

    @property
    def inputs(self) -> nn.Module:
        return self.members[0].inputs  # type: ignore[return-value]

    def forward(self, x: dict[str, Tensor], adj: dict[EdgeType, Tensor]) -> dict[str, Tensor]:
        outs = [m(x, adj) for m in self.members]
        return {t: torch.stack([o[t] for o in outs]).mean(0) for t in self.targets}


def build_model(
    name: str,
    dims: dict[str, int],
    edge_types: list[EdgeType],
    targets: tuple[str, ...],
    hidden: int,
    layers: int,
    dropout: float,
) -> nn.Module:
    if name == "ensemble":
        return Ensemble([build_model(m, dims, edge_types, targets, hidden, layers, dropout) for m in ENSEMBLE_MEMBERS])
    if name == "camo":
        return CamoGNN(dims, edge_types, targets, hidden, layers, dropout)
    if name == "rsage":
        return RelSAGE(dims, edge_types, targets, hidden, layers, dropout)
    raise ValueError(f"unknown model {name!r}; choose one of {MODELS}")
