"""What a source transform produces from one raw record: node rows, relationship rows and node patches, each with
provenance, checked against the schema before the record is accepted (all of the record or none of it)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from smokeindex.etl.clean import CleanError
from smokeindex.graph import NodeRef, RelRow
from smokeindex.schema import Schema
from smokeindex.schema.validation import check, node_model, node_patch_model, relationship_model


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of the raw record as delivered, proving what the graph was built from: the cells joined by U+001F
    for a flat record (CSV, XLSX), canonical JSON (keys sorted) for a nested one (JSONL)."""
    values = list(record.values())
    if all(type(v) is str for v in values):
        payload = "\x1f".join(f"{k}\x1e{v}" for k, v in zip(record, values, strict=True))
    else:
        payload = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class PersonIds:
    """Pseudonymous, stable person ids: an HMAC of the ID number under the deployment's key (not reversible
    without the key, unlike a plain hash of an 18-digit number)."""

    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def __call__(self, id_number: str) -> str:
        return "P" + self.digest(id_number)

    def digest(self, text: str) -> str:
        """80 bits of the keyed hash of ``text``: a stable id for a record that holds personal data."""
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()[:20]


@dataclass
class Output:
    """Rows accumulated over a chunk of records, ready to load."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    patches: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[str, list[RelRow]] = field(default_factory=lambda: defaultdict(list))
    records: int = 0


class Emitter:
    """Collects the rows of one record; ``commit`` validates them and moves them into the chunk's ``Output``."""

    def __init__(self, schema: Schema, source: str, ingested_at: str, delivery: str) -> None:
        self.schema = schema
        self.source = source
        self.ingested_at = ingested_at
        self.delivery = delivery
        self._prov: dict[str, str] = {}
        self._nodes: list[tuple[str, dict[str, Any]]] = []
        self._patches: list[tuple[str, dict[str, Any]]] = []
        self._rels: list[tuple[str, NodeRef, NodeRef, dict[str, Any]]] = []
        self.warnings: list[tuple[str, str]] = []

    def begin(self, line: int, record: dict[str, Any]) -> None:
        self._prov = {
            "source": self.source,
            "record_id": f"{self.delivery}/{self.source}:{line}",
            "ingested_at": self.ingested_at,
            "record_hash": record_hash(record),
        }
        self._nodes, self._patches, self._rels, self.warnings = [], [], [], []

    @property
    def fingerprint(self) -> int:
        """The first 64 bits of the current record's hash: how duplicates within a delivery are recognised."""
        return int(self._prov["record_hash"][:16], 16)

    def node(self, label: str, **props: Any) -> NodeRef:
        """Add a node (``None`` values are left out) and return its reference."""
        clean = {k: v for k, v in props.items() if v is not None}
        self._nodes.append((label, clean))
        return NodeRef(label, clean[self.schema.node(label).key])

    def patch(self, label: str, **props: Any) -> None:
        """Set properties on a node that must already exist."""
        self._patches.append((label, {k: v for k, v in props.items() if v is not None}))

    def rel(self, rel_type: str, start: NodeRef, end: NodeRef, **props: Any) -> None:
        self._rels.append((rel_type, start, end, {k: v for k, v in props.items() if v is not None}))

    def warn(self, field_name: str, reason: str) -> None:
        """A value that could not be used; the record is loaded without it."""
        self.warnings.append((field_name, reason))

    def commit(self, out: Output) -> None:
        """Validate every row of the record against the schema; raise ``CleanError`` (nothing kept) on the first
        problem, else append the rows to ``out``."""
        staged_nodes = []
        for label, props in self._nodes:
            row, problems = check(node_model(label), {**props, **self._prov})
            if row is None:
                raise CleanError(f"{label}.{problems[0]['field']}", problems[0]["problem"])
            staged_nodes.append((label, row))
        staged_patches = []
        for label, props in self._patches:
            row, problems = check(node_patch_model(label), {**props, **self._prov})
            if row is None:
                raise CleanError(f"{label}.{problems[0]['field']}", problems[0]["problem"])
            staged_patches.append((label, row))
        staged_rels = []
        for rel_type, start, end, props in self._rels:
            row, problems = check(relationship_model(rel_type), {**props, **self._prov})
            if row is None:
                raise CleanError(f"{rel_type}.{problems[0]['field']}", problems[0]["problem"])
            staged_rels.append((rel_type, RelRow(start, end, row)))
        for label, row in staged_nodes:
            out.nodes[label].append(row)
        for label, row in staged_patches:
            out.patches[label].append(row)
        for rel_type, rel in staged_rels:
            out.rels[rel_type].append(rel)
        out.records += 1
