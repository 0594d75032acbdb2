"""Blacklist entries (黑名单库): who, why, which authority decided, and from when until when."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

EntryStatus = Literal["active", "pending", "expired", "revoked"]
ENTRY_STATUS_ZH = {"active": "有效", "pending": "未生效", "expired": "已过期", "revoked": "已撤销"}


def entry_status(p: dict[str, Any], today: str) -> str:
    """Whether an entry is in force on ``today`` (``YYYY-MM-DD``), as the rules read it."""
    if p.get("revoked_at"):
        return "revoked"
    if str(p["valid_from"]) > today:
        return "pending"
    if p.get("valid_to") and str(p["valid_to"]) < today:
        return "expired"
    return "active"


class BlacklistTerms(BaseModel):
    """What a blacklisting says: the reason and how long it holds."""

    reason: str = Field(min_length=1, max_length=4000, description="列入理由")
    valid_from: date | None = Field(default=None, description="生效日期，默认今天")
    valid_to: date | None = Field(default=None, description="失效日期，空为长期有效")


class BlacklistEntryCreate(BlacklistTerms):
    """A party put on the blacklist directly (not through a disposition)."""

    subject: str = Field(max_length=80, description="Enterprise:<统一社会信用代码> 或 Person:<人员标识>")
    authority: str = Field(min_length=1, max_length=200, description="决定机关")


class BlacklistRevoke(BaseModel):
    reason: str = Field(min_length=1, max_length=4000, description="撤销理由")


class BlacklistEntryPublic(BaseModel):
    entry_id: str
    subject_label: Literal["Enterprise", "Person"]
    subject_key: str
    subject_name: str | None = None
    region_code: str | None = None
    reason: str
    authority: str
    valid_from: str
    valid_to: str | None = None
    disposition_id: str | None = None
    created_at: str
    created_by: str
    revoked_at: str | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None
    status: EntryStatus = Field(description="active 有效、pending 未生效、expired 已过期、revoked 已撤销")
    status_zh: str

    @classmethod
    def from_node(cls, p: dict[str, Any], today: str) -> BlacklistEntryPublic:
        fields = {k: v for k, v in p.items() if k in cls.model_fields}
        status = entry_status(p, today)
        return cls(**fields, status=status, status_zh=ENTRY_STATUS_ZH[status])  # type: ignore[arg-type]
