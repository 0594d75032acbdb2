"""``/workflow/leads/{lead_id}/dispositions``: record and list what was done about a lead's subject."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.workflow.dispositions import service
from smokeindex.workflow.dispositions.models import DispositionCreate, DispositionPublic
from smokeindex.workflow.leads.service import visible_lead
from smokeindex.workflow.viewkit import ERRORS, audited

router = APIRouter(prefix="/leads/{lead_id}/dispositions", tags=["dispositions 处置"])
Reader = Annotated[Principal, Depends(Allowed("leads.read"))]
Writer = Annotated[Principal, Depends(Allowed("dispositions.write"))]
LeadId = Annotated[str, Path(min_length=1, max_length=64, description="线索编号")]


@router.get("", response_model=list[DispositionPublic], summary="线索的处置 (dispositions of a lead)", responses=ERRORS)
def list_dispositions(lead_id: LeadId, principal: Reader, store: StoreDep, audit: AuditDep) -> list[DispositionPublic]:
    """线索已登记的处置，按时间先后。"""
    with audited(principal, audit, "dispositions.read", lead_id, {}) as extra:
        visible_lead(store, principal.viewer, lead_id)
        out = [d for d in service.dispositions_of(store, lead_id) if principal.viewer.sees([d.region_code])]
        extra["count"] = len(out)
    return out


@router.post(
    "", response_model=DispositionPublic, status_code=201, summary="登记处置 (record a disposition)", responses=ERRORS
)
def record_disposition(
    lead_id: LeadId, body: DispositionCreate, principal: Writer, store: StoreDep, audit: AuditDep
) -> DispositionPublic:
    """约谈、责令整改、行政处罚、移送公安、列入黑名单（同时写入黑名单库）或销号；须有处于「处置中」的任务。"""
    with audited(principal, audit, "dispositions.write", lead_id, body.model_dump(mode="json")) as extra:
        out = service.record_disposition(
            store,
            principal.viewer,
            lead_id=lead_id,
            kind=body.kind,
            authority=body.authority,
            task_id=body.task_id,
            document_no=body.document_no,
            note=body.note,
            amount=body.amount,
            due_date=body.due_date,
            decided_at=body.decided_at,
            blacklist_terms=body.blacklist,
        )
        extra["disposition_id"] = out.disposition_id
    return out
