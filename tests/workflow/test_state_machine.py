"""The task state machine on both real stores: every transition legal and illegal, per role and per level, each one
recorded; the table in the docs is the table in the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from smokeindex.errors import Conflict, Forbidden, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.security.roles import Role
from smokeindex.workflow.leads.models import LeadPublic
from smokeindex.workflow.tasks import service
from smokeindex.workflow.tasks.models import STATE_ZH, STATES, TRANSITION, TRANSITIONS, Transition, state_table_markdown
from tests.workflow.conftest import NOW, OWN, UPPER, put_task, viewer

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"finding": "现场核实：以养老项目名义吸收资金", "conclusion": "confirmed", "note": "材料不全，请补充"}


def _fields(t: Transition) -> dict[str, str]:
    return {n: FIELDS[n] for n in t.needs}


def test_the_table_is_complete_and_documented() -> None:
    targets = {t.target for t in TRANSITIONS}
    assert set(STATES) - {"new"} <= targets, "every state but new is reachable"
    assert {t.source for t in TRANSITIONS} == set(STATES) - {"archived"}, "only archived is final"
    assert len(TRANSITION) == len(TRANSITIONS), "one row per action"
    assert any(t.source == "reviewing" and t.target == "verifying" for t in TRANSITIONS), "return for rework"
    assert state_table_markdown() in (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: t.action)
def test_each_transition_for_each_role(store: GraphStore, lead: LeadPublic, t: Transition) -> None:
    users = OWN if t.level == "own" else UPPER
    for role in Role:
        task_id = put_task(store, lead_id=lead.lead_id, state=t.source, task_id=f"T-{t.action}-{role.value}")
        who = viewer(users[role])
        if role not in t.roles:
            with pytest.raises(Forbidden) as e:
                service.transition(store, who, task_id=task_id, action=t.action, now=NOW, **_fields(t))
            assert "不能" in e.value.detail and t.zh in e.value.detail
            assert store.get_node(NodeRef("Task", task_id))["state"] == t.source  # type: ignore[index]
            continue
        out = service.transition(store, who, task_id=task_id, action=t.action, now=NOW, **_fields(t))
        assert out.state == t.target and out.state_zh == STATE_ZH[t.target] and out.version == 1
        event = service.events_of(store, [task_id])[-1]
        assert (event.action, event.from_state, event.to_state, event.actor, event.at) == (
            t.action, t.source, t.target, who.username, "2024-06-03T01:00:00+00:00",
        )  # fmt: skip
        assert event.note == (FIELDS["note"] if "note" in t.needs else None)


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: t.action)
def test_each_transition_at_the_wrong_level(store: GraphStore, lead: LeadPublic, t: Transition) -> None:
    wrong = UPPER if t.level == "own" else OWN
    for role in t.roles - {Role.ADMIN}:
        task_id = put_task(store, lead_id=lead.lead_id, state=t.source, task_id=f"T-{t.action}-{role.value}")
        with pytest.raises(Forbidden) as e:
            service.transition(store, viewer(wrong[role]), task_id=task_id, action=t.action, now=NOW, **_fields(t))
        assert "须由该任务的" in e.value.detail
    # a street unit cannot even see the district's task
    task_id = put_task(store, lead_id=lead.lead_id, state=t.source, task_id=f"T-{t.action}-street")
    with pytest.raises(NotFound):
        service.transition(store, viewer("grid_st"), task_id=task_id, action=t.action, now=NOW, **_fields(t))


def test_every_illegal_transition_is_a_conflict(store: GraphStore, lead: LeadPublic) -> None:
    admin = viewer("admin")  # may take every transition, so only the state can refuse
    for state in STATES:
        task_id = put_task(store, lead_id=lead.lead_id, state=state, task_id=f"T-{state}")
        for t in TRANSITIONS:
            if t.source == state:
                continue
            with pytest.raises(Conflict) as e:
                service.transition(store, admin, task_id=task_id, action=t.action, now=NOW, **_fields(t))
            assert e.value.detail.startswith(f"任务当前状态为「{STATE_ZH[state]}」，不能{t.zh}")
            assert e.value.errors[0]["state"] == state
        assert store.get_node(NodeRef("Task", task_id))["state"] == state  # type: ignore[index]
        assert service.events_of(store, [task_id]) == []


def test_needed_fields_and_preconditions(store: GraphStore, lead: LeadPublic) -> None:
    put_task(store, lead_id=lead.lead_id, state="verifying", task_id="T-report")
    with pytest.raises(ValidationFailed) as e:
        service.transition(store, viewer("inv_xh"), task_id="T-report", action="report", finding="有", now=NOW)
    assert "核查结论" in e.value.detail
    put_task(store, lead_id=lead.lead_id, state="reviewing", task_id="T-rework")
    with pytest.raises(ValidationFailed):
        service.transition(store, viewer("reg_hz"), task_id="T-rework", action="rework", now=NOW)
    # a unit cannot report while a task it sent further down is open
    put_task(
        store,
        lead_id=lead.lead_id,
        state="accepted",
        task_id="T-child",
        region_code="330106001",
        parent_task_id="T-report",
    )
    with pytest.raises(Conflict) as c:
        service.transition(store, viewer("inv_xh"), task_id="T-report", action="report", now=NOW, **FIELDS)
    assert "下级任务尚未办结" in c.value.detail and "T-child" in c.value.detail
    # closing a root task needs a disposition
    put_task(store, lead_id=lead.lead_id, state="disposing", task_id="T-root", parent_task_id=None)
    with pytest.raises(Conflict) as c:
        service.transition(store, viewer("reg_hz"), task_id="T-root", action="close", now=NOW)
    assert "办结前须登记至少一项处置" in c.value.detail
    with pytest.raises(ValidationFailed):
        service.transition(store, viewer("admin"), task_id="T-root", action="dance", now=NOW)


def test_a_stale_write_loses(store: GraphStore, lead: LeadPublic) -> None:
    put_task(store, lead_id=lead.lead_id, state="assigned", task_id="T-race")
    seen = service.get_task_node(store, "T-race")
    service.transition(store, viewer("inv_xh"), task_id="T-race", action="accept", now=NOW)
    with pytest.raises(Conflict) as e:
        service.compare_and_set(store, seen, {"state": "accepted"}, "2024-06-03T01:00:00+00:00")
    assert "已被他人更新" in e.value.detail
    assert service.get_task_node(store, "T-race")["version"] == 1


def test_allowed_actions_follow_the_table(store: GraphStore, lead: LeadPublic) -> None:
    put_task(store, lead_id=lead.lead_id, state="reviewing", task_id="T-allowed")
    assert service.task_detail(store, viewer("reg_hz"), "T-allowed", now=NOW).allowed_actions == ["rework", "approve"]
    assert service.task_detail(store, viewer("inv_xh"), "T-allowed", now=NOW).allowed_actions == []
    assert service.task_detail(store, viewer("admin"), "T-allowed", now=NOW).allowed_actions == ["rework", "approve"]
