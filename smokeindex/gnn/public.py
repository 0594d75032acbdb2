"""Bring the public labelled graphs in ``shared/datasets`` into the CSV layout of ``smokeindex gnn benchmark``.

- Tolokers (``tolokers.npz``, yandex-research/heterophilous-graphs): crowd workers, label = banned, undirected edges.
- AMLSim (``amlsim-*.tgz``, IBM/AMLSim): accounts, label = isFraud, directed transfers weighted by amount. ``fraudStep``
  is only set for fraud accounts (it leaks the label) and is dropped; per-account transfer counts and sums are left to
  the engines, which read the edges.
"""

from __future__ import annotations

import csv
import io
import tarfile
from pathlib import Path

import numpy as np

from smokeindex.errors import ValidationFailed
from smokeindex.gnn.labelled import write_labelled_graph


def convert_tolokers(npz: Path, out: Path, *, limit: int | None = None) -> Path:
    data = np.load(npz)
    x, y, edges = data["node_features"], data["node_labels"].astype(np.int64), data["edges"]
    if limit is not None:  # a slice for quick tests: the first `limit` nodes and the edges among them
        x, y = x[:limit], y[:limit]
        edges = edges[(edges[:, 0] < limit) & (edges[:, 1] < limit)]
    write_labelled_graph(out, x, y, edges)
    return out


def convert_amlsim(tgz: Path, out: Path) -> Path:
    with tarfile.open(tgz) as tar:
        members = {Path(m.name).name: m for m in tar.getmembers() if m.isfile()}
        if "nodes.csv" not in members or "transactions.csv" not in members:
            raise ValidationFailed(f"{tgz}: 缺少 nodes.csv 或 transactions.csv")
        nodes_fh = tar.extractfile(members["nodes.csv"])
        txns_fh = tar.extractfile(members["transactions.csv"])
        assert nodes_fh is not None and txns_fh is not None
        nodes = list(csv.DictReader(io.TextIOWrapper(nodes_fh, encoding="utf-8")))
        txns = list(csv.DictReader(io.TextIOWrapper(txns_fh, encoding="utf-8")))
    ids = {r["nodeid"]: i for i, r in enumerate(nodes)}
    x = np.asarray([[float(r["init_balance"])] for r in nodes], dtype=np.float64)
    y = np.asarray([int(r["isFraud"]) for r in nodes], dtype=np.int64)
    edges = np.asarray([[ids[t["sourceNodeId"]], ids[t["targetNodeId"]]] for t in txns], dtype=np.int64)
    weights = np.asarray([float(t["value"]) for t in txns])
    write_labelled_graph(out, x, y, edges, feature_names=["init_balance"], weights=weights)
    return out
