"""The ranking metrics against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from smokeindex.gnn.metrics import Scores, precision_at_threshold, rank_scores, recall_at


def test_a_small_ranking() -> None:
    # order by score: P N P N N. AUROC: the 0.9 positive beats 3 negatives, the 0.7 one beats 2 -> 5 of 6 pairs.
    # AP: precision 1/1 at the first positive, 2/3 at the second -> (1 + 2/3) / 2. Rec@2: top two hold one positive.
    s = rank_scores(np.array([1, 0, 1, 0, 0]), np.array([0.9, 0.8, 0.7, 0.3, 0.1]))
    assert s.auroc == pytest.approx(5 / 6)
    assert s.auprc == pytest.approx(5 / 6)
    assert s.rec_at_k == pytest.approx(0.5)
    assert (s.positives, s.n) == (2, 5)
    assert s.as_percent() == {"auroc": 83.33, "auprc": 83.33, "rec_at_k": 50.0}


def test_perfect_and_reversed_rankings() -> None:
    y = np.array([0, 0, 1, 1])
    best = rank_scores(y, np.array([1.0, 2.0, 3.0, 4.0]))
    assert (best.auroc, best.auprc, best.rec_at_k) == (1.0, 1.0, 1.0)
    worst = rank_scores(y, np.array([4.0, 3.0, 2.0, 1.0]))
    assert worst.auroc == 0.0 and worst.rec_at_k == 0.0
    assert worst.auprc == pytest.approx((1 / 3 + 2 / 4) / 2)  # positives found at ranks 3 and 4


def test_rec_at_k_counts_k_as_the_number_of_positives() -> None:
    # three positives: K = 3; the top three by score are indices 4, 0, 2 of which 4 and 2 are positive
    y = np.array([0, 1, 1, 0, 1, 0])
    s = rank_scores(y, np.array([0.8, 0.1, 0.7, 0.2, 0.9, 0.3]))
    assert s.rec_at_k == pytest.approx(2 / 3)


def test_ties_are_broken_by_index_so_the_result_is_reproducible() -> None:
    y = np.array([0, 1, 1, 0])
    s = rank_scores(y, np.full(4, 0.5))
    assert s.auroc == pytest.approx(0.5)
    assert s.auprc == pytest.approx(0.5)  # every threshold keeps all four: precision = prevalence
    assert s.rec_at_k == pytest.approx(0.5)  # K = 2, the tie keeps indices 0 and 1
    assert rank_scores(y[::-1], np.full(4, 0.5)).rec_at_k == pytest.approx(0.5)
    assert rank_scores(np.array([1, 1, 0, 0]), np.full(4, 0.5)).rec_at_k == 1.0


@pytest.mark.parametrize("y", [[0, 0, 0], [1, 1, 1], []])
def test_one_class_gives_nan(y: list[int]) -> None:
    s = rank_scores(np.array(y, dtype=int), np.arange(len(y), dtype=float))
    assert math.isnan(s.auroc) and math.isnan(s.auprc) and math.isnan(s.rec_at_k)
    assert (s.positives, s.n) == (sum(y), len(y))


def test_as_percent_rounds_to_two_decimals() -> None:
    assert Scores(0.123456, 0.5, 1 / 3, 1, 3).as_percent() == {"auroc": 12.35, "auprc": 50.0, "rec_at_k": 33.33}


def test_precision_at_threshold() -> None:
    y = np.array([1, 0, 1, 1, 0])
    score = np.array([90.0, 85.0, 70.0, 50.0, 10.0])
    assert precision_at_threshold(y, score, 80.0) == (pytest.approx(0.5), 2)
    assert precision_at_threshold(y, score, 70.0) == (pytest.approx(2 / 3), 3)  # the cut-off itself is included
    assert precision_at_threshold(y, score, 0.0) == (pytest.approx(3 / 5), 5)
    p, n = precision_at_threshold(y, score, 95.0)
    assert n == 0 and math.isnan(p)


def test_recall_at_a_fraction() -> None:
    y = np.array([1, 0, 1, 1, 0])
    score = np.array([0.9, 0.8, 0.3, 0.7, 0.1])
    assert recall_at(y, score, 0.4) == pytest.approx(1 / 3)  # top 2: indices 0 and 1
    assert recall_at(y, score, 0.6) == pytest.approx(2 / 3)
    assert recall_at(y, score, 0.01) == pytest.approx(1 / 3)  # at least one party
