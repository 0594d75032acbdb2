"""Validation models generated from the schema; every write is validated against them first.

Each node and relationship type becomes a strict ``TypedDict`` validated by pydantic (unknown properties, wrong types,
out-of-range numbers and bad identifiers are refused; nothing is coerced). TypedDicts rather than ``BaseModel``
classes because bulk loads validate millions of rows and this is about three times faster (measured: 1.3 vs 3.6 µs
per relationship row).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal, NotRequired

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from smokeindex.errors import ValidationFailed
from smokeindex.schema.loader import load_schema
from smokeindex.schema.model import PropertySpec
from smokeindex.schema.types import PROPERTY_TYPES

_STRICT = ConfigDict(extra="forbid", strict=True)
Validator = TypeAdapter[Any]


def _annotation(spec: PropertySpec) -> Any:
    ptype = PROPERTY_TYPES[spec.type]
    base: Any
    if spec.type == "enum":
        base = Literal[spec.values]
    elif spec.type == "string_list":
        base = list[str]
    else:
        base = ptype.python
    constraints: dict[str, Any] = {"description": spec.zh}
    if spec.type == "number":
        constraints["allow_inf_nan"] = False
    if spec.min is not None:
        constraints["ge"] = spec.min
    if spec.max is not None:
        constraints["le"] = spec.max
    if spec.type in {"string", "text"} and spec.required:
        constraints["min_length"] = 1
    metadata: list[Any] = [Field(**constraints)]
    if ptype.check is not None:
        metadata.append(AfterValidator(ptype.check))
    annotated = Annotated[base, *metadata]
    if spec.required:
        return annotated
    return NotRequired[annotated | None]  # None means "absent"; it is dropped before writing


def _build(name: str, props: dict[str, PropertySpec], *, keep_required: set[str] | None = None) -> Validator:
    fields = {
        p.name: _annotation(p if keep_required is None or p.name in keep_required else _optional(p))
        for p in props.values()
    }
    record = TypedDict(name, fields)  # type: ignore[misc]
    record.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]
    return TypeAdapter(record)


def _optional(spec: PropertySpec) -> PropertySpec:
    return PropertySpec(**{**spec.__dict__, "required": False})


@lru_cache
def node_model(label: str) -> Validator:
    """The validator of node ``label`` (``EnterpriseRecord`` …): unknown properties and wrong types fail."""
    return _build(f"{label}Record", load_schema().node(label).properties)


@lru_cache
def node_patch_model(label: str, *, provenance: bool = True) -> Validator:
    """The validator of a partial update of node ``label``: the key (and, unless ``provenance=False`` for derived
    features that must not overwrite where the node came from, the provenance) required, the rest optional."""
    node = load_schema().node(label)
    props = node.properties if provenance else {k: p for k, p in node.properties.items() if not p.provenance}
    required = {node.key, *(p.name for p in props.values() if p.provenance)}
    return _build(f"{label}Patch", props, keep_required=required)


@lru_cache
def relationship_model(rel_type: str) -> Validator:
    """The validator of the properties of relationship ``rel_type``."""
    title = "".join(part.title() for part in rel_type.split("_"))
    return _build(f"{title}Record", load_schema().relationship(rel_type).properties)


def _problems(e: ValidationError, row: int) -> list[dict[str, Any]]:
    return [
        {"row": row, "field": ".".join(str(p) for p in err["loc"]) or "<row>", "problem": err["msg"]}
        for err in e.errors()
    ]


def check(model: Validator, row: dict[str, Any], index: int = 0) -> tuple[dict[str, Any] | None, list[dict]]:
    """Validate one row: ``(clean_row, [])`` or ``(None, problems)``. Nulls are dropped from the clean row."""
    try:
        clean = model.validate_python(row)
    except ValidationError as e:
        return None, _problems(e, index)
    return {k: v for k, v in clean.items() if v is not None}, []


def validate_rows(model: Validator, rows: list[dict[str, Any]], what: str) -> list[dict[str, Any]]:
    """Validate every row or none: raises ``ValidationFailed`` listing each problem (row, field, reason)."""
    clean: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        ok, errs = check(model, row, i)
        if ok is None:
            problems.extend(errs)
        else:
            clean.append(ok)
    if problems:
        first = problems[0]
        raise ValidationFailed(
            f"{what}: {len(problems)} 处数据不符合模式，未写入任何数据 (rejected before any write); "
            f"第一处: 第 {first['row']} 行 {first['field']}: {first['problem']}",
            errors=problems[:100],
        )
    return clean
