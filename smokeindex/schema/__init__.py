"""The declarative graph schema: one YAML file per node type (``nodes/``) and per relationship type
(``relationships/``), loaded into checked Python objects from which validation models, DDL, the OWL ontology and the
reference docs are generated."""

from smokeindex.schema.loader import load_schema, load_schema_from
from smokeindex.schema.model import NodeType, PropertySpec, RelType, Schema

__all__ = ["NodeType", "PropertySpec", "RelType", "Schema", "load_schema", "load_schema_from"]
