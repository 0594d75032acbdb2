"""Load the small fictional sample graph shipped with the package, with provenance on every node and relationship."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from smokeindex.graph import GraphStore, NodeRef, RelRow

SAMPLE_FILE = Path(__file__).with_name("sample_graph.yaml")
SOURCE = "demo/sample_graph.yaml"


def _provenance(record_id: str, record: Any, ingested_at: str, source: str = SOURCE) -> dict[str, str]:
    digest = hashlib.sha256(json.dumps(record, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return {"source": source, "record_id": record_id, "ingested_at": ingested_at, "record_hash": digest}


def load_sample(store: GraphStore, path: Path = SAMPLE_FILE) -> dict[str, int]:
    """Upsert the sample graph into ``store``; returns rows written per label and type. Re-running changes nothing
    but ``ingested_at``."""
    return load_graph(store, yaml.safe_load(path.read_text(encoding="utf-8")), source=SOURCE)


def load_graph(store: GraphStore, data: dict[str, Any], *, source: str) -> dict[str, int]:
    """Upsert a small graph written as data (``nodes: {Label: [props]}``, ``relationships: {TYPE: [[start label,
    start key, end label, end key, {props}?]]}``), adding provenance; relationships to absent nodes are an error."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    written: dict[str, int] = {}
    for label, rows in (data.get("nodes") or {}).items():
        prepared = [{**row, **_provenance(f"nodes.{label}[{i}]", row, now, source)} for i, row in enumerate(rows)]
        written[label] = store.upsert_nodes(label, prepared).written
    for rel_type, rows in (data.get("relationships") or {}).items():
        rels = []
        for i, row in enumerate(rows):
            start_label, start_key, end_label, end_key, *rest = row
            props = rest[0] if rest else {}
            rels.append(
                RelRow(
                    NodeRef(start_label, str(start_key)),
                    NodeRef(end_label, str(end_key)),
                    {**props, **_provenance(f"relationships.{rel_type}[{i}]", row, now, source)},
                )
            )
        result = store.upsert_relationships(rel_type, rels)
        if result.missing:
            raise ValueError(f"样例数据错误：{rel_type} 有 {len(result.missing)} 条关系的端点不存在")
        written[rel_type] = result.written
    return written
