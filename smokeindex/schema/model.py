"""The schema as Python objects: node types, relationship types and their properties, checked and cross-referenced."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PropertySpec:
    """One property of a node or relationship type."""

    name: str
    type: str
    zh: str
    description: str = ""
    required: bool = False
    personal: bool = False
    index: bool = False
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    provenance: bool = False


@dataclass(frozen=True)
class NodeType:
    """A node label with its identity key (used for MERGE), properties and Chinese label."""

    label: str
    zh: str
    description: str
    key: str
    properties: dict[str, PropertySpec]
    file: str


@dataclass(frozen=True)
class RelType:
    """A relationship type: allowed end labels, properties and the properties that tell parallel edges apart."""

    type: str
    zh: str
    description: str
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    properties: dict[str, PropertySpec]
    file: str
    key: tuple[str, ...] = ()
    derived: bool = False


@dataclass(frozen=True)
class Schema:
    """All node and relationship types; the single source for validation, DDL, ontology and docs."""

    nodes: dict[str, NodeType]
    relationships: dict[str, RelType]
    provenance: dict[str, PropertySpec] = field(default_factory=dict)

    def node(self, label: str) -> NodeType:
        """The node type named ``label``; ``KeyError`` with the known labels otherwise."""
        try:
            return self.nodes[label]
        except KeyError:
            raise KeyError(f"未知节点类型 (unknown node label) {label!r}; known: {sorted(self.nodes)}") from None

    def relationship(self, rel_type: str) -> RelType:
        """The relationship type named ``rel_type``; ``KeyError`` with the known types otherwise."""
        try:
            return self.relationships[rel_type]
        except KeyError:
            raise KeyError(
                f"未知关系类型 (unknown relationship type) {rel_type!r}; known: {sorted(self.relationships)}"
            ) from None
