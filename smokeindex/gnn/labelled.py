"""Any labelled graph as CSV: ``nodes.csv`` (``id``, ``label`` 1/0/empty, optional ``split`` train/val/test, every
other column a numeric feature) and ``edges.csv`` (``src``, ``dst``, optional ``type``, optional ``weight``).

Edges are undirected unless ``directed``; a directed graph gets a reverse relationship per type so that a node
reads both its senders and its receivers. Bad input is a ``ValidationFailed`` naming the file, line and column.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import torch
from torch_geometric.data import HeteroData

from smokeindex.errors import ValidationFailed
from smokeindex.gnn.data import GraphData, Labels, Split, add_reverse_edges

NODE = "node"
SPLITS = ("train", "val", "test")


def _number(value: str, where: str) -> float:
    if value is None or value.strip() == "":
        return math.nan
    try:
        return float(value)
    except ValueError:
        raise ValidationFailed(f"{where}: 不是数值 {value!r} (not a number)") from None


def read_labelled_graph(directory: Path, *, directed: bool = False) -> tuple[GraphData, Labels, Split | None]:
    nodes_path, edges_path = directory / "nodes.csv", directory / "edges.csv"
    for p in (nodes_path, edges_path):
        if not p.is_file():
            raise ValidationFailed(f"缺少文件 {p} (missing file; expected nodes.csv and edges.csv)")
    keys: list[str] = []
    labels: list[int] = []
    splits: list[str] = []
    rows: list[list[float]] = []
    with nodes_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        if "id" not in header or "label" not in header:
            raise ValidationFailed(f"{nodes_path}: 需要列 id 和 label (columns id and label are required)")
        features = [c for c in header if c not in ("id", "label", "split")]
        has_split = "split" in header
        seen: set[str] = set()
        for line, row in enumerate(reader, start=2):
            key = (row["id"] or "").strip()
            if not key or key in seen:
                raise ValidationFailed(f"{nodes_path}:{line}: id 为空或重复 {key!r} (empty or duplicate id)")
            seen.add(key)
            lab = (row["label"] or "").strip()
            if lab not in ("", "0", "1"):
                raise ValidationFailed(
                    f"{nodes_path}:{line}: label 只能是 1、0 或空 (label must be 1, 0 or empty): {lab!r}"
                )
            split = (row.get("split") or "").strip() if has_split else ""
            if split and split not in SPLITS:
                raise ValidationFailed(f"{nodes_path}:{line}: split 只能是 train/val/test: {split!r}")
            keys.append(key)
            labels.append(int(lab) if lab else -1)
            splits.append(split)
            rows.append([_number(row[c], f"{nodes_path}:{line}:{c}") for c in features])
    if not keys:
        raise ValidationFailed(f"{nodes_path}: 没有节点 (no nodes)")
    index = {k: i for i, k in enumerate(keys)}
    by_type: dict[str, tuple[list[int], list[int], list[float]]] = {}
    with edges_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        if "src" not in header or "dst" not in header:
            raise ValidationFailed(f"{edges_path}: 需要列 src 和 dst (columns src and dst are required)")
        for line, row in enumerate(reader, start=2):
            s, d = index.get((row["src"] or "").strip()), index.get((row["dst"] or "").strip())
            if s is None or d is None:
                raise ValidationFailed(f"{edges_path}:{line}: 端点不在 nodes.csv 中 (unknown endpoint)")
            etype = (row.get("type") or "").strip() or "edge"
            w = _number(row.get("weight") or "", f"{edges_path}:{line}:weight")
            w = 1.0 if math.isnan(w) else w
            if w < 0:
                raise ValidationFailed(f"{edges_path}:{line}: 权重不能为负 (negative weight)")
            src, dst, weight = by_type.setdefault(etype, ([], [], []))
            src.append(s)
            dst.append(d)
            weight.append(w)
    x = np.asarray(rows, dtype=np.float64).reshape(len(keys), len(features))
    data = HeteroData()
    data[NODE].x = torch.from_numpy(np.nan_to_num(x, nan=0.0).astype(np.float32))
    data[NODE].num_nodes = len(keys)
    for etype, (src, dst, weight) in by_type.items():
        edge_index = torch.tensor([src, dst], dtype=torch.long)
        edge_weight = torch.tensor(weight, dtype=torch.float32)
        if not directed:  # one undirected edge = both directions in one relationship
            edge_index = torch.cat([edge_index, edge_index.flip(0)], dim=1)
            edge_weight = torch.cat([edge_weight, edge_weight])
        data[(NODE, etype, NODE)].edge_index = edge_index
        data[(NODE, etype, NODE)].edge_weight = edge_weight
    if directed:
        add_reverse_edges(data)
    graph = GraphData(data, {NODE: keys}, {NODE: features}, (NODE,), meta={"source": str(directory)})
    y = np.asarray(labels, dtype=np.int8)
    lab = Labels({NODE: y}, {NODE: np.full(len(keys), -1, np.int64)}, {NODE: np.where(y == 1, "positive", "")})
    split = None
    if any(splits):
        arr = np.asarray(splits)
        split = Split(*({NODE: np.flatnonzero((arr == s) & (y >= 0))} for s in SPLITS))
    return graph, lab, split


def write_labelled_graph(
    directory: Path,
    x: np.ndarray,
    y: np.ndarray,
    edges: np.ndarray,
    *,
    feature_names: list[str] | None = None,
    weights: np.ndarray | None = None,
    split: np.ndarray | None = None,
) -> None:
    """Write arrays in the CSV layout above (used to bring public datasets into the benchmark)."""
    directory.mkdir(parents=True, exist_ok=True)
    names = feature_names or [f"f{i}" for i in range(x.shape[1])]
    with (directory / "nodes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "label", *(["split"] if split is not None else []), *names])
        for i in range(x.shape[0]):
            label = "" if y[i] < 0 else str(int(y[i]))
            w.writerow([i, label, *([split[i]] if split is not None else []), *(f"{v:.6g}" for v in x[i])])
    with (directory / "edges.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["src", "dst", *(["weight"] if weights is not None else [])])
        for j in range(edges.shape[0]):
            w.writerow([int(edges[j, 0]), int(edges[j, 1]), *([f"{weights[j]:.6g}"] if weights is not None else [])])
