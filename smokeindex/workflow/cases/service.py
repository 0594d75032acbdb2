"""Case files: opened when a lead's root task is dispatched (立案), closed and archived with it; read and listed by the
root task's region."""

from __future__ import annotations

from smokeindex.errors import NotFound
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.query.viewer import Viewer
from smokeindex.workflow import queries
from smokeindex.workflow.cases.models import CasePublic
from smokeindex.workflow.common import Page, link, node_row, rel
from smokeindex.workflow.leads.models import LeadPublic


def case_id_of(lead_id: str) -> str:
    """One case per lead: ``LEAD-20240601-…`` has the case ``CASE-20240601-…``."""
    return "CASE-" + lead_id.removeprefix("LEAD-")


def open_case(store: GraphStore, *, lead: LeadPublic, region_code: str, actor: str, at: str) -> str:
    """Open the case file of a lead (idempotent: a lead has one case file)."""
    case_id = case_id_of(lead.lead_id)
    if store.get_node(NodeRef("CaseFile", case_id)) is not None:
        return case_id
    row = {
        "case_id": case_id,
        "lead_id": lead.lead_id,
        "subject_label": lead.subject_label,
        "subject_key": lead.subject_key,
        "subject_name": lead.subject_name,
        "region_code": region_code,
        "status": "open",
        "opened_at": at,
        "opened_by": actor,
    }
    store.upsert_nodes("CaseFile", [node_row(case_id, row, at)])
    link(store, "CASE_OF", [rel(NodeRef("CaseFile", case_id), NodeRef("Lead", lead.lead_id), at)])
    return case_id


def set_case_status(store: GraphStore, *, lead_id: str, status: str, at: str, outcome: str | None = None) -> None:
    """Close (with the outcome) or archive the case file of a lead; a lead without one (its root task was written
    by other means, e.g. a migration) has nothing to update."""
    stamp = {"closed": "closed_at", "archived": "archived_at"}[status]
    case_id = case_id_of(lead_id)
    store.update_nodes(
        "CaseFile", [node_row(case_id, {"case_id": case_id, "status": status, stamp: at, "outcome": outcome}, at)]
    )


def visible_case(store: GraphStore, viewer: Viewer, case_id: str) -> CasePublic:
    props = store.get_node(NodeRef("CaseFile", case_id))
    if props is None or not viewer.sees([props["region_code"]]):
        raise NotFound(f"案件档案不存在或不在您的辖区内 (case file not found): {case_id}")
    return CasePublic.from_node(props)


def list_cases(
    store: GraphStore,
    viewer: Viewer,
    *,
    status: str | None = None,
    subject_key: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[CasePublic]:
    """One page of the case files inside the jurisdiction, newest first."""
    params = {"prefix": viewer.prefix, "status": status, "subject_key": subject_key}
    total = int(store.read(queries.COUNT_CASES, params)[0]["n"])
    rows = store.read(queries.LIST_CASES, {**params, "offset": offset, "limit": limit})
    return Page[CasePublic](
        total=total, offset=offset, limit=limit, items=[CasePublic.from_node(dict(r["props"])) for r in rows]
    )
