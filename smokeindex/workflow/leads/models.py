"""Leads (线索) and their sources: what the API accepts and answers, with Chinese labels for every coded value."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Channel = Literal["warning", "complaint", "inspection", "referral", "manual"]
LeadStatus = Literal["open", "handling", "closed", "merged"]
MergeState = Literal["original", "merged", "confirmed", "undone"]
Outcome = Literal["confirmed", "dismissed"]

CHANNELS: tuple[str, ...] = ("warning", "complaint", "inspection", "referral", "manual")
CHANNEL_ZH = {
    "warning": "预警",
    "complaint": "投诉举报",
    "inspection": "现场排查",
    "referral": "部门移送",
    "manual": "人工登记",
}
STATUS_ZH = {"open": "待派发", "handling": "办理中", "closed": "已办结", "merged": "已并入其他线索"}
MERGE_STATE_ZH = {
    "original": "原始来源",
    "merged": "已融合（待复核）",
    "confirmed": "融合已确认",
    "undone": "融合已撤销",
}
OUTCOME_ZH = {"confirmed": "属实", "dismissed": "不属实"}
#: Leads that still take new sources: a new report about their subject merges into the oldest of them.
OPEN_STATUSES = ("open", "handling")
MANUAL_LABEL = "Manual"


class LeadSourcePublic(BaseModel):
    """One source of a lead."""

    source_id: str
    lead_id: str
    channel: Channel
    channel_zh: str
    source_label: str = Field(description="来源记录类型，如 Warning、Complaint；人工登记为 Manual")
    source_key: str = Field(description="来源记录标识")
    region_code: str | None = None
    summary: str | None = None
    reported_by: str
    received_at: str
    merge_state: MergeState
    merge_state_zh: str
    moved_from: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    review_note: str | None = None

    @classmethod
    def from_node(cls, p: dict[str, Any]) -> LeadSourcePublic:
        return cls(**p, channel_zh=CHANNEL_ZH[p["channel"]], merge_state_zh=MERGE_STATE_ZH[p["merge_state"]])


class LeadPublic(BaseModel):
    """A lead with all its sources."""

    lead_id: str
    subject_label: Literal["Enterprise", "Person"]
    subject_key: str
    subject_name: str | None = None
    region_code: str
    region_codes: list[str] = Field(default_factory=list, description="各来源涉及的区划")
    status: LeadStatus
    status_zh: str
    channels: list[Channel] = Field(default_factory=list)
    channels_zh: list[str] = Field(default_factory=list)
    source_count: int = 0
    summary: str | None = None
    created_at: str
    created_by: str
    updated_at: str | None = None
    merged_into: str | None = None
    split_from: str | None = None
    outcome: Outcome | None = None
    outcome_zh: str | None = None
    outcome_at: str | None = None
    outcome_by: str | None = None
    case_id: str | None = Field(default=None, description="派发后建立的案件档案编号")
    sources: list[LeadSourcePublic] = Field(default_factory=list)

    @classmethod
    def from_node(cls, p: dict[str, Any], sources: list[LeadSourcePublic], case_id: str | None) -> LeadPublic:
        fields = {k: v for k, v in p.items() if k in cls.model_fields}
        return cls(
            **fields,
            status_zh=STATUS_ZH[p["status"]],
            channels_zh=[CHANNEL_ZH[c] for c in p.get("channels") or []],
            outcome_zh=OUTCOME_ZH.get(p.get("outcome") or ""),
            case_id=case_id,
            sources=sources,
        )


class LeadCreate(BaseModel):
    """A lead entered by hand (or referred by another department)."""

    subject: str = Field(max_length=80, description="Enterprise:<统一社会信用代码> 或 Person:<人员标识>")
    summary: str = Field(min_length=1, max_length=4000, description="线索内容")
    channel: Literal["manual", "referral"] = Field(default="manual", description="manual 人工登记；referral 部门移送")
    region_code: str | None = Field(default=None, max_length=12, description="线索所属区划，默认取主体所属区划")
    reference: str | None = Field(
        default=None, max_length=100, description="来源文书编号（部门移送时填写），同一编号重复登记只记一次"
    )


class LeadMerge(BaseModel):
    """Merge another open lead about the same subject into this one."""

    other_lead_id: str = Field(max_length=64)
    note: str | None = Field(default=None, max_length=2000)


class SourceReview(BaseModel):
    """The review of a merged source: keep it (confirm) or split it off into a lead of its own (undo)."""

    decision: Literal["confirm", "undo"] = Field(description="confirm 确认融合；undo 撤销融合，拆为新线索")
    note: str | None = Field(default=None, max_length=2000, description="复核意见")
