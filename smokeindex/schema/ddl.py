"""DDL generated from the schema for each store: uniqueness on identity keys, indexes on flagged properties.

The two dialects differ here (and only here and in ``graph/dialect.py``): Neo4j 5 uses ``CREATE CONSTRAINT … IF NOT
EXISTS``; FalkorDB needs an exact-match index first and a ``GRAPH.CONSTRAINT CREATE`` command instead of Cypher DDL.
"""

from __future__ import annotations

from dataclasses import dataclass

from smokeindex.schema.model import Schema


@dataclass(frozen=True)
class FalkorConstraint:
    """A unique constraint for FalkorDB, created with ``GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE …``."""

    label: str
    prop: str

    def args(self, graph: str) -> list[str]:
        return ["GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", self.label, "PROPERTIES", "1", self.prop]


def _indexed(schema: Schema) -> list[tuple[str, str, bool]]:
    """(label, property, is_key) for every node property that needs an index, keys first, in a stable order."""
    out: list[tuple[str, str, bool]] = []
    for node in schema.nodes.values():
        out.append((node.label, node.key, True))
        out.extend((node.label, p.name, False) for p in node.properties.values() if p.index and p.name != node.key)
    return out


def _rel_indexed(schema: Schema) -> list[tuple[str, str]]:
    return [
        (rel.type, p.name)
        for rel in schema.relationships.values()
        for p in rel.properties.values()
        if p.index or p.name in rel.key
    ]


def neo4j_ddl(schema: Schema) -> list[str]:
    """Neo4j 5 statements; each is idempotent (``IF NOT EXISTS``)."""
    stmts = []
    for label, prop, is_key in _indexed(schema):
        name = f"{label.lower()}_{prop}"
        if is_key:
            stmts.append(f"CREATE CONSTRAINT {name}_unique IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE")
        else:
            stmts.append(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
    for rel_type, prop in _rel_indexed(schema):
        stmts.append(f"CREATE INDEX rel_{rel_type.lower()}_{prop} IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON (r.{prop})")
    return stmts


def falkordb_ddl(schema: Schema) -> tuple[list[str], list[FalkorConstraint]]:
    """FalkorDB index statements (Cypher) and unique constraints (commands), indexes first."""
    stmts = [f"CREATE INDEX FOR (n:{label}) ON (n.{prop})" for label, prop, _ in _indexed(schema)]
    stmts += [f"CREATE INDEX FOR ()-[r:{rel_type}]-() ON (r.{prop})" for rel_type, prop in _rel_indexed(schema)]
    constraints = [FalkorConstraint(label, prop) for label, prop, is_key in _indexed(schema) if is_key]
    return stmts, constraints


def render_ddl(schema: Schema) -> dict[str, str]:
    """The checked-in DDL files (``docs/generated/``), one per store."""
    header = "// 由 smokeindex schema generate 生成，请勿手工修改 (generated from smokeindex/schema; do not edit)\n"
    stmts, constraints = falkordb_ddl(schema)
    falkor = header + "".join(f"{s};\n" for s in stmts)
    falkor += "".join(f"// {' '.join(c.args('<graph>'))}\n" for c in constraints)
    return {
        "neo4j.cypher": header + "".join(f"{s};\n" for s in neo4j_ddl(schema)),
        "falkordb.cypher": falkor,
    }
