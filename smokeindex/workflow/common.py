"""What every casework service shares: time stamps, ids, provenance on writes, region levels, the caller's standing
toward a region, and the page shape of lists."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from smokeindex.query.regions import party_regions
from smokeindex.query.viewer import Viewer
from smokeindex.schema.validation import node_patch_model, validate_rows
from smokeindex.security.roles import check_region_code, jurisdiction_prefix

SOURCE = "workflow"
PARTY_LABELS = ("Enterprise", "Person")
LEVEL_ZH = {"province": "省", "city": "市", "district": "区县", "street": "街道乡镇", "community": "社区村"}
RegionLevel = Literal["province", "city", "district", "street", "community"]
Standing = Literal["own", "upper"]
T = TypeVar("T")


#: Dates (validity of blacklist entries, rectification deadlines) are Beijing dates; China keeps no daylight saving.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime | None = None) -> date:
    """The date in China at ``moment`` (default now)."""
    return (moment or utc_now()).astimezone(CHINA).date()


def iso(moment: datetime) -> str:
    """An aware datetime as stored: ISO-8601 in UTC, to the second, so that string order is time order."""
    if moment.tzinfo is None:
        raise ValidationFailed(
            "时间须带时区，如 2024-06-01T08:00:00+08:00 (datetime needs a timezone offset)",
            errors=[{"field": "datetime", "problem": "naive datetime"}],
        )
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def new_id(prefix: str, now: datetime) -> str:
    """A readable, unique id: ``LEAD-20240601-3f9c0a1b2d``."""
    return f"{prefix}-{now.astimezone(UTC):%Y%m%d}-{uuid.uuid4().hex[:10]}"


def record_hash(row: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def provenance(record_id: str, row: dict[str, Any], at: str) -> dict[str, str]:
    """The provenance every workflow write carries: source ``workflow``, the record's id, when, and its hash."""
    return {"source": SOURCE, "record_id": record_id, "ingested_at": at, "record_hash": record_hash(row)}


def node_row(record_id: str, row: dict[str, Any], at: str) -> dict[str, Any]:
    """A node row with provenance added (``None`` values mean absent)."""
    clean = {k: v for k, v in row.items() if v is not None}
    return {**clean, **provenance(record_id, clean, at)}


def rel(start: NodeRef, end: NodeRef, at: str) -> RelRow:
    """A relationship without properties of its own, with provenance."""
    return RelRow(start, end, provenance(f"{start.label}:{start.key}->{end.label}:{end.key}", {}, at))


def link(store: GraphStore, rel_type: str, rows: list[RelRow]) -> None:
    """Upsert relationships whose ends must exist (a missing end is a bug, not input)."""
    missing = store.upsert_relationships(rel_type, rows).missing
    if missing:
        raise NotFound(f"{rel_type} 关系的端点不存在 (relationship end missing): {missing[0].start} → {missing[0].end}")


def patch(store: GraphStore, label: str, key: str, changes: dict[str, Any], at: str) -> None:
    """Set properties of an existing node (validated against the schema), with fresh provenance."""
    row = node_row(key, {store.schema.node(label).key: key, **changes}, at)
    if store.update_nodes(label, [row]):
        raise NotFound(f"{label} {key} 不存在 (not found)")


def validate_patch(store: GraphStore, label: str, key: str, changes: dict[str, Any], at: str) -> dict[str, Any]:
    """A patch row checked against the schema, for writes that need their own (conditional) statement."""
    row = node_row(key, {store.schema.node(label).key: key, **changes}, at)
    return validate_rows(node_patch_model(label), [row], f"{label} 节点更新")[0]


# -- regions and levels --------------------------------------------------------------------------------------------
def region_level(code: str) -> str:
    """The five-level tier of a GB/T 2260 code: ``330000`` province, ``330100`` city, ``330106`` district,
    ``330106001`` street, ``330106001001`` community (``330106001000`` is a street written with 12 digits)."""
    check_region_code(code)
    if len(code) == 6:
        if code.endswith("0000"):
            return "province"
        return "city" if code.endswith("00") else "district"
    if len(code) == 9 or code.endswith("000"):
        return "street"
    return "community"


def parent_region(code: str) -> str | None:
    """The region one level up, or ``None`` above a province."""
    level = region_level(code)
    if level == "community":
        return code[:9]
    if level == "street":
        return code[:6]
    if level == "district":
        return code[:4] + "00"
    if level == "city":
        return code[:2] + "0000"
    return None


def standing(viewer: Viewer, region_code: str) -> Standing | None:
    """How the caller stands toward a region: ``own`` (the unit at that region), ``upper`` (a unit above it,
    national included) or ``None`` (outside the caller's jurisdiction: elsewhere, or above the caller)."""
    target = jurisdiction_prefix(region_code)
    if viewer.prefix == target:
        return "own"
    if target.startswith(viewer.prefix):
        return "upper"
    return None


def strictly_below(code: str, than: str) -> bool:
    """Whether ``code`` lies inside ``than`` and is not the same unit."""
    a, b = jurisdiction_prefix(code), jurisdiction_prefix(than)
    return a != b and a.startswith(b)


def subject_facts(store: GraphStore, subject: NodeRef) -> tuple[dict[str, Any], str | None, list[str]]:
    """The subject's properties, primary region and regions; ``NotFound`` when it is not in the graph."""
    if subject.label not in PARTY_LABELS:
        raise ValidationFailed(
            f"主体类型须为 Enterprise 或 Person (subject must be an Enterprise or a Person): {subject.label}",
            errors=[{"field": "subject", "problem": "expected Enterprise or Person"}],
        )
    props = store.get_node(subject)
    if props is None:
        raise NotFound(f"主体不存在 (subject not found): {subject.label}:{subject.key}")
    primary, regions = party_regions(store, [subject]).get(subject, (None, []))
    return props, primary, regions


class Page(BaseModel, Generic[T]):
    """One page of a list: the items, how many match in all, and where this page starts."""

    total: int = Field(description="符合条件的总数 (total matching)")
    offset: int = Field(description="本页起点 (offset of this page)")
    limit: int = Field(description="每页条数 (page size)")
    items: list[T]
