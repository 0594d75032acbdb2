"""Ranking metrics as in GADBench: AUROC, AUPRC (average precision) and Rec@K with K = the number of positives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score


@dataclass
class Scores:
    auroc: float
    auprc: float
    rec_at_k: float
    positives: int
    n: int

    def as_percent(self) -> dict[str, float]:
        return {
            "auroc": round(100 * self.auroc, 2),
            "auprc": round(100 * self.auprc, 2),
            "rec_at_k": round(100 * self.rec_at_k, 2),
        }


def rank_scores(y: np.ndarray, score: np.ndarray) -> Scores:
    y = np.asarray(y).astype(int)
    score = np.asarray(score, dtype=np.float64)
    positives = int(y.sum())
    if positives == 0 or positives == len(y):
        return Scores(float("nan"), float("nan"), float("nan"), positives, len(y))
    k = positives
    # ties broken by a fixed index order so the result is reproducible
    top = np.lexsort((np.arange(len(score)), -score))[:k]
    return Scores(
        float(roc_auc_score(y, score)),
        float(average_precision_score(y, score)),
        float(y[top].sum() / k),
        positives,
        len(y),
    )


def recall_at(y: np.ndarray, score: np.ndarray, fraction: float) -> float:
    """Share of positives found in the top ``fraction`` of the ranking."""
    y = np.asarray(y).astype(int)
    top = max(1, int(len(y) * fraction))
    order = np.lexsort((np.arange(len(score)), -np.asarray(score)))[:top]
    return float(y[order].sum() / max(1, y.sum()))


def precision_at_threshold(y: np.ndarray, score: np.ndarray, threshold: float) -> tuple[float, int]:
    """Precision of the parties scored at or above ``threshold`` (e.g. the red grade) and how many there are."""
    mask = np.asarray(score) >= threshold
    n = int(mask.sum())
    return (float(np.asarray(y)[mask].mean()) if n else float("nan")), n
