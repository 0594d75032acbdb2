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
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from smokeindex.errors import BadRequest, Forbidden, NotFound
from smokeindex.graph import GraphStore
from smokeindex.index.grades import GRADE_EN, GRADE_ZH, GRADES
from smokeindex.query.viewer import Viewer
from smokeindex.rules.model import DIMENSIONS, TYPOLOGIES
from smokeindex.schema.types import PROPERTY_TYPES

#: Dimensions a list can filter on: the ten rule dimensions and the network model.
FILTER_DIMENSIONS: dict[str, str] = {**DIMENSIONS, "network": "网络模型风险"}
TYPOLOGY_ZH = {"illegal_fundraising": "非法集资", "pyramid_scheme": "传销", "illegal_lending": "非法放贷"}
Sort = Literal["-score", "score", "-first_warned_at", "first_warned_at", "-previous_score"]
_SORT_EXPR: dict[str, tuple[str, str]] = {
    "-score": ("w.score", "DESC"),
    "score": ("w.score", "ASC"),
    "-first_warned_at": ("coalesce(w.first_warned_at, '')", "DESC"),
    "first_warned_at": ("coalesce(w.first_warned_at, '')", "ASC"),
    "-previous_score": ("coalesce(w.previous_score, -1.0)", "DESC"),
}
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


def region_prefix(code: str) -> str:
    """The prefix every code inside region ``code`` starts with (330100 → 3301; a 12-digit street → 9 digits)."""
    PROPERTY_TYPES["region_code"].check(code)  # type: ignore[misc]
    if len(code) == 12 and code.endswith("000"):
        return code[:9]
    if len(code) == 6:
        for _ in range(2):
            if code.endswith("00"):
                code = code[:-2]
    return code


def _pad(prefix: str) -> str:
    """A region code from a prefix (33 → 330000, 3301 → 330100)."""
    return prefix.ljust(6, "0") if len(prefix) < 6 else prefix


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

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        if value is not None:
            region_prefix(value)
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


class WarningPublic(BaseModel):
    """One warning as lists and exports show it."""

    warning_id: str
    run_id: str
    subject_label: str
    subject_key: str
    subject_name: str | None = None
    region_code: str | None = None
    industry_code: str | None = None
    score: float
    grade: str = Field(description="红/橙/黄/蓝/正常")
    grade_en: str
    previous_grade: str | None = None
    previous_score: float | None = None
    grade_changed: bool | None = None
    change_causes: str | None = None
    first_warned_at: str | None = None
    typologies: list[str] = Field(default_factory=list)
    top_dimension: str | None = None
    rule_ids: list[str] = Field(default_factory=list)
    network_probability: float | None = None
    contributions: dict[str, float] = Field(default_factory=dict, description="各维度对指数的贡献 (index points)")

    @classmethod
    def from_node(cls, w: dict[str, Any]) -> WarningPublic:
        body: dict[str, Any] = {k: w[k] for k in _PLAIN if w.get(k) is not None}
        body.update(
            grade_en=GRADE_EN.get(str(w.get("grade")), "normal"),
            typologies=list(w.get("typologies") or []),
            rule_ids=list(w.get("rule_ids") or []),
            contributions={d: float(w.get(f"c_{d}") or 0.0) for d in FILTER_DIMENSIONS},
        )
        return cls.model_validate(body)


_PLAIN = (
    "warning_id", "run_id", "subject_label", "subject_key", "subject_name", "region_code", "industry_code", "score",
    "grade", "previous_grade", "previous_score", "grade_changed", "change_causes", "first_warned_at", "top_dimension",
    "network_probability",
)  # fmt: skip


#: The properties a list row needs: reading only these halves the cost of decoding a page.
LIST_COLUMNS = ", ".join(
    f"w.{p} AS {p}" for p in (*_PLAIN, "typologies", "rule_ids", *(f"c_{d}" for d in FILTER_DIMENSIONS))
)


@dataclass
class WarningPage:
    run_id: str | None
    items: list[WarningPublic]
    total: int
    next_cursor: str | None


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


def effective_prefix(viewer: Viewer, region: str | None) -> str:
    """The region prefix a query is limited to: the requested region inside the jurisdiction, or the jurisdiction.
    A region outside the jurisdiction is refused."""
    if region is None:
        return viewer.prefix
    asked = region_prefix(region)
    if asked.startswith(viewer.prefix):
        return asked
    if viewer.prefix.startswith(asked):
        return viewer.prefix  # a wider area than the user's own: narrowed to the jurisdiction
    raise Forbidden(f"区划 {region} 不在您的辖区内 (region outside your jurisdiction)")


def _conditions(store: GraphStore, viewer: Viewer, f: WarningFilter) -> tuple[list[str], dict[str, Any]]:
    """The WHERE conditions and parameters of a filter (values always as parameters)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    prefix = effective_prefix(viewer, f.region)
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


def _sort_value(w: dict[str, Any], sort: str) -> Any:
    if sort in ("-score", "score"):
        return w["score"]
    if sort == "-previous_score":
        return w.get("previous_score") if w.get("previous_score") is not None else -1.0
    return w.get("first_warned_at") or ""


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
    where, params = _conditions(store, viewer, f)
    params["run"] = run_id
    base = "MATCH (w:Warning {run_id: $run})" + (" WHERE " + " AND ".join(where) if where else "")
    total = int(store.read(base + " RETURN count(w) AS n", params)[0]["n"])
    expr, order = _SORT_EXPR[f.sort]
    page_where = list(where)
    if after is not None:
        op = "<" if order == "DESC" else ">"
        page_where.append(f"({expr} {op} $cv OR ({expr} = $cv AND w.warning_id > $ck))")
        params.update(cv=after["v"], ck=after["k"])
    query = (
        "MATCH (w:Warning {run_id: $run})"
        + (" WHERE " + " AND ".join(page_where) if page_where else "")
        + f" RETURN {LIST_COLUMNS} ORDER BY {expr} {order}, w.warning_id ASC LIMIT $limit"
    )
    rows = store.read(query, {**params, "limit": limit + 1})
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (
        _encode_cursor(run_id, fingerprint, _sort_value(rows[-1], f.sort), str(rows[-1]["warning_id"]))
        if more
        else None
    )
    return WarningPage(run_id, [WarningPublic.from_node(w) for w in rows], total, next_cursor)


def export_warnings(
    store: GraphStore, viewer: Viewer, f: WarningFilter, *, max_rows: int = MAX_EXPORT_ROWS
) -> tuple[str | None, list[WarningPublic]]:
    """Every warning that matches (at most ``max_rows``), in the list's order, for CSV and XLSX exports."""
    run_id = resolve_run(store, f.run_id)
    if run_id is None:
        return None, []
    where, params = _conditions(store, viewer, f)
    expr, order = _SORT_EXPR[f.sort]
    query = (
        "MATCH (w:Warning {run_id: $run})"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" RETURN {LIST_COLUMNS} ORDER BY {expr} {order}, w.warning_id ASC LIMIT $limit"
    )
    rows = store.read(query, {**params, "run": run_id, "limit": max_rows})
    return run_id, [WarningPublic.from_node(r) for r in rows]


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
    prefix = effective_prefix(viewer, f.region)
    empty = dict.fromkeys(GRADES, 0)
    if run_id is None:
        return WarningStats(
            run_id=None, region_prefix=prefix, by_grade=empty, by_region=[], by_typology={}, by_dimension={}
        )
    where, params = _conditions(store, viewer, f)
    params.update(run=run_id, glen=_CHILD_LEN[len(prefix)])
    base = "MATCH (w:Warning {run_id: $run})" + (" WHERE " + " AND ".join(where) if where else "")
    rows = store.read(
        base + " RETURN substring(coalesce(w.region_code, ''), 0, $glen) AS region, w.grade AS grade, "
        "w.top_dimension AS dim, w.typologies AS typ, count(*) AS n",
        params,
    )
    by_grade = dict(empty)
    regions: dict[str, dict[str, int]] = {}
    by_typology: dict[str, int] = {}
    by_dimension: dict[str, int] = {}
    for r in rows:
        n = int(r["n"])
        by_grade[r["grade"]] = by_grade.get(r["grade"], 0) + n
        region = str(r["region"] or "")
        key = region if region.startswith(prefix) and region else "other"
        regions.setdefault(key, dict(empty))[r["grade"]] += n
        for t in r["typ"] or []:
            by_typology[t] = by_typology.get(t, 0) + n
        if r["dim"]:
            by_dimension[r["dim"]] = by_dimension.get(r["dim"], 0) + n
    codes = {k: _pad(k) for k in regions if k != "other"}
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
