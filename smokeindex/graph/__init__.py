"""Graph stores behind one interface: the embedded FalkorDB (default) and Neo4j (production)."""

from smokeindex.graph.base import GraphNode, GraphRel, GraphStore, Health, NodeRef, RelRow, Subgraph, UpsertResult
from smokeindex.graph.factory import open_store

__all__ = [
    "GraphNode",
    "GraphRel",
    "GraphStore",
    "Health",
    "NodeRef",
    "RelRow",
    "Subgraph",
    "UpsertResult",
    "open_store",
]
