"""The task state machine as data, the deadlines of each level, and the task models.

Every allowed transition is one row of ``TRANSITIONS``: the action, from which state to which, the roles that may take
it, and the level the caller must stand at toward the task's region:

* ``own``: the unit the task was sent to (the caller's jurisdiction is the task's region);
* ``upper``: a unit above it (the caller's jurisdiction strictly contains the task's region; national included).

Administrators may act at any level (corrections). Anything not in the table is illegal: the API answers 409 with the
reason in Chinese first. ``docs/workflow.md`` carries the same table (a test keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from smokeindex.security.roles import ROLE_ZH, Role
from smokeindex.workflow.common import LEVEL_ZH as REGION_LEVEL_ZH

TaskState = Literal[
    "new", "assigned", "accepted", "verifying", "reported", "reviewing", "disposing", "closed", "archived"
]
Action = Literal["assign", "accept", "start", "report", "review", "rework", "approve", "close", "archive"]
Level = Literal["own", "upper"]
Conclusion = Literal["confirmed", "dismissed"]

STATES: tuple[str, ...] = (
    "new", "assigned", "accepted", "verifying", "reported", "reviewing", "disposing", "closed", "archived",
)  # fmt: skip
STATE_ZH = {
    "new": "新建",
    "assigned": "已派发",
    "accepted": "已签收",
    "verifying": "核查中",
    "reported": "已上报",
    "reviewing": "审核中",
    "disposing": "处置中",
    "closed": "已办结",
    "archived": "已归档",
}
LEVEL_ZH = {"own": "本级（承办单位）", "upper": "上级单位"}
CONCLUSION_ZH = {"confirmed": "属实", "dismissed": "不属实"}
ACTION_ZH_EXTRA = {"create": "创建", "escalate": "逾期升级"}  # events that are not transitions
#: States whose deadline is running: the unit the task was sent to has not reported yet.
ACTIVE_STATES: tuple[str, ...] = ("assigned", "accepted", "verifying")
#: States after which a task is finished (its subtasks no longer hold up the report of its parent).
DONE_STATES: tuple[str, ...] = ("closed", "archived")
#: A parent task can dispatch subtasks while its unit is working on it.
DISPATCHING_STATES: tuple[str, ...] = ("accepted", "verifying")

A, R, P, INV, G = Role.ADMIN, Role.REGULATOR, Role.POLICE, Role.INVESTIGATOR, Role.GRID_WORKER
HANDLERS = frozenset({A, R, P, INV, G})  # who works a task on the ground
DISPATCHERS = frozenset({A, R, P, INV})  # who sends tasks down
REVIEWERS = frozenset({A, R, P})  # who reviews reports and closes tasks


@dataclass(frozen=True)
class Transition:
    """One allowed move of the state machine. ``needs`` names the fields the request must carry."""

    action: str
    zh: str
    source: str
    target: str
    roles: frozenset[Role]
    level: Level
    needs: tuple[str, ...] = ()
    description: str = ""


TRANSITIONS: tuple[Transition, ...] = (
    Transition("assign", "派发", "new", "assigned", DISPATCHERS, "upper", (), "上级把任务派给下级单位，开始计时"),
    Transition("accept", "签收", "assigned", "accepted", HANDLERS, "own", (), "承办单位签收任务"),
    Transition("start", "开始核查", "accepted", "verifying", HANDLERS, "own", (), "承办单位开始核查（可继续下派）"),
    Transition(
        "report", "上报", "verifying", "reported", HANDLERS, "own", ("finding", "conclusion"),
        "上报核查情况与结论（属实/不属实）；下级任务须已办结",
    ),
    Transition("review", "受理审核", "reported", "reviewing", REVIEWERS, "upper", (), "上级受理下级的上报"),
    Transition("rework", "退回重办", "reviewing", "verifying", REVIEWERS, "upper", ("note",), "上级退回，须写明理由"),
    Transition("approve", "审核通过", "reviewing", "disposing", REVIEWERS, "upper", (), "上级审核通过，转入处置"),
    Transition("close", "办结", "disposing", "closed", REVIEWERS, "upper", (), "根任务须已登记至少一项处置"),
    Transition("archive", "归档", "closed", "archived", frozenset({A, R}), "upper", (), "办结后归档，案件档案随之归档"),
)  # fmt: skip
TRANSITION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}
ACTION_ZH = {**{t.action: t.zh for t in TRANSITIONS}, **ACTION_ZH_EXTRA}

#: Days each level has to report a task from its creation (a subtask never outlives its parent's deadline).
DEADLINE_DAYS = {"province": 30, "city": 20, "district": 15, "street": 10, "community": 7}
#: An overdue task escalates to the level above at once, and one level further each interval it stays overdue.
ESCALATION_INTERVAL = timedelta(days=2)


def state_table_markdown() -> str:
    """The state machine as the Markdown table in ``docs/workflow.md``."""
    lines = [
        "| 操作 action | 从 from | 到 to | 角色 roles | 层级 level | 须填写 needs | 说明 |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in TRANSITIONS:
        roles = "、".join(f"{ROLE_ZH[r]} {r.value}" for r in Role if r in t.roles)
        lines.append(
            f"| {t.zh} `{t.action}` | {STATE_ZH[t.source]} `{t.source}` | {STATE_ZH[t.target]} `{t.target}` "
            f"| {roles} | {LEVEL_ZH[t.level]} `{t.level}` | {', '.join(t.needs) or '—'} | {t.description} |"
        )
    return "\n".join(lines)


class TransitionPublic(BaseModel):
    """One row of the state machine, as the API lists it."""

    action: Action
    action_zh: str
    source: TaskState
    source_zh: str
    target: TaskState
    target_zh: str
    roles: list[str]
    level: Level
    level_zh: str
    needs: list[str]
    description: str

    @classmethod
    def of(cls, t: Transition) -> TransitionPublic:
        return cls(
            action=t.action,  # type: ignore[arg-type]
            action_zh=t.zh,
            source=t.source,  # type: ignore[arg-type]
            source_zh=STATE_ZH[t.source],
            target=t.target,  # type: ignore[arg-type]
            target_zh=STATE_ZH[t.target],
            roles=[r.value for r in Role if r in t.roles],
            level=t.level,
            level_zh=LEVEL_ZH[t.level],
            needs=list(t.needs),
            description=t.description,
        )


class StateMachinePublic(BaseModel):
    states: dict[str, str] = Field(description="状态及其中文名")
    transitions: list[TransitionPublic]
    deadline_days: dict[str, int] = Field(description="各层级办理时限（天）")
    escalation_interval_hours: float = Field(description="逾期后每隔多久再升一级（小时）")


class TaskCreate(BaseModel):
    """Dispatch a task down: a root task for a lead, or a subtask of a task one's unit is working on."""

    lead_id: str = Field(max_length=64)
    region_code: str = Field(max_length=12, description="承办单位区划代码（须在派发人辖区的下级）")
    title: str = Field(min_length=1, max_length=200)
    instructions: str | None = Field(default=None, max_length=4000, description="办理要求")
    parent_task_id: str | None = Field(default=None, max_length=64, description="上级任务（逐级下派时）")
    due_at: datetime | None = Field(
        default=None, description="办理时限（带时区的 ISO-8601）；默认按层级时限，不晚于上级任务"
    )
    assignee: str | None = Field(default=None, max_length=64, description="承办人用户名（可选）")
    assign: bool = Field(default=True, description="创建后立即派发（否则停在“新建”）")


class TaskTransitionRequest(BaseModel):
    """Take one transition of the state machine."""

    action: Action = Field(description="操作，见 GET /workflow/states")
    note: str | None = Field(default=None, max_length=4000, description="意见（退回重办时必填）")
    finding: str | None = Field(default=None, max_length=8000, description="核查情况（上报时必填）")
    conclusion: Conclusion | None = Field(
        default=None, description="核查结论（上报时必填）：confirmed 属实，dismissed 不属实"
    )
    assignee: str | None = Field(default=None, max_length=64, description="承办人（派发时可填）")


class TaskEventPublic(BaseModel):
    """One recorded transition or escalation: who, when, from, to, note."""

    event_id: str
    task_id: str
    seq: int
    action: str
    action_zh: str
    from_state: TaskState | None = None
    from_state_zh: str | None = None
    to_state: TaskState
    to_state_zh: str
    actor: str
    actor_role: str | None = None
    at: str
    note: str | None = None

    @classmethod
    def from_node(cls, p: dict[str, Any]) -> TaskEventPublic:
        fields = {k: v for k, v in p.items() if k in cls.model_fields}
        return cls(
            **fields,
            action_zh=ACTION_ZH[p["action"]],
            from_state_zh=STATE_ZH.get(p.get("from_state") or ""),
            to_state_zh=STATE_ZH[p["to_state"]],
        )


class TaskPublic(BaseModel):
    """A task as lists show it: its state and level in Chinese, and whether it is overdue now."""

    task_id: str
    lead_id: str
    parent_task_id: str | None = None
    region_code: str
    level: str
    level_zh: str
    state: TaskState
    state_zh: str
    title: str
    instructions: str | None = None
    assignee: str | None = None
    created_by: str
    created_at: str
    due_at: str
    updated_at: str | None = None
    version: int
    overdue: bool = Field(description="逾期：时限已过而尚未上报")
    finding: str | None = None
    conclusion: Conclusion | None = None
    conclusion_zh: str | None = None
    reported_at: str | None = None
    closed_at: str | None = None
    escalation_count: int = 0
    escalated_to: str | None = None
    escalated_at: str | None = None

    @classmethod
    def from_node(cls, p: dict[str, Any], now_iso: str) -> TaskPublic:
        fields = {k: v for k, v in p.items() if k in cls.model_fields}
        return cls(
            **fields,
            level_zh=REGION_LEVEL_ZH[p["level"]],
            state_zh=STATE_ZH[p["state"]],
            overdue=p["state"] in ACTIVE_STATES and str(p["due_at"]) < now_iso,
            conclusion_zh=CONCLUSION_ZH.get(p.get("conclusion") or ""),
        )


class TaskDetail(TaskPublic):
    """A task with its history, its subtasks and what the caller may do with it now."""

    events: list[TaskEventPublic] = Field(default_factory=list)
    subtasks: list[str] = Field(default_factory=list)
    allowed_actions: list[Action] = Field(default_factory=list, description="当前用户此刻可执行的操作")
