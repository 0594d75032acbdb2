"""HTTP routes of on-site inspections (``/inspections``); the lead mounts ``router`` under ``/api/v1``.

Reading needs ``inspections.read``, planning and recording ``inspections.write``, uploading site photos
``evidence_files.write``. Everything is scoped to the caller's jurisdiction (outside it: 404) and audited.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import Response

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.complaints.files import IMAGES, FileStore
from smokeindex.complaints.ledger import XLSX_MEDIA, workbook
from smokeindex.errors import NotFound
from smokeindex.inspections import service
from smokeindex.inspections.models import (
    Building,
    Checklist,
    FindingCreate,
    FindingPublic,
    InspectionDetail,
    InspectionFilter,
    InspectionPage,
    PhotoPublic,
    PlanCreate,
    PlanDetail,
    PlanPage,
    ResultCreate,
    load_checklists,
)

router = APIRouter(prefix="/inspections", tags=["inspections 现场排查"])
Reader = Annotated[Principal, Depends(Allowed("inspections.read"))]
Writer = Annotated[Principal, Depends(Allowed("inspections.write"))]
Uploader = Annotated[Principal, Depends(Allowed("evidence_files.write"))]
PlanId = Annotated[str, Path(min_length=1, max_length=40, description="计划编号")]
InspectionId = Annotated[str, Path(min_length=1, max_length=48, description="排查编号")]
Limit = Annotated[int, Query(ge=1, le=200, description="每页条数 (page size)")]
Cursor = Annotated[str | None, Query(max_length=2000, description="上一页返回的游标 (cursor)")]
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_EXPORT_ROWS = 50_000
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "翻页游标与查询不符 (bad cursor)"},
    401: {"description": "未认证 (not authenticated)"},
    403: {"description": "角色无权或区划不在辖区内 (forbidden)"},
    404: {"description": "不存在或不在您的辖区内 (not found)"},
    409: {"description": "当前状态不允许，附理由 (conflict)"},
    413: {"description": "照片过大 (too large)"},
    422: {"description": "参数不合法 (invalid request)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}
_LOCK = threading.Lock()


def get_photos(request: Request) -> FileStore:
    """The content-addressed photo store ``<data_dir>/inspection-files/`` (images only, ≤ 10 MiB each)."""
    state = request.app.state
    files: FileStore | None = getattr(state, "inspection_files", None)
    if files is None:
        with _LOCK:
            files = getattr(state, "inspection_files", None)
            if files is None:
                files = FileStore(
                    state.settings.data_dir.resolve() / "inspection-files",
                    max_bytes=MAX_PHOTO_BYTES,
                    allowed=IMAGES,
                    what="现场照片",
                )
                state.inspection_files = files
    return files


PhotosDep = Annotated[FileStore, Depends(get_photos)]


@router.get("/checklists", response_model=list[Checklist], summary="检查表模板 (checklist templates)", responses=ERRORS)
def checklists(principal: Reader) -> list[Checklist]:
    """可用的检查表模板（经营场所、宣传材料、承诺收益、资金去向、从业人员、资质许可 …）。"""
    return list(load_checklists().values())


@router.get(
    "/buildings", response_model=list[Building], summary="楼宇排查候选地址 (shared addresses)", responses=ERRORS
)
def buildings(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    q: Annotated[str | None, Query(min_length=1, max_length=50, description="地址包含 (address contains)")] = None,
    min_enterprises: Annotated[int, Query(ge=2, le=1000, description="楼内企业数下限")] = 2,
    limit: Limit = 50,
) -> list[Building]:
    """辖区内多家企业共用的地址（楼宇），企业多的在前，附楼内企业的最高冒烟指数。"""
    found = service.list_buildings(
        store, viewer=principal.viewer, q_text=q, min_enterprises=min_enterprises, limit=limit
    )
    principal.audit(audit, "inspections.read", "buildings", {"q": q, "min": min_enterprises})
    return found


@router.post(
    "/plans", status_code=201, response_model=PlanDetail, summary="新建排查计划 (create a plan)", responses=ERRORS
)
def plan_create(principal: Writer, store: StoreDep, audit: AuditDep, plan: PlanCreate) -> PlanDetail:
    """区域排查：按最近一次评分选取辖区内某区域冒烟指数最高的 N 家企业；楼宇排查：同一地址的全部企业。"""
    params = plan.model_dump(mode="json", exclude_defaults=True)
    try:
        created = service.create_plan(store, viewer=principal.viewer, plan=plan, actor=principal.user.username)
    except Exception:
        principal.audit(audit, "inspections.plan", "", params, outcome="refused")
        raise
    principal.audit(audit, "inspections.plan", created.plan_id, {**params, "targets": created.target_count})
    return created


@router.get("/plans", response_model=PlanPage, summary="排查计划列表 (plans)", responses=ERRORS)
def plans_list(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    scope: Annotated[Literal["area", "building"] | None, Query(description="area / building")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PlanPage:
    """辖区内的排查计划，新的在前，附完成进度。"""
    page = service.list_plans(store, viewer=principal.viewer, scope=scope, limit=limit, cursor=cursor)
    principal.audit(audit, "inspections.read", "plans", {"scope": scope, "limit": limit})
    return page


@router.get("/plans/{plan_id}", response_model=PlanDetail, summary="排查计划详情 (plan)", responses=ERRORS)
def plan_detail(principal: Reader, store: StoreDep, audit: AuditDep, plan_id: PlanId) -> PlanDetail:
    """计划的检查表快照与各排查对象的状态、结论。"""
    plan = service.get_plan(store, viewer=principal.viewer, plan_id=plan_id)
    principal.audit(audit, "inspections.read", plan_id, {})
    return plan


@router.get(
    "/ledger",
    summary="导出排查台账 XLSX (export the ledger)",
    responses={
        **ERRORS,
        200: {
            "description": "XLSX（中文表头）：排查台账与发现问题两张表",
            "content": {XLSX_MEDIA: {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
def ledger_export(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    filters: Annotated[InspectionFilter, Query()],
    max_rows: Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS, description="最多行数 (row cap)")] = MAX_EXPORT_ROWS,
) -> Response:
    """按计划、企业、状态、结论、区划与排查日期筛选，导出风险排查台账：每家企业一行，另附发现问题明细。"""
    table, findings = service.ledger(store, viewer=principal.viewer, filters=filters, max_rows=max_rows)
    params = filters.model_dump(mode="json", exclude_defaults=True)
    principal.audit(audit, "inspections.export", filters.plan_id or "", {**params, "rows": len(table)})
    about = [
        ("导出人", principal.user.username),
        ("辖区", principal.user.region_code or "全国"),
        ("排查记录数", len(table)),
        ("发现问题数", len(findings)),
        *((f"筛选条件 {k}", v) for k, v in params.items()),
    ]
    body = workbook(
        [("排查台账", service.LEDGER_HEADERS, table), ("发现问题", service.FINDING_HEADERS, findings)], about
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Response(
        body,
        media_type=XLSX_MEDIA,
        headers={"Content-Disposition": f'attachment; filename="smokeindex-inspections-{stamp}.xlsx"'},
    )


@router.get("", response_model=InspectionPage, summary="排查记录 (inspections)", responses=ERRORS)
def inspections_list(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    filters: Annotated[InspectionFilter, Query()],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> InspectionPage:
    """辖区内的排查记录；给出 uscc 即该企业的排查记录。"""
    page = service.list_inspections(store, viewer=principal.viewer, filters=filters, limit=limit, cursor=cursor)
    principal.audit(
        audit, "inspections.read", filters.uscc or "", filters.model_dump(mode="json", exclude_defaults=True)
    )
    return page


@router.get("/{inspection_id}", response_model=InspectionDetail, summary="排查详情 (inspection)", responses=ERRORS)
def inspection_detail(
    principal: Reader, store: StoreDep, audit: AuditDep, inspection_id: InspectionId
) -> InspectionDetail:
    """检查表逐项回答（标出提示风险的回答）、发现问题与照片、结论和移交的线索。"""
    found = service.get_inspection(store, viewer=principal.viewer, inspection_id=inspection_id)
    principal.audit(audit, "inspections.read", inspection_id, {})
    return found


@router.get(
    "/{inspection_id}/photos/{sha256}",
    summary="下载现场照片 (download a photo)",
    responses={
        **ERRORS,
        200: {"description": "照片", "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}},
    },
)
def photo_download(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    photos: PhotosDep,
    inspection_id: InspectionId,
    sha256: Annotated[str, Path(min_length=64, max_length=64, pattern="^[0-9a-f]{64}$")],
) -> Response:
    """该排查的发现中引用的照片；内容可重新计算 SHA-256 核对。"""
    detail = service.get_inspection(store, viewer=principal.viewer, inspection_id=inspection_id)
    if not any(sha256 in f.photos for f in detail.findings):
        raise NotFound(f"该排查没有这张照片 (photo not found): {sha256}")
    data, media = photos.read(sha256)
    principal.audit(audit, "inspections.photo", inspection_id, {"sha256": sha256})
    return Response(data, media_type=media)


@router.post(
    "/{inspection_id}/photos",
    status_code=201,
    response_model=PhotoPublic,
    summary="上传现场照片 (upload a site photo)",
    responses=ERRORS,
)
def photo_upload(
    principal: Uploader,
    store: StoreDep,
    audit: AuditDep,
    photos: PhotosDep,
    inspection_id: InspectionId,
    file: Annotated[UploadFile, File(description="一张照片：JPEG、PNG、WebP、GIF 或 HEIC，按文件内容判断类型")],
) -> PhotoPublic:
    """照片按 SHA-256 内容寻址存放；返回的 sha256 在登记发现时引用。"""
    photo = service.add_photo(
        store, viewer=principal.viewer, inspection_id=inspection_id, files=photos, stream=file.file
    )
    principal.audit(audit, "inspections.photo_upload", inspection_id, {"sha256": photo.sha256, "size": photo.size})
    return photo


@router.post(
    "/{inspection_id}/findings",
    status_code=201,
    response_model=FindingPublic,
    summary="登记排查发现 (record a finding)",
    responses=ERRORS,
)
def finding_create(
    principal: Writer,
    store: StoreDep,
    audit: AuditDep,
    photos: PhotosDep,
    inspection_id: InspectionId,
    finding: FindingCreate,
) -> FindingPublic:
    """对应检查项的问题、严重程度与照片（先上传照片）；待排查的对象转为排查中。"""
    found = service.add_finding(
        store,
        viewer=principal.viewer,
        inspection_id=inspection_id,
        finding=finding,
        files=photos,
        actor=principal.user.username,
    )
    principal.audit(audit, "inspections.finding", inspection_id, {"finding_id": found.finding_id})
    return found


@router.post(
    "/{inspection_id}/result",
    response_model=InspectionDetail,
    summary="登记排查结果 (record the result)",
    responses=ERRORS,
)
def result_record(
    principal: Writer, store: StoreDep, audit: AuditDep, inspection_id: InspectionId, result: ResultCreate
) -> InspectionDetail:
    """检查表回答、结论与摘要；结论为存在风险或涉嫌违法（或 raise_lead=true）时移交线索，并入该企业的线索。
    每次排查只能登记一次结果（重复登记 409）。"""
    params = {"conclusion": result.conclusion, "raise_lead": result.raise_lead}
    try:
        done = service.record_result(
            store, viewer=principal.viewer, inspection_id=inspection_id, result=result, actor=principal.user.username
        )
    except Exception:
        principal.audit(audit, "inspections.result", inspection_id, params, outcome="refused")
        raise
    principal.audit(audit, "inspections.result", inspection_id, {**params, "lead_id": done.lead_id})
    return done
