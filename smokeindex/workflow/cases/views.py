"""``/workflow/cases``: case files, read and exported as a signed evidence package."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from smokeindex.api.deps import Allowed, AuditDep, Principal, SettingsDep, StoreDep
from smokeindex.workflow.cases import flows, service
from smokeindex.workflow.cases.models import CaseFilePublic, CasePublic, CaseStatus
from smokeindex.workflow.common import Page
from smokeindex.workflow.viewkit import ERRORS, Limit, Offset, audited

router = APIRouter(prefix="/cases", tags=["cases 案件档案"])
Reader = Annotated[Principal, Depends(Allowed("cases.read"))]
Exporter = Annotated[Principal, Depends(Allowed("cases.export"))]
CaseId = Annotated[str, Path(min_length=1, max_length=64, description="案件编号")]
ZIP: dict[int | str, dict[str, object]] = {
    200: {
        "description": "证据包 zip",
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("", response_model=Page[CasePublic], summary="案件档案清单 (case files)", responses=ERRORS)
def list_cases(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    status: Annotated[CaseStatus | None, Query(description="open 办理中、closed 已办结、archived 已归档")] = None,
    subject_key: Annotated[str | None, Query(max_length=64, description="主体标识")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CasePublic]:
    """本辖区及下级的案件档案，最新在前。"""
    params = {"status": status, "subject_key": subject_key, "limit": limit, "offset": offset}
    with audited(principal, audit, "cases.read", "", params) as extra:
        page = service.list_cases(
            store, principal.viewer, status=status, subject_key=subject_key, limit=limit, offset=offset
        )
        extra["total"] = page.total
    return page


@router.get("/{case_id}", response_model=CaseFilePublic, summary="案件档案 (a case file)", responses=ERRORS)
def get_case(case_id: CaseId, principal: Reader, store: StoreDep, audit: AuditDep) -> CaseFilePublic:
    """线索及来源、任务及流转记录、证据文件、处置、黑名单与主体历次预警。"""
    with audited(principal, audit, "cases.read", case_id, {}):
        return flows.case_file(store, principal.viewer, case_id)


@router.post(
    "/{case_id}/export",
    summary="导出案件档案 (export a case file as an evidence package)",
    responses={**ERRORS, **ZIP},
)
def export_case(
    case_id: CaseId,
    principal: Exporter,
    store: StoreDep,
    settings: SettingsDep,
    audit: AuditDep,
) -> Response:
    """整个案件档案导出为一个带签名清单的证据包（与证据包导出同一格式，smokeindex evidence verify 可校验）；
    清单中列出每个证据文件的 SHA-256。"""
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with audited(principal, audit, "cases.export", case_id, {}) as extra:
        package, file = flows.export_case(
            store,
            principal.viewer,
            case_id=case_id,
            key=settings.evidence_key.get_secret_value().encode(),
            exporter={
                "username": principal.user.username,
                "role": str(principal.user.role),
                "region_code": principal.user.region_code,
                "masked": not principal.viewer.unmasked,
            },
            created_at=created,
        )
        extra.update(tasks=len(file.tasks), evidence_files=len(file.evidence_files), bytes=len(package))
    stamp = created.replace(":", "").replace("-", "")[:15]
    return Response(
        package,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="smokeindex-case-{case_id}-{stamp}.zip"'},
    )
