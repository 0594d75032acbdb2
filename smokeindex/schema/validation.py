"""Pydantic validation models generated from the schema; every write is validated against them first."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model

from smokeindex.errors import ValidationFailed
from smokeindex.schema.loader import load_schema
from smokeindex.schema.model import PropertySpec
from smokeindex.schema.types import PROPERTY_TYPES

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


def _field(spec: PropertySpec) -> tuple[Any, Any]:
    ptype = PROPERTY_TYPES[spec.type]
    annotation: Any
    if spec.type == "enum":
        annotation = Literal[spec.values]
    elif spec.type == "string_list":
        annotation = list[str]
    else:
        annotation = ptype.python
    if ptype.check is not None:
        annotation = Annotated[annotation, AfterValidator(ptype.check)]
    constraints: dict[str, Any] = {"description": spec.zh}
    if spec.min is not None:
        constraints["ge"] = spec.min
    if spec.max is not None:
        constraints["le"] = spec.max
    if spec.type in {"string", "text"} and spec.required:
        constraints["min_length"] = 1
    if spec.required:
        return annotation, Field(..., **constraints)
    return annotation | None, Field(None, **constraints)


def _build(name: str, props: dict[str, PropertySpec]) -> type[BaseModel]:
    fields: dict[str, Any] = {p.name: _field(p) for p in props.values()}
    return create_model(name, __config__=_STRICT, **fields)


@lru_cache
def node_model(label: str) -> type[BaseModel]:
    """The validation model of node ``label`` (e.g. ``EnterpriseRecord``): unknown properties and wrong types fail."""
    return _build(f"{label}Record", load_schema().node(label).properties)


@lru_cache
def relationship_model(rel_type: str) -> type[BaseModel]:
    """The validation model of the properties of relationship ``rel_type``."""
    title = "".join(part.title() for part in rel_type.split("_"))
    return _build(f"{title}Record", load_schema().relationship(rel_type).properties)


def _problems(e: ValidationError, row: int) -> list[dict[str, Any]]:
    return [
        {"row": row, "field": ".".join(str(p) for p in err["loc"]) or "<row>", "problem": err["msg"]}
        for err in e.errors()
    ]


def check(model: type[BaseModel], row: dict[str, Any], index: int = 0) -> tuple[dict[str, Any] | None, list[dict]]:
    """Validate one row: ``(clean_row, [])`` or ``(None, problems)``. Nulls are dropped from the clean row."""
    try:
        return model.model_validate(row).model_dump(exclude_none=True), []
    except ValidationError as e:
        return None, _problems(e, index)


def validate_rows(model: type[BaseModel], rows: list[dict[str, Any]], what: str) -> list[dict[str, Any]]:
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
