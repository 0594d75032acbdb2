"""XLSX ledgers (台账) with Chinese headers: the reward ledger here, and the shared workbook writer the inspection
ledger uses too. Each workbook has the table (header row frozen) and a sheet 导出说明 saying who exported what, when."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from smokeindex.complaints.models import RewardPublic

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REWARD_HEADERS = [
    "奖励编号", "举报编号", "发生地区", "奖励状态", "申请金额（元）", "批准金额（元）", "发放金额（元）", "支付凭证号",
    "申请登记人", "申请时间", "核实人", "核实时间", "审批人", "审批时间", "发放人", "发放时间", "不予奖励决定人",
    "不予奖励时间", "最近说明",
]  # fmt: skip


def reward_row(r: RewardPublic) -> list[Any]:
    return [
        r.reward_id, r.complaint_id, r.region_code, r.status_zh, r.proposed_amount, r.approved_amount, r.paid_amount,
        r.payment_ref, r.submitted_by, r.submitted_at, r.verified_by, r.verified_at, r.approved_by, r.approved_at,
        r.paid_by, r.paid_at, r.rejected_by, r.rejected_at, r.note,
    ]  # fmt: skip


def _cell(value: Any) -> Any:
    """A cell value: numbers and blanks as they are, text without the control characters XLSX cannot hold."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def workbook(sheets: Sequence[tuple[str, list[str], Iterable[list[Any]]]], about: list[tuple[str, Any]]) -> bytes:
    """An XLSX file: one sheet per ``(name, headers, rows)`` and a sheet 导出说明 of ``about`` lines."""
    wb = Workbook(write_only=True)
    for name, headers, rows in sheets:
        sheet = wb.create_sheet(name)
        sheet.freeze_panes = "A2"
        sheet.append(headers)
        for row in rows:
            sheet.append([_cell(v) for v in row])
    info = wb.create_sheet("导出说明")
    info.append(["项目", "内容"])
    info.append(["导出时间（UTC）", datetime.now(UTC).isoformat(timespec="seconds")])
    for key, value in about:
        info.append([key, _cell(value)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewards_xlsx(rewards: list[RewardPublic], about: list[tuple[str, Any]]) -> bytes:
    """The reward ledger: one row per reward, then the totals of approved and paid amounts."""
    approved = sum(r.approved_amount or 0.0 for r in rewards if r.status != "rejected")
    paid = sum(r.paid_amount or 0.0 for r in rewards)
    rows = [reward_row(r) for r in rewards]
    rows.append(["合计", None, None, f"{len(rewards)} 笔", None, round(approved, 2), round(paid, 2)])
    return workbook([("举报奖励台账", REWARD_HEADERS, rows)], [*about, ("记录数", len(rewards))])
