"""Tasks: dispatch down the five levels, take the state machine's transitions, and read tasks within a jurisdiction.

Every write bumps the task's ``version`` with a compare-and-set, so of two transitions racing on one task exactly one
wins; the other is a 409 asking to reload. Each transition is recorded as a ``TaskEvent`` (who, when, from, to, note).
Closing the root task closes the lead with its outcome (the feedback label) and the case file; archiving it archives
the case file.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from smokeindex.errors import Conflict, Forbidden, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.query.viewer import Viewer
from smokeindex.security.roles import ROLE_ZH, Role, check_region_code
from smokeindex.workflow import queries
from smokeindex.workflow.cases import service as cases
from smokeindex.workflow.common import (
    Page,
    iso,
    link,
    new_id,
    node_row,
    parse_iso,
    region_level,
    rel,
    standing,
    strictly_below,
    utc_now,
    validate_patch,
)
from smokeindex.workflow.leads import service as leads
from smokeindex.workflow.leads.models import OPEN_STATUSES, STATUS_ZH
from smokeindex.workflow.tasks.models import (
    ACTIVE_STATES,
    DEADLINE_DAYS,
    DISPATCHING_STATES,
    DONE_STATES,
    LEVEL_ZH,
    STATE_ZH,
    TRANSITION,
    TRANSITIONS,
    TaskDetail,
    TaskEventPublic,
    TaskPublic,
    Transition,
)

NEEDS_ZH = {"finding": "核查情况", "conclusion": "核查结论", "note": "意见"}


def get_task_node(store: GraphStore, task_id: str) -> dict[str, Any]:
    props = store.get_node(NodeRef("Task", task_id))
    if props is None:
        raise NotFound(f"任务不存在或不在您的辖区内 (task not found): {task_id}")
    return props


def visible_task_node(store: GraphStore, viewer: Viewer, task_id: str) -> dict[str, Any]:
    """The task's properties if its region is inside the viewer's jurisdiction; ``NotFound`` otherwise."""
    props = get_task_node(store, task_id)
    if not viewer.sees([props["region_code"]]):
        raise NotFound(f"任务不存在或不在您的辖区内 (task not found): {task_id}")
    return props


def _refuse_role(viewer: Viewer, what: str, roles: frozenset[Role], action: str) -> None:
    if Role(viewer.role) not in roles:
        allowed = "、".join(ROLE_ZH[r] for r in Role if r in roles)
        raise Forbidden(
            f"您的角色（{ROLE_ZH[Role(viewer.role)]}）不能{what}；{what}须由{allowed}办理 "
            f"(role {viewer.role} may not {action})",
            errors=[{"field": "action", "problem": f"role {viewer.role} may not {action}"}],
        )


def _check_actor(viewer: Viewer, t: Transition, region_code: str) -> None:
    """The role and the level the transition asks for (administrators act at any level)."""
    _refuse_role(viewer, t.zh, t.roles, t.action)
    if viewer.role == Role.ADMIN:
        return
    where = standing(viewer, region_code)
    if where != t.level:
        mine = {"own": "本级承办单位", "upper": "上级单位", None: "辖区外单位"}[where]
        raise Forbidden(
            f"{t.zh}须由该任务的{LEVEL_ZH[t.level]}办理，您所在单位是该任务的{mine} "
            f"(action {t.action} is for the {t.level} level; you are {where or 'outside'})",
            errors=[{"field": "action", "problem": f"level {t.level} required"}],
        )


def allowed_actions(viewer: Viewer, task: dict[str, Any]) -> list[str]:
    """The transitions the viewer may take on the task in its current state."""
    out = []
    for t in TRANSITIONS:
        if t.source != task["state"]:
            continue
        try:
            _check_actor(viewer, t, task["region_code"])
        except Forbidden:
            continue
        out.append(t.action)
    return out


def create_task(
    store: GraphStore,
    viewer: Viewer,
    *,
    lead_id: str,
    region_code: str,
    title: str,
    instructions: str | None = None,
    parent_task_id: str | None = None,
    due_at: datetime | None = None,
    assignee: str | None = None,
    assign: bool = True,
    now: datetime | None = None,
) -> TaskPublic:
    """Dispatch a task down one or more levels: a root task for a lead (which then goes to ``handling`` and gets a
    case file), or a subtask of a task the caller's unit has accepted or is verifying.

    Args:
        store: The graph store.
        viewer: The dispatcher: for a root task a unit above the task's region; for a subtask the unit handling
            the parent task.
        lead_id: The lead the task works on; it must be visible and open.
        region_code: The unit the task goes to (its level follows from the code).
        title: A short name of the task.
        instructions: What to do.
        parent_task_id: The task this one is dispatched from (its region must contain this one's).
        due_at: The deadline; defaults to the level's deadline, and never later than the parent's.
        assignee: Who at the unit handles it (optional).
        assign: Take the ``assign`` transition at once (else the task waits in ``new``).
        now: The time of dispatch (defaults to now).

    Returns:
        The new task.

    Raises:
        Forbidden: The role may not dispatch, the region is not below the caller, or the caller's unit is not the
            one handling the parent task.
        NotFound: The lead or the parent task is absent or outside the jurisdiction.
        Conflict: The lead is finished, it already has an open root task, or the parent is not being worked on.
        ValidationFailed: A bad region code or deadline.
    """
    dispatch = TRANSITION["assign"]
    _refuse_role(viewer, "派发任务", dispatch.roles, "dispatch")
    check_region_code(region_code)
    lead = leads.visible_lead(store, viewer, lead_id)
    if lead.status not in OPEN_STATUSES:
        raise Conflict(
            f"线索当前为「{STATUS_ZH[lead.status]}」，不能再派发任务 (lead is {lead.status})",
            errors=[{"field": "lead_id", "problem": f"lead is {lead.status}"}],
        )
    moment = now or utc_now()
    at = iso(moment)
    level = region_level(region_code)
    deadline = moment + timedelta(days=DEADLINE_DAYS[level])
    parent = None
    if parent_task_id:
        parent = visible_task_node(store, viewer, parent_task_id)
        if viewer.role != Role.ADMIN and standing(viewer, parent["region_code"]) != "own":
            raise Forbidden(
                "只有承办上级任务的单位才能把它继续下派 (only the unit handling the parent task dispatches it further)",
                errors=[{"field": "parent_task_id", "problem": "not the unit handling it"}],
            )
        if parent["lead_id"] != lead_id:
            raise ValidationFailed(
                f"上级任务 {parent_task_id} 不属于线索 {lead_id} (the parent task belongs to another lead)",
                errors=[{"field": "parent_task_id", "problem": "another lead"}],
            )
        if parent["state"] not in DISPATCHING_STATES:
            raise Conflict(
                f"上级任务当前为「{STATE_ZH[parent['state']]}」，须在「已签收」或「核查中」时才能下派 "
                f"(the parent task is {parent['state']})",
                errors=[{"field": "parent_task_id", "problem": f"parent is {parent['state']}"}],
            )
        if not strictly_below(region_code, parent["region_code"]):
            raise ValidationFailed(
                f"下派区划 {region_code} 须在上级任务区划 {parent['region_code']} 之下 (a subtask goes down)",
                errors=[{"field": "region_code", "problem": "not below the parent task's region"}],
            )
        deadline = min(deadline, parse_iso(parent["due_at"]))
    else:
        if viewer.role != Role.ADMIN and standing(viewer, region_code) != "upper":
            raise Forbidden(
                f"任务须派往您辖区内的下级单位，{region_code} 不在其中 (tasks go down to units below you)",
                errors=[{"field": "region_code", "problem": "not below the dispatcher"}],
            )
        active = store.read(queries.ACTIVE_ROOT_TASK, {"id": lead_id, "done": list(DONE_STATES)})
        if active:
            raise Conflict(
                f"该线索已有办理中的任务 {active[0]['id']}，请在其下逐级下派 (the lead already has an open task)",
                errors=[{"field": "lead_id", "problem": "open root task exists"}],
            )
    if due_at is not None:
        if due_at <= moment:
            raise ValidationFailed("办理时限须晚于现在 (the deadline must be in the future)")
        if parent is not None and due_at > parse_iso(parent["due_at"]):
            raise ValidationFailed(
                f"下级任务的办理时限不能晚于上级任务（{parent['due_at']}） (a subtask's deadline is within its parent's)",
                errors=[{"field": "due_at", "problem": "later than the parent's deadline"}],
            )
        deadline = due_at
    task_id = new_id("TASK", moment)
    row = {
        "task_id": task_id,
        "lead_id": lead_id,
        "parent_task_id": parent_task_id,
        "region_code": region_code,
        "level": level,
        "state": "new",
        "title": title,
        "instructions": instructions,
        "created_by": viewer.username,
        "created_at": at,
        "due_at": iso(deadline),
        "updated_at": at,
        "version": 0,
        "escalation_count": 0,
    }
    store.upsert_nodes("Task", [node_row(task_id, row, at)])
    task_ref = NodeRef("Task", task_id)
    link(store, "HAS_TASK", [rel(NodeRef("Lead", lead_id), task_ref, at)])
    if parent_task_id:
        link(store, "SUBTASK_OF", [rel(task_ref, NodeRef("Task", parent_task_id), at)])
    record_event(store, task_id=task_id, seq=0, action="create", source=None, target="new", viewer=viewer, at=at)
    if parent is None:
        leads.set_status(store, lead_id, "handling", at)
        cases.open_case(store, lead=lead, region_code=region_code, actor=viewer.username, at=at)
    leads.refresh(store, lead_id, at)  # the unit the task goes to now sees the lead
    if assign:
        return transition(store, viewer, task_id=task_id, action="assign", assignee=assignee, now=moment)
    return get_task(store, task_id, now=moment)


def transition(
    store: GraphStore,
    viewer: Viewer,
    *,
    task_id: str,
    action: str,
    note: str | None = None,
    finding: str | None = None,
    conclusion: str | None = None,
    assignee: str | None = None,
    now: datetime | None = None,
) -> TaskPublic:
    """Take one transition of the state machine and record it.

    Raises:
        NotFound: The task is absent or outside the jurisdiction.
        Conflict: The task is not in the transition's source state (an illegal transition), a precondition fails
            (open subtasks, no disposition), or another user changed the task first.
        Forbidden: The role, or the caller's level toward the task, is not the transition's.
        ValidationFailed: An unknown action, or a field the transition needs is missing.
    """
    t = TRANSITION.get(action)
    if t is None:
        raise ValidationFailed(
            f"未知操作 {action!r} (unknown action); 可选: {', '.join(TRANSITION)}",
            errors=[{"field": "action", "problem": "unknown action"}],
        )
    task = visible_task_node(store, viewer, task_id)
    state = task["state"]
    if state != t.source:
        possible = [f"{x.zh}（{x.action}）" for x in TRANSITIONS if x.source == state]
        raise Conflict(
            f"任务当前状态为「{STATE_ZH[state]}」，不能{t.zh}：{t.zh}只能在「{STATE_ZH[t.source]}」时进行；"
            f"当前可进行的操作：{'、'.join(possible) or '无'} (illegal transition {action} from {state})",
            errors=[{"field": "action", "problem": f"illegal transition {action} from {state}", "state": state}],
        )
    _check_actor(viewer, t, task["region_code"])
    given = {"note": note, "finding": finding, "conclusion": conclusion}
    missing = [n for n in t.needs if not (given.get(n) or "").strip()]
    if missing:
        raise ValidationFailed(
            f"{t.zh}须填写{'、'.join(NEEDS_ZH[n] for n in missing)} (required for {action}: {', '.join(missing)})",
            errors=[{"field": n, "problem": "required"} for n in missing],
        )
    moment = now or utc_now()
    at = iso(moment)
    root = not task.get("parent_task_id")
    if action == "report":
        open_subtasks = [
            r["id"] for r in store.read(queries.SUBTASKS, {"id": task_id}) if r["state"] not in DONE_STATES
        ]
        if open_subtasks:
            raise Conflict(
                f"下级任务尚未办结，不能上报：{'、'.join(open_subtasks)} (subtasks still open)",
                errors=[{"field": "action", "problem": "open subtasks", "tasks": open_subtasks}],
            )
    if action == "close" and root and not int(store.read(queries.DISPOSITION_COUNT, {"id": task["lead_id"]})[0]["n"]):
        raise Conflict(
            "办结前须登记至少一项处置（约谈、责令整改、行政处罚、移送公安、列入黑名单或销号） (record a disposition first)",
            errors=[{"field": "action", "problem": "no disposition"}],
        )
    changes: dict[str, Any] = {"state": t.target, "updated_at": at}
    if action == "assign" and assignee:
        changes["assignee"] = assignee
    if action == "report":
        changes.update(finding=finding, conclusion=conclusion, reported_at=at)
    if action == "close":
        changes["closed_at"] = at
    version = compare_and_set(store, task, changes, at)
    record_event(
        store, task_id=task_id, seq=version, action=action, source=state, target=t.target, viewer=viewer, at=at,
        note=note,
    )  # fmt: skip
    if root and action == "close":
        outcome = task.get("conclusion")
        leads.set_status(
            store, task["lead_id"], "closed", at, outcome=outcome, outcome_at=at, outcome_by=viewer.username
        )
        cases.set_case_status(store, lead_id=task["lead_id"], status="closed", at=at, outcome=outcome)
    if root and action == "archive":
        cases.set_case_status(store, lead_id=task["lead_id"], status="archived", at=at)
    return get_task(store, task_id, now=moment)


def compare_and_set(store: GraphStore, task: dict[str, Any], changes: dict[str, Any], at: str) -> int:
    """Write ``changes`` if nobody changed the task since it was read; returns the new version (409 otherwise)."""
    version = int(task["version"]) + 1
    props = validate_patch(store, "Task", task["task_id"], {**changes, "version": version}, at)
    done = store.write(queries.TASK_CAS, {"id": task["task_id"], "version": int(task["version"]), "props": props})
    if not done:
        raise Conflict(
            f"任务 {task['task_id']} 已被他人更新，请刷新后重试 (the task changed meanwhile; reload and retry)",
            errors=[{"field": "task_id", "problem": "version conflict"}],
        )
    return version


def record_event(
    store: GraphStore,
    *,
    task_id: str,
    seq: int,
    action: str,
    source: str | None,
    target: str,
    viewer: Viewer | None,
    at: str,
    note: str | None = None,
) -> None:
    """Append a ``TaskEvent`` (its id is the task's and the version the write produced, so it is never reused)."""
    event_id = f"{task_id}-E{seq:03d}"
    row = {
        "event_id": event_id,
        "task_id": task_id,
        "seq": seq,
        "action": action,
        "from_state": source,
        "to_state": target,
        "actor": viewer.username if viewer else "system",
        "actor_role": viewer.role if viewer else "system",
        "at": at,
        "note": note,
    }
    store.upsert_nodes("TaskEvent", [node_row(event_id, row, at)])
    link(store, "HAS_TASK_EVENT", [rel(NodeRef("Task", task_id), NodeRef("TaskEvent", event_id), at)])


def get_task(store: GraphStore, task_id: str, *, now: datetime | None = None) -> TaskPublic:
    return TaskPublic.from_node(get_task_node(store, task_id), iso(now or utc_now()))


def task_detail(store: GraphStore, viewer: Viewer, task_id: str, *, now: datetime | None = None) -> TaskDetail:
    """A visible task with its events, subtasks and the actions the viewer may take now."""
    props = visible_task_node(store, viewer, task_id)
    base = TaskPublic.from_node(props, iso(now or utc_now()))
    return TaskDetail(
        **base.model_dump(),
        events=events_of(store, [task_id]),
        subtasks=[str(r["id"]) for r in store.read(queries.SUBTASKS, {"id": task_id})],
        allowed_actions=allowed_actions(viewer, props),  # type: ignore[arg-type]
    )


def events_of(store: GraphStore, task_ids: list[str]) -> list[TaskEventPublic]:
    if not task_ids:
        return []
    return [TaskEventPublic.from_node(dict(r["props"])) for r in store.read(queries.EVENTS_OF, {"ids": task_ids})]


def tasks_of_lead(store: GraphStore, lead_id: str, *, now: datetime | None = None) -> list[TaskPublic]:
    now_iso = iso(now or utc_now())
    return [TaskPublic.from_node(dict(r["props"]), now_iso) for r in store.read(queries.TASKS_OF_LEAD, {"id": lead_id})]


def list_tasks(
    store: GraphStore,
    viewer: Viewer,
    *,
    state: str | None = None,
    lead_id: str | None = None,
    level: str | None = None,
    overdue: bool | None = None,
    escalated: bool | None = None,
    limit: int = 50,
    offset: int = 0,
    now: datetime | None = None,
) -> Page[TaskPublic]:
    """One page of the tasks inside the jurisdiction, the nearest deadline first; ``overdue`` is computed now."""
    now_iso = iso(now or utc_now())
    params = {
        "prefix": viewer.prefix,
        "state": state,
        "lead_id": lead_id,
        "level": level,
        "overdue": overdue,
        "escalated": escalated,
        "active": list(ACTIVE_STATES),
        "now": now_iso,
    }
    total = int(store.read(queries.COUNT_TASKS, params)[0]["n"])
    rows = store.read(queries.LIST_TASKS, {**params, "offset": offset, "limit": limit})
    items = [TaskPublic.from_node(dict(r["props"]), now_iso) for r in rows]
    return Page[TaskPublic](total=total, offset=offset, limit=limit, items=items)
