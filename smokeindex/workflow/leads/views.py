"""``/workflow/leads``: list, enter, read, merge and review leads."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.api.parties import parse_ref
from smokeindex.query.profile import visible_party
from smokeindex.workflow.common import Page
from smokeindex.workflow.leads import service
from smokeindex.workflow.leads.models import (
    MANUAL_LABEL,
    Channel,
    LeadCreate,
    LeadMerge,
    LeadPublic,
    LeadStatus,
    Outcome,
    SourceReview,
)
from smokeindex.workflow.viewkit import ERRORS, Limit, Offset, audited, require_region_in_jurisdiction

router = APIRouter(prefix="/leads", tags=["leads 线索"])
Reader = Annotated[Principal, Depends(Allowed("leads.read"))]
Writer = Annotated[Principal, Depends(Allowed("leads.write"))]
LeadId = Annotated[str, Path(min_length=1, max_length=64, description="线索编号")]


@router.get("", response_model=Page[LeadPublic], summary="线索清单 (leads)", responses=ERRORS)
def list_leads(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    status: Annotated[
        LeadStatus | None, Query(description="open 待派发、handling 办理中、closed 已办结、merged 已并入")
    ] = None,
    channel: Annotated[Channel | None, Query(description="来源渠道")] = None,
    subject_key: Annotated[str | None, Query(max_length=64, description="主体标识")] = None,
    outcome: Annotated[Outcome | None, Query(description="核查结论")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[LeadPublic]:
    """本辖区及下级的线索，最新在前，带全部来源。"""
    params = {"status": status, "channel": channel, "subject_key": subject_key, "outcome": outcome, "limit": limit}
    with audited(principal, audit, "leads.read", "", {**params, "offset": offset}) as extra:
        page = service.list_leads(
            store,
            principal.viewer,
            status=status,
            channel=channel,
            subject_key=subject_key,
            outcome=outcome,
            limit=limit,
            offset=offset,
        )
        extra["total"] = page.total
    return page


@router.post(
    "", response_model=LeadPublic, status_code=201, summary="登记线索 (enter a lead by hand)", responses=ERRORS
)
def create_lead(body: LeadCreate, principal: Writer, store: StoreDep, audit: AuditDep) -> LeadPublic:
    """人工登记或部门移送一条线索；同一主体已有未办结线索时并入该线索（线索融合）。"""
    params = body.model_dump(mode="json", exclude={"summary"})
    with audited(principal, audit, "leads.write", body.subject, params) as extra:
        subject = parse_ref(body.subject, "subject")
        visible_party(store, principal.viewer, subject)
        require_region_in_jurisdiction(principal, body.region_code)
        label = "Referral" if body.channel == "referral" else MANUAL_LABEL
        lead = service.raise_lead(
            store,
            subject=subject,
            source_label=label,
            source_key=body.reference or uuid.uuid4().hex,
            region_code=body.region_code,
            summary=body.summary,
            actor=principal.user.username,
            channel=body.channel,
        )
        extra["lead_id"] = lead.lead_id
    return lead


@router.get("/{lead_id}", response_model=LeadPublic, summary="线索详情 (a lead)", responses=ERRORS)
def get_lead(lead_id: LeadId, principal: Reader, store: StoreDep, audit: AuditDep) -> LeadPublic:
    """一条线索及其全部来源、融合状态与案件档案编号。"""
    with audited(principal, audit, "leads.read", lead_id, {}):
        return service.visible_lead(store, principal.viewer, lead_id)


@router.post(
    "/{lead_id}/merge",
    response_model=LeadPublic,
    summary="合并线索 (merge another lead into this one)",
    responses=ERRORS,
)
def merge_lead(lead_id: LeadId, body: LeadMerge, principal: Writer, store: StoreDep, audit: AuditDep) -> LeadPublic:
    """把关于同一主体的另一条未办结、未派发任务的线索并入本线索（例如撤销融合后重新融合）。"""
    with audited(principal, audit, "leads.merge", lead_id, body.model_dump(mode="json")):
        return service.merge_leads(
            store, principal.viewer, lead_id=lead_id, other_lead_id=body.other_lead_id, note=body.note
        )


@router.post(
    "/{lead_id}/sources/{source_id}/review",
    response_model=LeadPublic,
    summary="复核融合 (review a merged source)",
    responses=ERRORS,
)
def review_source(
    lead_id: LeadId,
    source_id: Annotated[str, Path(min_length=1, max_length=64, description="来源标识")],
    body: SourceReview,
    principal: Writer,
    store: StoreDep,
    audit: AuditDep,
) -> LeadPublic:
    """确认融合（confirm），或撤销融合（undo）：该来源拆为关于同一主体的新线索，返回来源现在所属的线索。"""
    with audited(principal, audit, "leads.review", f"{lead_id}/{source_id}", body.model_dump(mode="json")):
        return service.review_source(
            store, principal.viewer, lead_id=lead_id, source_id=source_id, decision=body.decision, note=body.note
        )
