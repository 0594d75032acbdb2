"""Escalation of overdue tasks (逾期升级), run by ``smokeindex workflow escalate`` (e.g. from cron every hour).

A task is overdue when its deadline has passed and its unit has not reported (``assigned``, ``accepted``,
``verifying``). It escalates at once to the level above its region, and one level further for every
``ESCALATION_INTERVAL`` it stays overdue, up to the province. Each escalation sets ``escalated_to`` (the region code of
the level now responsible for chasing it), counts up ``escalation_count`` and is recorded as an ``escalate`` event.
Running it again changes nothing until the next step is due, so it is safe to run as often as one likes.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from smokeindex.errors import Conflict
from smokeindex.graph import GraphStore
from smokeindex.workflow import queries
from smokeindex.workflow.common import LEVEL_ZH, iso, parent_region, parse_iso, region_level, utc_now
from smokeindex.workflow.tasks.models import ACTIVE_STATES, ESCALATION_INTERVAL
from smokeindex.workflow.tasks.service import compare_and_set, record_event


class Escalation(BaseModel):
    """One task escalated by one run."""

    task_id: str
    region_code: str
    due_at: str
    overdue_hours: float
    escalation_count: int
    escalated_to: str
    escalated_to_level_zh: str


def ancestors(code: str) -> list[str]:
    """The regions above a region, nearest first: ``330106001`` → ``330106``, ``330100``, ``330000``."""
    out = []
    up = parent_region(code)
    while up:
        out.append(up)
        up = parent_region(up)
    return out


def escalate_overdue(store: GraphStore, *, now: datetime | None = None) -> list[Escalation]:
    """Escalate every overdue task whose next step is due; returns what was escalated now."""
    moment = now or utc_now()
    at = iso(moment)
    done: list[Escalation] = []
    for r in store.read(queries.OVERDUE_TASKS, {"active": list(ACTIVE_STATES), "now": at}):
        task = dict(r["props"])
        chain = ancestors(task["region_code"])
        if not chain:
            continue  # a province's task has nobody above it in the five levels
        late = moment - parse_iso(task["due_at"])
        if late.total_seconds() <= 0:
            continue
        steps = min(1 + int(late / ESCALATION_INTERVAL), len(chain))
        count = int(task.get("escalation_count") or 0)
        if steps <= count:
            continue
        target = chain[steps - 1]
        changes = {"escalation_count": steps, "escalated_to": target, "escalated_at": at, "updated_at": at}
        try:
            version = compare_and_set(store, task, changes, at)
        except Conflict:
            continue  # someone moved the task meanwhile; the next run looks at it again
        hours = late.total_seconds() / 3600
        level_zh = LEVEL_ZH[region_level(target)]
        record_event(
            store,
            task_id=task["task_id"],
            seq=version,
            action="escalate",
            source=task["state"],
            target=task["state"],
            viewer=None,
            at=at,
            note=f"逾期 {hours:.0f} 小时未上报，升级至{level_zh}（{target}）督办",
        )
        done.append(
            Escalation(
                task_id=task["task_id"],
                region_code=task["region_code"],
                due_at=task["due_at"],
                overdue_hours=round(hours, 1),
                escalation_count=steps,
                escalated_to=target,
                escalated_to_level_zh=level_zh,
            )
        )
    return done
