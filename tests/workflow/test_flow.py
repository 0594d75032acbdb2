"""The five-level flow end to end on both real stores: dispatched down province → city → district → street →
community, reported and reviewed back up (with one return for rework), disposed, closed and archived; deadlines nest,
overdue tasks escalate, and the outcome becomes a label."""

from __future__ import annotations

from datetime import timedelta

import pytest

from smokeindex.errors import Conflict, Forbidden, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.workflow import feedback
from smokeindex.workflow.cases import flows as cases
from smokeindex.workflow.dispositions.service import record_disposition
from smokeindex.workflow.leads.models import LeadPublic
from smokeindex.workflow.leads.service import get_lead
from smokeindex.workflow.tasks import service as tasks
from smokeindex.workflow.tasks.flows import ancestors, escalate_overdue
from tests.workflow.conftest import COMMUNITY, DISTRICT, E1, NOW, STREET, put_task, viewer

FINDING = {"finding": "该公司以高额回报吸收公众资金", "conclusion": "confirmed"}


def _go(store: GraphStore, user: str, task_id: str, *actions: str, **fields: str) -> None:
    for action in actions:
        needs = {k: v for k, v in fields.items() if action == "report" or k == "note"}
        tasks.transition(store, viewer(user), task_id=task_id, action=action, now=NOW, **needs)


def test_down_five_levels_and_back_up(store: GraphStore, lead: LeadPublic) -> None:
    root = tasks.create_task(
        store, viewer("reg_zj"), lead_id=lead.lead_id, region_code="330100", title="核查鑫盛财富", now=NOW
    )
    assert (root.state, root.level, root.due_at) == ("assigned", "city", "2024-06-23T01:00:00+00:00")
    assert get_lead(store, lead.lead_id).status == "handling"
    chain = [("330100", "reg_hz", root.task_id)]
    for region, user in ((DISTRICT, "reg_xh"), (STREET, "reg_st"), (COMMUNITY, "grid_cm")):
        _, parent_user, parent_id = chain[-1]
        _go(store, parent_user, parent_id, "accept", "start")
        child = tasks.create_task(
            store, viewer(parent_user), lead_id=lead.lead_id, region_code=region, title="下派核查", parent_task_id=parent_id,
            now=NOW,
        )  # fmt: skip
        assert child.parent_task_id == parent_id and child.state == "assigned"
        assert child.due_at <= tasks.get_task(store, parent_id).due_at
        chain.append((region, user, child.task_id))
    assert [tasks.get_task(store, t).level for _, _, t in chain] == ["city", "district", "street", "community"]
    # the community worker verifies and reports; the street reviews, returns it once, then approves and closes
    _, _, community_task = chain[-1]
    _go(store, "grid_cm", community_task, "accept", "start", "report", **FINDING)
    _go(store, "reg_st", community_task, "review")
    _go(store, "reg_st", community_task, "rework", note="请补充现场照片")
    _go(store, "grid_cm", community_task, "report", **FINDING)
    _go(store, "reg_st", community_task, "review", "approve", "close")
    # each level reports once the level below is closed, and its upper level reviews and closes
    for (_, user, task_id), (_, upper_user, _) in zip(reversed(chain[1:-1]), reversed(chain[:-2]), strict=True):
        _go(store, user, task_id, "report", **FINDING)
        _go(store, upper_user, task_id, "review", "approve", "close")
    _go(store, "reg_hz", root.task_id, "report", **FINDING)
    _go(store, "reg_zj", root.task_id, "review", "approve")
    with pytest.raises(Conflict):
        _go(store, "reg_zj", root.task_id, "close")  # no disposition yet
    record_disposition(store, viewer("reg_hz"), lead_id=lead.lead_id, kind="penalty", authority="杭州市地方金融管理局",
                       amount=500000.0, now=NOW)  # fmt: skip
    _go(store, "reg_zj", root.task_id, "close")
    closed = get_lead(store, lead.lead_id)
    assert (closed.status, closed.outcome, closed.outcome_by) == ("closed", "confirmed", "reg_zj")
    assert closed.case_id is not None
    _go(store, "reg_zj", root.task_id, "archive")
    case = cases.case_file(store, viewer("reg_zj"), closed.case_id, now=NOW)
    assert (case.status, case.outcome) == ("archived", "confirmed")
    assert len(case.tasks) == 4 and len(case.dispositions) == 1
    community_events = [(e.action, e.actor) for e in case.events if e.task_id == community_task]
    assert community_events == [
        ("create", "reg_st"), ("assign", "reg_st"), ("accept", "grid_cm"), ("start", "grid_cm"), ("report", "grid_cm"),
        ("review", "reg_st"), ("rework", "reg_st"), ("report", "grid_cm"), ("review", "reg_st"), ("approve", "reg_st"),
        ("close", "reg_st"),
    ]  # fmt: skip
    assert feedback.outcome_labels(store) == {E1: 1}
    with pytest.raises(Conflict):  # a closed lead takes no new tasks
        tasks.create_task(store, viewer("reg_zj"), lead_id=lead.lead_id, region_code="330100", title="再派", now=NOW)


def test_dispatch_rules(store: GraphStore, lead: LeadPublic) -> None:
    with pytest.raises(Forbidden):  # grid workers work tasks, they do not dispatch them
        tasks.create_task(store, viewer("grid_xh"), lead_id=lead.lead_id, region_code=STREET, title="x", now=NOW)
    with pytest.raises(Forbidden):  # a task goes down, not to one's own level
        tasks.create_task(store, viewer("reg_xh"), lead_id=lead.lead_id, region_code=DISTRICT, title="x", now=NOW)
    with pytest.raises(NotFound):  # the lead is outside Ningbo's jurisdiction
        tasks.create_task(store, viewer("reg_nb"), lead_id=lead.lead_id, region_code="330203", title="x", now=NOW)
    with pytest.raises(ValidationFailed):
        tasks.create_task(store, viewer("reg_xh"), lead_id=lead.lead_id, region_code="3301", title="x", now=NOW)
    with pytest.raises(ValidationFailed):
        tasks.create_task(
            store, viewer("reg_xh"), lead_id=lead.lead_id, region_code=STREET, title="x", due_at=NOW - timedelta(hours=1),
            now=NOW,
        )  # fmt: skip
    root = tasks.create_task(store, viewer("reg_hz"), lead_id=lead.lead_id, region_code=DISTRICT, title="x", now=NOW)
    with pytest.raises(Conflict):  # one open root task per lead
        tasks.create_task(store, viewer("reg_hz"), lead_id=lead.lead_id, region_code="330108", title="y", now=NOW)
    with pytest.raises(Conflict):  # the parent's unit has not accepted it yet
        tasks.create_task(
            store,
            viewer("reg_xh"),
            lead_id=lead.lead_id,
            region_code=STREET,
            title="x",
            parent_task_id=root.task_id,
            now=NOW,
        )
    _go(store, "reg_xh", root.task_id, "accept")
    with pytest.raises(Forbidden):  # the unit handling the parent dispatches it further, not the city above
        tasks.create_task(
            store, viewer("reg_hz"), lead_id=lead.lead_id, region_code=STREET, title="x", parent_task_id=root.task_id,
            now=NOW,
        )  # fmt: skip
    with pytest.raises(ValidationFailed):  # a subtask goes below its parent's region
        tasks.create_task(
            store, viewer("reg_xh"), lead_id=lead.lead_id, region_code="330108001", title="x", parent_task_id=root.task_id,
            now=NOW,
        )  # fmt: skip
    with pytest.raises(ValidationFailed):  # and never outlives it
        tasks.create_task(
            store, viewer("reg_xh"), lead_id=lead.lead_id, region_code=STREET, title="x", parent_task_id=root.task_id,
            due_at=NOW + timedelta(days=60), now=NOW,
        )  # fmt: skip
    draft = tasks.create_task(
        store, viewer("reg_xh"), lead_id=lead.lead_id, region_code=STREET, title="x", parent_task_id=root.task_id,
        assign=False, now=NOW,
    )  # fmt: skip
    assert draft.state == "new" and draft.due_at == "2024-06-13T01:00:00+00:00"  # a street has 10 days


def test_overdue_tasks_show_and_escalate(store: GraphStore, lead: LeadPublic) -> None:
    due = NOW - timedelta(hours=1)
    put_task(store, lead_id=lead.lead_id, state="verifying", task_id="T-late", region_code=STREET, due_at=due)
    put_task(store, lead_id=lead.lead_id, state="reported", task_id="T-done", region_code=STREET, due_at=due)
    put_task(store, lead_id=lead.lead_id, state="accepted", task_id="T-ontime", region_code=STREET)
    page = tasks.list_tasks(store, viewer("reg_xh"), overdue=True, now=NOW)
    assert [t.task_id for t in page.items] == ["T-late"] and page.items[0].overdue
    assert not tasks.list_tasks(store, viewer("reg_xh"), overdue=False, now=NOW).items[0].overdue
    assert ancestors(COMMUNITY) == [STREET, DISTRICT, "330100", "330000"]

    first = escalate_overdue(store, now=NOW)
    assert [(e.task_id, e.escalated_to, e.escalation_count) for e in first] == [("T-late", DISTRICT, 1)]
    assert escalate_overdue(store, now=NOW + timedelta(hours=5)) == []  # nothing new until the next step is due
    second = escalate_overdue(store, now=NOW + timedelta(days=2))
    assert [(e.escalated_to, e.escalation_count) for e in second] == [("330100", 2)]
    escalate_overdue(store, now=NOW + timedelta(days=9))  # T-ontime is due on day 10
    late = tasks.get_task(store, "T-late", now=NOW)
    assert (late.escalated_to, late.escalation_count, late.state) == ("330000", 3, "verifying")
    events = tasks.events_of(store, ["T-late"])
    assert [e.action for e in events] == ["escalate"] * 3 and events[0].actor == "system"
    assert "升级至区县（330106）督办" in (events[0].note or "")
    assert [t.task_id for t in tasks.list_tasks(store, viewer("reg_hz"), escalated=True, now=NOW).items] == ["T-late"]


def test_jurisdiction_of_task_lists(store: GraphStore, lead: LeadPublic) -> None:
    put_task(store, lead_id=lead.lead_id, state="assigned", task_id="T-district")
    put_task(store, lead_id=lead.lead_id, state="assigned", task_id="T-street", region_code=STREET)
    seen = {
        u: [t.task_id for t in tasks.list_tasks(store, viewer(u), now=NOW).items]
        for u in ("admin", "reg_hz", "reg_st", "reg_nb")
    }
    assert seen == {
        "admin": ["T-district", "T-street"],
        "reg_hz": ["T-district", "T-street"],
        "reg_st": ["T-street"],
        "reg_nb": [],
    }
    page = tasks.list_tasks(store, viewer("admin"), limit=1, offset=1, now=NOW)
    assert (page.total, [t.task_id for t in page.items]) == (2, ["T-street"])
    assert store.get_node(NodeRef("Task", "T-street")) is not None
