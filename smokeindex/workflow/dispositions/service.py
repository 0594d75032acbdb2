"""Dispositions: record what was done about a lead's subject while one of its tasks is in 处置中 (after the upper
level approved the report). 列入黑名单 also writes a blacklist entry that names the disposition."""

from __future__ import annotations

from datetime import date, datetime

from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.query.viewer import Viewer
from smokeindex.workflow import queries
from smokeindex.workflow.blacklist import service as blacklist
from smokeindex.workflow.blacklist.models import BlacklistTerms
from smokeindex.workflow.common import iso, link, new_id, node_row, rel, utc_now
from smokeindex.workflow.dispositions.models import KIND_ZH, KINDS, DispositionPublic
from smokeindex.workflow.leads import service as leads
from smokeindex.workflow.tasks.models import STATE_ZH


def record_disposition(
    store: GraphStore,
    viewer: Viewer,
    *,
    lead_id: str,
    kind: str,
    authority: str,
    task_id: str | None = None,
    document_no: str | None = None,
    note: str | None = None,
    amount: float | None = None,
    due_date: date | None = None,
    decided_at: datetime | None = None,
    blacklist_terms: BlacklistTerms | None = None,
    now: datetime | None = None,
) -> DispositionPublic:
    """Record a disposition of a visible lead.

    Raises:
        NotFound: The lead (or the named task) is absent or outside the jurisdiction.
        Conflict: No task of the lead is in 处置中 (the report has not been approved).
        ValidationFailed: An unknown kind, or 列入黑名单 without its reason.
    """
    if kind not in KINDS:
        raise ValidationFailed(f"未知处置方式 {kind!r} (unknown disposition kind); 可选: {', '.join(KINDS)}")
    if kind == "blacklist" and blacklist_terms is None:
        raise ValidationFailed(
            "列入黑名单须写明理由与有效期 (blacklisting needs its terms)",
            errors=[{"field": "blacklist", "problem": "required for kind blacklist"}],
        )
    lead = leads.visible_lead(store, viewer, lead_id)
    disposing = [dict(r["props"]) for r in store.read(queries.DISPOSING_TASKS, {"id": lead_id})]
    disposing = [t for t in disposing if viewer.sees([t["region_code"]])]
    if task_id is not None:
        task = store.get_node(NodeRef("Task", task_id))
        if task is None or task["lead_id"] != lead_id or not viewer.sees([task["region_code"]]):
            raise NotFound(f"线索 {lead_id} 下没有任务 {task_id} (task not found)")
        if task["state"] != "disposing":
            raise Conflict(
                f"任务 {task_id} 当前为「{STATE_ZH[task['state']]}」，须审核通过转入「处置中」后才能登记处置 "
                f"(the task is {task['state']}, not disposing)",
                errors=[{"field": "task_id", "problem": f"task is {task['state']}"}],
            )
    elif not disposing:
        raise Conflict(
            f"线索 {lead_id} 没有处于「处置中」的任务：须上级审核通过后才能登记{KIND_ZH[kind]} (no task is disposing)",
            errors=[{"field": "lead_id", "problem": "no disposing task"}],
        )
    else:
        task = disposing[0]
    moment = now or utc_now()
    at = iso(moment)
    disposition_id = new_id("DISP", moment)
    row = {
        "disposition_id": disposition_id,
        "lead_id": lead_id,
        "task_id": task["task_id"],
        "kind": kind,
        "subject_label": lead.subject_label,
        "subject_key": lead.subject_key,
        "region_code": task["region_code"],
        "authority": authority,
        "document_no": document_no,
        "decided_at": iso(decided_at) if decided_at else at,
        "decided_by": viewer.username,
        "note": note,
        "amount": amount,
        "due_date": due_date.isoformat() if due_date else None,
    }
    store.upsert_nodes("Disposition", [node_row(disposition_id, row, at)])
    ref = NodeRef("Disposition", disposition_id)
    subject = NodeRef(lead.subject_label, lead.subject_key)
    link(store, "HAS_DISPOSITION", [rel(NodeRef("Lead", lead_id), ref, at)])
    link(store, "DISPOSITION_ON", [rel(ref, subject, at)])
    entry_id = None
    if kind == "blacklist" and blacklist_terms is not None:
        entry = blacklist.add_entry(
            store,
            subject=subject,
            reason=blacklist_terms.reason,
            authority=authority,
            actor=viewer.username,
            valid_from=blacklist_terms.valid_from,
            valid_to=blacklist_terms.valid_to,
            disposition_id=disposition_id,
            now=moment,
        )
        entry_id = entry.entry_id
    return DispositionPublic.from_node(row, entry_id)


def dispositions_of(store: GraphStore, lead_id: str) -> list[DispositionPublic]:
    """Every disposition of a lead, oldest first, with the blacklist entry each one made."""
    rows = [dict(r["props"]) for r in store.read(queries.DISPOSITIONS_OF_LEAD, {"id": lead_id})]
    ids = [str(p["disposition_id"]) for p in rows]
    entries = (
        {str(r["d"]): str(r["e"]) for r in store.read(queries.ENTRIES_OF_DISPOSITIONS, {"ids": ids})} if ids else {}
    )
    return [DispositionPublic.from_node(p, entries.get(str(p["disposition_id"]))) for p in rows]


def visible_disposition(store: GraphStore, viewer: Viewer, disposition_id: str) -> DispositionPublic:
    props = store.get_node(NodeRef("Disposition", disposition_id))
    if props is None or not viewer.sees([props["region_code"]]):
        raise NotFound(f"处置不存在或不在您的辖区内 (disposition not found): {disposition_id}")
    return DispositionPublic.from_node(props)
