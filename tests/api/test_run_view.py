"""The in-memory view of a scoring run's warnings: the same answers as the store, reloaded when the run changes."""

from __future__ import annotations

from smokeindex.graph import GraphStore
from smokeindex.index.grades import Cutoffs
from smokeindex.index.runner import IndexRunner
from smokeindex.query.viewer import Viewer
from smokeindex.query.warnings import WarningFilter, list_warnings
from tests.api.conftest import NETWORK, build_world

ADMIN = Viewer("admin", "admin", "", True)


def test_a_rerun_with_other_cutoffs_is_seen_at_once(store: GraphStore) -> None:
    build_world(store)
    before = list_warnings(store, ADMIN, WarningFilter(), limit=100)
    stored = store.read("MATCH (w:Warning {run_id: 'score-api-2'}) RETURN w.warning_id AS id, w.grade AS g")
    assert {w.warning_id: w.grade for w in before.items} == {r["id"]: r["g"] for r in stored}
    IndexRunner(store, cutoffs=Cutoffs(red=99.9, orange=99.8, yellow=99.7, blue=99.6)).run(
        NETWORK, run_id="score-api-2", model_version="t"
    )
    after = list_warnings(store, ADMIN, WarningFilter(), limit=100)
    assert after.run_id == "score-api-2" and after.total < before.total
    stored = store.read("MATCH (w:Warning {run_id: 'score-api-2'}) RETURN w.warning_id AS id, w.grade AS g")
    assert {w.warning_id: w.grade for w in after.items} == {r["id"]: r["g"] for r in stored}
