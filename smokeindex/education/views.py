"""``/education``: residents' registration, reading and quizzes (no staff account), and the staff side: content and
quiz upkeep, the activity ledger and its XLSX export, resident lists, statistics and targeting.

Residents authenticate with the token registration returns, in the ``X-Resident-Token`` header; listing and reading
content and quizzes is open. Staff routes check ``education.write`` / ``education.stats`` and scope to the user's
jurisdiction; staff writes and reads are audited.
"""

from __future__ import annotations

import io
import threading
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.security import APIKeyHeader
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from smokeindex.api.deps import Allowed, AuditDep, Principal, SettingsDep, StoreDep
from smokeindex.education import service, stats
from smokeindex.education.limits import RegistrationLimits
from smokeindex.education.models import (
    ActivityCreate,
    ActivityFilter,
    ActivityPage,
    ActivityPublic,
    ContentCreate,
    ContentKind,
    ContentPage,
    ContentPublic,
    ContentStaffPage,
    ContentUpdate,
    EducationStats,
    QuizCreate,
    QuizPage,
    QuizPublic,
    QuizResult,
    QuizStaff,
    QuizSubmit,
    QuizUpdate,
    ReadIn,
    ReadResult,
    RegionCode,
    ResidentMe,
    ResidentPage,
    ResidentRegister,
    ResidentToken,
    Status,
    Targeting,
)
from smokeindex.education.residents import TOKEN_TTL_S, decode_resident_token, issue_resident_token
from smokeindex.errors import NotFound, Unauthorized

router = APIRouter(prefix="/education", tags=["education 宣教"])
resident_header = APIKeyHeader(
    name="X-Resident-Token",
    scheme_name="ResidentToken",
    auto_error=False,
    description="居民令牌，由 POST /education/residents 取得 (resident token)",
)
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "需要居民令牌或令牌无效 (resident token missing or invalid)"},
    404: {"description": "不存在或不面向您所在区划 (not found)"},
    422: {"description": "参数不合法 (invalid request)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}
STAFF_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "未认证 (not authenticated)"},
    403: {"description": "角色无权或区划不在辖区内 (forbidden)"},
    404: {"description": "不存在或不在您的辖区内 (not found)"},
    422: {"description": "参数不合法 (invalid request)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"description": "编号已存在 (id taken)"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Writer = Annotated[Principal, Depends(Allowed("education.write"))]
Reader = Annotated[Principal, Depends(Allowed("education.stats"))]
Offset = Annotated[int, Query(ge=0, le=100_000, description="跳过条数 (offset)")]
Limit = Annotated[int, Query(ge=1, le=100, description="每页条数 (page size)")]
Text = Annotated[str | None, Query(min_length=1, max_length=50, description="标题或正文包含 (text contains)")]
TagQuery = Annotated[str | None, Query(min_length=1, max_length=20, description="标签 (tag)")]
_limits_lock = threading.Lock()


# -- residents' side ----------------------------------------------------------------------------------------------------
def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _registrations(request: Request) -> RegistrationLimits:
    """The app's registration limits, made on first use (the app object belongs to the API; this module adds to it)."""
    with _limits_lock:
        limits: RegistrationLimits | None = getattr(request.app.state, "education_registrations", None)
        if limits is None:
            limits = RegistrationLimits()
            request.app.state.education_registrations = limits
        return limits


def _resident(request: Request, store: StoreDep, settings: SettingsDep, token: str) -> dict[str, Any]:
    claims = decode_resident_token(token, secret_key=settings.secret_key.get_secret_value())
    request.app.state.limiter.take(f"resident:{claims.sub}")
    try:
        return service.get_resident(store, claims.sub)
    except NotFound as e:
        raise Unauthorized("居民不存在，请重新注册 (resident no longer exists)") from e


def current_resident(
    request: Request, store: StoreDep, settings: SettingsDep, token: Annotated[str | None, Depends(resident_header)]
) -> dict[str, Any]:
    """The resident named by a valid ``X-Resident-Token``; 401 otherwise."""
    if not token:
        raise Unauthorized("需要居民令牌：请先用手机号注册 (resident token required)")
    return _resident(request, store, settings, token)


def maybe_resident(
    request: Request, store: StoreDep, settings: SettingsDep, token: Annotated[str | None, Depends(resident_header)]
) -> dict[str, Any] | None:
    """The resident when a token is given (an invalid one is 401); anonymous callers are rate-limited by address."""
    if token:
        return _resident(request, store, settings, token)
    request.app.state.limiter.take(f"ip:{_client(request)}")
    return None


ResidentDep = Annotated[dict[str, Any], Depends(current_resident)]
MaybeResident = Annotated[dict[str, Any] | None, Depends(maybe_resident)]


@router.post(
    "/residents",
    response_model=ResidentToken,
    status_code=201,
    summary="居民用手机号注册或登录 (resident registration by phone)",
    responses=PUBLIC_ERRORS,
)
def register(request: Request, body: ResidentRegister, store: StoreDep, settings: SettingsDep) -> ResidentToken:
    """以手机号注册（已注册则重新登录），返回居民令牌。每个手机号、每个来源地址每小时限次。
    已注册的手机号保持原登记区划。无需工作人员账号。"""
    _registrations(request).take(phone=body.phone, client=_client(request))
    resident = service.register_resident(
        store, phone=body.phone, region_code=body.region_code, pseudonym_key=settings.pseudonym_key.get_secret_value()
    )
    rid, region = str(resident["resident_id"]), str(resident["region_code"])
    token = issue_resident_token(rid, region, secret_key=settings.secret_key.get_secret_value())
    return ResidentToken(resident_id=rid, token=token, expires_in=TOKEN_TTL_S, region_code=region)


@router.get(
    "/residents/me",
    response_model=ResidentMe,
    summary="我的学习情况与金融素养分数 (my learning and literacy score)",
    responses=PUBLIC_ERRORS,
)
def residents_me(resident: ResidentDep, store: StoreDep) -> ResidentMe:
    """居民本人：脱敏手机号、学习与答题次数、金融素养分数及其构成（即时重算）。"""
    return service.resident_me(store, resident)


@router.get(
    "/contents", response_model=ContentPage, summary="宣教内容列表 (education content)", responses=PUBLIC_ERRORS
)
def contents_list(
    store: StoreDep,
    resident: MaybeResident,
    kind: Annotated[ContentKind | None, Query(description="law 法规政策 / case 典型案例 / tip 防骗提示")] = None,
    tag: TagQuery = None,
    q: Text = None,
    region: Annotated[RegionCode | None, Query(description="无令牌时按该区划列出 (region, without a token)")] = None,
    offset: Offset = 0,
    limit: Limit = 20,
) -> ContentPage:
    """已发布的宣教内容：全国通用的，及面向居民所在区划（带令牌时）或 region 所指区划的，最新在前。"""
    where = str(resident["region_code"]) if resident else region
    return service.list_contents(store, region=where, kind=kind, tag=tag, text=q, offset=offset, limit=limit)


@router.get(
    "/contents/{content_id}",
    response_model=ContentPublic,
    summary="阅读宣教内容 (read one content)",
    responses=PUBLIC_ERRORS,
)
def contents_get(content_id: str, store: StoreDep, resident: MaybeResident) -> ContentPublic:
    """一篇已发布内容的全文。带居民令牌时只能读面向本人区划的内容；记录学习请调用 .../read。"""
    region = str(resident["region_code"]) if resident else None
    return service.get_content(store, content_id, region=region)


@router.post(
    "/contents/{content_id}/read",
    response_model=ReadResult,
    status_code=201,
    summary="记录一次学习 (record a reading)",
    responses=PUBLIC_ERRORS,
)
def contents_read(content_id: str, body: ReadIn, resident: ResidentDep, store: StoreDep) -> ReadResult:
    """居民读完一篇内容后调用：记录学习（时长 ≥10 秒计为有效阅读），返回更新后的金融素养分数。"""
    return service.record_reading(store, resident=resident, content_id=content_id, seconds=body.seconds)


@router.get("/quizzes", response_model=QuizPage, summary="测验列表 (quizzes)", responses=PUBLIC_ERRORS)
def quizzes_list(
    store: StoreDep,
    resident: MaybeResident,
    tag: TagQuery = None,
    q: Text = None,
    region: Annotated[RegionCode | None, Query(description="无令牌时按该区划列出 (region, without a token)")] = None,
    offset: Offset = 0,
    limit: Limit = 20,
) -> QuizPage:
    """已发布的测验（全国通用及面向所在区划的）。"""
    where = str(resident["region_code"]) if resident else region
    return service.list_quizzes(store, region=where, tag=tag, text=q, offset=offset, limit=limit)


@router.get(
    "/quizzes/{quiz_id}",
    response_model=QuizPublic,
    summary="测验题目（不含答案）(a quiz, without answers)",
    responses=PUBLIC_ERRORS,
)
def quizzes_get(quiz_id: str, store: StoreDep, resident: MaybeResident) -> QuizPublic:
    """题目与选项；正确答案与解析只在提交后返回。"""
    region = str(resident["region_code"]) if resident else None
    return service.get_quiz(store, quiz_id, region=region)


@router.post(
    "/quizzes/{quiz_id}/attempts",
    response_model=QuizResult,
    status_code=201,
    summary="提交测验答案 (submit a quiz)",
    responses=PUBLIC_ERRORS,
)
def quizzes_attempt(quiz_id: str, body: QuizSubmit, resident: ResidentDep, store: StoreDep) -> QuizResult:
    """服务端判分并记录，返回每题对错、正确答案与解析，以及更新后的金融素养分数。"""
    return service.submit_quiz(store, resident=resident, quiz_id=quiz_id, answers=body.answers)


# -- staff: content and quizzes -----------------------------------------------------------------------------------------
@router.post(
    "/contents",
    response_model=ContentPublic,
    status_code=201,
    summary="发布宣教内容 (create content)",
    responses={**STAFF_ERRORS, **CONFLICT},
)
def contents_create(principal: Writer, store: StoreDep, audit: AuditDep, body: ContentCreate) -> ContentPublic:
    """在本辖区内发布内容（全国通用内容仅限全国用户）。"""
    out = service.create_content(store, viewer=principal.viewer, username=principal.user.username, data=body)
    principal.audit(audit, "education.content.create", out.content_id, {"region_code": out.region_code})
    return out


@router.patch(
    "/contents/{content_id}",
    response_model=ContentPublic,
    summary="修改或撤回宣教内容 (update content)",
    responses=STAFF_ERRORS,
)
def contents_update(
    content_id: str, principal: Writer, store: StoreDep, audit: AuditDep, body: ContentUpdate
) -> ContentPublic:
    """修改本辖区内的内容；status=withdrawn 撤回（居民不再可见）。"""
    out = service.update_content(
        store, viewer=principal.viewer, username=principal.user.username, content_id=content_id, patch=body
    )
    principal.audit(audit, "education.content.update", content_id, {"fields": sorted(body.model_fields_set)})
    return out


@router.get(
    "/manage/contents",
    response_model=ContentStaffPage,
    summary="本辖区维护的宣教内容（含已撤回）(content I manage)",
    responses=STAFF_ERRORS,
)
def contents_managed(
    principal: Writer,
    store: StoreDep,
    kind: Annotated[ContentKind | None, Query(description="类别 (kind)")] = None,
    tag: TagQuery = None,
    q: Text = None,
    status: Annotated[Status | None, Query(description="状态 (status)")] = None,
    offset: Offset = 0,
    limit: Limit = 20,
) -> ContentStaffPage:
    """投放区划在本辖区内的全部内容（全国用户含全国通用内容），含已撤回的。"""
    return service.managed_contents(
        store, viewer=principal.viewer, kind=kind, tag=tag, text=q, status=status, offset=offset, limit=limit
    )


@router.post(
    "/quizzes",
    response_model=QuizStaff,
    status_code=201,
    summary="发布测验 (create a quiz)",
    responses={**STAFF_ERRORS, **CONFLICT},
)
def quizzes_create(principal: Writer, store: StoreDep, audit: AuditDep, body: QuizCreate) -> QuizStaff:
    """在本辖区内发布测验（题目、选项、正确答案与解析）。"""
    out = service.create_quiz(store, viewer=principal.viewer, username=principal.user.username, data=body)
    principal.audit(audit, "education.quiz.create", out.quiz_id, {"region_code": out.region_code})
    return out


@router.patch(
    "/quizzes/{quiz_id}", response_model=QuizStaff, summary="修改或撤回测验 (update a quiz)", responses=STAFF_ERRORS
)
def quizzes_update(quiz_id: str, principal: Writer, store: StoreDep, audit: AuditDep, body: QuizUpdate) -> QuizStaff:
    """修改本辖区内的测验；给出 questions 时整体替换题目。"""
    out = service.update_quiz(
        store, viewer=principal.viewer, username=principal.user.username, quiz_id=quiz_id, patch=body
    )
    principal.audit(audit, "education.quiz.update", quiz_id, {"fields": sorted(body.model_fields_set)})
    return out


@router.get(
    "/manage/quizzes/{quiz_id}",
    response_model=QuizStaff,
    summary="测验（含答案）(a quiz with its answers)",
    responses=STAFF_ERRORS,
)
def quizzes_staff(quiz_id: str, principal: Writer, store: StoreDep) -> QuizStaff:
    """本辖区内测验的题目、正确答案与解析，供维护。"""
    return service.quiz_staff(store, viewer=principal.viewer, quiz_id=quiz_id)


# -- staff: the activity ledger -----------------------------------------------------------------------------------------
@router.post(
    "/activities",
    response_model=ActivityPublic,
    status_code=201,
    summary="登记宣教活动 (record an outreach activity)",
    responses=STAFF_ERRORS,
)
def activities_create(principal: Writer, store: StoreDep, audit: AuditDep, body: ActivityCreate) -> ActivityPublic:
    """登记一场进社区/进农村/进校园/进单位活动：地点、时间、受众人数、影像材料 SHA-256。台账只增不改。"""
    out = service.record_activity(store, viewer=principal.viewer, username=principal.user.username, data=body)
    principal.audit(audit, "education.activity.create", out.activity_id, {"region_code": out.region_code})
    return out


ActivityFilters = Annotated[ActivityFilter, Query()]


@router.get(
    "/activities", response_model=ActivityPage, summary="宣教活动台账 (the activity ledger)", responses=STAFF_ERRORS
)
def activities_list(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    filters: ActivityFilters,
    limit: Annotated[int, Query(ge=1, le=500, description="每页条数 (page size)")] = 50,
    cursor: Annotated[str | None, Query(max_length=2000, description="上一页返回的游标 (cursor)")] = None,
) -> ActivityPage:
    """本辖区的活动台账，按活动时间倒序，游标分页。"""
    page = service.list_activities(store, viewer=principal.viewer, f=filters, limit=limit, cursor=cursor)
    principal.audit(audit, "education.activities.read", "", _params(filters, page=bool(cursor)))
    return page


@router.get(
    "/activities/export",
    summary="导出宣教活动台账 XLSX (export the ledger)",
    responses={
        **STAFF_ERRORS,
        200: {
            "description": "XLSX 文件，中文表头",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
def activities_export(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    filters: ActivityFilters,
    max_rows: Annotated[int, Query(ge=1, le=service.MAX_EXPORT_ROWS, description="最多行数 (row cap)")] = (
        service.MAX_EXPORT_ROWS
    ),
) -> Response:
    """与台账相同的筛选条件，导出为 XLSX（中文表头，另有「导出说明」页）。"""
    rows = service.export_activities(store, viewer=principal.viewer, f=filters, max_rows=max_rows)
    principal.audit(audit, "education.activities.export", "", _params(filters, rows=len(rows)))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Response(
        _ledger_xlsx(rows, filters, principal),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="smokeindex-education-activities-{stamp}.xlsx"'},
    )


@router.get(
    "/activities/{activity_id}",
    response_model=ActivityPublic,
    summary="一条宣教活动 (one activity)",
    responses=STAFF_ERRORS,
)
def activities_get(activity_id: str, principal: Reader, store: StoreDep) -> ActivityPublic:
    """台账中的一条活动；辖区外返回 404。"""
    return service.get_activity(store, viewer=principal.viewer, activity_id=activity_id)


# -- staff: residents, statistics, targeting ----------------------------------------------------------------------------
@router.get(
    "/residents",
    response_model=ResidentPage,
    summary="本辖区注册居民 (registered residents)",
    responses=STAFF_ERRORS,
)
def residents_list(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    region: Annotated[RegionCode | None, Query(description="区划，含下级 (region)")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> ResidentPage:
    """本辖区注册居民及其金融素养分数；手机号除公安与管理员外脱敏。"""
    page = service.list_residents(store, viewer=principal.viewer, region=region, offset=offset, limit=limit)
    principal.audit(audit, "education.residents.read", region or "", {"offset": offset, "limit": limit})
    return page


@router.get(
    "/stats", response_model=EducationStats, summary="宣教统计 (education statistics by region)", responses=STAFF_ERRORS
)
def education_stats(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    region: Annotated[RegionCode | None, Query(description="区划，默认整个辖区 (region)")] = None,
    since: Annotated[date | None, Query(description="起始日期 (from)")] = None,
    until: Annotated[date | None, Query(description="截止日期（含）(to, inclusive)")] = None,
) -> EducationStats:
    """按下一级区划统计：注册与活跃居民、阅读、测验、金融素养分数分布、活动场次与受众、活动覆盖率。"""
    out = stats.education_stats(store, viewer=principal.viewer, region=region, since=since, until=until)
    principal.audit(audit, "education.stats", region or "", {"since": str(since), "until": str(until)})
    return out


@router.get(
    "/targeting",
    response_model=Targeting,
    summary="宣教靶向：预警集中的区县优先 (where to educate first)",
    responses=STAFF_ERRORS,
)
def education_targeting(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    region: Annotated[RegionCode | None, Query(description="区划，默认整个辖区 (region)")] = None,
    run_id: Annotated[str | None, Query(max_length=100, description="评分运行号，默认最近一次")] = None,
    days: Annotated[int, Query(ge=1, le=3650, description="统计宣教触达的天数 (window)")] = 365,
    top: Annotated[int, Query(ge=1, le=100, description="建议优先的区县数 (how many to suggest)")] = 5,
) -> Targeting:
    """按最近一次评分的预警（红、橙权重更高）与近期宣教触达排序各区县，预警集中而宣教不足的建议优先，附中文说明。"""
    out = stats.targeting(store, viewer=principal.viewer, region=region, run_id=run_id, days=days, top=top)
    principal.audit(audit, "education.targeting", region or "", {"run_id": out.run_id, "days": days})
    return out


def _params(filters: ActivityFilter, **extra: Any) -> dict[str, Any]:
    return {**filters.model_dump(mode="json", exclude_defaults=True), **extra}


LEDGER_HEADERS = [
    "活动编号", "活动类型", "活动主题", "活动地点", "区划代码", "活动时间", "受众人数", "宣讲内容", "影像材料（SHA-256）",
    "备注", "登记人", "登记时间",
]  # fmt: skip


def _text(sheet: WriteOnlyWorksheet, value: str | None) -> WriteOnlyCell | None:
    """A cell that is always text: openpyxl would store user text starting with ``=`` as a formula."""
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _ledger_xlsx(rows: list[ActivityPublic], filters: ActivityFilter, principal: Principal) -> bytes:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("宣教活动台账")
    sheet.freeze_panes = "A2"
    sheet.append(LEDGER_HEADERS)
    for a in rows:
        sheet.append(
            [
                _text(sheet, a.activity_id),
                a.kind,
                _text(sheet, a.title),
                _text(sheet, a.place),
                a.region_code,
                a.held_at,
                a.audience,
                "、".join(a.content_ids),
                "\n".join(a.media_sha256),
                _text(sheet, a.notes),
                a.recorded_by,
                a.recorded_at,
            ]  # fmt: skip
        )
    about = wb.create_sheet("导出说明")
    about.append(["项目", "内容"])
    about.append(["导出时间（UTC）", datetime.now(UTC).isoformat(timespec="seconds")])
    about.append(["导出人", principal.user.username])
    about.append(["辖区", principal.user.region_code or "全国"])
    about.append(["记录数", len(rows)])
    about.append(["受众合计", sum(a.audience for a in rows)])
    for k, v in filters.model_dump(mode="json", exclude_defaults=True).items():
        about.append([f"筛选条件 {k}", str(v)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
