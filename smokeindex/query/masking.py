"""Masking of personal identifiers for roles that may not see them (every role but police and admin).

What is personal comes from the schema (``personal: true`` on a property). A node whose identity key is personal (a
phone, a bank account) is also named by a masked identity, wherever it appears: as a node, in a relationship end, in a
rule hit's evidence list.
"""

from __future__ import annotations

from typing import Any

from smokeindex.query.viewer import Viewer
from smokeindex.schema import Schema
from smokeindex.schema.types import mask_value


def mask_properties(schema: Schema, label: str, props: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    """The node's properties with personal values masked unless the viewer may see them."""
    if viewer.unmasked or label not in schema.nodes:
        return dict(props)
    specs = schema.node(label).properties
    return {k: (mask_value(specs[k].type, v) if k in specs and specs[k].personal else v) for k, v in props.items()}


def mask_key(schema: Schema, label: str, key: str, viewer: Viewer) -> str:
    """A node's identity value, masked when the key itself is personal (phones, accounts, ID numbers)."""
    if viewer.unmasked or label not in schema.nodes:
        return key
    node = schema.node(label)
    spec = node.properties[node.key]
    return str(mask_value(spec.type, key)) if spec.personal else key


def mask_ref(schema: Schema, ref: str, viewer: Viewer) -> str:
    """A ``Label:key`` reference with the key masked where it is personal."""
    label, sep, key = ref.partition(":")
    return f"{label}{sep}{mask_key(schema, label, key, viewer)}" if sep else ref


def identity(schema: Schema, labels: list[str], props: dict[str, Any], fallback: str) -> tuple[str, str]:
    """The schema label of a node and its ``Label:key`` identity (the store id when the key is missing)."""
    label = next((lb for lb in labels if lb in schema.nodes), labels[0] if labels else "Node")
    key = props.get(schema.node(label).key) if label in schema.nodes else None
    return label, f"{label}:{key if key is not None else fallback}"
