"""Splits that never leak a planted scheme: a gang goes whole into one part, across node types too."""

from __future__ import annotations

import numpy as np
import pytest

from smokeindex.gnn.data import Labels, Split
from smokeindex.gnn.split import grouped_split


def world(seed: int = 0) -> Labels:
    """Enterprises and persons; 60 gangs whose members are of both types; about 10% unknown labels."""
    rng = np.random.default_rng(seed)
    y, group = {}, {}
    for t, n in (("Enterprise", 1500), ("Person", 900)):
        g = np.full(n, -1, np.int64)
        members = rng.choice(n, size=n // 4, replace=False)
        g[members] = rng.integers(0, 60, size=len(members))
        lab = np.where(g >= 0, 1, (rng.random(n) < 0.05).astype(np.int8)).astype(np.int8)
        lab[rng.random(n) < 0.1] = -1
        y[t], group[t] = lab, g
    return Labels(y, group, {t: np.full(len(v), "", dtype=object) for t, v in y.items()})


def parts(split: Split, t: str) -> list[np.ndarray]:
    return [split.train[t], split.val[t], split.test[t]]


def test_parts_are_disjoint_and_cover_every_labelled_node() -> None:
    labels = world()
    split = grouped_split(labels, seed=1)
    for t, y in labels.y.items():
        a, b, c = (set(p.tolist()) for p in parts(split, t))
        assert not (a & b) and not (a & c) and not (b & c)
        assert a | b | c == set(np.flatnonzero(y >= 0).tolist())  # unknown (-1) labels are in no part
        assert all(len(p) == len(set(p.tolist())) for p in parts(split, t))


def test_a_group_never_spans_two_parts_even_across_types() -> None:
    labels = world()
    split = grouped_split(labels, seed=2)
    part_of: dict[int, set[int]] = {}
    for t in labels.y:
        for k, idx in enumerate(parts(split, t)):
            for g in labels.group[t][idx]:
                if g >= 0:
                    part_of.setdefault(int(g), set()).add(k)
    assert part_of and all(len(v) == 1 for v in part_of.values())
    # and every group that has labelled members of both types really is shared
    both = {int(g) for g in labels.group["Enterprise"] if g >= 0} & {int(g) for g in labels.group["Person"] if g >= 0}
    assert len(both) > 20


def test_roughly_40_20_40_and_stratified() -> None:
    labels = world()
    split = grouped_split(labels, seed=3)
    for t, y in labels.y.items():
        known = int((y >= 0).sum())
        sizes = [len(p) / known for p in parts(split, t)]
        assert sizes == pytest.approx([0.4, 0.2, 0.4], abs=0.08), sizes
        loose_neg = (labels.group[t] < 0) & (y == 0)
        for p, share in zip(parts(split, t), (0.4, 0.2, 0.4), strict=True):
            assert loose_neg[p].sum() / loose_neg.sum() == pytest.approx(share, abs=0.01)  # negatives cut evenly


def test_ungrouped_nodes_alone_are_split_per_class() -> None:
    n = 1000
    y = np.zeros(n, np.int8)
    y[:50] = 1
    labels = Labels({"node": y}, {"node": np.full(n, -1, np.int64)}, {"node": np.full(n, "")})
    split = grouped_split(labels, seed=0)
    assert [int(y[p].sum()) for p in parts(split, "node")] == [20, 10, 20]
    assert [len(p) for p in parts(split, "node")] == [400, 200, 400]


def test_deterministic_per_seed_and_different_across_seeds() -> None:
    labels = world()
    a, b, c = grouped_split(labels, 7), grouped_split(labels, 7), grouped_split(labels, 8)
    for t in labels.y:
        for pa, pb in zip(parts(a, t), parts(b, t), strict=True):
            assert np.array_equal(pa, pb)
        assert not np.array_equal(a.test[t], c.test[t])


def test_custom_fractions() -> None:
    labels = world()
    split = grouped_split(labels, 0, fractions=(0.6, 0.2, 0.2))
    known = int((labels.y["Enterprise"] >= 0).sum())
    assert len(split.train["Enterprise"]) / known == pytest.approx(0.6, abs=0.08)
