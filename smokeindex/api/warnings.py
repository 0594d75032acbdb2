"""``/api/v1/warnings``: graded warning lists, their CSV / XLSX exports, counts by grade and region, and trends."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pydantic import BaseModel, Field

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.query.warnings import (
    MAX_EXPORT_ROWS,
    TrendPoint,
    WarningFilter,
    WarningStats,
    export_warnings,
    list_warnings,
    warning_stats,
    warning_trend,
)
from smokeindex.query.warnings_model import FILTER_DIMENSIONS, TYPOLOGY_ZH, WarningPublic

router = APIRouter(prefix="/warnings", tags=["warnings 预警"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "翻页游标与查询不符 (cursor from another query)"},
    401: {"description": "未认证 (not authenticated)"},
    403: {"description": "角色无权或区划不在辖区内 (forbidden)"},
    404: {"description": "评分运行不存在 (scoring run not found)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}
Filters = Annotated[WarningFilter, Query()]
Reader = Annotated[Principal, Depends(Allowed("warnings.read"))]
Exporter = Annotated[Principal, Depends(Allowed("warnings.export"))]


class WarningPagePublic(BaseModel):
    run_id: str | None = Field(description="评分运行号 (scoring run)")
    total: int = Field(description="符合条件的预警总数 (matching warnings)")
    items: list[WarningPublic]
    next_cursor: str | None = Field(description="下一页游标，无则为最后一页 (next page cursor)")


@router.get("", response_model=WarningPagePublic, summary="预警清单 (graded warning list)", responses=ERRORS)
def warnings_list(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=500, description="每页条数 (page size)")] = 50,
    cursor: Annotated[str | None, Query(max_length=2000, description="上一页返回的游标 (cursor)")] = None,
) -> Response:
    """按等级、区划（含下级）、行业、维度、类型、分数、首次预警日期、等级变化筛选的预警清单，游标分页。"""
    page = list_warnings(store, principal.viewer, filters, limit=limit, cursor=cursor)
    principal.audit(audit, "warnings.read", page.run_id or "", _params(filters, limit=limit, page=bool(cursor)))
    # the rows' JSON was serialised once when the run was loaded (query.warning_view); only the envelope is new
    head = json.dumps({"run_id": page.run_id, "total": page.total, "next_cursor": page.next_cursor})
    body = head[:-1].encode() + b', "items": [' + b", ".join(r.json for r in page.rows) + b"]}"
    return Response(body, media_type="application/json")


@router.get(
    "/export",
    summary="导出预警清单 (export as CSV or XLSX)",
    responses={
        **ERRORS,
        200: {
            "description": "CSV（UTF-8 带 BOM，Excel 可直接打开）或 XLSX 文件",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        },
    },
)
def warnings_export(
    principal: Exporter,
    store: StoreDep,
    audit: AuditDep,
    filters: Filters,
    format: Annotated[Literal["csv", "xlsx"], Query(description="文件格式 (file format)")] = "xlsx",
    max_rows: Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS, description="最多行数 (row cap)")] = MAX_EXPORT_ROWS,
) -> Response:
    """与清单相同的筛选条件，导出全部结果（中文表头）。"""
    run_id, rows = export_warnings(store, principal.viewer, filters, max_rows=max_rows)
    principal.audit(audit, "warnings.export", run_id or "", _params(filters, format=format, rows=len(rows)))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"smokeindex-warnings-{stamp}.{format}"
    table = [HEADERS, *(_row(w) for w in rows)]
    if format == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows(table)
        body = ("\ufeff" + buf.getvalue()).encode("utf-8")
        media = "text/csv; charset=utf-8"
    else:
        body = _xlsx(table, filters, run_id, principal)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get(
    "/stats", response_model=WarningStats, summary="辖区态势统计 (counts by grade and region)", responses=ERRORS
)
def warnings_stats(principal: Reader, store: StoreDep, audit: AuditDep, filters: Filters) -> WarningStats:
    """按等级、下一级区划、涉嫌类型与主要维度统计预警数，用于区域态势。"""
    stats = warning_stats(store, principal.viewer, filters)
    principal.audit(audit, "warnings.stats", stats.run_id or "", _params(filters))
    return stats


@router.get("/trend", response_model=list[TrendPoint], summary="预警趋势 (trend over runs)", responses=ERRORS)
def warnings_trend(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    filters: Filters,
    runs: Annotated[int, Query(ge=1, le=100, description="最近几次评分运行 (last N scoring runs)")] = 12,
) -> list[TrendPoint]:
    """最近若干次评分运行中各等级预警数的变化（同一筛选条件）。"""
    trend = warning_trend(store, principal.viewer, filters, runs=runs)
    principal.audit(audit, "warnings.trend", "", _params(filters, runs=runs))
    return trend


def _params(filters: WarningFilter, **extra: Any) -> dict[str, Any]:
    return {**filters.model_dump(mode="json", exclude_defaults=True), **extra}


HEADERS = [
    "主体类型", "主体标识", "主体名称", "区划代码", "行业代码", "冒烟指数", "预警等级", "上次等级", "上次指数", "等级变化",
    "首次预警时间", "涉嫌类型", "主要风险维度", "命中规则", *(f"{zh}贡献" for zh in FILTER_DIMENSIONS.values()),
    "网络模型风险概率", "变化原因", "评分运行号",
]  # fmt: skip
_LABEL_ZH = {"Enterprise": "企业", "Person": "自然人"}


def _row(w: WarningPublic) -> list[Any]:
    return [
        _LABEL_ZH.get(w.subject_label, w.subject_label), w.subject_key, w.subject_name, w.region_code,
        w.industry_code, round(w.score, 2), w.grade, w.previous_grade,
        None if w.previous_score is None else round(w.previous_score, 2),
        "是" if w.grade_changed else "否", w.first_warned_at, "、".join(TYPOLOGY_ZH.get(t, t) for t in w.typologies),
        FILTER_DIMENSIONS.get(w.top_dimension or "", ""), "、".join(w.rule_ids),
        *(round(w.contributions.get(d, 0.0), 2) for d in FILTER_DIMENSIONS),
        None if w.network_probability is None else round(w.network_probability, 4), w.change_causes, w.run_id,
    ]  # fmt: skip


def _cell(value: Any) -> Any:
    """A value Excel stores as written: no control characters (openpyxl refuses them), and text that would start a
    formula (= + - @) kept as text."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _xlsx(table: list[list[Any]], filters: WarningFilter, run_id: str | None, principal: Principal) -> bytes:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("预警清单")
    sheet.freeze_panes = "A2"
    for row in table:
        sheet.append([_cell(v) for v in row])
    about = wb.create_sheet("导出说明")
    about.append(["项目", "内容"])
    about.append(["评分运行号", run_id or "（尚无评分运行）"])
    about.append(["导出时间（UTC）", datetime.now(UTC).isoformat(timespec="seconds")])
    about.append(["导出人", principal.user.username])
    about.append(["辖区", principal.user.region_code or "全国"])
    about.append(["记录数", len(table) - 1])
    for k, v in filters.model_dump(mode="json", exclude_defaults=True).items():
        about.append([f"筛选条件 {k}", _cell(str(v))])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
