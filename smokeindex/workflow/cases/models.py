"""Case files (案件档案): the record opened when a lead is first dispatched, and everything it gathers."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from smokeindex.workflow.blacklist.models import BlacklistEntryPublic
from smokeindex.workflow.dispositions.models import DispositionPublic
from smokeindex.workflow.evidence_files.models import EvidenceFilePublic
from smokeindex.workflow.leads.models import OUTCOME_ZH, LeadPublic
from smokeindex.workflow.tasks.models import TaskEventPublic, TaskPublic

CaseStatus = Literal["open", "closed", "archived"]
CASE_STATUS_ZH = {"open": "办理中", "closed": "已办结", "archived": "已归档"}


class CasePublic(BaseModel):
    case_id: str
    lead_id: str
    subject_label: Literal["Enterprise", "Person"]
    subject_key: str
    subject_name: str | None = None
    region_code: str = Field(description="根任务的承办区划")
    status: CaseStatus
    status_zh: str
    opened_at: str
    opened_by: str
    closed_at: str | None = None
    archived_at: str | None = None
    outcome: Literal["confirmed", "dismissed"] | None = None
    outcome_zh: str | None = None

    @classmethod
    def from_node(cls, p: dict[str, Any]) -> CasePublic:
        fields = {k: v for k, v in p.items() if k in cls.model_fields}
        return cls(**fields, status_zh=CASE_STATUS_ZH[p["status"]], outcome_zh=OUTCOME_ZH.get(p.get("outcome") or ""))


class WarningPoint(BaseModel):
    """The subject's warning in one scoring run: the index over time."""

    warning_id: str
    run_id: str
    started_at: str | None = None
    score: float
    grade: str
    previous_grade: str | None = None
    grade_changed: bool | None = None
    change_causes: str | None = None
    rule_ids: list[str] = Field(default_factory=list)


class CaseFilePublic(CasePublic):
    """Everything about one case: the lead and its sources, the tasks and their events, the evidence files, the
    dispositions, the blacklist entries of the subject, and the subject's warnings over time (oldest first)."""

    lead: LeadPublic
    tasks: list[TaskPublic]
    events: list[TaskEventPublic]
    evidence_files: list[EvidenceFilePublic]
    dispositions: list[DispositionPublic]
    blacklist: list[BlacklistEntryPublic]
    warnings: list[WarningPoint]
