"""Rewards for complaints (举报奖励): 已申请 → 已核实 → 已批准 → 已发放, or 不予奖励 before payment.

Every step records who, when and (for approval and payment) how much, and appends a line to the reward's history. A
step is compare-and-set on the status, so a step its current status does not allow, or one that lost a race with
another user, is refused with 409 and a reason. Approval needs a second person: the approver may not be the one who
verified the report (四眼原则). Each step also adds a public progress line to the complaint, which the reporter sees
with the receipt code (without amounts or names).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from smokeindex.complaints import queries as q
from smokeindex.complaints.models import (
    REWARD_STATUS_ZH,
    STATUS_ZH,
    RewardCreate,
    RewardEvent,
    RewardFilter,
    RewardPage,
    RewardPublic,
    RewardStep,
)
from smokeindex.complaints.paging import decode_cursor, encode_cursor, fingerprint
from smokeindex.complaints.service import (
    append_progress,
    log_line,
    now_iso,
    read_log,
    visible_complaint,
)
from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from smokeindex.query.viewer import Viewer
from smokeindex.schema.validation import node_patch_model, validate_rows

SOURCE = "reward"
REWARDABLE = ("accepted", "verifying", "closed")  # a complaint must have been accepted before a reward is considered


@dataclass(frozen=True)
class Step:
    """One reward step: the statuses it starts from, the status it leads to, its Chinese name, and the fields that
    record who and when."""

    sources: tuple[str, ...]
    target: str
    zh: str
    by: str
    at: str


STEPS: dict[str, Step] = {
    "verify": Step(("submitted",), "verified", "核实", "verified_by", "verified_at"),
    "approve": Step(("verified",), "approved", "批准", "approved_by", "approved_at"),
    "pay": Step(("approved",), "paid", "发放", "paid_by", "paid_at"),
    "reject": Step(("submitted", "verified", "approved"), "rejected", "不予奖励", "rejected_by", "rejected_at"),
}
ACTION_ZH = {"submit": "申请", **{k: s.zh for k, s in STEPS.items()}}
PUBLIC_NOTES = {
    "submitted": "举报奖励已进入申请程序。",
    "verified": "举报奖励：举报内容已核实。",
    "approved": "举报奖励已批准，工作人员将与您联系发放。",
    "paid": "举报奖励已发放。",
    "rejected": "经审核，本次举报不予奖励。",
}


def reward_public(r: dict[str, Any]) -> RewardPublic:
    history = [
        RewardEvent(**{**e, "action_zh": ACTION_ZH.get(e["action"], e["action"])})
        for e in read_log(r.get("history_log"))
    ]
    body = {k: v for k, v in r.items() if k in RewardPublic.model_fields and k != "history"}
    return RewardPublic(**body, status_zh=REWARD_STATUS_ZH[r["status"]], history=history)


def _visible_reward(store: GraphStore, viewer: Viewer, reward_id: str) -> dict[str, Any]:
    found = store.read(q.REWARD, {"id": reward_id})
    if not found or not viewer.sees([found[0]["r"].get("region_code")]):
        raise NotFound(f"奖励不存在或不在您的辖区内 (reward not found): {reward_id}")
    return dict(found[0]["r"])


def get_reward(store: GraphStore, *, viewer: Viewer, reward_id: str) -> RewardPublic:
    return reward_public(_visible_reward(store, viewer, reward_id))


def create_reward(store: GraphStore, *, viewer: Viewer, request: RewardCreate, actor: str) -> RewardPublic:
    """Open a reward for an accepted complaint (one open reward per complaint)."""
    rec = visible_complaint(store, viewer, request.complaint_id)
    c = rec["c"]
    if c["status"] not in REWARDABLE:
        raise Conflict(f"举报当前为“{STATUS_ZH[c['status']]}”，须先受理才能申请奖励 (complaint not accepted)")
    open_reward = store.read(q.OPEN_REWARD, {"id": request.complaint_id})
    if open_reward:
        raise Conflict(
            f"该举报已有奖励 {open_reward[0]['id']}（{REWARD_STATUS_ZH[open_reward[0]['status']]}），不能重复申请 "
            "(a reward is already open)"
        )
    n = int(store.read(q.REWARD_COUNT_OF, {"id": request.complaint_id})[0]["n"])
    reward_id = f"JL{request.complaint_id.removeprefix('JB')}-{n + 1}{secrets.token_hex(1).upper()}"
    at = now_iso()
    prov = {"source": SOURCE, "record_id": reward_id, "ingested_at": at, "record_hash": _hash(reward_id, at)}
    row = {
        "reward_id": reward_id,
        "complaint_id": request.complaint_id,
        "region_code": c["region_code"],
        "status": "submitted",
        "proposed_amount": request.proposed_amount,
        "submitted_by": actor,
        "submitted_at": at,
        "note": request.note,
        "updated_at": at,
        "history_log": log_line(
            {
                "action": "submit",
                "status": "submitted",
                "at": at,
                "by": actor,
                "amount": request.proposed_amount,
                "note": request.note,
            }
        ),
        **prov,
    }
    store.ensure_schema()
    store.upsert_nodes("Reward", [{k: v for k, v in row.items() if v is not None}])
    store.upsert_relationships(
        "REWARD_FOR", [RelRow(NodeRef("Reward", reward_id), NodeRef("PublicComplaint", request.complaint_id), prov)]
    )
    append_progress(store, complaint_id=request.complaint_id, status="reward_submitted", note=PUBLIC_NOTES["submitted"])
    return get_reward(store, viewer=viewer, reward_id=reward_id)


def step_reward(
    store: GraphStore, *, viewer: Viewer, reward_id: str, action: str, step: RewardStep, actor: str
) -> RewardPublic:
    """Take one step (``verify``, ``approve``, ``pay``, ``reject``) on a reward.

    Raises:
        NotFound: unknown reward, or outside the jurisdiction.
        Conflict: the reward's status does not allow the step, the approver verified it themselves, or another user
            moved it first.
        ValidationFailed: a missing amount (approval), a payment above the approved amount, a rejection without reason.
    """
    spec = STEPS[action]
    r = _visible_reward(store, viewer, reward_id)
    if r["status"] not in spec.sources:
        raise Conflict(_illegal(r["status"], action))
    changes: dict[str, Any] = {"status": spec.target, spec.by: actor, spec.at: now_iso(), "note": step.note}
    amount: float | None = None
    if action == "approve":
        if step.amount is None or step.amount <= 0:
            raise _invalid("amount", "批准奖励须填写大于 0 的金额")
        if r.get("verified_by") == actor:
            raise Conflict(
                "审批人不能与核实人为同一人（四眼原则），请由另一位工作人员审批 (approver must differ from verifier)"
            )
        amount = changes["approved_amount"] = step.amount
    elif action == "pay":
        approved = float(r.get("approved_amount") or 0.0)
        amount = step.amount if step.amount is not None else approved
        if amount <= 0 or amount > approved + 1e-9:
            raise _invalid("amount", f"发放金额须大于 0 且不超过批准金额 {approved:,.2f} 元")
        changes["paid_amount"] = amount
        changes["payment_ref"] = step.payment_ref
    elif action == "reject" and not step.note:
        raise _invalid("note", "不予奖励须写明理由")
    changes["updated_at"] = changes[spec.at]
    clean = validate_rows(
        node_patch_model("Reward", provenance=False), [{"reward_id": reward_id, **changes}], "Reward 节点更新"
    )[0]
    clean.pop("reward_id")
    line = log_line(
        {
            "action": action,
            "status": spec.target,
            "at": changes[spec.at],
            "by": actor,
            "amount": amount,
            "note": step.note,
        }
    )
    out = store.write(q.REWARD_STEP, {"id": reward_id, "from": list(spec.sources), "set": clean, "line": line})
    if not out:
        latest = _visible_reward(store, viewer, reward_id)
        raise Conflict(_illegal(latest["status"], action))
    append_progress(
        store, complaint_id=r["complaint_id"], status=f"reward_{spec.target}", note=PUBLIC_NOTES[spec.target]
    )
    return reward_public(dict(out[0]["r"]))


def _illegal(current: str, action: str) -> str:
    spec = STEPS[action]
    sources = "、".join(REWARD_STATUS_ZH[s] for s in spec.sources)
    return (
        f"奖励当前为“{REWARD_STATUS_ZH[current]}”，不能{spec.zh}：只有“{sources}”的奖励可以{spec.zh}"
        f" (illegal step: {action} from {current})"
    )


def _invalid(field: str, problem: str) -> ValidationFailed:
    return ValidationFailed(f"{problem} (invalid {field})", errors=[{"field": field, "problem": problem}])


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# -- the ledger -------------------------------------------------------------------------------------------------------
def _conditions(viewer: Viewer, f: RewardFilter) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    prefix = viewer.narrow(f.region)
    if prefix:
        where.append("r.region_code STARTS WITH $prefix")
        params["prefix"] = prefix
    if f.status:
        where.append("r.status IN $statuses")
        params["statuses"] = list(f.status)
    if f.complaint_id:
        where.append("r.complaint_id = $cid")
        params["cid"] = f.complaint_id
    if f.submitted_from:
        where.append("r.submitted_at + '' >= $from")
        params["from"] = f.submitted_from
    if f.submitted_to:
        where.append("r.submitted_at + '' < $to")
        params["to"] = f"{f.submitted_to}T99"
    return where, params


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def list_rewards(
    store: GraphStore, *, viewer: Viewer, filters: RewardFilter, limit: int = 50, cursor: str | None = None
) -> RewardPage:
    """One page of the reward ledger (newest first) with the filter's totals."""
    where, params = _conditions(viewer, filters)
    fp = fingerprint(filters.model_dump(mode="json"), viewer.prefix)
    head = store.read(q.REWARD_LIST_COUNT.format(where=_where(where)), params)[0]
    page_where = list(where)
    if cursor:
        (after,) = decode_cursor(cursor, fp, 1)
        page_where.append("r.submitted_at + '|' + r.reward_id < $after")
        params["after"] = after
    rows = store.read(q.REWARD_LIST_PAGE.format(where=_where(page_where)), {**params, "limit": limit + 1})
    more = len(rows) > limit
    items = [reward_public(dict(r["r"])) for r in rows[:limit]]
    next_cursor = encode_cursor([f"{items[-1].submitted_at}|{items[-1].reward_id}"], fp) if more and items else None
    return RewardPage(
        total=int(head["n"]),
        items=items,
        next_cursor=next_cursor,
        totals={"approved": float(head["approved"] or 0.0), "paid": float(head["paid"] or 0.0)},
    )


def export_rewards(store: GraphStore, *, viewer: Viewer, filters: RewardFilter, max_rows: int) -> list[RewardPublic]:
    """Every reward that matches (at most ``max_rows``), newest first, for the XLSX ledger."""
    where, params = _conditions(viewer, filters)
    rows = store.read(q.REWARD_LIST_PAGE.format(where=_where(where)), {**params, "limit": max_rows})
    return [reward_public(dict(r["r"])) for r in rows]
