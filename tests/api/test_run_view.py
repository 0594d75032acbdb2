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


def test_the_profile_cache_reuses_a_fresh_profile_and_still_checks_jurisdiction(store: GraphStore) -> None:
    import json

    import pytest

    from smokeindex.errors import NotFound
    from smokeindex.query.profile import ProfileCache
    from tests.api.conftest import E1

    build_world(store)
    cache = ProfileCache(ttl_s=60)
    first = cache.json(store, ADMIN, E1)
    store.write("MATCH (e:Enterprise {uscc: $k}) SET e.name = '改名后'", {"k": E1.key})
    assert cache.json(store, ADMIN, E1) == first  # reused within the TTL
    ningbo = Viewer("inv_nb", "investigator", "330203", False)
    with pytest.raises(NotFound):
        cache.json(store, ningbo, E1)  # a cached profile is still refused outside the jurisdiction
    masked = json.loads(cache.json(store, Viewer("reg", "regulator", "3301", False), E1))
    assert masked["name"] == "改名后"  # another masking class is built afresh
    assert json.loads(ProfileCache(ttl_s=0).json(store, ADMIN, E1))["name"] == "改名后"
