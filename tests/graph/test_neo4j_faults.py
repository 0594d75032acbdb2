"""Faults of the Neo4j store: server down, wrong password — a clear error naming the URI within 5 seconds."""

from __future__ import annotations

import socket
import time

import pytest

from smokeindex.config import Settings
from smokeindex.errors import ConfigError, StoreUnavailable
from smokeindex.graph import open_store
from smokeindex.graph.neo4j_store import Neo4jStore
from tests.conftest import NEO4J_PASSWORD, NEO4J_URI

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_down_fails_fast_naming_the_uri() -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    start = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore(uri, "neo4j", "whatever-password", connect_timeout_s=2)
    assert time.monotonic() - start < 5
    assert uri in info.value.detail and info.value.retryable
    assert info.value.status_code == 503


def test_unroutable_host_fails_within_the_timeout() -> None:
    uri = "bolt://10.255.255.1:7687"  # a blackholed address: connect hangs until the timeout
    start = time.monotonic()
    with pytest.raises(StoreUnavailable, match="10.255.255.1"):
        Neo4jStore(uri, "neo4j", "whatever-password", connect_timeout_s=2)
    assert time.monotonic() - start < 5


def test_wrong_password_fails_fast_and_is_not_retryable(neo4j_store: Neo4jStore) -> None:
    start = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore(NEO4J_URI, "neo4j", "not-the-password")
    assert time.monotonic() - start < 5
    assert "认证失败" in info.value.detail and NEO4J_URI in info.value.detail
    assert not info.value.retryable
    assert neo4j_store.health().ok  # the real store is unaffected


def test_factory_opens_neo4j_from_settings() -> None:
    settings = Settings(store="neo4j", neo4j_uri=NEO4J_URI, neo4j_password=NEO4J_PASSWORD)
    with open_store(settings) as store:
        assert store.name == "neo4j" and store.health().ok


def test_factory_requires_a_password() -> None:
    with pytest.raises(ConfigError, match="SMOKEINDEX_NEO4J_PASSWORD"):
        open_store(Settings(store="neo4j", neo4j_password=None))
