"""Build an evidence package: one subgraph as JSON, GraphML, CSV and Turtle in one zip, with a signed manifest.

Every node is named ``<Label>:<key value>`` in every file (the store id stands in only where the key is missing), and
relationships name their ends the same way. The output is a function of its inputs (sorted nodes, relationships and entries, fixed
zip timestamps), so equal inputs, ``created_at`` included, give equal bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import RDF

from smokeindex.errors import ConfigError
from smokeindex.evidence.container import (
    ALGORITHM,
    FORMAT,
    MANIFEST,
    assemble,
    deflate,
    render_manifest,
    sha256,
    sign,
    store,
)
from smokeindex.graph.base import GraphNode, Subgraph
from smokeindex.schema.model import PropertySpec, Schema
from smokeindex.schema.ontology import SMK, _rel_class
from smokeindex.schema.types import PROPERTY_TYPES

ID = Namespace("https://smokeindex.org/id/")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double"}
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")

README = """冒烟指数 证据包 (SmokeIndex evidence package)
格式 format: {format}
生成时间 created_at: {created_at}
内容: 节点 {nodes} 个，关系 {relationships} 个{truncated}

本证据包由冒烟指数系统导出，包含一张子图及其完整性证明。

文件说明
  manifest.json   清单：导出人、查询条件、数据快照，各文件的 SHA-256 摘要（sha256）、字节数（bytes）
                  与其在 zip 中压缩后数据的摘要（stored_sha256），以及对清单的 HMAC-SHA256 签名
  subgraph.json   子图（JSON）：节点（标识、类型、属性）与关系（类型、起点、终点、属性）
  graph.graphml   子图（GraphML），可用 Gephi、yEd、Cytoscape、NetworkX 等工具打开
  nodes.csv       节点表（UTF-8 带 BOM，可直接用 Excel 打开）：标识、类型、名称、其余属性（JSON）
  edges.csv       关系表（同上）：起点、关系类型、终点、属性（JSON）
  graph.ttl       子图（RDF Turtle），类与属性见冒烟指数本体 https://smokeindex.org/ontology
  README.txt      本说明

节点标识
  每个节点在所有文件中都以“类型:主键”标识，例如 Enterprise:91330106MA2H0AB3XY
  （企业以统一社会信用代码为主键，自然人以人员标识 person_id 为主键，电话以号码为主键）。
  为防止 Excel 把名称当作公式执行，nodes.csv 中以 = + - @ 开头的名称前加了一个单引号 '；其余文件保持原值。

如何校验
  smokeindex evidence verify 本文件.zip

  校验会重新计算每个文件的摘要与字节数并与清单比对，检查有无缺失或多余的文件，检查 ZIP 结构，
  并用本部署的证据密钥（环境变量 SMOKEINDEX_EVIDENCE_KEY）核对清单的签名。
  zip 文件中任何一个字节被改动，校验都不会通过。请保存原始 zip 文件：解压后重新打包的文件无法通过校验。
  解压后的单个文件可用 sha256sum 等工具计算摘要，与清单中的 sha256 比对。

个人信息
  本包可能含有个人信息（身份证号、电话号码等，清单 personal_properties 列出其中出现的属性），
  请依法保管，仅用于办案。
"""


@dataclass(frozen=True)
class _Node:
    id: str
    label: str
    key: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class _Rel:
    type: str
    start: str
    end: str
    properties: dict[str, Any]


def build_package(
    subgraph: Subgraph,
    *,
    schema: Schema,
    query: dict[str, Any],
    snapshot: dict[str, Any],
    exporter: dict[str, Any],
    key: bytes,
    created_at: str | None = None,
) -> bytes:
    """Export a subgraph as a signed evidence package (a zip file).

    Args:
        subgraph: The nodes and relationships to export (store-internal ids tie them together).
        schema: The graph schema; it names each node's identity key and types the Turtle literals.
        query: What was asked (e.g. the start node, hops, limit), recorded in the manifest.
        snapshot: Which data the answer came from (e.g. store, graph, time of the last load), recorded likewise.
        exporter: Who exported it (user, role, organisation), recorded likewise.
        key: The HMAC key that signs the manifest (``Settings.evidence_key``).
        created_at: ISO-8601 time of the export; defaults to now (UTC). Fix it to get reproducible bytes.

    Returns:
        The zip file's bytes: ``subgraph.json``, ``graph.graphml``, ``nodes.csv``, ``edges.csv``, ``graph.ttl``,
        ``README.txt`` and ``manifest.json``, whose signature covers every other file's SHA-256 and size.

    Raises:
        ConfigError: ``key`` is empty.
        PayloadTooLarge: The package would exceed 4 GiB.
    """
    if not key:
        raise ConfigError("证据包签名密钥为空 (empty evidence key)")
    created_at = created_at or datetime.now(UTC).isoformat(timespec="seconds")
    nodes, rels, dangling = _resolve(subgraph, schema)
    counts = {"nodes": len(nodes), "relationships": len(rels), "dangling_relationships": dangling}
    readme = README.format(
        format=FORMAT,
        created_at=created_at,
        nodes=len(nodes),
        relationships=len(rels),
        truncated="（结果已截断，不是完整的邻域）" if subgraph.truncated else "",
    )
    files = {
        "subgraph.json": _subgraph_json(nodes, rels, subgraph.truncated),
        "graph.graphml": _graphml(nodes, rels),
        "nodes.csv": _csv(
            ["标识 id", "类型 label", "名称 name", "属性 properties"],
            [
                [n.id, n.label, _excel_safe(n.properties.get("name")), _json(_without(n.properties, "name"))]
                for n in nodes
            ],
        ),
        "edges.csv": _csv(
            ["起点 start", "关系 type", "终点 end", "属性 properties"],
            [[r.start, r.type, r.end, _json(r.properties)] for r in rels],
        ),
        "graph.ttl": _turtle(nodes, rels, schema).encode(),
        "README.txt": readme.encode(),
    }
    entries = {name: deflate(name, data) for name, data in files.items()}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": created_at,
        "exporter": exporter,
        "query": query,
        "snapshot": snapshot,
        "counts": counts,
        "truncated": subgraph.truncated,
        "personal_properties": _personal(nodes, schema),
        "files": {name: _digest(data, entries[name].raw) for name, data in files.items()},
    }
    manifest = json.loads(_json(manifest))  # plain JSON values only, so the verifier signs exactly what we sign
    manifest["signature"] = {"algorithm": ALGORITHM, "value": sign(manifest, key)}
    entries[MANIFEST] = store(MANIFEST, render_manifest(manifest))
    return assemble([entries[name] for name in sorted(entries)])


def _digest(content: bytes, stored: bytes) -> dict[str, Any]:
    """What the manifest signs about one file: its SHA-256 and size, and the SHA-256 of its bytes in the zip."""
    return {"sha256": sha256(content), "bytes": len(content), "stored_sha256": sha256(stored)}


def _resolve(subgraph: Subgraph, schema: Schema) -> tuple[list[_Node], list[_Rel], int]:
    """Name nodes by ``Label:key``, map relationship ends to those names, and count the ends that are missing."""
    by_store_id = {n.id: _node(n, schema) for n in subgraph.nodes}
    nodes = sorted({n.id: n for n in by_store_id.values()}.values(), key=lambda n: n.id)
    rels, dangling = [], 0
    for r in subgraph.relationships:
        start, end = by_store_id.get(r.start), by_store_id.get(r.end)
        if start is None or end is None:
            dangling += 1
        else:
            rels.append(_Rel(r.type, start.id, end.id, dict(r.properties)))
    rels.sort(key=lambda r: (r.start, r.type, r.end, _json(r.properties)))
    return nodes, rels, dangling


def _node(node: GraphNode, schema: Schema) -> _Node:
    """The node's schema label and identity key; the store id stands in for a missing key."""
    label = next((x for x in node.labels if x in schema.nodes), node.labels[0] if node.labels else "Node")
    value = node.properties.get(schema.nodes[label].key) if label in schema.nodes else None
    key = node.id if value is None else str(value)
    return _Node(f"{label}:{key}", label, key, dict(node.properties))


def _personal(nodes: list[_Node], schema: Schema) -> list[str]:
    """``Label.property`` for every personal property present, so a reader knows what needs protecting."""
    found = {
        f"{n.label}.{name}"
        for n in nodes
        if n.label in schema.nodes
        for name, spec in schema.nodes[n.label].properties.items()
        if spec.personal and n.properties.get(name) is not None
    }
    return sorted(found)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _without(props: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != name}


def _subgraph_json(nodes: list[_Node], rels: list[_Rel], truncated: bool) -> bytes:
    doc = {
        "format": FORMAT,
        "truncated": truncated,
        "nodes": [{"id": n.id, "label": n.label, "properties": n.properties} for n in nodes],
        "relationships": [{"type": r.type, "start": r.start, "end": r.end, "properties": r.properties} for r in rels],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode()


def _excel_safe(value: Any) -> str:
    """A cell Excel will not evaluate as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_CSV_FORMULA) else text


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV in UTF-8 with a BOM, which Excel needs to read Chinese correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def _graphml_type(values: list[Any]) -> str:
    """The GraphML ``attr.type`` that holds every value seen (lists and objects travel as JSON strings)."""
    kinds = {_GRAPHML_TYPES.get(type(v), "string") for v in values}
    if len(kinds) == 1:
        return kinds.pop()
    return "double" if kinds == {"long", "double"} else "string"


def _graphml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = _json(value) if isinstance(value, list | dict) else str(value)
    return _XML_ILLEGAL.sub("\ufffd", text)


def _graphml(nodes: list[_Node], rels: list[_Rel]) -> bytes:
    """GraphML with a typed ``<key>`` for each property seen, plus ``label`` (nodes) and ``type`` (edges)."""
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    for domain, prefix, items in (
        ("node", "n", [n.properties for n in nodes]),
        ("edge", "e", [r.properties for r in rels]),
    ):
        meta = "label" if domain == "node" else "type"
        ET.SubElement(root, "key", {"id": meta, "for": domain, "attr.name": meta, "attr.type": "string"})
        seen: dict[str, list[Any]] = {}
        for props in items:
            for name, value in props.items():
                if value is not None:
                    seen.setdefault(name, []).append(value)
        for name in sorted(seen):
            attrs = {"id": f"{prefix}.{name}", "for": domain, "attr.name": name, "attr.type": _graphml_type(seen[name])}
            ET.SubElement(root, "key", attrs)
    graph = ET.SubElement(root, "graph", id="G", edgedefault="directed")

    def data(parent: ET.Element, key: str, value: Any) -> None:
        ET.SubElement(parent, "data", key=key).text = _graphml_text(value)

    for n in nodes:
        element = ET.SubElement(graph, "node", id=_graphml_text(n.id))
        data(element, "label", n.label)
        for name, value in sorted(n.properties.items()):
            if value is not None:
                data(element, f"n.{name}", value)
    for i, r in enumerate(rels):
        element = ET.SubElement(graph, "edge", id=f"e{i}", source=_graphml_text(r.start), target=_graphml_text(r.end))
        data(element, "type", r.type)
        for name, value in sorted(r.properties.items()):
            if value is not None:
                data(element, f"e.{name}", value)
    ET.indent(root)
    buf = io.BytesIO()
    ET.ElementTree(root).write(buf, encoding="utf-8", xml_declaration=True)
    return buf.getvalue() + b"\n"


_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _literal(value: Any, spec: PropertySpec | None) -> str:
    """A Turtle literal typed as the ontology declares the property (``xsd:date`` for dates …), else as its Python
    type (as rdflib would type it)."""
    xsd = PROPERTY_TYPES[spec.type].xsd if spec else "string"
    if xsd == "string":
        if isinstance(value, bool):
            xsd = "boolean"
        elif isinstance(value, int):
            xsd = "integer"
        elif isinstance(value, float):
            xsd = "double"
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    quoted = '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'
    return quoted if xsd == "string" else f"{quoted}^^<{_XSD}{xsd}>"


def _properties(subject: str, props: dict[str, Any], specs: dict[str, PropertySpec]) -> list[str]:
    """One triple per value; a list becomes one triple per item, as RDF expresses multi-valued properties."""
    return [
        f"{subject} <{SMK[name]}> {_literal(item, specs.get(name))} ."
        for name, value in props.items()
        for item in (value if isinstance(value, list) else [value])
        if item is not None
    ]


def _turtle(nodes: list[_Node], rels: list[_Rel], schema: Schema) -> str:
    """RDF in the ontology's vocabulary, written directly (rdflib's serializer took most of an export's time); a
    relationship with properties is also reified as a statement of its ``…Relationship`` class, which carries them."""
    rdf_type = f"<{RDF.type}>"
    iris = {n.id: "<" + str(ID[n.label + "/" + quote(n.key, safe="")]) + ">" for n in nodes}
    lines = [f"@prefix smk: <{SMK}> .", f"@prefix id: <{ID}> .", ""]
    for n in nodes:
        lines.append(f"{iris[n.id]} {rdf_type} <{SMK[n.label]}> .")
        node_type = schema.nodes.get(n.label)
        lines += _properties(iris[n.id], n.properties, node_type.properties if node_type else {})
    for i, r in enumerate(rels):
        lines.append(f"{iris[r.start]} <{SMK[r.type]}> {iris[r.end]} .")
        if r.properties:
            statement = f"<{ID[f'rel/{i}']}>"
            lines += [
                f"{statement} {rdf_type} <{_rel_class(r.type)}> .",
                f"{statement} <{RDF.subject}> {iris[r.start]} .",
                f"{statement} <{RDF.predicate}> <{SMK[r.type]}> .",
                f"{statement} <{RDF.object}> {iris[r.end]} .",
            ]
            rel_type = schema.relationships.get(r.type)
            lines += _properties(statement, r.properties, rel_type.properties if rel_type else {})
    return "\n".join(lines) + "\n"
