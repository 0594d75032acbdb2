"""Complaints from the public: submit, check progress by receipt code, add evidence, and the staff side (lists,
detail with the reporter's identity for those allowed, handling steps).

Submission, step by step (:func:`submit_complaint`):

1. the template is validated and cleaned (``models.parse_complaint``: the ETL's text pipeline);
2. a resubmission of the same content (same contact, or same client when anonymous) within the duplicate window is
   refused (409), so a double tap does not make two complaints;
3. the reported name is linked to a registered enterprise with the ETL's entity resolver (``linking``); a link is
   recorded as ``REPORTS_AGAINST`` with its method and score;
4. the ``PublicComplaint`` node is written with provenance; the receipt code (12 characters of Crockford base32,
   60 random bits) goes back to the reporter once and only its SHA-256 is stored;
5. a linked complaint is raised as a lead through the workflow's ``raise_lead`` (channel ``complaint``), which merges
   it into the open lead about the same enterprise: many reports about one company become one lead. The API hands
   this step to a background thread (``leads.LeadRaiser``) so that the reporter does not wait for it; an unlinked
   complaint waits for staff to link it by hand (:func:`link_complaint`).

When staff accept (受理) a complaint it is also recorded as a ``Complaint`` (same id, channel 公众举报) with
``COMPLAINT_AGAINST`` the linked enterprise, so accepted public reports count in the complaint dimension of the index;
unaccepted submissions never move anyone's score.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO

from smokeindex.complaints import queries as q
from smokeindex.complaints.files import FileStore
from smokeindex.complaints.linking import EnterpriseLinker, Link
from smokeindex.complaints.models import (
    KIND_ZH,
    LINK_METHOD_ZH,
    REWARD_STATUS_ZH,
    STATUS_ZH,
    AttachmentPublic,
    ComplaintCreate,
    ComplaintDetail,
    ComplaintFilter,
    ComplaintPage,
    ComplaintPublic,
    ComplaintReceipt,
    ComplaintStatusPublic,
    ComplaintTransition,
    HandlingStep,
    LinkedEnterprise,
    ProgressStep,
)
from smokeindex.complaints.paging import decode_cursor, encode_cursor, fingerprint
from smokeindex.complaints.throttle import PublicLimits
from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from smokeindex.query.masking import mask_properties
from smokeindex.query.viewer import Viewer

SOURCE = "public-complaint"
CHANNEL_ZH = "公众举报"
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECEIPT_LENGTH = 12
_RECEIPT_FIX = str.maketrans({"O": "0", "I": "1", "L": "1"})
OPEN_FOR_ATTACHMENTS = ("submitted", "accepted", "verifying")
#: Handling steps: the statuses each target may be reached from.
COMPLAINT_STEPS: dict[str, tuple[str, ...]] = {
    "accepted": ("submitted",),
    "rejected": ("submitted",),
    "verifying": ("accepted",),
    "closed": ("accepted", "verifying"),
}
STEP_ZH = {"accepted": "受理", "rejected": "不予受理", "verifying": "开始核查", "closed": "办结"}
DEFAULT_PUBLIC_NOTES = {
    "submitted": "举报已收到，等待受理。",
    "accepted": "举报已受理，将依法核查。",
    "rejected": "经审查，举报不符合受理条件。",
    "verifying": "正在核查中。",
    "closed": "核查已办结，感谢您的举报。",
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- receipt codes ----------------------------------------------------------------------------------------------------
def new_receipt_code() -> str:
    """A fresh receipt code, shown as ``XXXX-XXXX-XXXX``."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def normalise_receipt(code: str) -> str | None:
    """The 12 significant characters of a typed code (dashes, spaces and case ignored; O→0, I/L→1), or ``None``."""
    raw = "".join(ch for ch in code.upper() if ch not in " -").translate(_RECEIPT_FIX)
    if len(raw) != RECEIPT_LENGTH or any(ch not in RECEIPT_ALPHABET for ch in raw):
        return None
    return raw


def receipt_hash(code: str) -> str:
    return hashlib.sha256(f"smokeindex-receipt:{code}".encode()).hexdigest()


def _by_receipt(store: GraphStore, code: str) -> dict[str, Any]:
    raw = normalise_receipt(code)
    found = store.read(q.BY_RECEIPT, {"h": receipt_hash(raw)}) if raw else []
    if not found:
        raise NotFound("查询码不存在，请核对后重新输入 (unknown receipt code)")
    return dict(found[0]["c"])


# -- logs -------------------------------------------------------------------------------------------------------------
def log_line(entry: dict[str, Any]) -> str:
    """One JSON Lines entry (ends with a newline) for an append-only log property."""
    return json.dumps({k: v for k, v in entry.items() if v is not None}, ensure_ascii=False) + "\n"


def read_log(text: str | None) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (text or "").splitlines() if line.strip()]


def _provenance(record_id: str, content: Any, at: str) -> dict[str, str]:
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return {
        "source": SOURCE,
        "record_id": record_id,
        "ingested_at": at,
        "record_hash": hashlib.sha256(body.encode()).hexdigest(),
    }


# -- submission -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Submitted:
    receipt: ComplaintReceipt
    complaint_id: str
    link: Link
    lead_id: str | None


def content_hash(data: ComplaintCreate, client: str | None) -> str:
    """The fingerprint of a submission for spotting a resubmission: its content and who sent it (the contact, or
    the client address when anonymous, so that two anonymous people reporting the same company are two reports)."""
    body = data.model_dump(mode="json", exclude={"reporter_name"})
    body["_from"] = data.contact or f"ip:{client or ''}"
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def check_region(store: GraphStore, code: str) -> None:
    """422 when the graph knows regions and this code is not one of them."""
    if store.read(q.REGION, {"code": code}) or not store.read(q.ANY_REGION):
        return
    raise ValidationFailed(
        "举报内容有 1 处需要修改：发生地区不是有效的行政区划 (unknown region)",
        errors=[{"field": "region_code", "field_zh": "发生地区", "problem": f"未知的行政区划代码 {code}"}],
    )


def lead_summary(c: dict[str, Any]) -> str:
    """What the lead says about a stored complaint; never the reporter's identity."""
    parts = [f"公众举报（{KIND_ZH[c['kind']]}）：{c['subject_name']}"]
    if c.get("amount") is not None:
        parts.append(f"涉及金额 {float(c['amount']):,.0f} 元")
    if c.get("victims") is not None:
        parts.append(f"涉及 {int(c['victims'])} 人")
    if c.get("promised_return"):
        parts.append(f"承诺收益：{c['promised_return']}")
    if c.get("channels"):
        parts.append("宣传方式：" + "、".join(c["channels"]))
    if text := c.get("description"):
        parts.append("情况：" + (text[:200] + ("…" if len(text) > 200 else "")))
    return "；".join(parts)


def submit_complaint(
    store: GraphStore,
    *,
    data: ComplaintCreate,
    linker: EnterpriseLinker,
    limits: PublicLimits,
    allowed_types: list[str],
    client: str | None = None,
    defer_lead: Callable[[str], None] | None = None,
) -> Submitted:
    """Record a complaint from the public, link it to an enterprise and raise it as a lead (see the module docstring).

    ``defer_lead`` (the API's background raiser) takes the complaint id of a linked complaint instead of raising the
    lead in this call; the answer then carries no lead id yet.

    Raises:
        ValidationFailed: the region is unknown.
        Conflict: the same content was submitted within ``limits.duplicate_window_h`` hours.
    """
    at = now_iso()
    check_region(store, data.region_code)
    fp = content_hash(data, client)
    since = (datetime.now(UTC) - timedelta(hours=limits.duplicate_window_h)).isoformat(timespec="seconds")
    if store.read(q.DUPLICATE, {"h": fp, "since": since}):
        raise Conflict(
            "您已提交过内容相同的举报，无需重复提交；请凭首次提交时获得的查询码查询进度 (duplicate submission)"
        )
    context = " ".join(filter(None, [data.description, data.promised_return]))
    link = linker.link(data.subject_name, uscc=data.subject_uscc, region_code=data.region_code, context=context)
    code = new_receipt_code()
    complaint_id = f"JB{at[:10].replace('-', '')}{secrets.token_hex(4).upper()}"
    content = data.model_dump(mode="json")
    row: dict[str, Any] = {
        "complaint_id": complaint_id,
        "receipt_hash": receipt_hash(normalise_receipt(code) or ""),
        "content_hash": fp,
        "subject_name": data.subject_name,
        "subject_uscc": data.subject_uscc,
        "kind": data.kind,
        "amount": data.amount,
        "victims": data.victims,
        "channels": data.channels or None,
        "promised_return": data.promised_return,
        "region_code": data.region_code,
        "description": data.description,
        "reporter_name": data.reporter_name,
        "contact_phone": data.contact if data.contact_kind == "phone" else None,
        "contact_email": data.contact if data.contact_kind == "email" else None,
        "submitted_at": at,
        "status": "submitted",
        "updated_at": at,
        "progress_log": log_line({"at": at, "status": "submitted", "note": DEFAULT_PUBLIC_NOTES["submitted"]}),
        "attachment_count": 0,
        "link_method": link.method,
        **_provenance(complaint_id, content, at),
    }
    store.ensure_schema()
    store.upsert_nodes("PublicComplaint", [{k: v for k, v in row.items() if v is not None}])
    me = NodeRef("PublicComplaint", complaint_id)
    if link.uscc is not None:
        props = {
            "method": link.method,
            "score": min(100.0, max(0.0, link.score)),
            **_provenance(complaint_id, content, at),
        }
        store.upsert_relationships("REPORTS_AGAINST", [RelRow(me, NodeRef("Enterprise", link.uscc), props)])
    lead_id = None
    if link.uscc is not None:  # a lead is about a registered party; an unlinked report waits for a manual link
        if defer_lead is not None:
            defer_lead(complaint_id)
        else:
            lead_id = raise_complaint_lead(store, complaint_id=complaint_id)
    receipt = ComplaintReceipt(
        receipt_code=code,
        status="submitted",
        status_zh=STATUS_ZH["submitted"],
        submitted_at=at,
        max_attachments=limits.max_attachments,
        attachment_types=allowed_types,
        max_attachment_bytes=limits.max_attachment_bytes,
        message="举报已提交。请保存查询码，凭它查询办理进度、补充证据；查询码遗失无法找回。",
    )
    return Submitted(receipt, complaint_id, link, lead_id)


def raise_complaint_lead(store: GraphStore, *, complaint_id: str, actor: str = "public") -> str | None:
    """Raise a linked complaint as a lead (or merge it into the enterprise's open lead) and record the lead id on it;
    returns the lead id, or ``None`` when the complaint is not linked to an enterprise."""
    from smokeindex.workflow.leads.service import raise_lead  # lazily: the workflow package builds on stores too

    found = store.read(q.GET, {"id": complaint_id})
    if not found or not found[0]["uscc"]:
        return None
    c = dict(found[0]["c"])
    if c.get("lead_id"):
        return str(c["lead_id"])
    lead = raise_lead(
        store,
        subject=NodeRef("Enterprise", str(found[0]["uscc"])),
        source_label="PublicComplaint",
        source_key=complaint_id,
        region_code=c["region_code"],
        summary=lead_summary(c),
        actor=actor,
        channel="complaint",
    )
    store.write(q.SET_LEAD, {"id": complaint_id, "lead": lead.lead_id})
    return str(lead.lead_id)


# -- public look-up and attachments -----------------------------------------------------------------------------------
def complaint_status(store: GraphStore, *, receipt_code: str) -> ComplaintStatusPublic:
    """Public-safe progress of the complaint with this receipt code (``NotFound`` for an unknown code)."""
    c = _by_receipt(store, receipt_code)
    reward = store.read(q.LATEST_REWARD_STATUS, {"id": c["complaint_id"]})
    return ComplaintStatusPublic(
        status=c["status"],
        status_zh=STATUS_ZH[c["status"]],
        kind_zh=KIND_ZH.get(c.get("kind") or "", "其他"),
        submitted_on=str(c["submitted_at"])[:10],
        updated_at=c.get("updated_at"),
        progress=_progress(c),
        attachment_count=int(c.get("attachment_count") or 0),
        reward_status_zh=REWARD_STATUS_ZH.get(reward[0]["status"]) if reward else None,
    )


def _progress(c: dict[str, Any]) -> list[ProgressStep]:
    return [
        ProgressStep(
            at=e["at"],
            status=e["status"],
            status_zh=STATUS_ZH.get(e["status"]) or REWARD_STATUS_ZH.get(e["status"].removeprefix("reward_"), ""),
            note=e.get("note"),
        )
        for e in read_log(c.get("progress_log"))
    ]


def add_attachment(
    store: GraphStore,
    *,
    complaint: dict[str, Any],
    files: FileStore,
    stream: BinaryIO,
    limits: PublicLimits,
    by: str,
) -> AttachmentPublic:
    """Store an evidence file and add it to the complaint (limits: count, size, type by magic bytes, time window)."""
    if complaint["status"] not in OPEN_FOR_ATTACHMENTS:
        raise Conflict(f"举报已{STATUS_ZH[complaint['status']]}，不能再补充附件 (complaint is closed)")
    submitted = datetime.fromisoformat(str(complaint["submitted_at"]))
    if by == "public" and datetime.now(UTC) - submitted > timedelta(days=limits.upload_window_days):
        raise Conflict(f"提交 {limits.upload_window_days} 天后不能再通过查询码补充附件 (upload window closed)")
    if int(complaint.get("attachment_count") or 0) >= limits.max_attachments:
        raise Conflict(f"每件举报最多 {limits.max_attachments} 个附件，已达上限 (too many attachments)")
    stored = files.put_stream(stream)
    added = AttachmentPublic(
        sha256=stored.sha256, media_type=stored.media_type, size=stored.size, uploaded_at=now_iso(), by=by
    )
    written = store.write(
        q.ADD_ATTACHMENT,
        {
            "id": complaint["complaint_id"],
            "open": list(OPEN_FOR_ATTACHMENTS),
            "max": limits.max_attachments,
            "sha": stored.sha256,
            "line": log_line(added.model_dump()),
            "now": added.uploaded_at,
        },
    )
    if not written:
        existing = {a["sha256"] for a in read_log(complaint.get("attachments_log"))}
        if stored.sha256 in existing:
            raise Conflict("该文件已上传过 (file already attached)")
        raise Conflict(f"每件举报最多 {limits.max_attachments} 个附件，已达上限 (too many attachments)")
    return added


def add_public_attachment(
    store: GraphStore, *, receipt_code: str, files: FileStore, stream: BinaryIO, limits: PublicLimits
) -> AttachmentPublic:
    """The reporter adds evidence with the receipt code."""
    return add_attachment(
        store, complaint=_by_receipt(store, receipt_code), files=files, stream=stream, limits=limits, by="public"
    )


# -- staff side -------------------------------------------------------------------------------------------------------
def visible_complaint(store: GraphStore, viewer: Viewer, complaint_id: str) -> dict[str, Any]:
    """The complaint record (with its link), or ``NotFound`` when absent or outside the jurisdiction."""
    found = store.read(q.GET, {"id": complaint_id})
    if not found or not viewer.sees([found[0]["c"].get("region_code")]):
        raise NotFound(f"举报不存在或不在您的辖区内 (complaint not found): {complaint_id}")
    return dict(found[0])


def _public(store: GraphStore, rec: dict[str, Any], viewer: Viewer, reporter_visible: bool) -> dict[str, Any]:
    """The fields of ``ComplaintPublic`` from a record, with the reporter masked unless visible."""
    shown = Viewer(viewer.username, viewer.role, viewer.prefix, unmasked=reporter_visible)
    c = mask_properties(store.schema, "PublicComplaint", dict(rec["c"]), shown)
    enterprise = None
    if rec.get("uscc"):
        method = str(rec.get("method") or "")
        enterprise = LinkedEnterprise(
            uscc=str(rec["uscc"]),
            name=rec.get("name"),
            method=method,
            method_zh=LINK_METHOD_ZH.get(method, method),
            score=rec.get("score"),
        )
    return {
        "complaint_id": c["complaint_id"],
        "submitted_at": c["submitted_at"],
        "status": c["status"],
        "status_zh": STATUS_ZH[c["status"]],
        "kind": c["kind"],
        "kind_zh": KIND_ZH[c["kind"]],
        "subject_name": c["subject_name"],
        "subject_uscc": c.get("subject_uscc"),
        "enterprise": enterprise,
        "link_method": c.get("link_method"),
        "region_code": c["region_code"],
        "amount": c.get("amount"),
        "victims": c.get("victims"),
        "channels": list(c.get("channels") or []),
        "promised_return": c.get("promised_return"),
        "attachment_count": int(c.get("attachment_count") or 0),
        "lead_id": c.get("lead_id"),
        "reporter_name": c.get("reporter_name"),
        "contact_phone": c.get("contact_phone"),
        "contact_email": c.get("contact_email"),
        "reporter_visible": reporter_visible,
    }


def _conditions(viewer: Viewer, f: ComplaintFilter) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    prefix = viewer.narrow(f.region)
    if prefix:
        where.append("c.region_code STARTS WITH $prefix")
        params["prefix"] = prefix
    if f.status:
        where.append("c.status IN $statuses")
        params["statuses"] = list(f.status)
    if f.kind:
        where.append("c.kind = $kind")
        params["kind"] = f.kind
    if f.q:
        where.append("c.subject_name CONTAINS $q")
        params["q"] = f.q
    if f.submitted_from:
        where.append("c.submitted_at + '' >= $from")
        params["from"] = f.submitted_from
    if f.submitted_to:
        where.append("c.submitted_at + '' < $to")
        params["to"] = f"{f.submitted_to}T99"  # any time that day
    if f.uscc:
        params["uscc"] = f.uscc
    return where, params


def list_complaints(
    store: GraphStore,
    *,
    viewer: Viewer,
    filters: ComplaintFilter,
    reporter_visible: bool,
    limit: int = 50,
    cursor: str | None = None,
) -> ComplaintPage:
    """One page of complaints in the viewer's jurisdiction, newest first."""
    where, params = _conditions(viewer, filters)
    fp = fingerprint(filters.model_dump(mode="json"), viewer.prefix)
    match = q.LIST_MATCH_USCC if filters.uscc else q.LIST_MATCH
    total = int(store.read(q.LIST_COUNT.format(match=match, where=_where(where)), params)[0]["n"])
    page_where = list(where)
    if cursor:
        (after,) = decode_cursor(cursor, fp, 1)
        page_where.append("c.submitted_at + '|' + c.complaint_id < $after")
        params["after"] = after
    rows = store.read(q.LIST_PAGE.format(match=match, where=_where(page_where)), {**params, "limit": limit + 1})
    rows.sort(key=lambda r: (r["c"]["submitted_at"], r["c"]["complaint_id"]), reverse=True)
    more = len(rows) > limit
    rows = rows[:limit]
    items = [ComplaintPublic(**_public(store, r, viewer, reporter_visible)) for r in rows]
    last = rows[-1]["c"] if rows else None
    next_cursor = encode_cursor([f"{last['submitted_at']}|{last['complaint_id']}"], fp) if more and last else None
    return ComplaintPage(total=total, items=items, next_cursor=next_cursor)


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def get_complaint(store: GraphStore, *, viewer: Viewer, complaint_id: str, reporter_visible: bool) -> ComplaintDetail:
    """A complaint with its description, progress, handling log, attachments and rewards."""
    from smokeindex.complaints.rewards import reward_public  # rewards build on this module

    rec = visible_complaint(store, viewer, complaint_id)
    c = rec["c"]
    rewards = [reward_public(dict(r["r"])) for r in store.read(q.REWARDS_OF, {"id": complaint_id})]
    return ComplaintDetail(
        **_public(store, rec, viewer, reporter_visible),
        description=c.get("description"),
        updated_at=c.get("updated_at"),
        progress=_progress(c),
        handling=[
            HandlingStep(**{**e, "status_zh": STATUS_ZH.get(e["status"], e["status"])})
            for e in read_log(c.get("handling_log"))
        ],
        attachments=[AttachmentPublic(**a) for a in read_log(c.get("attachments_log"))],
        rewards=rewards,
    )


def transition_complaint(
    store: GraphStore, *, viewer: Viewer, complaint_id: str, step: ComplaintTransition, actor: str
) -> None:
    """Move a complaint along 已提交 → 已受理 → 核查中 → 已办结 (or 不予受理); ``Conflict`` for a step its current
    status does not allow. Accepting records it as a ``Complaint`` for the index (see the module docstring)."""
    rec = visible_complaint(store, viewer, complaint_id)
    current = rec["c"]["status"]
    allowed_from = COMPLAINT_STEPS[step.to]
    if current not in allowed_from:
        raise Conflict(_illegal(current, step.to))
    at = now_iso()
    public_note = step.public_note or DEFAULT_PUBLIC_NOTES[step.to]
    done = store.write(
        q.TRANSITION,
        {
            "id": complaint_id,
            "from": list(allowed_from),
            "to": step.to,
            "now": at,
            "progress": log_line({"at": at, "status": step.to, "note": public_note}),
            "handling": log_line(
                {"at": at, "by": actor, "status": step.to, "note": step.note, "public_note": public_note}
            ),
        },
    )
    if not done:  # another user moved it between our read and our write
        latest = visible_complaint(store, viewer, complaint_id)["c"]["status"]
        raise Conflict(_illegal(latest, step.to))
    if step.to == "accepted":
        _record_for_index(store, rec, at)
    elif step.to in ("verifying", "closed"):
        store.write(q.COMPLAINT_STATUS, {"id": complaint_id, "status": STATUS_ZH[step.to]})


def _illegal(current: str, target: str) -> str:
    sources = "、".join(STATUS_ZH[s] for s in COMPLAINT_STEPS[target])
    return (
        f"举报当前为“{STATUS_ZH[current]}”，不能{STEP_ZH[target]}：只有“{sources}”的举报可以{STEP_ZH[target]}"
        f" (illegal step {current} → {target})"
    )


def _record_for_index(store: GraphStore, rec: dict[str, Any], at: str) -> None:
    """The accepted complaint as a ``Complaint`` (channel 公众举报) against the linked enterprise."""
    c = rec["c"]
    parts = [
        f"{KIND_ZH[c['kind']]}举报：{c['subject_name']}",
        f"承诺收益：{c['promised_return']}" if c.get("promised_return") else None,
        ("宣传方式：" + "、".join(c["channels"])) if c.get("channels") else None,
        f"涉及 {int(c['victims'])} 人" if c.get("victims") is not None else None,
        c.get("description"),
    ]
    prov = _provenance(c["complaint_id"], {"complaint_id": c["complaint_id"], "accepted_at": at}, at)
    row = {
        "complaint_id": c["complaint_id"],
        "text": "；".join(p for p in parts if p),
        "received_at": c["submitted_at"],
        "channel": CHANNEL_ZH,
        "amount": c.get("amount"),
        "region_code": c["region_code"],
        "target_name": c["subject_name"],
        "status": STATUS_ZH["accepted"],
        **prov,
    }
    store.upsert_nodes("Complaint", [{k: v for k, v in row.items() if v is not None}])
    if rec.get("uscc"):
        store.upsert_relationships(
            "COMPLAINT_AGAINST",
            [RelRow(NodeRef("Complaint", c["complaint_id"]), NodeRef("Enterprise", str(rec["uscc"])), prov)],
        )


def link_complaint(store: GraphStore, *, viewer: Viewer, complaint_id: str, uscc: str, actor: str) -> str | None:
    """Link a complaint the resolver could not link (or linked ambiguously) to an enterprise by hand, and raise it
    as a lead; returns the lead id. ``Conflict`` when it is already linked, ``NotFound`` for an unknown enterprise."""
    rec = visible_complaint(store, viewer, complaint_id)
    c = rec["c"]
    if rec.get("uscc"):
        raise Conflict(
            f"该举报已关联到企业 {rec.get('name') or rec['uscc']}（{rec['uscc']}），不能再次关联 (already linked)"
        )
    if c["status"] == "rejected":
        raise Conflict("不予受理的举报不能关联企业 (complaint was rejected)")
    enterprise = store.get_node(NodeRef("Enterprise", uscc))
    if enterprise is None:
        raise NotFound(f"企业不存在 (enterprise not found): {uscc}")
    at = now_iso()
    prov = _provenance(complaint_id, {"complaint_id": complaint_id, "uscc": uscc, "by": actor}, at)
    me = NodeRef("PublicComplaint", complaint_id)
    store.upsert_relationships(
        "REPORTS_AGAINST", [RelRow(me, NodeRef("Enterprise", uscc), {"method": "manual", "score": 100.0, **prov})]
    )
    handling = log_line(
        {"at": at, "by": actor, "status": c["status"], "note": f"人工关联企业 {enterprise.get('name')}（{uscc}）"}
    )
    store.write(q.SET_LINK, {"id": complaint_id, "method": "manual", "line": handling, "now": at})
    if c["status"] != "submitted":  # already recorded for the index: point it at the enterprise too
        store.upsert_relationships(
            "COMPLAINT_AGAINST", [RelRow(NodeRef("Complaint", complaint_id), NodeRef("Enterprise", uscc), prov)]
        )
    return raise_complaint_lead(store, complaint_id=complaint_id, actor=actor)


def complaint_file(
    store: GraphStore, *, viewer: Viewer, complaint_id: str, sha256: str, files: FileStore
) -> tuple[bytes, str]:
    """An attachment of a visible complaint (``NotFound`` when the complaint does not hold it)."""
    rec = visible_complaint(store, viewer, complaint_id)
    if sha256 not in {a["sha256"] for a in read_log(rec["c"].get("attachments_log"))}:
        raise NotFound(f"该举报没有这个附件 (attachment not found): {sha256[:80]}")
    return files.read(sha256)


def staff_attachment(
    store: GraphStore,
    *,
    viewer: Viewer,
    complaint_id: str,
    files: FileStore,
    stream: BinaryIO,
    limits: PublicLimits,
    actor: str,
) -> AttachmentPublic:
    """Staff add evidence to a visible complaint (e.g. material the reporter handed over in person)."""
    rec = visible_complaint(store, viewer, complaint_id)
    return add_attachment(store, complaint=dict(rec["c"]), files=files, stream=stream, limits=limits, by=actor)


def append_progress(store: GraphStore, *, complaint_id: str, status: str, note: str) -> None:
    """Add a public progress line (reward steps use it: 奖励已批准 …)."""
    at = now_iso()
    store.write(
        q.APPEND_PROGRESS, {"id": complaint_id, "line": log_line({"at": at, "status": status, "note": note}), "now": at}
    )
