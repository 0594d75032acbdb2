"""Every Cypher statement the graph layer runs, as named constants or builders, in one place.

Values always travel as ``$parameters``. Labels, relationship types and property keys cannot be parameters in
Cypher, so the builders accept only names that pass ``ident`` (and callers take them from the schema). Where the two
dialects differ (internal node ids, shortest paths) both variants sit side by side here, keyed by dialect.
"""

from __future__ import annotations

import re

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_ident(name: str) -> bool:
    return bool(_IDENT.match(name))


def ident(name: str) -> str:
    """Refuse anything but a plain identifier: labels and keys are spliced into Cypher text."""
    if not _IDENT.match(name):
        raise ValueError(f"not a safe Cypher identifier: {name!r}")
    return name


# -- dialect differences -----------------------------------------------------------------------------------------
NODE_ID = {"falkordb": "id({})", "neo4j": "elementId({})"}

# FalkorDB plans ``WHERE id(n) IN $ids`` as a scan of every node (330 ms on a 1M-node graph); one id seek per
# UNWIND row, with the other end filtered after the expansion (WITH), costs a few ms.
RELATIONSHIPS_AMONG = {
    "falkordb": (
        "UNWIND $ids AS i MATCH (a) WHERE id(a) = i MATCH (a)-[r]->(b) WITH r, a, b WHERE id(b) IN $ids "
        "RETURN id(r) AS id, type(r) AS type, id(a) AS start, id(b) AS end, properties(r) AS props"
    ),
    "neo4j": (
        "MATCH (a)-[r]->(b) WHERE elementId(a) IN $ids AND elementId(b) IN $ids "
        "RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS start, elementId(b) AS end, "
        "properties(r) AS props"
    ),
}

NODES_BY_ID = {
    "falkordb": (
        "UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN id(n) AS id, labels(n) AS labels, properties(n) AS props"
    ),
    "neo4j": (
        "MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
    ),
}


def shortest_path(
    dialect: str, a_label: str, a_key: str, b_label: str, b_key: str, max_hops: int, rel_types: list[str]
) -> str:
    """Node ids along one shortest undirected path. FalkorDB's ``shortestPath`` is directed only, so it uses its
    ``algo.SPpaths`` procedure with ``relDirection: 'both'``; Neo4j takes ``shortestPath`` in MATCH."""
    hops = int(max_hops)
    head = f"MATCH (a:{ident(a_label)} {{{ident(a_key)}: $a}}), (b:{ident(b_label)} {{{ident(b_key)}: $b}}) "
    if dialect == "falkordb":
        types = ", ".join(f"'{ident(t)}'" for t in rel_types)
        return (
            head + "WHERE a <> b "
            f"CALL algo.SPpaths({{sourceNode: a, targetNode: b, relTypes: [{types}], maxLen: {hops}, "
            "relDirection: 'both', pathCount: 1}) YIELD path "
            "RETURN [n IN nodes(path) | id(n)] AS ids"
        )
    return (
        head + f"WHERE a <> b MATCH p = shortestPath((a)-[*1..{hops}]-(b)) RETURN [n IN nodes(p) | elementId(n)] AS ids"
    )


# -- shared statements ---------------------------------------------------------------------------------------------
def _set_map(columns: tuple[str, ...], offset: int) -> str:
    return "{" + ", ".join(f"{ident(c)}: r[{offset + i}]" for i, c in enumerate(columns)) + "}"


def upsert_nodes(dialect: str, label: str, key: str, columns: tuple[str, ...]) -> str:
    """Upsert a batch of nodes by identity key and set the given properties. Rows are positional lists
    (``columns`` order): compact to send, and properties absent from a row are left as they are. Keys must be
    unique within a batch (the caller merges duplicates).

    FalkorDB runs ``MERGE`` about 30 % slower than an index lookup followed by a conditional ``CREATE`` or ``SET``
    (measured: 55k vs 77k rows/s), so it gets the latter; Neo4j gets the plain ``MERGE``.
    """
    props = _set_map(columns, 0)
    match = f"(n:{ident(label)} {{{ident(key)}: r[{columns.index(key)}]}})"
    if dialect == "falkordb":
        return (
            f"UNWIND $rows AS r OPTIONAL MATCH {match} WITH r, n "
            f"FOREACH (_ IN CASE WHEN n IS NULL THEN [1] ELSE [] END | CREATE (:{ident(label)} {props})) "
            f"FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | SET n += {props}) RETURN count(r) AS n"
        )
    return f"UNWIND $rows AS r MERGE {match} SET n += {props} RETURN count(n) AS n"


def update_nodes(label: str, key: str, columns: tuple[str, ...]) -> str:
    """Set properties on existing nodes only; returns the keys it found."""
    match = f"(n:{ident(label)} {{{ident(key)}: r[{columns.index(key)}]}})"
    return f"UNWIND $rows AS r MATCH {match} SET n += {_set_map(columns, 0)} RETURN n.{ident(key)} AS k"


def upsert_relationships(
    rel_type: str,
    start_label: str,
    start_key: str,
    end_label: str,
    end_key: str,
    rel_key: tuple[str, ...],
    columns: tuple[str, ...],
) -> str:
    """MERGE a batch of relationships between existing nodes; parallel edges are told apart by ``rel_key``.
    Rows are ``[start key, end key, *property values in columns order]``."""
    identity = ", ".join(f"{ident(k)}: r[{2 + columns.index(k)}]" for k in rel_key)
    rel_pattern = f"[rel:{ident(rel_type)}{' {' + identity + '}' if identity else ''}]"
    return (
        f"UNWIND $rows AS r "
        f"MATCH (a:{ident(start_label)} {{{ident(start_key)}: r[0]}}) "
        f"MATCH (b:{ident(end_label)} {{{ident(end_key)}: r[1]}}) "
        f"MERGE (a)-{rel_pattern}->(b) SET rel += {_set_map(columns, 2)} RETURN count(rel) AS n"
    )


def missing_ends(start_label: str, start_key: str, end_label: str, end_key: str) -> str:
    """Rows (by index) whose start or end node does not exist."""
    return (
        f"UNWIND $rows AS row "
        f"OPTIONAL MATCH (a:{ident(start_label)} {{{ident(start_key)}: row.start}}) "
        f"OPTIONAL MATCH (b:{ident(end_label)} {{{ident(end_key)}: row.end}}) "
        "WITH row, a, b WHERE a IS NULL OR b IS NULL RETURN row.i AS i"
    )


def count_label(label: str) -> str:
    return f"MATCH (n:{ident(label)}) RETURN count(n) AS n"


def count_rel_type(rel_type: str) -> str:
    return f"MATCH ()-[r:{ident(rel_type)}]->() RETURN count(r) AS n"


def get_node(label: str, key: str) -> str:
    return f"MATCH (n:{ident(label)} {{{ident(key)}: $key}}) RETURN properties(n) AS props LIMIT 1"


def neighbourhood(label: str, key: str, hops: int, node_id: str) -> str:
    """Distinct nodes within ``hops`` of the start node , at most ``$cap``."""
    nid = node_id.format("m")
    return (
        f"MATCH (s:{ident(label)} {{{ident(key)}: $key}}) "
        f"MATCH (s)-[*0..{int(hops)}]-(m) WITH DISTINCT m LIMIT $cap "
        f"RETURN {nid} AS id, labels(m) AS labels, properties(m) AS props"
    )


DELETE_BATCH = "MATCH (n) WITH n LIMIT $n DETACH DELETE n RETURN count(n) AS n"
PING = "RETURN 1 AS ok"
