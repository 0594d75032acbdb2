"""``Neo4jStore``: the production store, a Neo4j 5 server reached over Bolt with the official driver."""

from __future__ import annotations

import time
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from smokeindex.errors import StoreError, StoreUnavailable
from smokeindex.graph import queries
from smokeindex.graph.base import GraphStore, Health, Records
from smokeindex.schema import Schema
from smokeindex.schema.ddl import neo4j_ddl

# Rows per write: the best measured on a 2-core machine with bench/store_load.py (bench/RESULTS.md).
DEFAULT_BATCH = 4_000


def _plain(value: Any) -> Any:
    """Driver values as plain Python (nodes, relationships and paths become dicts; temporals become ISO strings)."""
    if isinstance(value, neo4j.graph.Node):
        return {"id": value.element_id, "labels": sorted(value.labels), "properties": dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": dict(value),
        }
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


class Neo4jStore(GraphStore):
    """A Neo4j server: one driver per store (create one store per process), retries only where the driver allows."""

    name = "neo4j"
    dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        *,
        database: str = "neo4j",
        connect_timeout_s: float = 5.0,
        query_timeout_s: float = 120.0,
        schema: Schema | None = None,
        batch_size: int | None = None,
    ) -> None:
        super().__init__(schema=schema, batch_size=batch_size or DEFAULT_BATCH)
        self.uri = uri
        self.database = database
        self.query_timeout_s = query_timeout_s
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=connect_timeout_s,
                connection_acquisition_timeout=connect_timeout_s * 2,
                max_transaction_retry_time=min(query_timeout_s, 15.0),
                notifications_min_severity="OFF",  # planner hints (e.g. "type does not exist yet") are not errors
            )
            self._driver.verify_connectivity()
        except Exception as e:
            if hasattr(self, "_driver"):
                self._driver.close()
            raise self._translate(e) from e

    @property
    def target(self) -> str:
        return f"{self.uri}#{self.database}"

    def _translate(self, e: Exception) -> StoreError:
        if isinstance(e, AuthError):
            return StoreUnavailable(
                f"Neo4j 认证失败 (authentication failed) at {self.uri}: 请检查 SMOKEINDEX_NEO4J_USER / "
                "SMOKEINDEX_NEO4J_PASSWORD",
                retryable=False,
            )
        if isinstance(e, ServiceUnavailable | SessionExpired | OSError) or (
            isinstance(e, DriverError) and "closed" in str(e).lower()
        ):
            return StoreUnavailable(
                f"无法连接 Neo4j (cannot reach Neo4j) at {self.uri}: {e}。请确认服务已启动、地址与端口正确",
                retryable=True,
            )
        if isinstance(e, ClientError):
            return StoreError(f"Neo4j 拒绝了查询 (query failed) [{e.code}]: {e.message}", retryable=False)
        if isinstance(e, Neo4jError):
            return StoreError(f"Neo4j 错误 [{e.code}]: {e.message}", retryable=e.is_retryable())
        if isinstance(e, DriverError | ValueError):
            return StoreError(f"Neo4j 驱动错误 (driver error) at {self.uri}: {e}")
        return StoreError(f"Neo4j 错误 at {self.uri}: {e}")

    def _run(
        self, query: str, params: dict[str, Any] | None, routing: RoutingControl, timeout_s: float | None = None
    ) -> Records:
        try:
            records, _, keys = self._driver.execute_query(
                neo4j.Query(query, timeout=timeout_s or self.query_timeout_s),
                params or {},
                routing_=routing,
                database_=self.database,
            )
        except Exception as e:
            raise self._translate(e) from e
        return [{k: _plain(r[k]) for k in keys} for r in records]

    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float | None = None) -> Records:
        return self._run(query, params, RoutingControl.READ, timeout_s)

    def write(self, query: str, params: dict[str, Any] | None = None, *, idempotent: bool = False) -> Records:
        # execute_query runs a managed transaction: the driver retries only errors it classes as retryable.
        return self._run(query, params, RoutingControl.WRITE)

    def apply_schema(self) -> list[str]:
        stmts = neo4j_ddl(self.schema)
        for stmt in stmts:
            self.write(stmt)
        self.write("CALL db.awaitIndexes(300)")
        return stmts

    def health(self) -> Health:
        start = time.perf_counter()
        try:
            self.read(queries.PING)
        except Exception as e:  # health never raises: it reports
            return Health(False, self.name, self.target, (time.perf_counter() - start) * 1000, str(e))
        return Health(True, self.name, self.target, (time.perf_counter() - start) * 1000)

    def drop_schema(self) -> None:
        """Drop every constraint and index (tests of ``apply_schema``)."""
        for row in self.read("SHOW CONSTRAINTS YIELD name RETURN name"):
            self.write(f"DROP CONSTRAINT {queries.ident(row['name'])} IF EXISTS")
        for row in self.read("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
            self.write(f"DROP INDEX {queries.ident(row['name'])} IF EXISTS")

    def close(self) -> None:
        self._driver.close()
