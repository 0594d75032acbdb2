"""``FalkorStore``: the default, embedded store. The project starts and owns a local FalkorDB server."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath

from smokeindex.errors import StoreError, StoreUnavailable
from smokeindex.graph import queries
from smokeindex.graph.base import GraphStore, Health, Records
from smokeindex.graph.falkordb_server import FalkorServer, no_retry
from smokeindex.schema import Schema
from smokeindex.schema.ddl import falkordb_ddl

log = logging.getLogger(__name__)
_CONSTRAINT_WAIT_S = 60.0


# Rows per write: the best measured on a 2-core machine with bench/store_load.py (bench/RESULTS.md).
DEFAULT_BATCH = 10_000


def _plain(value: Any) -> Any:
    """FalkorDB result values as plain Python (nodes, edges and paths become dicts)."""
    if isinstance(value, Node):
        return {"id": value.id, "labels": list(value.labels or []), "properties": dict(value.properties)}
    if isinstance(value, Edge):
        return {
            "id": value.id,
            "type": value.relation,
            "start": value.src_node,
            "end": value.dest_node,
            "properties": dict(value.properties),
        }
    if isinstance(value, FalkorPath):
        return {"nodes": [_plain(n) for n in value.nodes()], "relationships": [_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _params_header(params: dict[str, Any]) -> str | None:
    """The ``CYPHER name=value …`` parameter header, JSON-encoded in C for speed (bulk rows are lists of scalars).

    JSON string escapes are valid Cypher string escapes except ``\\uXXXX``, which FalkorDB does not decode, and JSON
    objects are not Cypher maps; when either could occur, return ``None`` so the client's own (slower) encoder is
    used. A false alarm only costs speed; the values are still sent as parameters, never as query text.
    """
    parts = ["CYPHER"]
    for name, value in params.items():
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return None
        if "\\u" in encoded or '{"' in encoded or not queries.is_ident(name):
            return None
        parts.append(f"{name}={encoded}")
    return " ".join(parts) + " "


class FalkorStore(GraphStore):
    """The embedded FalkorDB store: one graph (``graph_name``) on a server this process starts or attaches to."""

    name = "falkordb"
    dialect = "falkordb"

    def __init__(
        self,
        directory: Path,
        *,
        graph_name: str = "smokeindex",
        fsync: str = "always",
        start_timeout_s: float = 15.0,
        query_timeout_s: float = 120.0,
        schema: Schema | None = None,
        batch_size: int | None = None,
    ) -> None:
        super().__init__(schema=schema, batch_size=batch_size or DEFAULT_BATCH)
        self.server = FalkorServer(directory, fsync=fsync, start_timeout_s=start_timeout_s)
        self.graph_name = graph_name
        self.query_timeout_ms = int(query_timeout_s * 1000)
        self._db: FalkorDB | None = None
        self._connect()

    def _connect(self) -> None:
        self.server.ensure_running()
        if self._db is not None:
            self._db.connection.close()
        self._db = FalkorDB(unix_socket_path=str(self.server.socket_path), retry=no_retry())
        self._graph = self._db.select_graph(self.graph_name)

    @property
    def target(self) -> str:
        return f"falkordb+unix://{self.server.socket_path}#{self.graph_name}"

    def prepare(self, query: str, params: dict[str, Any]) -> Any:
        header = _params_header(params)
        return (header + query, None) if header is not None else (query, params)

    def execute_prepared(self, prepared: Any) -> Records:
        query, params = prepared
        return self._run(query, params, read_only=False, retry=True, encoded=params is None)

    def _run(
        self,
        query: str,
        params: dict[str, Any] | None,
        *,
        read_only: bool,
        retry: bool,
        encoded: bool = False,
        timeout_s: float | None = None,
    ) -> Records:
        timeout_ms = int(timeout_s * 1000) if timeout_s else self.query_timeout_ms
        header = None if encoded or not params else _params_header(params)
        if header is not None:
            query, params = header + query, None
        for attempt in (1, 2, 3):
            try:
                if read_only:
                    result = self._graph.ro_query(query, params, timeout=timeout_ms)
                else:
                    result = self._graph.query(query, params, timeout=timeout_ms)
            except (redis.ConnectionError, redis.TimeoutError, OSError) as e:
                if isinstance(e, redis.TimeoutError) and self.server.ping():
                    raise StoreError(f"嵌入式图库查询超时 (query timed out): {e}", retryable=False) from e
                if not self.server.ping() and (reason := self.server.fatal_reason()):
                    raise StoreUnavailable(reason, retryable=False) from e
                log.warning("嵌入式图库连接中断 (%s)，正在重启", e)
                self._connect()
                if attempt < 3 and (read_only or retry):
                    continue
                raise StoreUnavailable(
                    "嵌入式图库连接中断，已重启；该写入是否生效未知，请核对后重试 "
                    "(embedded store restarted; the outcome of this write is unknown)",
                    retryable=True,
                ) from e
            except UnicodeDecodeError as e:  # e.g. a string function that cut a multi-byte character
                raise StoreError(f"嵌入式图库返回了无效的 UTF-8 文本 (invalid UTF-8 in the result): {e}") from e
            except redis.ResponseError as e:
                if read_only and "empty key" in str(e):
                    # the graph has never been written: run the read as a plain query, which creates it empty
                    read_only = False
                    continue
                raise self._response_error(e) from e
            columns = [h[1] for h in result.header]
            return [dict(zip(columns, (_plain(v) for v in row), strict=True)) for row in result.result_set]
        raise AssertionError("unreachable")  # pragma: no cover

    def _response_error(self, e: redis.ResponseError) -> StoreError:
        message = str(e)
        if message.startswith("MISCONF") or "No space left" in message or "AOF" in message:
            return StoreUnavailable(
                f"嵌入式图库无法持久化写入（磁盘已满或不可写），本次写入未提交 (write refused, not committed): {message}",
                retryable=False,
            )
        if "timed out" in message.lower():
            return StoreError(f"嵌入式图库查询超时 (query timed out): {message}")
        return StoreError(f"嵌入式图库拒绝了查询 (query failed): {message}")

    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float | None = None) -> Records:
        return self._run(query, params, read_only=True, retry=True, timeout_s=timeout_s)

    def write(self, query: str, params: dict[str, Any] | None = None, *, idempotent: bool = False) -> Records:
        return self._run(query, params, read_only=False, retry=idempotent)

    def apply_schema(self) -> list[str]:
        stmts, constraints = falkordb_ddl(self.schema)
        ran = []
        for stmt in stmts:
            try:
                self.write(stmt)
                ran.append(stmt)
            except StoreError as e:
                if "already indexed" not in e.detail:
                    raise
        assert self._db is not None
        existing = {
            (r["label"], tuple(r["properties"]))
            for r in self.read("CALL db.constraints() YIELD label, properties RETURN label, properties")
        }
        for c in constraints:
            if (c.label, (c.prop,)) in existing:
                continue
            try:
                self._db.connection.execute_command(*c.args(self.graph_name))
                ran.append(" ".join(c.args(self.graph_name)))
            except redis.ResponseError as e:
                if "already exists" not in str(e).lower():
                    raise StoreError(f"创建唯一约束失败 (constraint failed) {c.label}.{c.prop}: {e}") from e
        self._wait_for_constraints()
        return ran

    def _wait_for_constraints(self) -> None:
        deadline = time.monotonic() + _CONSTRAINT_WAIT_S
        while True:
            rows = self.read("CALL db.constraints() YIELD label, properties, status RETURN label, properties, status")
            failed = [r for r in rows if r["status"] == "FAILED"]
            if failed:
                raise StoreError(f"唯一约束建立失败，图中已有重复标识 (duplicate keys): {failed}")
            if all(r["status"] == "OPERATIONAL" for r in rows) or time.monotonic() > deadline:
                return
            time.sleep(0.05)

    def health(self) -> Health:
        start = time.perf_counter()
        try:
            self.read(queries.PING)
        except Exception as e:  # health never raises: it reports
            return Health(False, self.name, self.target, (time.perf_counter() - start) * 1000, str(e))
        pid = self.server.pid()
        detail = f"owned pid {pid}" if pid else "attached to a running server"
        return Health(True, self.name, self.target, (time.perf_counter() - start) * 1000, detail)

    def compact(self) -> None:
        self.server.compact()

    def drop_graph(self) -> None:
        """Delete the whole graph, indexes and constraints included."""
        try:
            self._graph.delete()
        except redis.ResponseError as e:
            if "empty key" not in str(e).lower():
                raise StoreError(f"删除图失败 (drop failed): {e}") from e

    def close(self) -> None:
        if self._db is not None:
            self._db.connection.close()
            self._db = None
        self.server.stop()
