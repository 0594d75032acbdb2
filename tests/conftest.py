"""Shared fixtures: a real embedded FalkorDB and a real Neo4j, one store each per session, emptied per test.

The Neo4j server is started by ``scripts/test.sh`` (see ``tools/neo4j-launcher``); its address comes from
``SMOKEINDEX_TEST_NEO4J_URI`` / ``SMOKEINDEX_TEST_NEO4J_PASSWORD``. If it cannot be reached the Neo4j tests ERROR,
they never skip. Run ``pytest -m "not neo4j"`` to deselect them explicitly on a machine without it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from smokeindex.graph import GraphStore
from smokeindex.graph.falkordb_store import FalkorStore

NEO4J_URI = os.environ.get("SMOKEINDEX_TEST_NEO4J_URI", "bolt://127.0.0.1:7688")
NEO4J_PASSWORD = os.environ.get("SMOKEINDEX_TEST_NEO4J_PASSWORD", "smokeindex-test")


def provenance(record_id: str = "1", source: str = "test") -> dict[str, str]:
    """Valid provenance properties for hand-made test rows."""
    return {
        "source": source,
        "record_id": record_id,
        "ingested_at": datetime(2024, 1, 1, tzinfo=UTC).isoformat(),
        "record_hash": "0" * 64,
    }


@pytest.fixture(scope="session")
def falkordb_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorStore]:
    store = FalkorStore(tmp_path_factory.mktemp("falkordb"), graph_name="contract")
    store.apply_schema()
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_store() -> Iterator[GraphStore]:
    from smokeindex.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(NEO4J_URI, "neo4j", NEO4J_PASSWORD)
    store.clear()
    store.apply_schema()
    yield store
    store.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "neo4j" in (callspec.params.get("store"), callspec.params.get("api")):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(params=["falkordb", "neo4j"])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """The same contract suite runs unchanged against both real stores; each test starts from an empty graph."""
    s: GraphStore = request.getfixturevalue(f"{request.param}_store")
    s.clear()
    yield s


@pytest.fixture
def prov() -> dict[str, Any]:
    return provenance()
