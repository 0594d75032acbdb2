"""Building an evidence package: every file present and parseable, names by identity key, reproducible bytes."""

from __future__ import annotations

import csv
import io
import json
import random
import xml.etree.ElementTree as ET
import zipfile
from typing import Any
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from smokeindex.errors import ConfigError
from smokeindex.evidence import build_package
from smokeindex.graph.base import GraphNode, Subgraph
from smokeindex.schema import Schema
from smokeindex.schema.ontology import SMK
from tests.evidence.conftest import CREATED_AT, E1, E2, KEY

FILES = ["README.txt", "edges.csv", "graph.graphml", "graph.ttl", "manifest.json", "nodes.csv", "subgraph.json"]
G = "{http://graphml.graphdrawing.org/xmlns}"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # not rdflib.XSD: pytest probes module globals, it warns


def members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build(subgraph: Subgraph, schema: Schema, *, key: bytes = KEY, created_at: str = CREATED_AT, **meta: Any) -> bytes:
    return build_package(
        subgraph,
        schema=schema,
        query=meta.get("query", {}),
        snapshot=meta.get("snapshot", {}),
        exporter=meta.get("exporter", {}),
        key=key,
        created_at=created_at,
    )


def test_files_and_manifest(package: bytes) -> None:
    files = members(package)
    assert sorted(files) == FILES
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "smokeindex-evidence/1" and manifest["created_at"] == CREATED_AT
    assert manifest["counts"] == {"nodes": 4, "relationships": 4, "dangling_relationships": 1}
    assert manifest["exporter"]["organisation"] == "杭州市公安局经侦支队" and manifest["query"]["hops"] == 2
    assert manifest["personal_properties"] == ["Person.id_number", "Phone.number"]
    assert sorted(manifest["files"]) == [f for f in FILES if f != "manifest.json"]
    assert manifest["files"]["nodes.csv"]["bytes"] == len(files["nodes.csv"])
    assert manifest["signature"]["algorithm"] == "HMAC-SHA256" and len(manifest["signature"]["value"]) == 64
    assert "smokeindex evidence verify" in files["README.txt"].decode()


def test_subgraph_json_names_nodes_by_identity(package: bytes) -> None:
    doc = json.loads(members(package)["subgraph.json"])
    ids = [n["id"] for n in doc["nodes"]]
    assert ids == [f"Enterprise:{E1}", f"Enterprise:{E2}", "Person:P-0001", "Phone:13800138000"]
    assert doc["nodes"][0]["properties"]["aliases"] == ["鑫盛理财", "鑫盛财富"]
    rels = {(r["start"], r["type"], r["end"]) for r in doc["relationships"]}
    assert ("Person:P-0001", "LEGAL_REP_OF", f"Enterprise:{E1}") in rels
    assert ("Enterprise:" + E2, "HAS_PHONE", "Phone:13800138000") in rels and len(rels) == 4


def test_csv_opens_in_excel(package: bytes) -> None:
    files = members(package)
    assert files["nodes.csv"].startswith(b"\xef\xbb\xbf") and files["edges.csv"].startswith(b"\xef\xbb\xbf")
    nodes = list(csv.DictReader(io.StringIO(files["nodes.csv"].decode("utf-8-sig"))))
    assert [n["标识 id"] for n in nodes][0] == f"Enterprise:{E1}" and len(nodes) == 4
    assert nodes[0]["名称 name"] == "杭州鑫盛财富管理有限公司" and nodes[0]["类型 label"] == "Enterprise"
    assert nodes[1]["名称 name"] == '\'=HYPERLINK("x")'  # never evaluated as a formula
    assert json.loads(nodes[0]["属性 properties"])["registered_capital"] == 5000.0
    edges = list(csv.DictReader(io.StringIO(files["edges.csv"].decode("utf-8-sig"))))
    assert {e["关系 type"] for e in edges} == {"LEGAL_REP_OF", "HAS_PHONE"} and len(edges) == 4


def test_graphml(package: bytes) -> None:
    root = ET.fromstring(members(package)["graph.graphml"])
    graph = root.find(f"{G}graph")
    assert graph is not None
    assert len(graph.findall(f"{G}node")) == 4 and len(graph.findall(f"{G}edge")) == 4
    types = {k.get("attr.name"): k.get("attr.type") for k in root.findall(f"{G}key") if k.get("for") == "node"}
    assert types["registered_capital"] == "double" and types["employees"] == "long"
    assert types["reported_fundraising"] == "boolean" and types["aliases"] == "string"
    values = {d.get("key"): d.text for d in graph.findall(f"{G}node[@id='Enterprise:{E1}']/{G}data")}
    assert values["n.aliases"] == '["鑫盛理财", "鑫盛财富"]' and values["label"] == "Enterprise"
    edge = graph.find(f"{G}edge[@source='Person:P-0001']")
    assert edge is not None and edge.get("target", "").startswith("Enterprise:")


def test_turtle(package: bytes) -> None:
    g = Graph().parse(data=members(package)["graph.ttl"].decode(), format="turtle")
    e1 = URIRef(f"https://smokeindex.org/id/Enterprise/{E1}")
    person = URIRef("https://smokeindex.org/id/Person/P-0001")
    assert (e1, RDF.type, SMK.Enterprise) in g
    assert (e1, SMK.name, Literal("杭州鑫盛财富管理有限公司")) in g
    assert (e1, SMK.founded_on, Literal("2021-03-15", datatype=XSD_DATE)) in g
    assert (e1, SMK.aliases, Literal("鑫盛理财")) in g and (e1, SMK.aliases, Literal("鑫盛财富")) in g
    assert (person, SMK.LEGAL_REP_OF, e1) in g
    statements = set(g.subjects(RDF.type, SMK.LegalRepOfRelationship))
    assert len(statements) == 2
    assert any((s, SMK.since, Literal("2021-03-15", datatype=XSD_DATE)) in g for s in statements)


def test_turtle_is_the_graph_rdflib_would_write(package: bytes, subgraph: Subgraph, schema: Schema) -> None:
    """The direct writer against a reference built with rdflib's own terms: the same triples."""
    from rdflib.compare import isomorphic

    from smokeindex.evidence.package import ID, _rel_class, _resolve
    from smokeindex.schema.types import PROPERTY_TYPES

    nodes, rels, _ = _resolve(subgraph, schema)
    ref = Graph()
    iris = {n.id: ID[f"{n.label}/{quote(n.key, safe='')}"] for n in nodes}

    def add(subject: Any, props: dict[str, Any], specs: dict[str, Any]) -> None:
        for name, value in props.items():
            for item in value if isinstance(value, list) else [value]:
                xsd = PROPERTY_TYPES[specs[name].type].xsd if name in specs else "string"
                lit = (
                    Literal(item)
                    if xsd == "string"
                    else Literal(item, datatype=URIRef(f"http://www.w3.org/2001/XMLSchema#{xsd}"))
                )
                ref.add((subject, SMK[name], lit))

    for n in nodes:
        ref.add((iris[n.id], RDF.type, SMK[n.label]))
        add(iris[n.id], n.properties, schema.nodes[n.label].properties if n.label in schema.nodes else {})
    for i, r in enumerate(rels):
        ref.add((iris[r.start], SMK[r.type], iris[r.end]))
        if r.properties:
            st = ID[f"rel/{i}"]
            for p, o in ((RDF.type, _rel_class(r.type)), (RDF.subject, iris[r.start]), (RDF.predicate, SMK[r.type])):
                ref.add((st, p, o))
            ref.add((st, RDF.object, iris[r.end]))
            add(st, r.properties, schema.relationships[r.type].properties)
    got = Graph().parse(data=members(package)["graph.ttl"].decode(), format="turtle")
    assert len(got) == len(ref) > 20 and isomorphic(got, ref)


def test_deterministic_and_order_independent(subgraph: Subgraph, schema: Schema, package: bytes) -> None:
    shuffled = Subgraph(nodes=list(subgraph.nodes), relationships=list(subgraph.relationships))
    random.Random(7).shuffle(shuffled.nodes)
    random.Random(7).shuffle(shuffled.relationships)
    args: dict[str, Any] = {
        "query": {"start": f"Enterprise:{E1}", "hops": 2, "limit": 500},
        "snapshot": {"store": "falkordb", "graph": "smokeindex", "loaded_at": "2024-05-31T23:00:00+08:00"},
        "exporter": {"user": "jingzhen01", "role": "police", "organisation": "杭州市公安局经侦支队"},
    }
    assert build(shuffled, schema, **args) == package
    assert build(subgraph, schema, **args, created_at="2024-06-02T08:00:00+08:00") != package


def test_missing_key_falls_back_to_store_id(schema: Schema) -> None:
    sub = Subgraph(nodes=[GraphNode("42", ["Enterprise"], {"name": "无代码企业"}), GraphNode("7", ["Thing"], {})])
    doc = json.loads(members(build(sub, schema))["subgraph.json"])
    assert [n["id"] for n in doc["nodes"]] == ["Enterprise:42", "Thing:7"]


def test_empty_key_refused(subgraph: Subgraph, schema: Schema) -> None:
    with pytest.raises(ConfigError):
        build(subgraph, schema, key=b"")
