"""A generated 2,000-enterprise world, shared by the ETL tests (generated once per session)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smokeindex.graph import GraphStore
from smokeindex.synth import generate_world

KEY = "test-pseudonym-key"


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world2000")
    generate_world(out, enterprises=2000, seed=11)
    return out


@pytest.fixture(scope="session")
def manifest(world: Path) -> dict[str, Any]:
    return dict(json.loads((world / "manifest.json").read_text(encoding="utf-8")))


def dump(store: GraphStore, *, ignore: frozenset[str] = frozenset({"ingested_at"})) -> tuple[list, list]:
    """Every node and relationship with its properties (minus ``ignore``), in a canonical order."""
    nodes = []
    for label, node in store.schema.nodes.items():
        for r in store.read(f"MATCH (n:{label}) RETURN properties(n) AS p"):
            props = {k: v for k, v in r["p"].items() if k not in ignore}
            nodes.append((label, props[node.key], sorted(props.items(), key=str)))
    rels = []
    for rel_type in store.schema.relationships:
        for r in store.read(
            f"MATCH (a)-[r:{rel_type}]->(b) RETURN labels(a)[0] AS la, properties(a) AS pa, labels(b)[0] AS lb, "
            "properties(b) AS pb, properties(r) AS p"
        ):
            ka, kb = store.schema.node(r["la"]).key, store.schema.node(r["lb"]).key
            props = sorted(((k, v) for k, v in r["p"].items() if k not in ignore), key=str)
            rels.append((rel_type, r["pa"][ka], r["pb"][kb], props))
    return sorted(nodes, key=str), sorted(rels, key=str)
