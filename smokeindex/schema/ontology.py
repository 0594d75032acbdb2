"""RDF/OWL ontology of the schema, in Turtle, built with rdflib (for exchange with other graph and semantic tools)."""

from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from smokeindex import __version__
from smokeindex.schema.model import PropertySpec, Schema
from smokeindex.schema.types import PROPERTY_TYPES

SMK = Namespace("https://smokeindex.org/ontology#")
ONTOLOGY_IRI = URIRef("https://smokeindex.org/ontology")


def _rel_class(rel_type: str) -> URIRef:
    """The class of reified relationship statements, which carry the relationship's own properties."""
    return SMK["".join(part.title() for part in rel_type.split("_")) + "Relationship"]


def _domain(g: Graph, classes: list[URIRef], seed: str) -> URIRef | BNode:
    if len(classes) == 1:
        return classes[0]
    union = BNode(f"union_{seed}")
    members = BNode(f"members_{seed}")
    g.add((union, RDF.type, OWL.Class))
    items: list[Node] = []
    items.extend(sorted(classes))
    Collection(g, members, items)
    g.add((union, OWL.unionOf, members))
    return union


def build_ontology(schema: Schema) -> Graph:
    """The OWL ontology: a class per node label, an object property per relationship, datatype properties."""
    g = Graph()
    g.bind("smk", SMK)
    g.bind("owl", OWL)
    g.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY_IRI, RDFS.label, Literal("冒烟指数知识图谱本体", lang="zh")))
    g.add((ONTOLOGY_IRI, RDFS.label, Literal("SmokeIndex knowledge-graph ontology", lang="en")))
    g.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(__version__)))
    for annotation in ("identityKey", "personalData", "derived", "provenance"):
        g.add((SMK[annotation], RDF.type, OWL.AnnotationProperty))

    owners: dict[str, list[URIRef]] = defaultdict(list)
    specs: dict[str, PropertySpec] = {}
    for node in schema.nodes.values():
        cls = SMK[node.label]
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.label, Literal(node.zh, lang="zh")))
        g.add((cls, RDFS.label, Literal(node.label, lang="en")))
        g.add((cls, RDFS.comment, Literal(node.description, lang="zh")))
        g.add((cls, SMK.identityKey, SMK[node.key]))
        for prop in node.properties.values():
            owners[prop.name].append(cls)
            specs.setdefault(prop.name, prop)

    for rel in schema.relationships.values():
        prop_iri = SMK[rel.type]
        g.add((prop_iri, RDF.type, OWL.ObjectProperty))
        g.add((prop_iri, RDFS.label, Literal(rel.zh, lang="zh")))
        g.add((prop_iri, RDFS.label, Literal(rel.type, lang="en")))
        g.add((prop_iri, RDFS.comment, Literal(rel.description, lang="zh")))
        g.add((prop_iri, RDFS.domain, _domain(g, [SMK[x] for x in rel.from_labels], f"{rel.type}_from")))
        g.add((prop_iri, RDFS.range, _domain(g, [SMK[x] for x in rel.to_labels], f"{rel.type}_to")))
        if rel.derived:
            g.add((prop_iri, SMK.derived, Literal(True)))
        stmt_cls = _rel_class(rel.type)
        g.add((stmt_cls, RDF.type, OWL.Class))
        g.add((stmt_cls, RDFS.subClassOf, RDF.Statement))
        g.add((stmt_cls, RDFS.label, Literal(f"{rel.zh}（关系实例）", lang="zh")))
        for prop in rel.properties.values():
            owners[prop.name].append(stmt_cls)
            specs.setdefault(prop.name, prop)

    for name, classes in sorted(owners.items()):
        spec = specs[name]
        iri = SMK[name]
        g.add((iri, RDF.type, OWL.DatatypeProperty))
        g.add((iri, RDFS.label, Literal(spec.zh, lang="zh")))
        g.add((iri, RDFS.label, Literal(name, lang="en")))
        g.add((iri, RDFS.domain, _domain(g, sorted(set(classes)), f"prop_{name}")))
        g.add((iri, RDFS.range, XSD[PROPERTY_TYPES[spec.type].xsd]))
        if spec.personal:
            g.add((iri, SMK.personalData, Literal(True)))
        if spec.provenance:
            g.add((iri, SMK.provenance, Literal(True)))
    return g


def render_ontology(schema: Schema) -> str:
    """The ontology as Turtle text (deterministic: named blank nodes, sorted output)."""
    return build_ontology(schema).serialize(format="turtle")
