"""Write the artefacts generated from the schema (ontology, DDL, reference) and detect drift from the checked-in copy."""

from __future__ import annotations

from pathlib import Path

from smokeindex.schema.ddl import render_ddl
from smokeindex.schema.model import Schema
from smokeindex.schema.ontology import render_ontology
from smokeindex.schema.reference import render_reference

GENERATED_DIR = Path("docs/generated")


def render_all(schema: Schema) -> dict[str, str]:
    """File name → content of every generated artefact."""
    return {"ontology.ttl": render_ontology(schema), "schema.md": render_reference(schema), **render_ddl(schema)}


def write_all(schema: Schema, directory: Path = GENERATED_DIR) -> list[Path]:
    """Regenerate every artefact into ``directory``; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_all(schema).items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def drift(schema: Schema, directory: Path = GENERATED_DIR) -> list[str]:
    """Names of artefacts whose checked-in copy is missing or differs from what the schema generates."""
    return [
        name
        for name, content in render_all(schema).items()
        if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != content
    ]
