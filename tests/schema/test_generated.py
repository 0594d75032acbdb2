"""Generated artefacts: the checked-in copies match the schema; the ontology and DDL cover every type."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from smokeindex.schema import load_schema
from smokeindex.schema.ddl import falkordb_ddl, neo4j_ddl
from smokeindex.schema.generate import drift, render_all
from smokeindex.schema.ontology import SMK

ROOT = Path(__file__).resolve().parents[2]


def test_checked_in_artefacts_match_the_schema() -> None:
    assert drift(load_schema(), ROOT / "docs" / "generated") == [], "run: smokeindex schema generate"


def test_generation_is_deterministic() -> None:
    assert render_all(load_schema()) == render_all(load_schema())


def test_drift_is_detected(tmp_path: Path) -> None:
    schema = load_schema()
    for name, content in render_all(schema).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert drift(schema, tmp_path) == []
    (tmp_path / "ontology.ttl").write_text("# edited by hand\n", encoding="utf-8")
    (tmp_path / "neo4j.cypher").unlink()
    assert sorted(drift(schema, tmp_path)) == ["neo4j.cypher", "ontology.ttl"]


def test_ontology_declares_every_type() -> None:
    schema = load_schema()
    g = Graph().parse(data=render_all(schema)["ontology.ttl"], format="turtle")
    classes = set(g.subjects(RDF.type, OWL.Class))
    object_props = set(g.subjects(RDF.type, OWL.ObjectProperty))
    assert {SMK[label] for label in schema.nodes} <= classes
    assert {SMK[t] for t in schema.relationships} == object_props
    assert (SMK["id_number"], SMK["personalData"], None) in g


def test_ddl_has_a_unique_constraint_per_identity_key() -> None:
    schema = load_schema()
    neo = neo4j_ddl(schema)
    for node in schema.nodes.values():
        assert f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE" in " ".join(neo)
    stmts, constraints = falkordb_ddl(schema)
    assert {(c.label, c.prop) for c in constraints} == {(n.label, n.key) for n in schema.nodes.values()}
    assert "CREATE INDEX FOR (n:Enterprise) ON (n.uscc)" in stmts
