"""``/workflow/evidence-files``: upload evidence (证据固化), read it back, and check it is unchanged."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile
from fastapi.responses import Response

from smokeindex.api.deps import Allowed, AuditDep, Principal, SettingsDep, StoreDep
from smokeindex.errors import ValidationFailed
from smokeindex.graph import NodeRef
from smokeindex.workflow.evidence_files import service
from smokeindex.workflow.evidence_files.models import (
    MAX_BYTES,
    TARGET_LABELS,
    EvidenceCheckPublic,
    EvidenceFilePublic,
    EvidenceKind,
)
from smokeindex.workflow.viewkit import ERRORS, audited

router = APIRouter(prefix="/evidence-files", tags=["evidence files 证据固化"])
Uploader = Annotated[Principal, Depends(Allowed("evidence_files.write"))]
Reader = Annotated[Principal, Depends(Allowed("tasks.read"))]
EvidenceId = Annotated[str, Path(min_length=1, max_length=64, description="证据编号")]
UPLOAD_ERRORS = {**ERRORS, 413: {"description": f"文件超过 {MAX_BYTES // (1024 * 1024)} MiB (file too large)"}}


def parse_target(text: str) -> NodeRef:
    label, sep, key = text.partition(":")
    if not sep or label not in TARGET_LABELS or not key:
        raise ValidationFailed(
            "attach_to 须写作 Lead:<线索编号>、Task:<任务编号> 或 Disposition:<处置编号> (bad attach_to)",
            errors=[{"field": "attach_to", "problem": "expected Lead:<id>, Task:<id> or Disposition:<id>"}],
        )
    return NodeRef(label, key)


@router.post(
    "",
    response_model=EvidenceFilePublic,
    status_code=201,
    summary="上传证据 (upload evidence)",
    responses=UPLOAD_ERRORS,
)
def upload(
    principal: Uploader,
    store: StoreDep,
    settings: SettingsDep,
    audit: AuditDep,
    file: Annotated[UploadFile, File(description="照片、文件、截图或视频：JPEG、PNG、PDF、DOCX、MP4，至多 20 MiB")],
    attach_to: Annotated[str, Form(max_length=80, description="Lead:<编号>、Task:<编号> 或 Disposition:<编号>")],
    kind: Annotated[
        EvidenceKind | None, Form(description="photo 现场照片、document 书证、screenshot 截图、video 视频")
    ] = None,
    description: Annotated[str | None, Form(max_length=2000, description="说明")] = None,
) -> EvidenceFilePublic:
    """保存证据文件：按内容的 SHA-256 存储，记录大小、类型（按文件内容识别）、接收时间与上传人；之后可校验是否被改动。"""
    params = {"attach_to": attach_to, "kind": kind, "filename": file.filename}
    with audited(principal, audit, "evidence_files.write", attach_to, params) as extra:
        data = file.file.read(MAX_BYTES + 1)  # one byte over is enough to refuse
        record = service.upload(
            store,
            principal.viewer,
            data_dir=settings.data_dir,
            target=parse_target(attach_to),
            data=data,
            filename=file.filename,
            kind=kind,
            description=description,
        )
        extra.update(evidence_id=record.evidence_id, sha256=record.sha256, size_bytes=record.size_bytes)
    return record


@router.get("/{evidence_id}", response_model=EvidenceFilePublic, summary="证据记录 (evidence record)", responses=ERRORS)
def get_file(evidence_id: EvidenceId, principal: Reader, store: StoreDep, audit: AuditDep) -> EvidenceFilePublic:
    """证据文件的摘要、大小、类型、接收时间、上传人与所附对象。"""
    with audited(principal, audit, "evidence_files.read", evidence_id, {}):
        return service.visible_file(store, principal.viewer, evidence_id)


@router.get(
    "/{evidence_id}/content",
    summary="证据内容 (download the file)",
    responses={**ERRORS, 200: {"description": "文件内容；X-Evidence-Intact 表示内容是否与接收时一致"}},
)
def get_content(
    evidence_id: EvidenceId, principal: Reader, store: StoreDep, settings: SettingsDep, audit: AuditDep
) -> Response:
    """下载证据文件；响应头 X-Content-SHA256 为接收时记录的摘要，X-Evidence-Intact 为重新计算后是否一致。"""
    with audited(principal, audit, "evidence_files.content", evidence_id, {}) as extra:
        record = service.visible_file(store, principal.viewer, evidence_id)
        data = service.read_content(settings.data_dir, record)
        intact = service.sha256_of(data) == record.sha256
        extra["intact"] = intact
    name = quote(record.filename or record.evidence_id)
    return Response(
        data,
        media_type=record.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
            "X-Content-SHA256": record.sha256,
            "X-Evidence-Intact": "true" if intact else "false",
        },
    )


@router.get(
    "/{evidence_id}/verify", response_model=EvidenceCheckPublic, summary="校验证据 (verify evidence)", responses=ERRORS
)
def verify(
    evidence_id: EvidenceId, principal: Reader, store: StoreDep, settings: SettingsDep, audit: AuditDep
) -> EvidenceCheckPublic:
    """重新计算证据文件的 SHA-256 与大小，与接收时的记录比对：完整、已被改动或缺失。"""
    with audited(principal, audit, "evidence_files.verify", evidence_id, {}) as extra:
        report = service.verify(store, principal.viewer, data_dir=settings.data_dir, evidence_id=evidence_id)
        extra["status"] = report.status
    return report
