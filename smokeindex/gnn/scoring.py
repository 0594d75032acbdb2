"""Score every party with a trained network model and explain the riskiest: the ``NetworkScore``s the index reads."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from smokeindex.gnn.data import GraphData
from smokeindex.gnn.explain import Explainer
from smokeindex.gnn.train import Trained, predict
from smokeindex.graph.base import NodeRef
from smokeindex.index.inputs import NetworkScore

MIN_PROBABILITY = 1e-3  # below this a party's network signal is nil (index < 0.1) and it is left out of the file


def score_parties(
    trained: Trained,
    graph: GraphData,
    *,
    explain: int = 200,
    probabilities: dict[str, np.ndarray] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[NodeRef, NetworkScore]:
    """Calibrated probability of every Enterprise and Person (≥ ``MIN_PROBABILITY``), riskiest first; the top
    ``explain`` parties also get the related parties the risk came through. Pass ``probabilities`` when the
    caller already ran ``predict`` on this graph."""
    probs = probabilities if probabilities is not None else predict(trained, graph)
    ranked = sorted(
        ((float(p), t, i) for t in graph.targets for i, p in enumerate(probs[t]) if p >= MIN_PROBABILITY),
        key=lambda r: (-r[0], r[1], r[2]),
    )
    explainer = Explainer(trained, graph) if explain else None
    todo = min(explain, len(ranked))
    out: dict[NodeRef, NetworkScore] = {}
    for n, (p, t, i) in enumerate(ranked):
        via = explainer.explain(t, i) if explainer is not None and n < explain else []
        out[NodeRef(t, graph.keys[t][i])] = NetworkScore(min(max(p, 0.0), 1.0), via)
        if progress and n < todo:
            progress(n + 1, todo)
    return out
