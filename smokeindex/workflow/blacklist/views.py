"""``/workflow/blacklist``: the blacklist (黑名单库) within a jurisdiction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.api.parties import parse_ref
from smokeindex.query.profile import visible_party
from smokeindex.workflow.blacklist import service
from smokeindex.workflow.blacklist.models import BlacklistEntryCreate, BlacklistEntryPublic, BlacklistRevoke
from smokeindex.workflow.common import Page
from smokeindex.workflow.viewkit import ERRORS, Limit, Offset, audited

router = APIRouter(prefix="/blacklist", tags=["blacklist 黑名单库"])
Reader = Annotated[Principal, Depends(Allowed("blacklist.read"))]
Writer = Annotated[Principal, Depends(Allowed("blacklist.write"))]
EntryId = Annotated[str, Path(min_length=1, max_length=64, description="黑名单条目编号")]


@router.get("", response_model=Page[BlacklistEntryPublic], summary="黑名单 (blacklist entries)", responses=ERRORS)
def list_entries(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    subject_key: Annotated[str | None, Query(max_length=64, description="主体标识")] = None,
    active: Annotated[bool | None, Query(description="只看今天有效（true）或无效（false）的条目")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[BlacklistEntryPublic]:
    """本辖区及下级主体的黑名单条目，最新在前，带有效状态（有效、未生效、已过期、已撤销）。"""
    params = {"subject_key": subject_key, "active": active, "limit": limit, "offset": offset}
    with audited(principal, audit, "blacklist.read", "", params) as extra:
        page = service.list_entries(
            store, principal.viewer, subject_key=subject_key, active=active, limit=limit, offset=offset
        )
        extra["total"] = page.total
    return page


@router.post(
    "",
    response_model=BlacklistEntryPublic,
    status_code=201,
    summary="列入黑名单 (add an entry)",
    responses=ERRORS,
)
def add_entry(body: BlacklistEntryCreate, principal: Writer, store: StoreDep, audit: AuditDep) -> BlacklistEntryPublic:
    """把辖区内的企业或自然人列入黑名单，写明理由、决定机关与有效期。"""
    with audited(principal, audit, "blacklist.write", body.subject, body.model_dump(mode="json")) as extra:
        subject = parse_ref(body.subject, "subject")
        visible_party(store, principal.viewer, subject)
        entry = service.add_entry(
            store,
            subject=subject,
            reason=body.reason,
            authority=body.authority,
            actor=principal.user.username,
            valid_from=body.valid_from,
            valid_to=body.valid_to,
        )
        extra["entry_id"] = entry.entry_id
    return entry


@router.get("/{entry_id}", response_model=BlacklistEntryPublic, summary="黑名单条目 (an entry)", responses=ERRORS)
def get_entry(entry_id: EntryId, principal: Reader, store: StoreDep, audit: AuditDep) -> BlacklistEntryPublic:
    """一条黑名单条目。"""
    with audited(principal, audit, "blacklist.read", entry_id, {}):
        return service.visible_entry(store, principal.viewer, entry_id)


@router.post(
    "/{entry_id}/revoke", response_model=BlacklistEntryPublic, summary="撤销 (revoke an entry)", responses=ERRORS
)
def revoke_entry(
    entry_id: EntryId, body: BlacklistRevoke, principal: Writer, store: StoreDep, audit: AuditDep
) -> BlacklistEntryPublic:
    """撤销一条黑名单条目（保留记录，写明撤销人、时间与理由）。"""
    with audited(principal, audit, "blacklist.revoke", entry_id, body.model_dump(mode="json")):
        return service.revoke_entry(store, principal.viewer, entry_id=entry_id, reason=body.reason)
