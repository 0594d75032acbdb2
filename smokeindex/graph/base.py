"""The graph-store interface both backends implement, and the schema-driven upsert logic they share.

A store runs parameterised Cypher (``read`` / ``write``), upserts validated nodes and relationships in batches with
``UNWIND $rows … MERGE``, applies the schema DDL, fetches subgraphs and shortest paths, reports health and closes.
Labels, relationship types and key names are taken only from the schema, never from user input.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal, TypeVar

from smokeindex.errors import ValidationFailed
from smokeindex.graph import queries
from smokeindex.schema import Schema, load_schema
from smokeindex.schema.validation import node_model, node_patch_model, relationship_model, validate_rows

Records = list[dict[str, Any]]
T = TypeVar("T")
Progress = Callable[[int], None]
MAX_HOPS = 5


@dataclass(frozen=True)
class NodeRef:
    """A node named by its label and identity-key value: how the rest of the system refers to nodes."""

    label: str
    key: str


@dataclass(frozen=True)
class RelRow:
    """One relationship to upsert: its two ends (label + key value) and its properties (provenance included)."""

    start: NodeRef
    end: NodeRef
    properties: dict[str, Any]


@dataclass
class UpsertResult:
    """What an upsert wrote; ``missing`` lists relationships whose end nodes were not in the graph."""

    written: int = 0
    missing: list[RelRow] = field(default_factory=list)


@dataclass(frozen=True)
class GraphNode:
    id: str
    labels: list[str]
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphRel:
    id: str
    type: str
    start: str
    end: str
    properties: dict[str, Any]


@dataclass
class Subgraph:
    """Nodes and relationships, with store-internal ids used only to tie them together within this answer."""

    nodes: list[GraphNode] = field(default_factory=list)
    relationships: list[GraphRel] = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True)
class Health:
    ok: bool
    store: str
    target: str
    latency_ms: float
    detail: str = ""


def _graph_node(record: dict[str, Any]) -> GraphNode:
    """A node from a record with ``id``, ``labels`` and ``props`` columns."""
    return GraphNode(str(record["id"]), list(record["labels"]), dict(record["props"]))


def _batches(rows: Iterable[Any], size: int) -> Iterable[list[Any]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


class GraphStore(ABC):
    """One interface over Neo4j and the embedded FalkorDB. Use as a context manager or call ``close()``."""

    name: str = "abstract"
    dialect: Literal["falkordb", "neo4j"]

    def __init__(self, *, schema: Schema | None = None, batch_size: int = 5000) -> None:
        self.schema = schema or load_schema()
        self.batch_size = batch_size
        self._schema_ensured = False

    # -- the primitives each backend implements ------------------------------------------------------------------
    @abstractmethod
    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float | None = None) -> Records:
        """Run a read-only query and return its records as plain dicts (``timeout_s`` overrides the default)."""

    @abstractmethod
    def write(self, query: str, params: dict[str, Any] | None = None, *, idempotent: bool = False) -> Records:
        """Run a write query in one transaction and return its records. ``idempotent`` allows one retry after a
        lost connection (true for MERGE-only statements)."""

    @abstractmethod
    def apply_schema(self) -> list[str]:
        """Create the schema's constraints and indexes (idempotent); returns the statements that ran."""

    def ensure_schema(self) -> None:
        """Apply the schema once per store object. Writers of derived nodes call it, so a node type added by an
        upgrade gets its indexes before the first write (without them every key lookup scans the label)."""
        if not self._schema_ensured:
            self.apply_schema()
            self._schema_ensured = True

    @abstractmethod
    def health(self) -> Health:
        """Whether the store answers, and how fast; never raises."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (and stop an embedded server this store started)."""

    def compact(self) -> None:  # noqa: B027 - an optional hook: most stores need nothing
        """Compact storage after a bulk load, where the store needs it (the embedded store's append-only file)."""

    def clear(self) -> None:
        """Delete every node and relationship, in bounded batches; constraints and indexes stay."""
        while int(self.write(queries.DELETE_BATCH, {"n": 10_000})[0]["n"]):
            pass

    # -- pipelined bulk writes -----------------------------------------------------------------------------------
    def prepare(self, query: str, params: dict[str, Any]) -> Any:
        """Turn a statement and its parameters into what ``execute_prepared`` sends (e.g. encode parameters)."""
        return query, params

    def execute_prepared(self, prepared: Any) -> Records:
        """Send a prepared idempotent write."""
        query, params = prepared
        return self.write(query, params, idempotent=True)

    def _write_pipelined(self, batches: Iterable[tuple[str, dict[str, Any], T]]) -> Iterator[tuple[T, Records]]:
        """Run idempotent writes in order, preparing batch k+1 while the store executes batch k."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="smokeindex-writer") as pool:
            pending: tuple[T, Future[Records]] | None = None
            for query, params, tag in batches:
                prepared = self.prepare(query, params)
                if pending is not None:
                    yield pending[0], pending[1].result()
                pending = (tag, pool.submit(self.execute_prepared, prepared))
            if pending is not None:
                yield pending[0], pending[1].result()

    # -- shared, schema-driven operations ------------------------------------------------------------------------
    def upsert_nodes(
        self,
        label: str,
        rows: Sequence[dict[str, Any]],
        *,
        progress: Progress | None = None,
        prevalidated: bool = False,
    ) -> UpsertResult:
        """Validate every row against the schema (all or nothing), then MERGE them by identity key in batches.

        ``prevalidated=True`` skips the validation for rows that already passed ``schema.validation.check`` with the
        same model (the ETL checks each record to quarantine it alone); anything else must leave it off.
        """
        node = self.schema.node(label)
        clean = list(rows) if prevalidated else validate_rows(node_model(label), list(rows), f"{label} 节点")
        merged: dict[Any, dict[str, Any]] = {}
        for row in clean:  # one row per key, later values winning, as successive MERGE + SET would give
            if (existing := merged.get(row[node.key])) is None:
                merged[row[node.key]] = row
            else:
                existing.update(row)
        groups: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
        for row in merged.values():  # rows with the same properties share one statement
            groups[tuple(row)].append(list(row.values()))
        result = UpsertResult()
        work = (
            (queries.upsert_nodes(self.dialect, label, node.key, columns), {"rows": batch}, len(batch))
            for columns, values in groups.items()
            for batch in _batches(values, self.batch_size)
        )
        for size, out in self._write_pipelined(work):
            result.written += int(out[0]["n"]) if out else 0
            if progress:
                progress(size)
        return result

    def update_nodes(self, label: str, rows: Sequence[dict[str, Any]], *, provenance: bool = True) -> list[Any]:
        """Set properties on nodes that already exist (key and provenance required, nothing else); returns the
        keys that matched no node, which were not written. ``provenance=False`` is for derived features, which
        leave the node's provenance as it is."""
        node = self.schema.node(label)
        clean = validate_rows(node_patch_model(label, provenance=provenance), list(rows), f"{label} 节点更新")
        groups: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
        for row in clean:
            groups[tuple(row)].append(list(row.values()))
        missing: list[Any] = []
        for columns, values in groups.items():
            query = queries.update_nodes(label, node.key, columns)
            key_at = columns.index(node.key)
            for batch in _batches(values, self.batch_size):
                found = {r["k"] for r in self.write(query, {"rows": batch}, idempotent=True)}
                missing.extend(v[key_at] for v in batch if v[key_at] not in found)
        return missing

    def upsert_relationships(
        self,
        rel_type: str,
        rows: Sequence[RelRow],
        *,
        progress: Progress | None = None,
        prevalidated: bool = False,
    ) -> UpsertResult:
        """Validate, then MERGE relationships between existing nodes; rows whose ends are absent come back in
        ``missing`` (never silently dropped)."""
        rel = self.schema.relationship(rel_type)
        problems = []
        for i, row in enumerate(rows):
            if row.start.label not in rel.from_labels:
                problems.append(
                    {"row": i, "field": "start.label", "problem": f"{rel_type} 不能从 {row.start.label} 出发"}
                )
            if row.end.label not in rel.to_labels:
                problems.append({"row": i, "field": "end.label", "problem": f"{rel_type} 不能指向 {row.end.label}"})
        if problems:
            raise ValidationFailed(
                f"{rel_type} 关系: {len(problems)} 处端点类型不符合模式，未写入任何数据; 第一处: {problems[0]['problem']}",
                errors=problems[:100],
            )
        props = (
            [r.properties for r in rows]
            if prevalidated
            else validate_rows(relationship_model(rel_type), [r.properties for r in rows], f"{rel_type} 关系")
        )
        groups: dict[tuple[str, str, tuple[str, ...]], list[tuple[RelRow, list[Any]]]] = defaultdict(list)
        for row, clean in zip(rows, props, strict=True):
            values = [row.start.key, row.end.key, *clean.values()]
            groups[(row.start.label, row.end.label, tuple(clean))].append((row, values))

        def work() -> Iterator[tuple[str, dict[str, Any], tuple[str, str, list[RelRow]]]]:
            for (start_label, end_label, columns), items in groups.items():
                query = queries.upsert_relationships(
                    rel_type,
                    start_label,
                    self.schema.node(start_label).key,
                    end_label,
                    self.schema.node(end_label).key,
                    rel.key,
                    columns,
                )
                for batch in _batches(items, self.batch_size):
                    yield query, {"rows": [v for _, v in batch]}, (start_label, end_label, [r for r, _ in batch])

        result = UpsertResult()
        for (start_label, end_label, batch_rows), out in self._write_pipelined(work()):
            n = int(out[0]["n"]) if out else 0
            result.written += n
            if n < len(batch_rows):
                result.missing.extend(self._missing_ends(start_label, end_label, batch_rows))
            if progress:
                progress(len(batch_rows))
        return result

    def _missing_ends(self, start_label: str, end_label: str, batch: list[RelRow]) -> list[RelRow]:
        query = queries.missing_ends(
            start_label, self.schema.node(start_label).key, end_label, self.schema.node(end_label).key
        )
        out = self.read(
            query, {"rows": [{"i": i, "start": r.start.key, "end": r.end.key} for i, r in enumerate(batch)]}
        )
        return [batch[int(rec["i"])] for rec in out]

    def count_nodes(self) -> dict[str, int]:
        """Node count per schema label (zero counts included)."""
        return {label: int(self.read(queries.count_label(label))[0]["n"]) for label in self.schema.nodes}

    def count_relationships(self) -> dict[str, int]:
        """Relationship count per schema type (zero counts included)."""
        return {t: int(self.read(queries.count_rel_type(t))[0]["n"]) for t in self.schema.relationships}

    def get_node(self, ref: NodeRef) -> dict[str, Any] | None:
        """The properties of one node, or ``None``."""
        key = self.schema.node(ref.label).key
        out = self.read(queries.get_node(ref.label, key), {"key": ref.key})
        return dict(out[0]["props"]) if out else None

    def subgraph(self, ref: NodeRef, *, hops: int = 1, limit: int = 500) -> Subgraph:
        """The neighbourhood within ``hops`` of a node: at most ``limit`` nodes, and the relationships among them."""
        if not 0 <= hops <= MAX_HOPS:
            raise ValidationFailed(f"hops 须在 0–{MAX_HOPS} 之间 (hops out of range): {hops}")
        if not 1 <= limit <= 100_000:
            raise ValidationFailed(f"limit 须在 1–100000 之间 (limit out of range): {limit}")
        key = self.schema.node(ref.label).key
        node_id = queries.NODE_ID[self.dialect]
        found = self.read(queries.neighbourhood(ref.label, key, hops, node_id), {"key": ref.key, "cap": limit + 1})
        truncated = len(found) > limit
        nodes = [_graph_node(r) for r in found[:limit]]
        return Subgraph(nodes=nodes, relationships=self.relationships_among([n.id for n in nodes]), truncated=truncated)

    def relationships_among(self, node_ids: list[str]) -> list[GraphRel]:
        """Every relationship whose two ends are both in ``node_ids`` (store-internal ids)."""
        if not node_ids:
            return []
        out = self.read(queries.RELATIONSHIPS_AMONG[self.dialect], {"ids": self._typed_ids(node_ids)})
        return [GraphRel(str(r["id"]), r["type"], str(r["start"]), str(r["end"]), dict(r["props"])) for r in out]

    def shortest_path(self, a: NodeRef, b: NodeRef, *, max_hops: int = 4) -> Subgraph | None:
        """One shortest undirected path between two nodes within ``max_hops``, or ``None``."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise ValidationFailed(f"max_hops 须在 1–{MAX_HOPS} 之间 (max_hops out of range): {max_hops}")
        query = queries.shortest_path(
            self.dialect,
            a.label,
            self.schema.node(a.label).key,
            b.label,
            self.schema.node(b.label).key,
            max_hops,
            sorted(self.schema.relationships),
        )
        out = self.read(query, {"a": a.key, "b": b.key})
        if not out or not out[0].get("ids"):
            return None
        ids = [str(i) for i in out[0]["ids"]]
        nodes_out = self.read(queries.NODES_BY_ID[self.dialect], {"ids": self._typed_ids(ids)})
        by_id = {str(r["id"]): _graph_node(r) for r in nodes_out}
        return Subgraph(nodes=[by_id[i] for i in ids], relationships=self.relationships_among(ids))

    def _typed_ids(self, ids: list[str]) -> list[Any]:
        return [int(i) for i in ids] if self.dialect == "falkordb" else ids

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
