"""The blacklist (黑名单库): add an entry (directly or through a 列入黑名单 disposition), revoke it, list the entries
inside a jurisdiction, and read what is in force today.

An entry is a ``BlacklistEntry`` node tied to the party by ``BLACKLISTS``; it stays after revocation or expiry. The rule
pack reads the entries in force with ``queries.ACTIVE_BLACKLIST``::

    MATCH (b:BlacklistEntry)-[:BLACKLISTS]->(s)
    WHERE b.revoked_at IS NULL AND toString(b.valid_from) <= $today AND (b.valid_to IS NULL OR b.valid_to >= $today)

(``toString`` because FalkorDB answers an upper bound on an indexed string wrongly; see ``workflow.queries``.)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.query.viewer import Viewer
from smokeindex.workflow import queries
from smokeindex.workflow.blacklist.models import BlacklistEntryPublic
from smokeindex.workflow.common import (
    Page,
    iso,
    link,
    local_date,
    new_id,
    node_row,
    patch,
    rel,
    subject_facts,
    utc_now,
)


def _today(now: datetime | None) -> str:
    return local_date(now).isoformat()


def add_entry(
    store: GraphStore,
    *,
    subject: NodeRef,
    reason: str,
    authority: str,
    actor: str,
    valid_from: date | None = None,
    valid_to: date | None = None,
    disposition_id: str | None = None,
    now: datetime | None = None,
) -> BlacklistEntryPublic:
    """Put a party on the blacklist (the caller has checked that the actor may see it).

    Raises:
        NotFound: The party is not in the graph.
        ValidationFailed: ``valid_to`` is before ``valid_from``, or the reason or authority is empty.
    """
    moment = now or utc_now()
    start = valid_from or local_date(moment)
    if valid_to is not None and valid_to < start:
        raise ValidationFailed(
            f"失效日期 {valid_to} 早于生效日期 {start} (valid_to is before valid_from)",
            errors=[{"field": "valid_to", "problem": "before valid_from"}],
        )
    if not reason.strip() or not authority.strip():
        raise ValidationFailed("须写明列入理由与决定机关 (reason and authority are required)")
    props, primary, _ = subject_facts(store, subject)
    at = iso(moment)
    entry_id = new_id("BL", moment)
    row = {
        "entry_id": entry_id,
        "subject_label": subject.label,
        "subject_key": subject.key,
        "subject_name": props.get("name"),
        "region_code": primary,
        "reason": reason,
        "authority": authority,
        "valid_from": start.isoformat(),
        "valid_to": valid_to.isoformat() if valid_to else None,
        "disposition_id": disposition_id,
        "created_at": at,
        "created_by": actor,
    }
    store.upsert_nodes("BlacklistEntry", [node_row(entry_id, row, at)])
    ref = NodeRef("BlacklistEntry", entry_id)
    link(store, "BLACKLISTS", [rel(ref, subject, at)])
    if disposition_id:
        link(store, "LISTED_BY", [rel(ref, NodeRef("Disposition", disposition_id), at)])
    return get_entry(store, entry_id, now=moment)


def get_entry(store: GraphStore, entry_id: str, *, now: datetime | None = None) -> BlacklistEntryPublic:
    props = store.get_node(NodeRef("BlacklistEntry", entry_id))
    if props is None:
        raise NotFound(f"黑名单条目不存在或不在您的辖区内 (blacklist entry not found): {entry_id}")
    return BlacklistEntryPublic.from_node(props, _today(now))


def visible_entry(
    store: GraphStore, viewer: Viewer, entry_id: str, *, now: datetime | None = None
) -> BlacklistEntryPublic:
    """The entry if its party's region is inside the jurisdiction (no region: national viewers only)."""
    entry = get_entry(store, entry_id, now=now)
    if not viewer.sees([entry.region_code]):
        raise NotFound(f"黑名单条目不存在或不在您的辖区内 (blacklist entry not found): {entry_id}")
    return entry


def revoke_entry(
    store: GraphStore, viewer: Viewer, *, entry_id: str, reason: str, now: datetime | None = None
) -> BlacklistEntryPublic:
    """Revoke an entry (it stays, marked revoked, with who, when and why)."""
    entry = visible_entry(store, viewer, entry_id, now=now)
    if entry.revoked_at:
        raise Conflict(
            f"该黑名单条目已于 {entry.revoked_at} 撤销 (the entry is already revoked)",
            errors=[{"field": "entry_id", "problem": "already revoked"}],
        )
    at = iso(now or utc_now())
    patch(
        store,
        "BlacklistEntry",
        entry_id,
        {"revoked_at": at, "revoked_by": viewer.username, "revoke_reason": reason},
        at,
    )
    return get_entry(store, entry_id, now=now)


def list_entries(
    store: GraphStore,
    viewer: Viewer,
    *,
    subject_key: str | None = None,
    active: bool | None = None,
    limit: int = 50,
    offset: int = 0,
    now: datetime | None = None,
) -> Page[BlacklistEntryPublic]:
    """One page of the entries inside the jurisdiction, newest first; ``active`` filters on being in force today."""
    today = _today(now)
    params: dict[str, Any] = {"prefix": viewer.prefix, "subject_key": subject_key, "active": active, "today": today}
    total = int(store.read(queries.COUNT_BLACKLIST, params)[0]["n"])
    rows = store.read(queries.LIST_BLACKLIST, {**params, "offset": offset, "limit": limit})
    items = [BlacklistEntryPublic.from_node(dict(r["props"]), today) for r in rows]
    return Page[BlacklistEntryPublic](total=total, offset=offset, limit=limit, items=items)


def entries_of(store: GraphStore, subject: NodeRef, *, now: datetime | None = None) -> list[BlacklistEntryPublic]:
    """Every entry about one party, in force or not, oldest first."""
    today = _today(now)
    rows = store.read(queries.BLACKLIST_OF_SUBJECT, {"key": subject.key, "label": subject.label})
    return [BlacklistEntryPublic.from_node(dict(r["props"]), today) for r in rows]


def active_blacklist(store: GraphStore, *, today: date | None = None) -> dict[NodeRef, list[str]]:
    """The parties on the blacklist in force on ``today``, with their entry ids (what the rules read)."""
    day = (today or local_date()).isoformat()
    out: dict[NodeRef, list[str]] = {}
    for r in store.read(queries.ACTIVE_BLACKLIST, {"today": day}):
        out.setdefault(NodeRef(str(r["label"]), str(r["key"])), []).append(str(r["entry_id"]))
    return out
