"""The schema loader: the shipped schema is complete, and every kind of broken file fails naming file, key, problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smokeindex.errors import SchemaError
from smokeindex.schema import load_schema, load_schema_from
from smokeindex.schema.loader import SCHEMA_DIR

REQUIRED_NODES = {
    "Enterprise", "Person", "Address", "Phone", "Email", "BankAccount", "Website", "Product", "Complaint",
    "JudicialCase", "Penalty", "NewsArticle", "Region",
}  # fmt: skip
REQUIRED_RELS = {
    "LEGAL_REP_OF", "SHAREHOLDER_OF", "EXECUTIVE_OF", "CONTROLS", "BRANCH_OF", "LOCATED_AT", "HAS_PHONE", "HAS_EMAIL",
    "HAS_ACCOUNT", "TRANSFERRED_TO", "ISSUES", "OPERATES", "COMPLAINT_AGAINST", "MENTIONS", "PARTY_TO", "PENALIZED",
    "IN_REGION", "PART_OF",
}  # fmt: skip


def test_shipped_schema_covers_the_required_types() -> None:
    schema = load_schema()
    assert REQUIRED_NODES <= set(schema.nodes)
    assert REQUIRED_RELS <= set(schema.relationships)
    assert schema.relationship("SHAREHOLDER_OF").properties.keys() >= {"ratio", "amount"}
    assert "role" in schema.relationship("EXECUTIVE_OF").properties
    assert schema.relationship("TRANSFERRED_TO").properties.keys() >= {"amount", "at"}
    assert schema.relationship("CONTROLS").derived
    assert schema.relationship("PART_OF").from_labels == ("Region",)


def test_every_type_carries_provenance_and_chinese_labels() -> None:
    schema = load_schema()
    for spec in [*schema.nodes.values(), *schema.relationships.values()]:
        assert {"source", "record_id", "ingested_at", "record_hash"} <= spec.properties.keys(), spec
        assert all(p.required for p in spec.properties.values() if p.provenance)
        assert spec.zh and all(p.zh for p in spec.properties.values())


def test_personal_identifiers_are_marked() -> None:
    schema = load_schema()
    assert schema.node("Person").properties["id_number"].personal
    assert schema.node("Phone").properties["number"].personal
    assert schema.node("BankAccount").properties["account_number"].personal
    assert not schema.node("Enterprise").properties["name"].personal


@pytest.fixture
def schema_copy(tmp_path: Path) -> Path:
    target = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "problem"),
    [
        ("relationships/issues.yaml", "to: [Product]", "to: [Prodcut]", "to", "dangling reference"),
        ("nodes/enterprise.yaml", "type: uscc", "type: uscc_code", "properties.uscc.type", "unknown type"),
        ("nodes/enterprise.yaml", "key: uscc", "key: code", "key", "identity key is not a declared property"),
        ("nodes/enterprise.yaml", "zh: 企业\n", "zh: 企业\ncolour: red\n", "colour", "unknown key"),
        ("nodes/region.yaml", "    values: [province, city, district, street, community]\n", "", "properties.level.values", "enum needs values"),
        ("nodes/phone.yaml", "label: Phone", "label: Telephone", "label", "file name must match"),
        ("relationships/part_of.yaml", "type: PART_OF", "type: PartOf", "type", "UPPER_SNAKE_CASE"),
        ("relationships/transferred_to.yaml", "key: [txn_id]", "key: [serial]", "key", "key must name required"),
        ("nodes/person.yaml", "  name:\n    type: string\n", "  name:\n    type: string\n    min: 3\n", "properties.name.min", "bounds only for numbers"),
    ],
)  # fmt: skip
def test_broken_schema_names_file_key_and_problem(
    schema_copy: Path, file: str, old: str, new: str, key: str, problem: str
) -> None:
    _edit(schema_copy / file, old, new)
    with pytest.raises(SchemaError) as info:
        load_schema_from(schema_copy)
    err = info.value
    assert Path(file).name in err.detail
    assert err.errors[0]["key"] == key
    assert problem in err.errors[0]["problem"]


def test_yaml_syntax_error_names_the_file(schema_copy: Path) -> None:
    (schema_copy / "nodes" / "email.yaml").write_text("label: Email\nzh: [unclosed\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="email.yaml"):
        load_schema_from(schema_copy)
