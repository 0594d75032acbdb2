"""Dispositions (处置): what was done about a lead's subject, and by which authority."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from smokeindex.workflow.blacklist.models import BlacklistTerms

DispositionKind = Literal["interview", "rectification", "penalty", "police_referral", "blacklist", "closed"]
KINDS: tuple[str, ...] = ("interview", "rectification", "penalty", "police_referral", "blacklist", "closed")
KIND_ZH = {
    "interview": "约谈",
    "rectification": "责令整改",
    "penalty": "行政处罚",
    "police_referral": "移送公安",
    "blacklist": "列入黑名单",
    "closed": "销号",
}


class DispositionCreate(BaseModel):
    """Record a disposition while one of the lead's tasks is in 处置中."""

    kind: DispositionKind = Field(
        description="interview 约谈、rectification 责令整改、penalty 行政处罚、police_referral 移送公安、"
        "blacklist 列入黑名单、closed 销号"
    )
    authority: str = Field(min_length=1, max_length=200, description="决定机关")
    task_id: str | None = Field(default=None, max_length=64, description="处置中的任务；默认取该线索处置中的任务")
    document_no: str | None = Field(default=None, max_length=100, description="文书编号")
    note: str | None = Field(default=None, max_length=4000, description="处置说明")
    amount: float | None = Field(default=None, ge=0, description="罚没金额（元），行政处罚时填写")
    due_date: date | None = Field(default=None, description="整改期限，责令整改时填写")
    decided_at: datetime | None = Field(default=None, description="决定时间（带时区），默认现在")
    blacklist: BlacklistTerms | None = Field(default=None, description="列入黑名单时必填：理由与有效期")


class DispositionPublic(BaseModel):
    disposition_id: str
    lead_id: str
    task_id: str | None = None
    kind: DispositionKind
    kind_zh: str
    subject_label: Literal["Enterprise", "Person"]
    subject_key: str
    region_code: str
    authority: str
    document_no: str | None = None
    decided_at: str
    decided_by: str
    note: str | None = None
    amount: float | None = None
    due_date: str | None = None
    blacklist_entry_id: str | None = Field(default=None, description="列入黑名单时生成的黑名单条目")

    @classmethod
    def from_node(cls, p: dict[str, Any], entry_id: str | None = None) -> DispositionPublic:
        fields = {k: v for k, v in p.items() if k in cls.model_fields}
        return cls(**fields, kind_zh=KIND_ZH[p["kind"]], blacklist_entry_id=entry_id)
