"""Train / validation / test splits that never leak a planted scheme: a group (gang) goes whole into one part.

Nodes without a group are split one by one, stratified by label. Fractions default to GADBench's 40/20/40.
"""

from __future__ import annotations

import numpy as np

from smokeindex.gnn.data import Labels, Split

FRACTIONS = (0.4, 0.2, 0.4)


def _cut(items: np.ndarray, rng: np.random.Generator, fractions: tuple[float, float, float]) -> list[np.ndarray]:
    items = rng.permutation(items)
    a = int(round(len(items) * fractions[0]))
    b = a + int(round(len(items) * fractions[1]))
    return [items[:a], items[a:b], items[b:]]


def grouped_split(labels: Labels, seed: int, fractions: tuple[float, float, float] = FRACTIONS) -> Split:
    rng = np.random.default_rng(seed)
    groups = sorted({int(g) for arr in labels.group.values() for g in np.unique(arr) if g >= 0})
    part_of_group: dict[int, int] = {}
    for part, chunk in enumerate(_cut(np.asarray(groups, dtype=np.int64), rng, fractions)):
        for g in chunk:
            part_of_group[int(g)] = part
    parts: list[dict[str, np.ndarray]] = [{}, {}, {}]
    for node_type in sorted(labels.y):
        y, group = labels.y[node_type], labels.group[node_type]
        chosen: list[list[np.ndarray]] = [[], [], []]
        grouped = np.flatnonzero((group >= 0) & (y >= 0))
        if len(grouped):
            where = np.vectorize(part_of_group.__getitem__)(group[grouped])
            for part in range(3):
                chosen[part].append(grouped[where == part])
        for cls in (0, 1):
            loose = np.flatnonzero((group < 0) & (y == cls))
            for part, chunk in enumerate(_cut(loose, rng, fractions)):
                chosen[part].append(chunk)
        for part in range(3):
            parts[part][node_type] = np.sort(np.concatenate(chosen[part])) if chosen[part] else np.zeros(0, np.int64)
    return Split(*parts)
