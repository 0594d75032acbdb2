"""Dispositions, the blacklist and the feedback labels on both real stores."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.rules.evaluate import Labels
from smokeindex.workflow import feedback, queries
from smokeindex.workflow.blacklist import service as blacklist
from smokeindex.workflow.blacklist.models import BlacklistTerms
from smokeindex.workflow.dispositions.service import dispositions_of, record_disposition
from smokeindex.workflow.leads.models import LeadPublic
from smokeindex.workflow.leads.service import get_lead, raise_lead
from smokeindex.workflow.tasks.service import transition
from tests.workflow.conftest import E1, E2, NOW, put_task, viewer

AUTHORITY = "杭州市地方金融管理局"
TODAY = date(2024, 6, 3)


def test_a_disposition_needs_an_approved_report(store: GraphStore, lead: LeadPublic) -> None:
    put_task(store, lead_id=lead.lead_id, state="reviewing", task_id="T-1")
    with pytest.raises(Conflict, match="处置中"):
        record_disposition(
            store, viewer("reg_hz"), lead_id=lead.lead_id, kind="interview", authority=AUTHORITY, now=NOW
        )
    transition(store, viewer("reg_hz"), task_id="T-1", action="approve", now=NOW)
    with pytest.raises(NotFound):
        record_disposition(
            store, viewer("reg_nb"), lead_id=lead.lead_id, kind="interview", authority=AUTHORITY, now=NOW
        )
    with pytest.raises(ValidationFailed, match="列入黑名单须写明理由"):
        record_disposition(
            store, viewer("reg_hz"), lead_id=lead.lead_id, kind="blacklist", authority=AUTHORITY, now=NOW
        )
    with pytest.raises(ValidationFailed):
        record_disposition(store, viewer("reg_hz"), lead_id=lead.lead_id, kind="warning_letter", authority=AUTHORITY)
    done = [
        record_disposition(
            store, viewer("reg_hz"), lead_id=lead.lead_id, kind=kind, authority=AUTHORITY, now=NOW, **extra
        )
        for kind, extra in (
            ("interview", {}),
            ("rectification", {"due_date": date(2024, 7, 1)}),
            ("penalty", {"amount": 500000.0, "document_no": "杭金罚〔2024〕12号"}),
            ("police_referral", {"note": "涉嫌非法吸收公众存款罪"}),
            ("blacklist", {"blacklist_terms": BlacklistTerms(reason="非法集资", valid_to=date(2027, 6, 2))}),
            ("closed", {}),
        )
    ]
    assert [d.kind_zh for d in done] == ["约谈", "责令整改", "行政处罚", "移送公安", "列入黑名单", "销号"]
    assert all(d.task_id == "T-1" and d.region_code == "330106" and d.decided_by == "reg_hz" for d in done)
    listed = dispositions_of(store, lead.lead_id)
    assert {d.disposition_id for d in listed} == {d.disposition_id for d in done}
    entry_id = done[4].blacklist_entry_id
    assert entry_id and next(d for d in listed if d.kind == "blacklist").blacklist_entry_id == entry_id
    entry = blacklist.get_entry(store, entry_id, now=NOW)
    assert (entry.authority, entry.disposition_id, entry.status, entry.valid_from) == (
        AUTHORITY,
        done[4].disposition_id,
        "active",
        "2024-06-03",
    )
    linked = store.read("MATCH (:BlacklistEntry)-[:LISTED_BY]->(d:Disposition) RETURN d.kind AS kind")
    assert [r["kind"] for r in linked] == ["blacklist"]
    on = store.read("MATCH (d:Disposition)-[:DISPOSITION_ON]->(e:Enterprise) RETURN count(d) AS n, e.uscc AS uscc")
    assert on == [{"n": 6, "uscc": E1.key}]


def test_the_blacklist(world: GraphStore) -> None:
    store = world
    reg = viewer("reg_hz")
    forever = blacklist.add_entry(store, subject=E1, reason="非法集资", authority=AUTHORITY, actor="reg_hz", now=NOW)
    expired = blacklist.add_entry(
        store, subject=E2, reason="逾期未整改", authority=AUTHORITY, actor="reg_hz",
        valid_from=date(2020, 1, 1), valid_to=date(2021, 1, 1), now=NOW,
    )  # fmt: skip
    pending = blacklist.add_entry(
        store, subject=E2, reason="待生效", authority=AUTHORITY, actor="reg_hz", valid_from=date(2024, 7, 1), now=NOW
    )
    assert (forever.status, forever.valid_to, expired.status, pending.status) == ("active", None, "expired", "pending")
    assert forever.status_zh == "有效" and expired.status_zh == "已过期"
    # what the rules read: the parties blacklisted today
    assert blacklist.active_blacklist(store, today=TODAY) == {E1: [forever.entry_id]}
    assert set(blacklist.active_blacklist(store, today=date(2024, 7, 2))) == {E1, E2}
    rows = store.read(queries.ACTIVE_BLACKLIST, {"today": "2024-06-03"})
    assert [(r["label"], r["key"], r["authority"]) for r in rows] == [("Enterprise", E1.key, AUTHORITY)]
    plain = store.read("MATCH (b:BlacklistEntry)-[:BLACKLISTS]->(e:Enterprise) RETURN e.uscc AS uscc ORDER BY uscc")
    assert [r["uscc"] for r in plain] == [E1.key, E2.key, E2.key]
    # lists are scoped and filtered
    assert blacklist.list_entries(store, reg, now=NOW).total == 3
    assert [e.entry_id for e in blacklist.list_entries(store, reg, active=True, now=NOW).items] == [forever.entry_id]
    assert blacklist.list_entries(store, reg, active=False, now=NOW).total == 2
    assert blacklist.list_entries(store, viewer("reg_nb"), now=NOW).total == 0
    with pytest.raises(NotFound):
        blacklist.visible_entry(store, viewer("reg_nb"), forever.entry_id)
    # revocation keeps the entry and ends it
    revoked = blacklist.revoke_entry(
        store, reg, entry_id=forever.entry_id, reason="已整改完毕", now=NOW + timedelta(days=1)
    )
    assert (revoked.status, revoked.revoked_by, revoked.revoke_reason) == ("revoked", "reg_hz", "已整改完毕")
    with pytest.raises(Conflict):
        blacklist.revoke_entry(store, reg, entry_id=forever.entry_id, reason="again")
    assert blacklist.active_blacklist(store, today=TODAY) == {}
    assert [e.status for e in blacklist.entries_of(store, E1, now=NOW)] == ["revoked"]
    with pytest.raises(ValidationFailed, match="早于生效日期"):
        blacklist.add_entry(
            store, subject=E1, reason="x", authority=AUTHORITY, actor="a", valid_from=TODAY, valid_to=date(2024, 1, 1)
        )
    with pytest.raises(NotFound):
        blacklist.add_entry(store, subject=NodeRef("Person", "P-nobody"), reason="x", authority=AUTHORITY, actor="a")


def test_outcomes_become_labels(store: GraphStore, lead: LeadPublic, tmp_path: Path) -> None:
    other = raise_lead(
        store, subject=E2, source_label="Manual", source_key="m-1", region_code=None, summary="核查养老公司",
        actor="reg_xh", channel="manual", now=NOW,
    )  # fmt: skip
    for lead_id, conclusion, task_id in ((lead.lead_id, "confirmed", "R-1"), (other.lead_id, "dismissed", "R-2")):
        put_task(store, lead_id=lead_id, state="disposing", task_id=task_id, parent_task_id=None, conclusion=conclusion)
        record_disposition(store, viewer("reg_hz"), lead_id=lead_id, kind="closed", authority=AUTHORITY, now=NOW)
        transition(store, viewer("reg_hz"), task_id=task_id, action="close", now=NOW)
    assert get_lead(store, other.lead_id).outcome_zh == "不属实"
    assert feedback.outcome_labels(store) == {E1: 1, E2: 0}
    text = feedback.labels_csv(store)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted((r["entity_type"], r["id"], r["label"]) for r in rows) == [
        ("Enterprise", E1.key, "1"),
        ("Enterprise", E2.key, "0"),
    ]
    path = tmp_path / "labels.csv"
    path.write_text(text, encoding="utf-8")
    assert Labels.read(path).label == {E1.key: 1, E2.key: 0}  # what `rules evaluate` reads
