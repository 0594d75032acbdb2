"""Leads: raise one from any channel (merging into the subject's open lead: 线索融合), read and list them within a
jurisdiction, review a merge or undo it, and merge two leads about the same subject by hand.

A source is named by its record (``source_label``, ``source_key``), so raising the same complaint twice adds nothing.
A lead's regions are the union of its sources' regions: a report from another city makes the lead visible there too.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime

from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.graph.base import Records
from smokeindex.query.viewer import Viewer
from smokeindex.security.roles import check_region_code
from smokeindex.workflow import queries
from smokeindex.workflow.common import (
    Page,
    iso,
    link,
    new_id,
    node_row,
    patch,
    rel,
    subject_facts,
    utc_now,
)
from smokeindex.workflow.leads.models import (
    CHANNEL_ZH,
    CHANNELS,
    OPEN_STATUSES,
    STATUS_ZH,
    LeadPublic,
    LeadSourcePublic,
)

#: Serialises find-or-create within one process, so that two reports about one subject arriving together still make
#: one lead (across processes the stores give no such lock without a uniqueness constraint; see docs/workflow.md).
_LOCK = threading.Lock()
#: Source records a lead source links to with CITES when they are in the graph.
CITABLE = ("Warning", "Complaint", "PublicComplaint", "Inspection")


def source_id_of(source_label: str, source_key: str) -> str:
    """The id of the source for a record: the same record always gives the same id."""
    return "SRC-" + hashlib.sha256(f"{source_label}:{source_key}".encode()).hexdigest()[:20]


def raise_lead(
    store: GraphStore,
    *,
    subject: NodeRef,
    source_label: str,
    source_key: str,
    region_code: str | None,
    summary: str,
    actor: str,
    channel: str,
    now: datetime | None = None,
) -> LeadPublic:
    """Create a lead about a subject, or merge this source into the open lead already about it (线索融合).

    Args:
        store: The graph store.
        subject: The enterprise or person the lead is about; it must be in the graph.
        source_label: What the source record is, e.g. ``Complaint``, ``Warning``, ``Inspection``, ``Manual``.
        source_key: The source record's id (``complaint_id`` …); the same record raised twice is recorded once.
        region_code: Where the source comes from; defaults to the subject's region.
        summary: What the source says (Chinese).
        actor: Who raises it (a username, or ``system`` for automatic channels).
        channel: ``warning``, ``complaint``, ``inspection``, ``referral`` or ``manual``.
        now: The time of receipt (defaults to now).

    Returns:
        The lead with all its sources; ``sources[-1]`` is this one unless it had been raised before.

    Raises:
        ValidationFailed: Unknown channel, bad region code, empty summary, or no region can be found.
        NotFound: The subject is not in the graph.
    """
    if channel not in CHANNELS:
        raise ValidationFailed(
            f"未知来源渠道 {channel!r}，可选：{', '.join(f'{c}（{CHANNEL_ZH[c]}）' for c in CHANNELS)} (unknown channel)",
            errors=[{"field": "channel", "problem": "unknown channel"}],
        )
    if not source_label or not source_key:
        raise ValidationFailed("须给出来源记录类型与标识 (source_label and source_key are required)")
    if not summary.strip():
        raise ValidationFailed("线索内容不能为空 (summary is empty)", errors=[{"field": "summary", "problem": "empty"}])
    if region_code is not None:
        check_region_code(region_code)
    props, primary, _ = subject_facts(store, subject)
    region = region_code or primary
    if region is None:
        raise ValidationFailed(
            "无法确定线索所属区划：主体没有登记区划，请给出 region_code (no region for the lead)",
            errors=[{"field": "region_code", "problem": "required: the subject has no region"}],
        )
    moment = now or utc_now()
    at = iso(moment)
    source_id = source_id_of(source_label, source_key)
    with _LOCK:
        known = store.read(queries.SOURCE_LEAD, {"id": source_id})
        if known:
            return get_lead(store, str(known[0]["lead_id"]))
        found = store.read(
            queries.OPEN_LEAD_ABOUT, {"key": subject.key, "label": subject.label, "statuses": list(OPEN_STATUSES)}
        )
        if found:
            lead_id, merge_state = str(found[0]["id"]), "merged"
        else:
            lead_id, merge_state = new_id("LEAD", moment), "original"
            lead = {
                "lead_id": lead_id,
                "subject_label": subject.label,
                "subject_key": subject.key,
                "subject_name": props.get("name"),
                "region_code": region,
                "region_codes": [region],
                "status": "open",
                "channels": [channel],
                "source_count": 0,
                "summary": summary,
                "created_at": at,
                "created_by": actor,
                "updated_at": at,
            }
            store.upsert_nodes("Lead", [node_row(lead_id, lead, at)])
            link(store, "LEAD_ABOUT", [rel(NodeRef("Lead", lead_id), subject, at)])
        _add_source(
            store,
            lead_id=lead_id,
            source={
                "source_id": source_id,
                "channel": channel,
                "source_label": source_label,
                "source_key": source_key,
                "region_code": region,
                "summary": summary,
                "reported_by": actor,
                "received_at": at,
                "merge_state": merge_state,
            },
            at=at,
        )
        refresh(store, lead_id, at)
    return get_lead(store, lead_id)


def _add_source(store: GraphStore, *, lead_id: str, source: dict[str, object], at: str) -> None:
    source_id = str(source["source_id"])
    store.upsert_nodes("LeadSource", [node_row(source_id, {**source, "lead_id": lead_id}, at)])
    ref = NodeRef("LeadSource", source_id)
    link(store, "HAS_LEAD_SOURCE", [rel(NodeRef("Lead", lead_id), ref, at)])
    if source["source_label"] in CITABLE:  # the record may not be loaded (yet): then there is nothing to cite
        store.upsert_relationships(
            "CITES", [rel(ref, NodeRef(str(source["source_label"]), str(source["source_key"])), at)]
        )


def refresh(store: GraphStore, lead_id: str, at: str) -> None:
    """Recompute a lead's channels, regions and source count from the sources it holds now. Its regions are its
    own, its sources' and those of the units its tasks were sent to (who must see the lead they work on)."""
    lead = store.get_node(NodeRef("Lead", lead_id))
    if lead is None:
        raise NotFound(f"线索不存在 (lead not found): {lead_id}")
    sources = [dict(r["props"]) for r in store.read(queries.SOURCES_OF_LEADS, {"ids": [lead_id]})]
    channels = sorted({str(s["channel"]) for s in sources}, key=CHANNELS.index)
    task_regions = {str(r["region"]) for r in store.read(queries.TASK_REGIONS_OF_LEAD, {"id": lead_id})}
    source_regions = {str(s["region_code"]) for s in sources if s.get("region_code")}
    regions = sorted(source_regions | task_regions | {str(lead["region_code"])})
    patch(
        store,
        "Lead",
        lead_id,
        {"channels": channels, "region_codes": regions, "source_count": len(sources), "updated_at": at},
        at,
    )


def get_lead(store: GraphStore, lead_id: str) -> LeadPublic:
    """A lead with its sources, whoever asks (callers inside the system); ``NotFound`` if absent."""
    leads = _with_sources(store, store.read(queries.LEADS_BY_ID, {"ids": [lead_id]}))
    if not leads:
        raise NotFound(f"线索不存在 (lead not found): {lead_id}")
    return leads[0]


def visible_lead(store: GraphStore, viewer: Viewer, lead_id: str) -> LeadPublic:
    """The lead if any of its regions is inside the viewer's jurisdiction; ``NotFound`` otherwise (never a leak)."""
    try:
        lead = get_lead(store, lead_id)
    except NotFound:
        lead = None
    if lead is None or not viewer.sees(lead.region_codes or [lead.region_code]):
        raise NotFound(f"线索不存在或不在您的辖区内 (lead not found): {lead_id}")
    return lead


def list_leads(
    store: GraphStore,
    viewer: Viewer,
    *,
    status: str | None = None,
    channel: str | None = None,
    subject_key: str | None = None,
    outcome: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[LeadPublic]:
    """One page of the leads inside the jurisdiction, newest first, each with its sources."""
    params = {
        "prefix": viewer.prefix,
        "status": status,
        "channel": channel,
        "subject_key": subject_key,
        "outcome": outcome,
    }
    total = int(store.read(queries.COUNT_LEADS, params)[0]["n"])
    rows = store.read(queries.LIST_LEADS, {**params, "offset": offset, "limit": limit})
    return Page[LeadPublic](total=total, offset=offset, limit=limit, items=_with_sources(store, rows))


def _with_sources(store: GraphStore, rows: Records) -> list[LeadPublic]:
    """Leads from their node properties, with their sources and case ids read in one query each."""
    leads = [dict(r["props"]) for r in rows]
    ids = [str(p["lead_id"]) for p in leads]
    if not ids:
        return []
    by_lead: dict[str, list[LeadSourcePublic]] = {i: [] for i in ids}
    for r in store.read(queries.SOURCES_OF_LEADS, {"ids": ids}):
        source = LeadSourcePublic.from_node(dict(r["props"]))
        by_lead[source.lead_id].append(source)
    cases = {str(r["lead_id"]): str(r["case_id"]) for r in store.read(queries.CASES_OF_LEADS, {"ids": ids})}
    return [LeadPublic.from_node(p, by_lead[p["lead_id"]], cases.get(p["lead_id"])) for p in leads]


def set_status(store: GraphStore, lead_id: str, status: str, at: str, **changes: object) -> None:
    """Move a lead to another status (the task flow does: handling on dispatch, closed with its outcome)."""
    patch(store, "Lead", lead_id, {"status": status, "updated_at": at, **changes}, at)


def _require_open(lead: LeadPublic) -> None:
    if lead.status not in OPEN_STATUSES:
        raise Conflict(
            f"线索 {lead.lead_id} 当前为「{STATUS_ZH[lead.status]}」，不能再融合或拆分来源 (lead is {lead.status})",
            errors=[{"field": "lead_id", "problem": f"lead is {lead.status}"}],
        )


def review_source(
    store: GraphStore,
    viewer: Viewer,
    *,
    lead_id: str,
    source_id: str,
    decision: str,
    note: str | None = None,
    now: datetime | None = None,
) -> LeadPublic:
    """Review a source that was merged into a lead: ``confirm`` keeps it; ``undo`` splits it off into a new lead
    about the same subject (which records ``split_from``). Returns the lead the source now belongs to."""
    lead = visible_lead(store, viewer, lead_id)
    source = next((s for s in lead.sources if s.source_id == source_id), None)
    if source is None:
        raise NotFound(f"线索 {lead_id} 没有来源 {source_id} (source not found)")
    _require_open(lead)
    if source.merge_state == "original":
        raise Conflict(
            "该来源是线索的原始来源，不是融合进来的，无需复核也不能撤销融合 (the lead's original source was not merged)",
            errors=[{"field": "source_id", "problem": "original source"}],
        )
    moment = now or utc_now()
    at = iso(moment)
    review = {"reviewed_by": viewer.username, "reviewed_at": at, "review_note": note}
    if decision == "confirm":
        patch(store, "LeadSource", source_id, {"merge_state": "confirmed", **review}, at)
        return get_lead(store, lead_id)
    if decision != "undo":
        raise ValidationFailed(f"复核结论须为 confirm 或 undo (unknown decision): {decision!r}")
    new_lead_id = new_id("LEAD", moment)
    region = source.region_code or lead.region_code
    row = {
        "lead_id": new_lead_id,
        "subject_label": lead.subject_label,
        "subject_key": lead.subject_key,
        "subject_name": lead.subject_name,
        "region_code": region,
        "region_codes": [region],
        "status": "open",
        "channels": [source.channel],
        "source_count": 1,
        "summary": source.summary,
        "created_at": at,
        "created_by": viewer.username,
        "updated_at": at,
        "split_from": lead_id,
    }
    with _LOCK:
        store.upsert_nodes("Lead", [node_row(new_lead_id, row, at)])
        link(
            store, "LEAD_ABOUT", [rel(NodeRef("Lead", new_lead_id), NodeRef(lead.subject_label, lead.subject_key), at)]
        )
        _move_source(store, source_id=source_id, old=lead_id, new=new_lead_id, at=at, merge_state="undone", **review)
        refresh(store, lead_id, at)
        refresh(store, new_lead_id, at)
    return get_lead(store, new_lead_id)


def _move_source(store: GraphStore, *, source_id: str, old: str, new: str, at: str, **changes: object) -> None:
    store.write(queries.UNLINK_SOURCE, {"lead": old, "source": source_id})
    patch(store, "LeadSource", source_id, {"lead_id": new, "moved_from": old, **changes}, at)
    link(store, "HAS_LEAD_SOURCE", [rel(NodeRef("Lead", new), NodeRef("LeadSource", source_id), at)])


def merge_leads(
    store: GraphStore,
    viewer: Viewer,
    *,
    lead_id: str,
    other_lead_id: str,
    note: str | None = None,
    now: datetime | None = None,
) -> LeadPublic:
    """Merge another open lead about the same subject into this one, by hand (e.g. to redo an undone merge): its
    sources move here as merged sources and it becomes ``merged`` with ``merged_into``."""
    lead = visible_lead(store, viewer, lead_id)
    if other_lead_id == lead_id:
        raise Conflict("线索不能与自身合并 (a lead cannot be merged into itself)")
    other = visible_lead(store, viewer, other_lead_id)
    _require_open(lead)
    _require_open(other)
    if (lead.subject_label, lead.subject_key) != (other.subject_label, other.subject_key):
        raise Conflict(
            "两条线索的主体不同，不能合并 (the leads are about different subjects)",
            errors=[{"field": "other_lead_id", "problem": "different subject"}],
        )
    if int(store.read(queries.TASK_COUNT_OF_LEAD, {"id": other_lead_id})[0]["n"]):
        raise Conflict(
            f"线索 {other_lead_id} 已派发任务，不能并入其他线索；请把本线索并入它 (the other lead already has tasks)",
            errors=[{"field": "other_lead_id", "problem": "has tasks"}],
        )
    at = iso(now or utc_now())
    with _LOCK:
        for source in other.sources:
            _move_source(
                store,
                source_id=source.source_id,
                old=other_lead_id,
                new=lead_id,
                at=at,
                merge_state="merged",
                review_note=note,
            )
        set_status(store, other_lead_id, "merged", at, merged_into=lead_id)
        refresh(store, other_lead_id, at)
        refresh(store, lead_id, at)
    return get_lead(store, lead_id)
