"""HTTP routes of complaints (``/complaints``) and rewards (``/rewards``); the lead mounts ``router`` under ``/api/v1``.

Public routes (no account; for a mobile web page or a mini-program) are rate-limited per client IP and per reporter
contact, in memory (``throttle``). Staff routes authenticate with ``Allowed(action)``, see only their jurisdiction
(outside it: 404), are audited, and page with cursors. The reporter's identity is shown only to roles with
``complaints.reporter`` (police, admin); everyone else sees it masked.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.api.policy import PERMISSIONS
from smokeindex.complaints import rewards as reward_service
from smokeindex.complaints import service
from smokeindex.complaints.files import IMAGES, MEDIA_ZH, FileStore
from smokeindex.complaints.leads import LeadJob, LeadRaiser
from smokeindex.complaints.ledger import XLSX_MEDIA, rewards_xlsx
from smokeindex.complaints.linking import EnterpriseLinker
from smokeindex.complaints.models import (
    CHANNEL_OPTIONS,
    FIELD_ZH,
    KIND_ZH,
    AttachmentPublic,
    ComplaintCreate,
    ComplaintDetail,
    ComplaintFilter,
    ComplaintLink,
    ComplaintPage,
    ComplaintReceipt,
    ComplaintStatusPublic,
    ComplaintTransition,
    RewardCreate,
    RewardFilter,
    RewardPage,
    RewardPublic,
    RewardStep,
    parse_complaint,
)
from smokeindex.complaints.throttle import PublicGuard, PublicLimits
from smokeindex.security.audit import AuditLog

router = APIRouter()
PUBLIC_TAGS: list[str | Any] = ["complaints-public 公众举报"]
STAFF_TAGS: list[str | Any] = ["complaints 投诉举报"]
REWARD_TAGS: list[str | Any] = ["rewards 举报奖励"]
ATTACHMENT_TYPES = sorted(IMAGES | {"application/pdf", "video/mp4", "audio/mpeg"})
MAX_EXPORT_ROWS = 100_000

PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "查询码不存在 (unknown receipt code)"},
    409: {"description": "重复提交、附件已达上限或举报已办结 (conflict)"},
    413: {"description": "附件或请求体过大 (too large)"},
    422: {"description": "填写有误：errors 逐项给出字段与中文说明 (invalid fields)"},
    429: {"description": "提交或查询过于频繁，Retry-After 为等待秒数 (rate limited)"},
}
STAFF_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "翻页游标与查询不符 (bad cursor)"},
    401: {"description": "未认证 (not authenticated)"},
    403: {"description": "角色无权或区划不在辖区内 (forbidden)"},
    404: {"description": "不存在或不在您的辖区内 (not found)"},
    409: {"description": "当前状态不允许这一步，附理由 (illegal step)"},
    422: {"description": "参数不合法 (invalid request)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}

Reader = Annotated[Principal, Depends(Allowed("complaints.read"))]
Handler = Annotated[Principal, Depends(Allowed("leads.write"))]
Uploader = Annotated[Principal, Depends(Allowed("evidence_files.write"))]
RewardReader = Annotated[Principal, Depends(Allowed("rewards.read"))]
RewardWriter = Annotated[Principal, Depends(Allowed("rewards.write"))]
ReceiptCode = Annotated[str, Path(min_length=12, max_length=20, description="查询码，如 ABCD-EFGH-JKMN")]
ComplaintId = Annotated[str, Path(min_length=1, max_length=40, description="举报编号")]
RewardId = Annotated[str, Path(min_length=1, max_length=60, description="奖励编号")]
Limit = Annotated[int, Query(ge=1, le=200, description="每页条数 (page size)")]
Cursor = Annotated[str | None, Query(max_length=2000, description="上一页返回的游标 (cursor)")]


# -- per-app runtime: limits, buckets, the name resolver, the file store ----------------------------------------------
@dataclass
class Runtime:
    limits: PublicLimits
    guard: PublicGuard
    linker: EnterpriseLinker
    files: FileStore
    leads: LeadRaiser | None  # None: leads are raised inside the request

    def defer_lead(self, complaint_id: str) -> None:
        assert self.leads is not None
        self.leads.enqueue(LeadJob(complaint_id))


_RUNTIME_LOCK = threading.Lock()


def get_runtime(request: Request) -> Runtime:
    """The complaints runtime of this app, made on first use. Limits come from ``app.state.complaint_limits`` when
    the app sets one (a ``PublicLimits``), else the defaults; ``app.state.complaint_leads_async = False`` raises
    leads inside the submitting request instead of in the background (see ``leads``)."""
    state = request.app.state
    runtime: Runtime | None = getattr(state, "complaints_runtime", None)
    if runtime is None:
        with _RUNTIME_LOCK:
            runtime = getattr(state, "complaints_runtime", None)
            if runtime is None:
                limits = getattr(state, "complaint_limits", None) or PublicLimits()
                files = FileStore(
                    state.settings.data_dir.resolve() / "complaint-files",
                    max_bytes=limits.max_attachment_bytes,
                    allowed=ATTACHMENT_TYPES,
                    what="证据附件",
                )
                leads = LeadRaiser(state.store) if getattr(state, "complaint_leads_async", True) else None
                runtime = Runtime(limits, PublicGuard(limits), EnterpriseLinker(state.store), files, leads)
                state.complaints_runtime = runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _public_audit(audit: AuditLog, action: str, target: str, params: dict[str, Any], ip: str) -> None:
    audit.append(user="public", role="public", action=action, target=target, params=params, ip=ip)


# -- public -----------------------------------------------------------------------------------------------------------
class FormField(BaseModel):
    name: str
    label: str
    required: bool
    description: str | None = None


class ComplaintForm(BaseModel):
    """What a form needs: the fields, the kinds, suggested 宣传方式, and the attachment limits."""

    fields: list[FormField]
    kinds: dict[str, str]
    channel_options: list[str]
    max_attachments: int
    max_attachment_bytes: int
    attachment_types: dict[str, str]
    notice: str


def _form_fields() -> list[FormField]:
    schema = ComplaintCreate.model_json_schema()
    required = set(schema.get("required", []))
    return [
        FormField(
            name=name, label=FIELD_ZH.get(name, name), required=name in required, description=spec.get("description")
        )
        for name, spec in schema["properties"].items()
    ]


FORM_FIELDS = _form_fields()


@router.get(
    "/complaints/public/form",
    response_model=ComplaintForm,
    tags=PUBLIC_TAGS,
    summary="举报模板说明 (the complaint template)",
    responses={429: PUBLIC_ERRORS[429]},
)
def complaint_form(request: Request, runtime: RuntimeDep) -> ComplaintForm:
    """标准举报模板的字段、举报类型、宣传方式选项与附件限制，供手机网页或小程序生成表单。"""
    runtime.guard.requests.take(client_ip(request))
    return ComplaintForm(
        fields=FORM_FIELDS,
        kinds=KIND_ZH,
        channel_options=list(CHANNEL_OPTIONS),
        max_attachments=runtime.limits.max_attachments,
        max_attachment_bytes=runtime.limits.max_attachment_bytes,
        attachment_types={t: MEDIA_ZH[t] for t in ATTACHMENT_TYPES},
        notice="请如实举报。捏造事实诬告陷害他人的，依法承担法律责任。联系方式仅办案人员可见，依法为举报人保密。",
    )


@router.post(
    "/complaints/public",
    status_code=201,
    response_model=ComplaintReceipt,
    tags=PUBLIC_TAGS,
    summary="提交举报（无需登录）(submit a complaint, no account)",
    responses=PUBLIC_ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ComplaintCreate.model_json_schema()}},
        }
    },
)
def submit_complaint(
    request: Request,
    payload: Annotated[Any, Body(description="标准举报模板 (see ComplaintCreate)")],
    store: StoreDep,
    audit: AuditDep,
    runtime: RuntimeDep,
) -> ComplaintReceipt:
    """按标准模板提交举报：被举报主体、类型、涉及金额、涉及人数、宣传方式、承诺收益、发生地区、联系方式（选填）。
    返回查询码，凭它查询进度、补充证据附件。同一 IP 与同一联系方式有提交频率限制。关联到登记企业的举报随后在后台
    登记为线索（或并入该企业的线索）。"""
    ip = client_ip(request)
    runtime.guard.requests.take(ip)
    data = parse_complaint(payload)
    runtime.guard.submissions.take(ip)
    if data.contact:
        runtime.guard.contacts.take(data.contact)
    done = service.submit_complaint(
        store,
        data=data,
        linker=runtime.linker,
        limits=runtime.limits,
        allowed_types=ATTACHMENT_TYPES,
        client=ip,
        defer_lead=runtime.defer_lead if runtime.leads is not None else None,
    )
    _public_audit(
        audit,
        "complaints.submit",
        done.complaint_id,
        {
            "kind": data.kind,
            "region_code": data.region_code,
            "linked": done.link.uscc,
            "link_method": done.link.method,
            "lead_id": done.lead_id or ("queued" if done.link.uscc else None),
            "anonymous": data.contact is None,
        },
        ip,
    )
    return done.receipt


@router.get(
    "/complaints/public/{receipt_code}",
    response_model=ComplaintStatusPublic,
    tags=PUBLIC_TAGS,
    summary="凭查询码查询办理进度 (progress by receipt code)",
    responses=PUBLIC_ERRORS,
)
def complaint_progress(
    request: Request, receipt_code: ReceiptCode, store: StoreDep, runtime: RuntimeDep
) -> ComplaintStatusPublic:
    """只显示办理状态与对外公开的进展说明，不含办理人员、内部意见与关联企业。"""
    ip = client_ip(request)
    runtime.guard.requests.take(ip)
    runtime.guard.lookups.take(ip)
    return service.complaint_status(store, receipt_code=receipt_code)


@router.post(
    "/complaints/public/{receipt_code}/attachments",
    status_code=201,
    response_model=AttachmentPublic,
    tags=PUBLIC_TAGS,
    summary="凭查询码补充证据附件 (add evidence by receipt code)",
    responses=PUBLIC_ERRORS,
)
def public_attachment(
    request: Request,
    receipt_code: ReceiptCode,
    file: Annotated[UploadFile, File(description="一个文件：图片、PDF、MP4 或 MP3，按文件内容判断类型")],
    store: StoreDep,
    audit: AuditDep,
    runtime: RuntimeDep,
) -> AttachmentPublic:
    """一次上传一个文件（小程序 wx.uploadFile 亦可）。每件举报的附件数、单个文件大小与类型有限制。"""
    ip = client_ip(request)
    runtime.guard.requests.take(ip)
    runtime.guard.uploads.take(ip)
    added = service.add_public_attachment(
        store, receipt_code=receipt_code, files=runtime.files, stream=file.file, limits=runtime.limits
    )
    _public_audit(audit, "complaints.attach", added.sha256, {"media_type": added.media_type, "size": added.size}, ip)
    return added


# -- staff: complaints ------------------------------------------------------------------------------------------------
def reporter_visible(principal: Principal) -> bool:
    return principal.user.role in PERMISSIONS["complaints.reporter"]


@router.get(
    "/complaints",
    response_model=ComplaintPage,
    tags=STAFF_TAGS,
    summary="举报列表 (complaints)",
    responses=STAFF_ERRORS,
)
def complaints_list(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    filters: Annotated[ComplaintFilter, Query()],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ComplaintPage:
    """辖区内的公众举报，新的在前，可按状态、类型、区划、关联企业、名称与日期筛选；举报人身份仅公安经侦与管理员明文可见。"""
    visible = reporter_visible(principal)
    page = service.list_complaints(
        store, viewer=principal.viewer, filters=filters, reporter_visible=visible, limit=limit, cursor=cursor
    )
    params = {**filters.model_dump(mode="json", exclude_defaults=True), "limit": limit, "page": bool(cursor)}
    principal.audit(audit, "complaints.read", "", {**params, "reporter_visible": visible})
    return page


@router.get(
    "/complaints/{complaint_id}",
    response_model=ComplaintDetail,
    tags=STAFF_TAGS,
    summary="举报详情 (complaint detail)",
    responses=STAFF_ERRORS,
)
def complaint_detail(principal: Reader, store: StoreDep, audit: AuditDep, complaint_id: ComplaintId) -> ComplaintDetail:
    """举报全文、公开进展、内部办理记录、附件与奖励；举报人身份仅公安经侦与管理员明文可见（每次查看均记入审计）。"""
    visible = reporter_visible(principal)
    detail = service.get_complaint(store, viewer=principal.viewer, complaint_id=complaint_id, reporter_visible=visible)
    principal.audit(audit, "complaints.read", complaint_id, {})
    if visible and (detail.reporter_name or detail.contact_phone or detail.contact_email):
        principal.audit(audit, "complaints.reporter", complaint_id, {})
    return detail


@router.post(
    "/complaints/{complaint_id}/status",
    response_model=ComplaintDetail,
    tags=STAFF_TAGS,
    summary="办理举报：受理、核查、办结、不予受理 (handle a complaint)",
    responses=STAFF_ERRORS,
)
def complaint_step(
    principal: Handler, store: StoreDep, audit: AuditDep, complaint_id: ComplaintId, step: ComplaintTransition
) -> ComplaintDetail:
    """已提交 → 已受理 → 核查中 → 已办结，或 已提交 → 不予受理；不允许的一步返回 409 并说明理由。
    受理后举报计入该企业的投诉举报风险。public_note 对举报人公开，note 仅内部可见。"""
    try:
        service.transition_complaint(
            store, viewer=principal.viewer, complaint_id=complaint_id, step=step, actor=principal.user.username
        )
    except Exception:
        principal.audit(audit, "complaints.handle", complaint_id, {"to": step.to}, outcome="refused")
        raise
    principal.audit(audit, "complaints.handle", complaint_id, {"to": step.to})
    return service.get_complaint(
        store, viewer=principal.viewer, complaint_id=complaint_id, reporter_visible=reporter_visible(principal)
    )


@router.post(
    "/complaints/{complaint_id}/link",
    response_model=ComplaintDetail,
    tags=STAFF_TAGS,
    summary="人工关联被举报企业 (link to an enterprise by hand)",
    responses=STAFF_ERRORS,
)
def complaint_link(
    principal: Handler, store: StoreDep, audit: AuditDep, complaint_id: ComplaintId, body: ComplaintLink
) -> ComplaintDetail:
    """实体解析未能确定（或难以区分）被举报企业时，由工作人员指定企业；随即登记或并入该企业的线索。"""
    try:
        lead_id = service.link_complaint(
            store, viewer=principal.viewer, complaint_id=complaint_id, uscc=body.uscc, actor=principal.user.username
        )
    except Exception:
        principal.audit(audit, "complaints.link", complaint_id, {"uscc": body.uscc}, outcome="refused")
        raise
    principal.audit(audit, "complaints.link", complaint_id, {"uscc": body.uscc, "lead_id": lead_id})
    return service.get_complaint(
        store, viewer=principal.viewer, complaint_id=complaint_id, reporter_visible=reporter_visible(principal)
    )


@router.get(
    "/complaints/{complaint_id}/attachments/{sha256}",
    tags=STAFF_TAGS,
    summary="下载举报附件 (download an attachment)",
    responses={
        **STAFF_ERRORS,
        200: {
            "description": "附件原文件",
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
def complaint_attachment(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    runtime: RuntimeDep,
    complaint_id: ComplaintId,
    sha256: Annotated[str, Path(min_length=64, max_length=64, pattern="^[0-9a-f]{64}$")],
) -> Response:
    """附件按 SHA-256 内容寻址存放，下载内容可重新计算哈希核对。"""
    data, media = service.complaint_file(
        store, viewer=principal.viewer, complaint_id=complaint_id, sha256=sha256, files=runtime.files
    )
    principal.audit(audit, "complaints.attachment", complaint_id, {"sha256": sha256})
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{sha256[:16]}"'})


@router.post(
    "/complaints/{complaint_id}/attachments",
    status_code=201,
    response_model=AttachmentPublic,
    tags=STAFF_TAGS,
    summary="工作人员补充举报证据 (staff add evidence)",
    responses=STAFF_ERRORS,
)
def complaint_staff_attachment(
    principal: Uploader,
    store: StoreDep,
    audit: AuditDep,
    runtime: RuntimeDep,
    complaint_id: ComplaintId,
    file: Annotated[UploadFile, File(description="一个文件：图片、PDF、MP4 或 MP3")],
) -> AttachmentPublic:
    """如举报人当面递交的材料；与公众上传同样的数量、大小与类型限制（不受 7 天期限限制）。"""
    added = service.staff_attachment(
        store,
        viewer=principal.viewer,
        complaint_id=complaint_id,
        files=runtime.files,
        stream=file.file,
        limits=runtime.limits,
        actor=principal.user.username,
    )
    principal.audit(audit, "complaints.attach", complaint_id, {"sha256": added.sha256, "size": added.size})
    return added


# -- staff: rewards ---------------------------------------------------------------------------------------------------
@router.get(
    "/rewards",
    response_model=RewardPage,
    tags=REWARD_TAGS,
    summary="举报奖励台账 (reward ledger)",
    responses=STAFF_ERRORS,
)
def rewards_list(
    principal: RewardReader,
    store: StoreDep,
    audit: AuditDep,
    filters: Annotated[RewardFilter, Query()],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> RewardPage:
    """辖区内的举报奖励，新的在前，附本筛选条件下的批准与发放金额合计。"""
    page = reward_service.list_rewards(store, viewer=principal.viewer, filters=filters, limit=limit, cursor=cursor)
    principal.audit(
        audit, "rewards.read", "", {**filters.model_dump(mode="json", exclude_defaults=True), "limit": limit}
    )
    return page


@router.get(
    "/rewards/export",
    tags=REWARD_TAGS,
    summary="导出举报奖励台账 XLSX (export the ledger)",
    responses={
        **STAFF_ERRORS,
        200: {
            "description": "XLSX 文件（中文表头）",
            "content": {XLSX_MEDIA: {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
def rewards_export(
    principal: RewardReader,
    store: StoreDep,
    audit: AuditDep,
    filters: Annotated[RewardFilter, Query()],
    max_rows: Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS, description="最多行数 (row cap)")] = MAX_EXPORT_ROWS,
) -> Response:
    """与台账相同的筛选条件导出全部记录：金额、办理人与时间，末行为合计。"""
    rows = reward_service.export_rewards(store, viewer=principal.viewer, filters=filters, max_rows=max_rows)
    params = filters.model_dump(mode="json", exclude_defaults=True)
    principal.audit(audit, "rewards.export", "", {**params, "rows": len(rows)})
    about = [
        ("导出人", principal.user.username),
        ("辖区", principal.user.region_code or "全国"),
        *((f"筛选条件 {k}", v) for k, v in params.items()),
    ]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Response(
        rewards_xlsx(rows, about),
        media_type=XLSX_MEDIA,
        headers={"Content-Disposition": f'attachment; filename="smokeindex-rewards-{stamp}.xlsx"'},
    )


@router.post(
    "/rewards",
    status_code=201,
    response_model=RewardPublic,
    tags=REWARD_TAGS,
    summary="登记奖励申请 (open a reward)",
    responses=STAFF_ERRORS,
)
def reward_create(principal: RewardWriter, store: StoreDep, audit: AuditDep, request: RewardCreate) -> RewardPublic:
    """为已受理的举报登记奖励申请（每件举报同时只能有一笔未结的奖励）。"""
    try:
        reward = reward_service.create_reward(
            store, viewer=principal.viewer, request=request, actor=principal.user.username
        )
    except Exception:
        principal.audit(audit, "rewards.write", request.complaint_id, {"action": "submit"}, outcome="refused")
        raise
    principal.audit(audit, "rewards.write", reward.reward_id, {"action": "submit", "amount": request.proposed_amount})
    return reward


@router.get(
    "/rewards/{reward_id}",
    response_model=RewardPublic,
    tags=REWARD_TAGS,
    summary="奖励详情 (reward)",
    responses=STAFF_ERRORS,
)
def reward_detail(principal: RewardReader, store: StoreDep, audit: AuditDep, reward_id: RewardId) -> RewardPublic:
    """奖励的金额、每一步的办理人与时间及办理记录。"""
    reward = reward_service.get_reward(store, viewer=principal.viewer, reward_id=reward_id)
    principal.audit(audit, "rewards.read", reward_id, {})
    return reward


StepName = Literal["verify", "approve", "pay", "reject"]


@router.post(
    "/rewards/{reward_id}/{action}",
    response_model=RewardPublic,
    tags=REWARD_TAGS,
    summary="奖励办理：核实、批准、发放、不予奖励 (a reward step)",
    responses=STAFF_ERRORS,
)
def reward_step(
    principal: RewardWriter,
    store: StoreDep,
    audit: AuditDep,
    reward_id: RewardId,
    action: Annotated[StepName, Path(description="verify 核实 / approve 批准 / pay 发放 / reject 不予奖励")],
    step: Annotated[RewardStep | None, Body()] = None,
) -> RewardPublic:
    """已申请 → 已核实 → 已批准（须填金额，审批人不能是核实人）→ 已发放（不超过批准金额）；发放前可不予奖励（须写理由）。
    不允许的一步返回 409 并说明理由。"""
    step = step or RewardStep()
    params = {"action": action, "amount": step.amount}
    try:
        reward = reward_service.step_reward(
            store, viewer=principal.viewer, reward_id=reward_id, action=action, step=step, actor=principal.user.username
        )
    except Exception:
        principal.audit(audit, "rewards.write", reward_id, params, outcome="refused")
        raise
    principal.audit(audit, "rewards.write", reward_id, params)
    return reward
