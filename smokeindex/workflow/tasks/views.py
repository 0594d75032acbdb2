"""``/workflow/tasks`` and ``/workflow/states``: dispatch, list, read and move tasks through the state machine."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.workflow.common import Page, RegionLevel
from smokeindex.workflow.tasks import service
from smokeindex.workflow.tasks.models import (
    DEADLINE_DAYS,
    ESCALATION_INTERVAL,
    STATE_ZH,
    TRANSITIONS,
    StateMachinePublic,
    TaskCreate,
    TaskDetail,
    TaskPublic,
    TaskState,
    TaskTransitionRequest,
    TransitionPublic,
)
from smokeindex.workflow.viewkit import ERRORS, Limit, Offset, audited

router = APIRouter(tags=["tasks 任务流转"])
Reader = Annotated[Principal, Depends(Allowed("tasks.read"))]
Writer = Annotated[Principal, Depends(Allowed("tasks.write"))]
TaskId = Annotated[str, Path(min_length=1, max_length=64, description="任务编号")]


@router.get(
    "/states", response_model=StateMachinePublic, summary="任务状态机 (the task state machine)", responses=ERRORS
)
def states(principal: Reader) -> StateMachinePublic:
    """全部状态、允许的流转（角色与层级）、各层级办理时限与逾期升级间隔。"""
    return StateMachinePublic(
        states=STATE_ZH,
        transitions=[TransitionPublic.of(t) for t in TRANSITIONS],
        deadline_days=DEADLINE_DAYS,
        escalation_interval_hours=ESCALATION_INTERVAL.total_seconds() / 3600,
    )


@router.get("/tasks", response_model=Page[TaskPublic], summary="任务清单 (tasks)", responses=ERRORS)
def list_tasks(
    principal: Reader,
    store: StoreDep,
    audit: AuditDep,
    state: Annotated[TaskState | None, Query(description="任务状态")] = None,
    lead_id: Annotated[str | None, Query(max_length=64)] = None,
    level: Annotated[RegionLevel | None, Query(description="承办层级")] = None,
    overdue: Annotated[bool | None, Query(description="只看逾期（true）或未逾期（false）")] = None,
    escalated: Annotated[bool | None, Query(description="只看已升级（true）或未升级（false）")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[TaskPublic]:
    """本辖区及下级的任务，办理时限最近的在前；逾期（时限已过而未上报）的标记 overdue。"""
    params = {"state": state, "lead_id": lead_id, "level": level, "overdue": overdue, "escalated": escalated}
    with audited(principal, audit, "tasks.read", "", {**params, "limit": limit, "offset": offset}) as extra:
        page = service.list_tasks(
            store,
            principal.viewer,
            state=state,
            lead_id=lead_id,
            level=level,
            overdue=overdue,
            escalated=escalated,
            limit=limit,
            offset=offset,
        )
        extra["total"] = page.total
    return page


@router.post(
    "/tasks", response_model=TaskPublic, status_code=201, summary="派发任务 (dispatch a task down)", responses=ERRORS
)
def create_task(body: TaskCreate, principal: Writer, store: StoreDep, audit: AuditDep) -> TaskPublic:
    """为线索派发根任务，或把本单位正在办理的任务逐级下派；区划须在派发人辖区的下级。"""
    with audited(principal, audit, "tasks.create", body.lead_id, body.model_dump(mode="json")) as extra:
        task = service.create_task(
            store,
            principal.viewer,
            lead_id=body.lead_id,
            region_code=body.region_code,
            title=body.title,
            instructions=body.instructions,
            parent_task_id=body.parent_task_id,
            due_at=body.due_at,
            assignee=body.assignee,
            assign=body.assign,
        )
        extra["task_id"] = task.task_id
    return task


@router.get("/tasks/{task_id}", response_model=TaskDetail, summary="任务详情 (a task)", responses=ERRORS)
def get_task(task_id: TaskId, principal: Reader, store: StoreDep, audit: AuditDep) -> TaskDetail:
    """任务及其全部流转记录（谁、何时、从何状态到何状态、意见）、下级任务、当前用户可执行的操作。"""
    with audited(principal, audit, "tasks.read", task_id, {}):
        return service.task_detail(store, principal.viewer, task_id)


@router.post(
    "/tasks/{task_id}/transitions",
    response_model=TaskPublic,
    summary="任务流转 (take a transition)",
    responses=ERRORS,
)
def transition(
    task_id: TaskId, body: TaskTransitionRequest, principal: Writer, store: StoreDep, audit: AuditDep
) -> TaskPublic:
    """按状态机流转任务：签收、开始核查、上报、受理审核、退回重办、审核通过、办结、归档等。
    当前状态下不允许的操作返回 409 并说明原因；角色或层级不符返回 403。"""
    params = body.model_dump(mode="json", exclude={"finding"})
    with audited(principal, audit, f"tasks.{body.action}", task_id, params):
        return service.transition(
            store,
            principal.viewer,
            task_id=task_id,
            action=body.action,
            note=body.note,
            finding=body.finding,
            conclusion=body.conclusion,
            assignee=body.assignee,
        )
