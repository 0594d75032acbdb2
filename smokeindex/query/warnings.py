"""Graded warning lists for regulators: filters, keyset pagination, exports, counts by grade and region, trends.

Every query reads the ``Warning`` nodes of one scoring run (default: the latest) and is scoped to the viewer's
jurisdiction: a warning is visible when any of its ``region_codes`` lies in it. Pages are keyset pages over
(sort value, warning id); the cursor pins the scoring run and a hash of the filters, so a cursor used with other
filters is refused and paging stays consistent while a new run lands.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from smokeindex.errors import BadRequest, NotFound
from smokeindex.graph import GraphStore
from smokeindex.index.grades import GRADE_ZH, GRADES
from smokeindex.query.viewer import Viewer
from smokeindex.query.warning_view import Row, RunView, RunViews
from smokeindex.query.warnings_model import FILTER_DIMENSIONS, WarningPublic
from smokeindex.rules.model import TYPOLOGIES
from smokeindex.schema.types import PROPERTY_TYPES
from smokeindex.security.roles import region_code_of

Sort = Literal["-score", "score", "-first_warned_at", "first_warned_at", "-previous_score"]
LATEST_RUN = "MATCH (r:ScoringRun) RETURN r.run_id AS id ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
RUN_EXISTS = "MATCH (r:ScoringRun {run_id: $run}) RETURN r.run_id AS id, r.started_at AS started"
RECENT_RUNS = (
    "MATCH (r:ScoringRun) RETURN r.run_id AS id, r.started_at AS started, r.finished_at AS finished "
    "ORDER BY r.started_at DESC, r.run_id DESC LIMIT $n"
)
RUNS_SINCE = "MATCH (r:ScoringRun) WHERE r.started_at >= $since RETURN r.run_id AS id"
CHANGED_IN_RUNS = (
    "MATCH (w:Warning) WHERE w.run_id IN $runs AND w.grade_changed = true RETURN DISTINCT w.warning_id AS id, "
    "w.subject_label AS label, w.subject_key AS key"
)
REGION_NAMES = "MATCH (r:Region) WHERE r.code IN $codes RETURN r.code AS code, r.name AS name"
MAX_EXPORT_ROWS = 100_000
#: The length of a region prefix one level down: province 2 → city 4 → district 6 → street 9 → community 12.
_CHILD_LEN = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12, 12: 12}


class WarningFilter(BaseModel):
    """What a regulator can filter a warning list by (all optional; combined with AND)."""

    run_id: str | None = Field(default=None, description="评分运行号，默认最近一次 (scoring run; default latest)")
    grade: list[str] = Field(default_factory=list, description="预警等级，可多选：红/橙/黄/蓝/正常 或 red/orange/…")
    region: str | None = Field(default=None, description="区划代码，含其下级 (region code, includes all below)")
    industry: str | None = Field(default=None, max_length=8, description="行业代码前缀 (industry code prefix)")
    dimension: str | None = Field(default=None, description="该维度有贡献 (dimension with a contribution)")
    typology: str | None = Field(default=None, description="涉嫌类型 (typology)")
    label: Literal["Enterprise", "Person"] | None = Field(default=None, description="主体类型 (party type)")
    score_min: float | None = Field(default=None, ge=0, le=100, description="指数下限 (lowest score)")
    score_max: float | None = Field(default=None, ge=0, le=100, description="指数上限 (highest score)")
    first_warned_from: date | None = Field(default=None, description="首次预警不早于 (first warned on or after)")
    first_warned_to: date | None = Field(default=None, description="首次预警不晚于 (first warned on or before)")
    changed_since: date | None = Field(default=None, description="该日以来等级有变化 (grade changed since)")
    grade_changed: bool | None = Field(default=None, description="与上次评分相比等级有变化 (changed vs previous run)")
    q: str | None = Field(default=None, min_length=1, max_length=50, description="名称包含 (name contains)")
    sort: Sort = Field(default="-score", description="排序 (sort): -score, score, -first_warned_at, …")

    @field_validator("grade")
    @classmethod
    def _grades(cls, values: list[str]) -> list[str]:
        out = []
        for v in values:
            g = GRADE_ZH.get(v, v)
            if g not in GRADES:
                raise ValueError(
                    f"未知的预警等级 {v!r} (unknown grade); 可选 {', '.join(GRADES)} 或 {', '.join(GRADE_ZH)}"
                )
            out.append(g)
        return sorted(set(out), key=GRADES.index)

    @field_validator("q")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        if value is not None and any(ord(ch) < 32 or ch == "\x7f" for ch in value):
            raise ValueError("名称关键词不能含控制字符 (no control characters)")
        return value

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        if value is not None:
            PROPERTY_TYPES["region_code"].check(value)  # type: ignore[misc]
        return value

    @field_validator("dimension")
    @classmethod
    def _dimension(cls, value: str | None) -> str | None:
        if value is not None and value not in FILTER_DIMENSIONS:
            raise ValueError(f"未知维度 {value!r} (unknown dimension); 可选 {', '.join(FILTER_DIMENSIONS)}")
        return value

    @field_validator("typology")
    @classmethod
    def _typology(cls, value: str | None) -> str | None:
        if value is not None and value not in TYPOLOGIES:
            raise ValueError(f"未知类型 {value!r} (unknown typology); 可选 {', '.join(sorted(TYPOLOGIES))}")
        return value

    def fingerprint(self, viewer: Viewer) -> str:
        """A hash of the filters (the run excluded) and the viewer's jurisdiction, carried in cursors."""
        body = self.model_dump(mode="json", exclude={"run_id"})
        body["_jurisdiction"] = viewer.prefix
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class WarningPage:
    run_id: str | None
    rows: list[Row]
    total: int
    next_cursor: str | None

    @property
    def items(self) -> list[WarningPublic]:
        return [r.model for r in self.rows]


_VIEWS: weakref.WeakKeyDictionary[GraphStore, RunViews] = weakref.WeakKeyDictionary()


def run_view(store: GraphStore, run_id: str) -> RunView:
    """The in-memory view of a scoring run's warnings (see ``warning_view``)."""
    views = _VIEWS.get(store)
    if views is None:
        views = _VIEWS.setdefault(store, RunViews())
    return views.get(store, run_id)


def _predicate(store: GraphStore, viewer: Viewer, f: WarningFilter) -> Callable[[Row], bool]:
    """The filter as a test on one row: the same conditions ``_conditions`` writes in Cypher."""
    prefix = viewer.narrow(f.region)
    grades = set(f.grade)
    dim = f"c_{f.dimension}" if f.dimension else None
    fw_from = f.first_warned_from.isoformat() if f.first_warned_from else None
    fw_to = f"{f.first_warned_to.isoformat()}T99" if f.first_warned_to else None
    changed: set[str] | None = None
    if f.changed_since:
        runs = [r["id"] for r in store.read(RUNS_SINCE, {"since": f.changed_since.isoformat()})]
        changed = {str(r["key"]) for r in store.read(CHANGED_IN_RUNS, {"runs": runs})} if runs else set()

    def keep(row: Row) -> bool:
        w = row.model
        return (
            (not prefix or any(c.startswith(prefix) for c in row.region_codes))
            and (not grades or w.grade in grades)
            and (not f.industry or (w.industry_code or "").startswith(f.industry))
            and (dim is None or w.contributions.get(f.dimension or "", 0.0) > 0)
            and (not f.typology or f.typology in w.typologies)
            and (not f.label or w.subject_label == f.label)
            and (f.score_min is None or w.score >= f.score_min)
            and (f.score_max is None or w.score <= f.score_max)
            and (fw_from is None or (w.first_warned_at is not None and w.first_warned_at >= fw_from))
            and (fw_to is None or (w.first_warned_at is not None and w.first_warned_at < fw_to))
            and (f.grade_changed is None or bool(w.grade_changed) == f.grade_changed)
            and (not f.q or (w.subject_name is not None and f.q in w.subject_name))
            and (changed is None or w.subject_key in changed)
        )

    return keep


def _sort_key(sort: str) -> Callable[[Row], Any]:
    if sort in ("-score", "score"):
        return lambda r: r.model.score
    if sort == "-previous_score":
        return lambda r: r.previous_score
    return lambda r: r.first_warned


def _ordered(sort: str) -> Callable[[list[Row]], list[Row]]:
    """Rows in the list's order: the sort value (descending for ``-x``), then the warning id ascending."""
    value = _sort_key(sort)

    def order(rows: list[Row]) -> list[Row]:
        rows = sorted(rows, key=lambda r: r.model.warning_id)
        return sorted(rows, key=value, reverse=sort.startswith("-"))  # stable: ids stay ascending within ties

    return order


def _matching(store: GraphStore, viewer: Viewer, f: WarningFilter, run_id: str) -> list[Row]:
    view = run_view(store, run_id)
    key = f.fingerprint(viewer) if not f.changed_since else f"{f.fingerprint(viewer)}:{id(object())}"
    return view.filtered(key, _predicate(store, viewer, f), _ordered(f.sort))


@dataclass
class _Query:
    run_id: str | None
    where: list[str]
    params: dict[str, Any]


def latest_run(store: GraphStore) -> str | None:
    out = store.read(LATEST_RUN)
    return str(out[0]["id"]) if out else None


def resolve_run(store: GraphStore, run_id: str | None) -> str | None:
    """The named scoring run (``NotFound`` if absent) or the latest (``None`` when there is none yet)."""
    if run_id is None:
        return latest_run(store)
    if not store.read(RUN_EXISTS, {"run": run_id}):
        raise NotFound(f"评分运行不存在 (scoring run not found): {run_id}")
    return run_id


def _conditions(store: GraphStore, viewer: Viewer, f: WarningFilter) -> tuple[list[str], dict[str, Any]]:
    """The WHERE conditions and parameters of a filter (values always as parameters)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    prefix = viewer.narrow(f.region)
    if prefix:
        where.append("any(c IN w.region_codes WHERE c STARTS WITH $prefix)")
        params["prefix"] = prefix
    if f.grade:
        where.append("w.grade IN $grades")
        params["grades"] = f.grade
    if f.industry:
        where.append("w.industry_code STARTS WITH $industry")
        params["industry"] = f.industry
    if f.dimension:
        where.append(f"w.c_{f.dimension} > 0")  # validated against FILTER_DIMENSIONS
    if f.typology:
        where.append("$typology IN w.typologies")
        params["typology"] = f.typology
    if f.label:
        where.append("w.subject_label = $label")
        params["label"] = f.label
    if f.score_min is not None:
        where.append("w.score >= $score_min")
        params["score_min"] = f.score_min
    if f.score_max is not None:
        where.append("w.score <= $score_max")
        params["score_max"] = f.score_max
    if f.first_warned_from:
        where.append("w.first_warned_at >= $fw_from")
        params["fw_from"] = f.first_warned_from.isoformat()
    if f.first_warned_to:
        where.append("w.first_warned_at < $fw_to")
        params["fw_to"] = f"{f.first_warned_to.isoformat()}T99"  # any time that day
    if f.grade_changed is not None:
        where.append("coalesce(w.grade_changed, false) = $changed")
        params["changed"] = f.grade_changed
    if f.q:
        where.append("w.subject_name CONTAINS $q")
        params["q"] = f.q
    if f.changed_since:
        runs = [r["id"] for r in store.read(RUNS_SINCE, {"since": f.changed_since.isoformat()})]
        changed = store.read(CHANGED_IN_RUNS, {"runs": runs}) if runs else []
        where.append("w.subject_key IN $changed_keys")
        params["changed_keys"] = sorted({str(r["key"]) for r in changed})
    return where, params


def _encode_cursor(run_id: str, fingerprint: str, value: Any, warning_id: str) -> str:
    raw = json.dumps({"r": run_id, "h": fingerprint, "v": value, "k": warning_id}, ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw)
        if not isinstance(body, dict) or set(body) != {"r", "h", "v", "k"}:
            raise ValueError("shape")
        return body
    except (binascii.Error, ValueError, UnicodeDecodeError) as e:
        raise BadRequest("翻页游标无效 (invalid page cursor)") from e


def list_warnings(
    store: GraphStore, viewer: Viewer, f: WarningFilter, *, limit: int = 50, cursor: str | None = None
) -> WarningPage:
    """One page of warnings, highest first by default, with the total that match and the next page's cursor."""
    fingerprint = f.fingerprint(viewer)
    after: dict[str, Any] | None = None
    if cursor:
        after = _decode_cursor(cursor)
        if after["h"] != fingerprint:
            raise BadRequest("翻页游标与本次查询条件不符，请从第一页重新查询 (the cursor belongs to another query)")
        run_id: str | None = str(after["r"])
        if f.run_id is not None and f.run_id != run_id:
            raise BadRequest("翻页游标与本次查询条件不符，请从第一页重新查询 (the cursor belongs to another query)")
    else:
        run_id = resolve_run(store, f.run_id)
    if run_id is None:
        return WarningPage(None, [], 0, None)
    rows = _matching(store, viewer, f, run_id)
    start = 0
    if after is not None:
        value, descending = _sort_key(f.sort), f.sort.startswith("-")
        start = next(
            (
                i
                for i, r in enumerate(rows)
                if (value(r) < after["v"] if descending else value(r) > after["v"])
                or (value(r) == after["v"] and r.model.warning_id > after["k"])
            ),
            len(rows),
        )
    page = rows[start : start + limit]
    more = start + limit < len(rows)
    next_cursor = (
        _encode_cursor(run_id, fingerprint, _sort_key(f.sort)(page[-1]), page[-1].model.warning_id)
        if more and page
        else None
    )
    return WarningPage(run_id, page, len(rows), next_cursor)


def export_warnings(
    store: GraphStore, viewer: Viewer, f: WarningFilter, *, max_rows: int = MAX_EXPORT_ROWS
) -> tuple[str | None, list[WarningPublic]]:
    """Every warning that matches (at most ``max_rows``), in the list's order, for CSV and XLSX exports."""
    run_id = resolve_run(store, f.run_id)
    if run_id is None:
        return None, []
    return run_id, [r.model for r in _matching(store, viewer, f, run_id)[:max_rows]]


class RegionCount(BaseModel):
    region_code: str
    region_name: str | None = None
    counts: dict[str, int] = Field(description="按等级计数 (count per grade)")
    total: int


class WarningStats(BaseModel):
    run_id: str | None
    region_prefix: str = Field(description="统计范围的区划前缀，空为全国 (region prefix; empty is national)")
    by_grade: dict[str, int]
    by_region: list[RegionCount]
    by_typology: dict[str, int]
    by_dimension: dict[str, int] = Field(description="主要风险维度计数 (count by top dimension)")


def warning_stats(store: GraphStore, viewer: Viewer, f: WarningFilter) -> WarningStats:
    """Counts by grade, by the next region level down, by typology and by top dimension, for the situation view."""
    run_id = resolve_run(store, f.run_id)
    prefix = viewer.narrow(f.region)
    empty = dict.fromkeys(GRADES, 0)
    if run_id is None:
        return WarningStats(
            run_id=None, region_prefix=prefix, by_grade=empty, by_region=[], by_typology={}, by_dimension={}
        )
    glen = _CHILD_LEN[len(prefix)]
    by_grade = dict(empty)
    regions: dict[str, dict[str, int]] = {}
    by_typology: dict[str, int] = {}
    by_dimension: dict[str, int] = {}
    for row in _matching(store, viewer, f, run_id):
        w = row.model
        by_grade[w.grade] = by_grade.get(w.grade, 0) + 1
        region = (w.region_code or "")[:glen]
        key = region if region.startswith(prefix) and region else "other"
        regions.setdefault(key, dict(empty))[w.grade] += 1
        for t in w.typologies:
            by_typology[t] = by_typology.get(t, 0) + 1
        if w.top_dimension:
            by_dimension[w.top_dimension] = by_dimension.get(w.top_dimension, 0) + 1
    codes = {k: region_code_of(k) for k in regions if k != "other"}
    names = {str(r["code"]): str(r["name"]) for r in store.read(REGION_NAMES, {"codes": sorted(codes.values())})}
    by_region = [
        RegionCount(
            region_code=codes.get(k, "other"),
            region_name=names.get(codes[k]) if k in codes else "辖区外或未知区划 (outside or unknown)",
            counts=c,
            total=sum(c.values()),
        )
        for k, c in regions.items()
    ]
    by_region.sort(key=lambda r: (-r.counts["红"], -r.total, r.region_code))
    return WarningStats(
        run_id=run_id,
        region_prefix=prefix,
        by_grade=by_grade,
        by_region=by_region,
        by_typology=by_typology,
        by_dimension=by_dimension,
    )


class TrendPoint(BaseModel):
    run_id: str
    started_at: str
    counts: dict[str, int]
    total: int


def warning_trend(store: GraphStore, viewer: Viewer, f: WarningFilter, *, runs: int = 12) -> list[TrendPoint]:
    """Counts by grade in each of the last ``runs`` scoring runs, oldest first, under the same filters."""
    recent = store.read(RECENT_RUNS, {"n": runs})
    if not recent:
        return []
    where, params = _conditions(store, viewer, f.model_copy(update={"run_id": None}))
    params["runs"] = [r["id"] for r in recent]
    query = (
        "MATCH (w:Warning) WHERE w.run_id IN $runs"
        + ("".join(f" AND {c}" for c in where))
        + " RETURN w.run_id AS run, w.grade AS grade, count(*) AS n"
    )
    counts: dict[str, dict[str, int]] = {r["id"]: dict.fromkeys(GRADES, 0) for r in recent}
    for r in store.read(query, params):
        counts[r["run"]][r["grade"]] += int(r["n"])
    return [
        TrendPoint(run_id=r["id"], started_at=r["started"], counts=counts[r["id"]], total=sum(counts[r["id"]].values()))
        for r in reversed(recent)
    ]
