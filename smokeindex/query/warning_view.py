"""An in-memory view of one scoring run's warnings, so that list pages, exports and counts cost no store query.

A scoring run's warnings never change once its ``ScoringRun`` node is written (the runner writes it last, and a
re-run of the same run id with the same inputs writes the same warnings). So each API process reads a run's warnings
once (12,622 warnings of the 100k world: about 1 s and 20 MB), keeps them sorted, each with its JSON already
serialised, and answers filters in Python. Each request still checks the run's stamp (finish time and fingerprint)
with one cheap query and reloads the view if it changed. Filter results are cached per run and filter.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smokeindex.graph import GraphStore
from smokeindex.query.warnings_model import FILTER_DIMENSIONS, WarningPublic

RUN_STAMP = "MATCH (r:ScoringRun {run_id: $run}) RETURN r.finished_at AS finished, r.record_hash AS hash"
RUN_WARNINGS = "MATCH (w:Warning {run_id: $run}) RETURN properties(w) AS w"
MAX_RUNS = 4
MAX_FILTERS = 256


@dataclass(slots=True)
class Row:
    """One warning: its public model, its JSON, and what filters and sorts read."""

    model: WarningPublic
    json: bytes
    region_codes: tuple[str, ...]
    first_warned: str
    previous_score: float


@dataclass
class RunView:
    run_id: str
    stamp: tuple[Any, Any]
    rows: list[Row]  # highest score first, then warning id
    _filtered: OrderedDict[str, list[Row]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def filtered(self, key: str, keep: Callable[[Row], bool], order: Callable[[list[Row]], list[Row]]) -> list[Row]:
        """The rows that ``keep`` accepts, in ``order``; cached under ``key`` (the filter's fingerprint)."""
        with self._lock:
            hit = self._filtered.get(key)
            if hit is not None:
                self._filtered.move_to_end(key)
                return hit
        rows = order([r for r in self.rows if keep(r)])
        with self._lock:
            self._filtered[key] = rows
            while len(self._filtered) > MAX_FILTERS:
                self._filtered.popitem(last=False)
        return rows


def _row(w: dict[str, Any]) -> Row:
    model = WarningPublic.from_node(w)
    return Row(
        model=model,
        json=model.model_dump_json().encode(),
        region_codes=tuple(w.get("region_codes") or ()),
        first_warned=str(w.get("first_warned_at") or ""),
        previous_score=float(w["previous_score"]) if w.get("previous_score") is not None else -1.0,
    )


class RunViews:
    """The views of the most recently used scoring runs of one store (one per API process)."""

    def __init__(self) -> None:
        self._views: OrderedDict[str, RunView] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    def get(self, store: GraphStore, run_id: str) -> RunView:
        """The view of ``run_id``, loaded or reloaded when its stamp changed."""
        out = store.read(RUN_STAMP, {"run": run_id})
        stamp = (out[0]["finished"], out[0]["hash"]) if out else (None, None)
        with self._lock:
            view = self._views.get(run_id)
            if view is not None and view.stamp == stamp:
                self._views.move_to_end(run_id)
                return view
            loading = self._loading.setdefault(run_id, threading.Lock())
        with loading:  # one loader per run; others wait and reuse its result
            with self._lock:
                view = self._views.get(run_id)
                if view is not None and view.stamp == stamp:
                    return view
            rows = [_row(dict(r["w"])) for r in store.read(RUN_WARNINGS, {"run": run_id})]
            rows.sort(key=lambda r: (-r.model.score, r.model.warning_id))
            view = RunView(run_id, stamp, rows)
            with self._lock:
                self._views[run_id] = view
                self._views.move_to_end(run_id)
                while len(self._views) > MAX_RUNS:
                    self._views.popitem(last=False)
        return view


__all__ = ["FILTER_DIMENSIONS", "Row", "RunView", "RunViews"]
