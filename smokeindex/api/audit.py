"""``/api/v1/audit``: the append-only audit log, for administrators: read entries and verify the hash chain."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from smokeindex.api.deps import Allowed, AuditDep, Principal
from smokeindex.security.audit import AuditEntry, AuditReport

router = APIRouter(prefix="/audit", tags=["audit 审计"])
Admin = Annotated[Principal, Depends(Allowed("audit.read"))]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "未认证"},
    403: {"description": "仅系统管理员 (admin only)"},
}


@router.get("", response_model=list[AuditEntry], summary="审计日志 (audit entries)", responses=ERRORS)
def audit_entries(
    principal: Admin,
    audit: AuditDep,
    after_seq: Annotated[int, Query(ge=0, description="从该序号之后开始 (entries after this seq)")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    user: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
) -> list[AuditEntry]:
    """按序号翻页读取审计日志，可按用户与操作筛选；读取本身也记入审计。"""
    entries = audit.read(limit=limit, after_seq=after_seq, user=user, action=action)
    principal.audit(audit, "audit.read", "", {"after_seq": after_seq, "limit": limit, "user": user, "action": action})
    return entries


@router.get("/verify", response_model=AuditReport, summary="校验审计日志 (verify the hash chain)", responses=ERRORS)
def audit_verify(principal: Admin, audit: AuditDep) -> AuditReport:
    """校验哈希链与链头签名：任何条目被改动或删除都会报告。"""
    report = audit.verify()
    principal.audit(audit, "audit.verify", "", {"ok": report.ok})
    return report
