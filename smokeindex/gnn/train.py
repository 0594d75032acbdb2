"""Mini-batch training with neighbour sampling, early stopping on validation AUPRC, and calibrated scoring.

Class imbalance is handled twice: every epoch keeps all known-bad training parties and a random subset of the
known-good ones (at most ``neg_ratio`` per positive), and the loss weighs positives by the remaining imbalance.
Seeded and deterministic on the CPU (one seed drives the initial weights, the negative subsets and the sampler);
uses a GPU when one is present.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from torch import nn

from smokeindex.gnn.baselines import own_features
from smokeindex.gnn.data import GraphData, Labels, Split
from smokeindex.gnn.metrics import rank_scores
from smokeindex.gnn.models import ENSEMBLE_MEMBERS, Ensemble, build_model
from smokeindex.gnn.sampler import NeighbourSampler, full_adjacency

Progress = Callable[[int, int, dict[str, float]], None]


@dataclass
class TrainConfig:
    model: str = "ensemble"
    hidden: int = 64
    layers: int = 2
    fanouts: list[int] = field(default_factory=lambda: [15, 10])
    batch_size: int = 1024
    epochs: int = 40
    lr: float = 0.005
    weight_decay: float = 1e-5
    dropout: float = 0.2
    patience: int = 8
    neg_ratio: float | None = 5.0
    full_batch: bool = False  # one step per epoch on the whole graph (small graphs): no sampling noise
    seed: int = 0
    device: str = "auto"


@dataclass
class Trained:
    model: nn.Module
    config: TrainConfig
    dims: dict[str, int]
    calibration: dict[str, tuple[float, float]]  # per type: Platt scaling (a, b) of the logit
    best_epoch: int
    val_auprc: float
    history: list[dict[str, float]]
    seconds: float

    def describe(self) -> dict[str, object]:
        return {
            "config": asdict(self.config),
            "best_epoch": self.best_epoch,
            "val_auprc": self.val_auprc,
            "seconds": self.seconds,
        }


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def inputs(graph: GraphData) -> dict[str, torch.Tensor]:
    """Node inputs: own features plus log-degree per relationship type (mean aggregation alone loses degree)."""
    return {t: torch.from_numpy(v) for t, v in own_features(graph).items()}


@torch.no_grad()
def logits(model: nn.Module, x: dict[str, torch.Tensor], adj: dict, device: torch.device) -> dict[str, np.ndarray]:
    model.eval()
    out = model({t: v.to(device) for t, v in x.items()}, {et: a.to(device) for et, a in adj.items()})
    return {t: v.cpu().numpy() for t, v in out.items()}


def _val_auprc(out: dict[str, np.ndarray], labels: Labels, split: Split, targets: tuple[str, ...]) -> float:
    ys, ss = [], []
    for t in targets:
        idx = split.val[t]
        ys.append(labels.y[t][idx])
        ss.append(out[t][idx])
    y, s = np.concatenate(ys), np.concatenate(ss)
    return rank_scores(y, s).auprc if 0 < y.sum() < len(y) else 0.0


def train(
    graph: GraphData, labels: Labels, split: Split, config: TrainConfig, progress: Progress | None = None
) -> Trained:
    if config.model == "ensemble":
        members = [train(graph, labels, split, replace(config, model=m), progress) for m in ENSEMBLE_MEMBERS]
        return ensemble(members, graph, labels, split)
    t0 = time.perf_counter()
    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    device = pick_device(config.device)
    x = inputs(graph)
    dims = {t: v.size(1) for t, v in x.items()}
    model = build_model(
        config.model, dims, graph.edge_types, graph.targets, config.hidden, config.layers, config.dropout
    )
    model.inputs.set_stats(x)  # type: ignore[union-attr, operator]
    model.to(device)
    opt = torch.optim.Adam(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    sampler = NeighbourSampler(graph, config.fanouts)
    full = full_adjacency(graph)
    x_dev = {t: v.to(device) for t, v in x.items()} if config.full_batch else {}
    full_dev = {et: a.to(device) for et, a in full.items()} if config.full_batch else {}
    train_nodes = {t: split.train[t][labels.y[t][split.train[t]] >= 0] for t in graph.targets}
    best, best_state, best_epoch, stale = -1.0, None, 0, 0
    history: list[dict[str, float]] = []
    for epoch in range(1, config.epochs + 1):
        model.train()
        seeds: list[tuple[str, int]] = []
        for t, idx in train_nodes.items():
            y = labels.y[t][idx]
            pos, neg = idx[y == 1], idx[y == 0]
            if config.neg_ratio is not None and len(neg) > config.neg_ratio * max(len(pos), 1):
                neg = rng.choice(neg, int(config.neg_ratio * max(len(pos), 1)), replace=False)
            seeds.extend((t, int(i)) for i in np.concatenate([pos, neg]))
        order = rng.permutation(len(seeds))
        total_loss, batches = 0.0, 0
        step = len(order) if config.full_batch else config.batch_size
        for start in range(0, len(order), step):
            chunk = [seeds[i] for i in order[start : start + step]]
            by_type: dict[str, list[int]] = {}
            for t, i in chunk:
                by_type.setdefault(t, []).append(i)
            seed_ids = {t: torch.tensor(v, dtype=torch.long) for t, v in by_type.items()}
            if config.full_batch:
                out = model(x_dev, full_dev)
                positions = seed_ids
            else:
                batch = sampler.sample(seed_ids, gen)
                bx = {t: x[t][ids].to(device) for t, ids in batch.nodes.items()}
                out = model(bx, {et: a.to(device) for et, a in batch.adj.items()})
                positions = {t: torch.arange(len(ids)) for t, ids in seed_ids.items()}
            loss = torch.zeros((), device=device)
            for t, ids in seed_ids.items():
                y = torch.from_numpy(labels.y[t][ids.numpy()].astype(np.float32)).to(device)
                pos = y.sum().clamp_min(1.0)
                weight = ((len(y) - pos) / pos).clamp(1.0, 50.0)
                loss = loss + nn.functional.binary_cross_entropy_with_logits(
                    out[t][positions[t].to(device)], y, pos_weight=weight
                )
            opt.zero_grad()
            loss.backward()
            opt.step()
            total_loss += float(loss.detach())
            batches += 1
        val = _val_auprc(logits(model, x, full, device), labels, split, graph.targets)
        record = {"epoch": epoch, "loss": total_loss / max(batches, 1), "val_auprc": val}
        history.append(record)
        if progress:
            progress(epoch, config.epochs, record)
        if val > best + 1e-4:
            best, best_state, best_epoch, stale = val, copy.deepcopy(model.state_dict()), epoch, 0
        else:
            stale += 1
            if stale >= config.patience:
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    calibration = calibrate(logits(model, x, full, device), labels, split, graph.targets)
    model.cpu()
    return Trained(model, config, dims, calibration, best_epoch, best, history, time.perf_counter() - t0)


def calibrate(
    raw: dict[str, np.ndarray], labels: Labels, split: Split, targets: tuple[str, ...]
) -> dict[str, tuple[float, float]]:
    """Platt scaling per scored type on the validation part: logit → calibrated probability."""
    calibration = {}
    for t in targets:
        idx = split.val[t]
        y = labels.y[t][idx]
        if 0 < y.sum() < len(y):
            lr = LogisticRegression(C=100.0).fit(raw[t][idx].reshape(-1, 1), y)
            calibration[t] = (float(lr.coef_[0, 0]), float(lr.intercept_[0]))
        else:
            calibration[t] = (1.0, 0.0)
    return calibration


def ensemble(members: list[Trained], graph: GraphData, labels: Labels, split: Split) -> Trained:
    """Join trained members into one ``Ensemble`` model, calibrated again on the validation part."""
    model = Ensemble([m.model for m in members])
    x = inputs(graph)
    raw = logits(model, x, full_adjacency(graph), torch.device("cpu"))
    config = replace(members[0].config, model="ensemble")
    history = [{**r, "member": float(i)} for i, m in enumerate(members) for r in m.history]
    return Trained(
        model,
        config,
        members[0].dims,
        calibrate(raw, labels, split, graph.targets),
        max(m.best_epoch for m in members),
        _val_auprc(raw, labels, split, graph.targets),
        history,
        sum(m.seconds for m in members),
    )


def predict(trained: Trained, graph: GraphData, *, device: str = "auto") -> dict[str, np.ndarray]:
    """Calibrated probabilities for every node of every scored type (full-graph inference, no sampling)."""
    dev = pick_device(device)
    trained.model.to(dev)
    raw = logits(trained.model, inputs(graph), full_adjacency(graph), dev)
    trained.model.cpu()
    out = {}
    for t, v in raw.items():
        a, b = trained.calibration.get(t, (1.0, 0.0))
        out[t] = 1.0 / (1.0 + np.exp(-(a * v + b)))
    return out
