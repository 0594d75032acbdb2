"""The store contract: the same tests run unchanged on the real embedded FalkorDB and on a real Neo4j server."""

from __future__ import annotations

import pytest

from smokeindex.errors import StoreError, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from tests.conftest import provenance

E1, E2, E3 = "91330106MA2H0AB3XY", "91330106MA2H0AC4XM", "91330108MA2H0AD5X9"


def enterprises(*usccs: str, **extra: object) -> list[dict]:
    return [{"uscc": u, "name": f"企业{i}", **provenance(str(i)), **extra} for i, u in enumerate(usccs)]


def persons(*ids: str) -> list[dict]:
    return [{"person_id": p, "name": f"某人{p}", **provenance(p)} for p in ids]


def accounts(*numbers: str) -> list[dict]:
    return [{"account_number": n, **provenance(n)} for n in numbers]


def test_health(store: GraphStore) -> None:
    h = store.health()
    assert h.ok and h.store == store.name and h.latency_ms >= 0


def test_apply_schema_is_idempotent_and_enforces_unique_keys(store: GraphStore) -> None:
    store.apply_schema()
    store.apply_schema()
    store.upsert_nodes("Enterprise", enterprises(E1))
    with pytest.raises(StoreError):
        store.write("CREATE (:Enterprise {uscc: $u, name: 'dup'})", {"u": E1})
    assert store.count_nodes()["Enterprise"] == 1


def test_upsert_nodes_merges_by_identity_key(store: GraphStore) -> None:
    assert store.upsert_nodes("Enterprise", enterprises(E1, E2)).written == 2
    store.upsert_nodes("Enterprise", enterprises(E1, E2))
    store.upsert_nodes("Enterprise", [{**enterprises(E1)[0], "status": "吊销", "registered_capital": 100.5}])
    assert store.count_nodes()["Enterprise"] == 2
    node = store.get_node(NodeRef("Enterprise", E1))
    assert node is not None
    assert node["status"] == "吊销" and node["registered_capital"] == 100.5 and node["name"] == "企业0"
    assert node["source"] == "test" and len(node["record_hash"]) == 64
    assert store.get_node(NodeRef("Enterprise", E3)) is None


def test_invalid_rows_are_rejected_before_any_write(store: GraphStore) -> None:
    rows = enterprises(E1, E2)
    rows.append({**enterprises(E3)[0], "registered_capital": "很多"})
    with pytest.raises(ValidationFailed) as info:
        store.upsert_nodes("Enterprise", rows)
    assert info.value.errors[0]["row"] == 2
    assert store.count_nodes()["Enterprise"] == 0
    with pytest.raises(ValidationFailed):
        store.upsert_nodes("Enterprise", [{**enterprises(E1)[0], "colour": "red"}])
    with pytest.raises(KeyError):
        store.upsert_nodes("Enterprize", enterprises(E1))


def test_values_travel_as_parameters_not_as_cypher(store: GraphStore) -> None:
    evil = "x'}) DETACH DELETE n //\"\\ \n 甲`"
    store.upsert_nodes("Enterprise", [{**enterprises(E1)[0], "name": evil, "aliases": [evil, "乙"]}])
    node = store.get_node(NodeRef("Enterprise", E1))
    assert node is not None and node["name"] == evil and node["aliases"] == [evil, "乙"]
    assert store.read("MATCH (n:Enterprise) WHERE n.name = $name RETURN count(n) AS n", {"name": evil}) == [{"n": 1}]


def test_relationships_merge_and_report_missing_ends(store: GraphStore) -> None:
    store.upsert_nodes("Enterprise", enterprises(E1, E2))
    store.upsert_nodes("Person", persons("p1"))
    rows = [
        RelRow(NodeRef("Person", "p1"), NodeRef("Enterprise", E1), {"ratio": 0.6, **provenance()}),
        RelRow(NodeRef("Enterprise", E1), NodeRef("Enterprise", E2), {"ratio": 1.0, "amount": 50, **provenance()}),
        RelRow(NodeRef("Person", "ghost"), NodeRef("Enterprise", E1), {"ratio": 0.4, **provenance()}),
    ]
    result = store.upsert_relationships("SHAREHOLDER_OF", rows)
    assert result.written == 2
    assert [r.start.key for r in result.missing] == ["ghost"]
    store.upsert_relationships("SHAREHOLDER_OF", rows[:1])
    assert store.count_relationships()["SHAREHOLDER_OF"] == 2
    out = store.read("MATCH (:Person {person_id: 'p1'})-[r:SHAREHOLDER_OF]->(e) RETURN r.ratio AS ratio, e.uscc AS u")
    assert out == [{"ratio": 0.6, "u": E1}]


def test_relationship_end_labels_and_properties_are_validated(store: GraphStore) -> None:
    store.upsert_nodes("Enterprise", enterprises(E1, E2))
    bad_end = RelRow(NodeRef("Enterprise", E1), NodeRef("Enterprise", E2), provenance())
    with pytest.raises(ValidationFailed, match="LEGAL_REP_OF"):
        store.upsert_relationships("LEGAL_REP_OF", [bad_end])
    bad_ratio = RelRow(NodeRef("Enterprise", E1), NodeRef("Enterprise", E2), {"ratio": 7, **provenance()})
    with pytest.raises(ValidationFailed):
        store.upsert_relationships("SHAREHOLDER_OF", [bad_ratio])
    assert store.count_relationships()["SHAREHOLDER_OF"] == 0


def test_parallel_transfers_are_kept_apart_by_txn_id(store: GraphStore) -> None:
    store.upsert_nodes("BankAccount", accounts("6222000011112222", "6222000033334444"))
    a, b = NodeRef("BankAccount", "6222000011112222"), NodeRef("BankAccount", "6222000033334444")
    rows = [
        RelRow(a, b, {"txn_id": f"T{i}", "amount": 100.0 * i, "at": f"2024-01-0{i}T10:00:00+08:00", **provenance()})
        for i in range(1, 4)
    ]
    store.upsert_relationships("TRANSFERRED_TO", rows)
    store.upsert_relationships("TRANSFERRED_TO", rows)
    out = store.read("MATCH ()-[t:TRANSFERRED_TO]->() RETURN sum(t.amount) AS total, count(t) AS n")
    assert out == [{"total": 600.0, "n": 3}]


def test_batches_and_progress(store: GraphStore) -> None:
    old = store.batch_size
    store.batch_size = 7
    seen: list[int] = []
    try:
        rows = [{"code": f"{330100 + i:06d}", "name": f"区{i}", "level": "district", **provenance()} for i in range(30)]
        assert store.upsert_nodes("Region", rows, progress=seen.append).written == 30
    finally:
        store.batch_size = old
    assert seen == [7, 7, 7, 7, 2]
    assert store.count_nodes()["Region"] == 30


def _chain(store: GraphStore) -> None:
    """p1 -LEGAL_REP_OF-> E1 <-SHAREHOLDER_OF- E2 <-EXECUTIVE_OF- p2, and E3 alone."""
    store.upsert_nodes("Enterprise", enterprises(E1, E2, E3))
    store.upsert_nodes("Person", persons("p1", "p2"))
    store.upsert_relationships(
        "LEGAL_REP_OF", [RelRow(NodeRef("Person", "p1"), NodeRef("Enterprise", E1), provenance())]
    )
    store.upsert_relationships(
        "SHAREHOLDER_OF", [RelRow(NodeRef("Enterprise", E2), NodeRef("Enterprise", E1), {"ratio": 0.5, **provenance()})]
    )
    store.upsert_relationships(
        "EXECUTIVE_OF", [RelRow(NodeRef("Person", "p2"), NodeRef("Enterprise", E2), {"role": "监事", **provenance()})]
    )


def test_subgraph_respects_hops_and_limit(store: GraphStore) -> None:
    _chain(store)

    def keys(sub) -> set[str]:  # type: ignore[no-untyped-def]
        return {n.properties.get("uscc") or n.properties["person_id"] for n in sub.nodes}

    one = store.subgraph(NodeRef("Person", "p1"), hops=1)
    assert keys(one) == {"p1", E1} and [r.type for r in one.relationships] == ["LEGAL_REP_OF"]
    three = store.subgraph(NodeRef("Person", "p1"), hops=3)
    assert keys(three) == {"p1", E1, E2, "p2"} and len(three.relationships) == 3 and not three.truncated
    ids = {n.id for n in three.nodes}
    assert all(r.start in ids and r.end in ids for r in three.relationships)
    capped = store.subgraph(NodeRef("Person", "p1"), hops=3, limit=2)
    assert len(capped.nodes) == 2 and capped.truncated
    assert store.subgraph(NodeRef("Person", "nobody"), hops=2).nodes == []
    with pytest.raises(ValidationFailed):
        store.subgraph(NodeRef("Person", "p1"), hops=9)


def test_shortest_path_is_undirected_and_bounded(store: GraphStore) -> None:
    _chain(store)
    path = store.shortest_path(NodeRef("Person", "p1"), NodeRef("Person", "p2"))
    assert path is not None
    assert [n.properties.get("person_id") or n.properties["uscc"] for n in path.nodes] == ["p1", E1, E2, "p2"]
    assert len(path.relationships) == 3
    assert store.shortest_path(NodeRef("Person", "p1"), NodeRef("Person", "p2"), max_hops=2) is None
    assert store.shortest_path(NodeRef("Person", "p1"), NodeRef("Enterprise", E3)) is None


def test_query_errors_are_store_errors(store: GraphStore) -> None:
    with pytest.raises(StoreError):
        store.read("THIS IS NOT CYPHER")


def test_clear_removes_data_but_keeps_constraints(store: GraphStore) -> None:
    store.upsert_nodes("Enterprise", enterprises(E1, E2))
    store.clear()
    assert sum(store.count_nodes().values()) == 0
    store.upsert_nodes("Enterprise", enterprises(E1))
    with pytest.raises(StoreError):
        store.write("CREATE (:Enterprise {uscc: $u, name: 'dup'})", {"u": E1})


def test_update_nodes_touches_existing_nodes_only(store: GraphStore) -> None:
    store.upsert_nodes("Enterprise", enterprises(E1))
    missing = store.update_nodes(
        "Enterprise",
        [{"uscc": E1, "reported_employees": 3, **provenance()}, {"uscc": E2, "reported_employees": 9, **provenance()}],
    )
    assert missing == [E2]
    node = store.get_node(NodeRef("Enterprise", E1))
    assert node is not None and node["reported_employees"] == 3 and node["name"] == "企业0"
    assert store.count_nodes()["Enterprise"] == 1
    with pytest.raises(ValidationFailed):
        store.update_nodes("Enterprise", [{"uscc": E1, "reported_employees": "many", **provenance()}])
