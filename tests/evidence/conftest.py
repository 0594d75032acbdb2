"""A tiny hand-made subgraph: two enterprises, their legal representative and a shared phone."""

from __future__ import annotations

import pytest

from smokeindex.evidence import build_package
from smokeindex.graph.base import GraphNode, GraphRel, Subgraph
from smokeindex.schema import Schema, load_schema
from tests.conftest import provenance

KEY = b"test-evidence-key"
CREATED_AT = "2024-06-01T08:00:00+08:00"
E1, E2 = "91330106MA2H0AB3XY", "91330106MA2H0AB4XW"


@pytest.fixture(scope="session")
def schema() -> Schema:
    return load_schema()


@pytest.fixture
def subgraph() -> Subgraph:
    nodes = [
        GraphNode("1", ["Enterprise"], {"uscc": E1, "name": "杭州鑫盛财富管理有限公司", "registered_capital": 5000.0,
                                        "aliases": ["鑫盛理财", "鑫盛财富"], "reported_fundraising": True,
                                        "employees": 12, "founded_on": "2021-03-15", **provenance("e1")}),
        GraphNode("2", ["Enterprise"], {"uscc": E2, "name": "=HYPERLINK(\"x\")", **provenance("e2")}),
        GraphNode("3", ["Person"], {"person_id": "P-0001", "name": "张伟", "id_number": "11010519491231002X",
                                    **provenance("p1")}),
        GraphNode("4", ["Phone"], {"number": "13800138000", "kind": "mobile", **provenance("t1")}),
    ]  # fmt: skip
    rels = [
        GraphRel("10", "LEGAL_REP_OF", "3", "1", {"since": "2021-03-15", **provenance("r1")}),
        GraphRel("11", "LEGAL_REP_OF", "3", "2", {"since": "2022-01-01", **provenance("r2")}),
        GraphRel("12", "HAS_PHONE", "1", "4", provenance("r3")),
        GraphRel("13", "HAS_PHONE", "2", "4", provenance("r4")),
        GraphRel("14", "HAS_PHONE", "3", "99", provenance("r5")),  # its phone is outside the subgraph
    ]
    return Subgraph(nodes=nodes, relationships=rels)


@pytest.fixture
def package(subgraph: Subgraph, schema: Schema) -> bytes:
    return build_package(
        subgraph,
        schema=schema,
        query={"start": f"Enterprise:{E1}", "hops": 2, "limit": 500},
        snapshot={"store": "falkordb", "graph": "smokeindex", "loaded_at": "2024-05-31T23:00:00+08:00"},
        exporter={"user": "jingzhen01", "role": "police", "organisation": "杭州市公安局经侦支队"},
        key=KEY,
        created_at=CREATED_AT,
    )
