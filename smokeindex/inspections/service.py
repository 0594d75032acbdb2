"""On-site inspections (现场排查): plan from the risk ranking or a building, record findings with photos and the
result, hand risky results over as leads, and keep the ledger (台账).

* **Plans.** An area plan takes the ``top_n`` enterprises of the latest scoring run inside a region (and the planner's
  jurisdiction), highest 冒烟指数 first, in the chosen grades; a building plan (楼宇排查) takes every enterprise
  ``LOCATED_AT`` one ``Address`` that the planner may see. Each target becomes an ``Inspection`` (待排查) tied to its
  enterprise (``INSPECTED``) and to the plan (``IN_PLAN``), carrying the score and grade it had when planned. The
  plan keeps a snapshot of its checklist template.
* **Findings** (``Finding`` → ``FINDING_OF``) name a checklist item, a severity and photos already uploaded to the
  content-addressed photo store (``<data_dir>/inspection-files/``).
* **Results** set the answers, the conclusion, the inspector and the time (待排查/排查中 → 已完成, once: a second
  result is 409). The ``Inspection`` stays tied to the enterprise, so it is part of the party's record. A result
  other than 未见异常 (or any result with ``raise_lead``) is handed over through the workflow's ``raise_lead``
  (channel ``inspection``), merging into the enterprise's open lead.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from smokeindex.complaints.files import FileStore
from smokeindex.complaints.paging import decode_cursor, encode_cursor, fingerprint
from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from smokeindex.inspections import queries as q
from smokeindex.inspections.models import (
    ANSWER_ZH,
    CONCLUSION_ZH,
    PLAN_STATUS_ZH,
    SCOPE_ZH,
    SEVERITY_ZH,
    STATUS_ZH,
    AnsweredItem,
    Building,
    Checklist,
    FindingCreate,
    FindingPublic,
    InspectionDetail,
    InspectionFilter,
    InspectionPage,
    InspectionPublic,
    PhotoPublic,
    PlanCreate,
    PlanDetail,
    PlanPage,
    PlanPublic,
    ResultCreate,
    checklist,
)
from smokeindex.query.viewer import Viewer
from smokeindex.query.warnings import latest_run
from smokeindex.schema.validation import node_patch_model, validate_rows
from smokeindex.security.roles import region_code_of

SOURCE = "inspection"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _provenance(record_id: str, content: Any, at: str) -> dict[str, str]:
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return {
        "source": SOURCE,
        "record_id": record_id,
        "ingested_at": at,
        "record_hash": hashlib.sha256(body.encode()).hexdigest(),
    }


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


# -- plans ------------------------------------------------------------------------------------------------------------
def list_buildings(
    store: GraphStore, *, viewer: Viewer, q_text: str | None, min_enterprises: int = 2, limit: int = 50
) -> list[Building]:
    """Addresses shared by at least ``min_enterprises`` enterprises of the jurisdiction, most crowded first."""
    rows = store.read(
        q.BUILDINGS,
        {"prefix": viewer.prefix, "q": q_text, "min": min_enterprises, "run": latest_run(store), "limit": limit},
    )
    return [
        Building(
            address_id=str(r["id"]),
            text=str(r["text"]),
            region_code=r["region"],
            enterprises=int(r["n"]),
            top_score=None if r["top"] is None else float(r["top"]),
        )
        for r in rows
    ]


def _targets(
    store: GraphStore, viewer: Viewer, plan: PlanCreate, run: str | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The enterprises a plan covers (highest score first) and the plan's own region and address fields."""
    if plan.scope == "area":
        if plan.region_code is None and viewer.national:
            raise ValidationFailed(
                "全国用户建区域排查计划须给出 region_code (region_code is required)",
                errors=[{"field": "region_code", "problem": "全国用户须指定排查区域"}],
            )
        region = plan.region_code or region_code_of(viewer.prefix)
        prefix = viewer.narrow(region)
        if run is None:
            raise Conflict("尚无评分运行，无法按风险排名选取排查对象 (no scoring run yet)")
        rows = store.read(q.TOP_IN_AREA, {"run": run, "grades": plan.grades, "prefix": prefix, "n": plan.top_n})
        return [dict(r) for r in rows], {"region_code": region_code_of(prefix)}
    found = store.read(q.ADDRESS, {"id": plan.address_id})
    if not found:
        raise NotFound(f"地址不存在或不在您的辖区内 (address not found): {plan.address_id}")
    address = found[0]["a"]
    rows = [dict(r) for r in store.read(q.AT_ADDRESS, {"id": plan.address_id, "run": run})]
    rows = [r for r in rows if viewer.sees([r["region"]])]
    if not rows:
        raise NotFound(f"地址不存在或不在您的辖区内 (address not found): {plan.address_id}")
    rows.sort(key=lambda r: (-(r["score"] if r["score"] is not None else -1.0), r["uscc"]))
    region = address.get("region_code") or Counter(r["region"] for r in rows if r["region"]).most_common(1)[0][0]
    return rows, {"region_code": region, "address_id": plan.address_id, "address_text": address.get("text")}


def create_plan(store: GraphStore, *, viewer: Viewer, plan: PlanCreate, actor: str) -> PlanDetail:
    """Create a plan and one ``Inspection`` per target (see the module docstring).

    Raises:
        Forbidden: the area is outside the planner's jurisdiction.
        NotFound: unknown checklist, or the address is unknown or has no enterprise the planner may see.
        Conflict: an area plan before any scoring run, or an area with no enterprise in the chosen grades.
    """
    template = checklist(plan.checklist_id)
    run = latest_run(store)
    targets, where = _targets(store, viewer, plan, run)
    if not targets:
        grades = "、".join(plan.grades)
        raise Conflict(f"该区域最近一次评分中没有{grades}等级的企业，无可排查对象 (no targets)")
    at = now_iso()
    plan_id = f"IP{at[:10].replace('-', '')}{secrets.token_hex(3).upper()}"
    content = {**plan.model_dump(mode="json"), "targets": [t["uscc"] for t in targets]}
    prov = _provenance(plan_id, content, at)
    plan_row = _clean(
        {
            "plan_id": plan_id,
            "name": plan.name,
            "scope": plan.scope,
            "top_n": plan.top_n if plan.scope == "area" else None,
            "scoring_run_id": run,
            "checklist_id": template.id,
            "checklist_json": template.model_dump_json(),
            "due_on": plan.due_on.isoformat() if plan.due_on else None,
            "created_by": actor,
            "created_at": at,
            "target_count": len(targets),
            **where,
            **prov,
        }
    )
    rows = []
    for i, t in enumerate(targets, start=1):
        rows.append(
            _clean(
                {
                    "inspection_id": f"{plan_id}-{i:03d}",
                    "plan_id": plan_id,
                    "uscc": t["uscc"],
                    "enterprise_name": t.get("name"),
                    "region_code": t.get("region"),
                    "score_at_plan": None if t.get("score") is None else round(float(t["score"]), 4),
                    "grade_at_plan": t.get("grade"),
                    "status": "planned",
                    "finding_count": 0,
                    **prov,
                }
            )
        )
    store.ensure_schema()
    store.upsert_nodes("InspectionPlan", [plan_row])
    store.upsert_nodes("Inspection", rows)
    me = NodeRef("InspectionPlan", plan_id)
    store.upsert_relationships("IN_PLAN", [RelRow(NodeRef("Inspection", r["inspection_id"]), me, prov) for r in rows])
    store.upsert_relationships(
        "INSPECTED",
        [RelRow(NodeRef("Inspection", r["inspection_id"]), NodeRef("Enterprise", r["uscc"]), prov) for r in rows],
    )
    if plan.address_id:
        store.upsert_relationships("PLAN_AT", [RelRow(me, NodeRef("Address", plan.address_id), prov)])
    return get_plan(store, viewer=viewer, plan_id=plan_id)


def _plan_public(p: dict[str, Any], total: int, done: int) -> dict[str, Any]:
    status = "completed" if total and done == total else ("in_progress" if done else "not_started")
    fields = {k: v for k, v in p.items() if k in PlanPublic.model_fields}
    return {
        **fields,
        "scope_zh": SCOPE_ZH[p["scope"]],
        "target_count": total,
        "done_count": done,
        "status": status,
        "status_zh": PLAN_STATUS_ZH[status],
    }


def _visible_plan(store: GraphStore, viewer: Viewer, plan_id: str) -> dict[str, Any]:
    found = store.read(q.PLAN, {"id": plan_id})
    if not found or not viewer.sees([found[0]["p"].get("region_code")]):
        raise NotFound(f"排查计划不存在或不在您的辖区内 (plan not found): {plan_id}")
    return dict(found[0]["p"])


def get_plan(store: GraphStore, *, viewer: Viewer, plan_id: str) -> PlanDetail:
    """A plan with its checklist and inspections (the enterprises of the plan the viewer may see)."""
    p = _visible_plan(store, viewer, plan_id)
    inspections = [_inspection_public(dict(r["i"])) for r in store.read(q.PLAN_INSPECTIONS, {"id": plan_id})]
    done = sum(i.status == "done" for i in inspections)
    return PlanDetail(
        **_plan_public(p, len(inspections), done),
        checklist=Checklist.model_validate_json(p["checklist_json"]),
        inspections=[i for i in inspections if viewer.sees([i.region_code])],
    )


def list_plans(
    store: GraphStore, *, viewer: Viewer, scope: str | None, limit: int = 50, cursor: str | None = None
) -> PlanPage:
    """Plans inside the jurisdiction, newest first."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if viewer.prefix:
        where.append("p.region_code STARTS WITH $prefix")
        params["prefix"] = viewer.prefix
    if scope:
        where.append("p.scope = $scope")
        params["scope"] = scope
    fp = fingerprint({"scope": scope}, viewer.prefix)
    total = int(store.read(q.PLAN_LIST_COUNT.format(where=_where(where)), params)[0]["n"])
    if cursor:
        (after,) = decode_cursor(cursor, fp, 1)
        where.append("p.created_at + '|' + p.plan_id < $after")
        params["after"] = after
    rows = [
        dict(r["p"]) for r in store.read(q.PLAN_LIST_PAGE.format(where=_where(where)), {**params, "limit": limit + 1})
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    progress = {
        r["id"]: (int(r["n"]), int(r["done"]))
        for r in store.read(q.PLAN_PROGRESS, {"ids": [p["plan_id"] for p in rows]})
    }
    items = [PlanPublic(**_plan_public(p, *progress.get(p["plan_id"], (0, 0)))) for p in rows]
    next_cursor = encode_cursor([f"{rows[-1]['created_at']}|{rows[-1]['plan_id']}"], fp) if more and rows else None
    return PlanPage(total=total, items=items, next_cursor=next_cursor)


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


# -- inspections ------------------------------------------------------------------------------------------------------
def _inspection_public(i: dict[str, Any]) -> InspectionPublic:
    fields = {k: v for k, v in i.items() if k in InspectionPublic.model_fields}
    return InspectionPublic(
        **fields,
        status_zh=STATUS_ZH[i["status"]],
        conclusion_zh=CONCLUSION_ZH.get(i.get("conclusion") or ""),
    )


def _visible_inspection(store: GraphStore, viewer: Viewer, inspection_id: str) -> dict[str, Any]:
    found = store.read(q.INSPECTION, {"id": inspection_id})
    if not found or not viewer.sees([found[0]["i"].get("region_code")]):
        raise NotFound(f"排查不存在或不在您的辖区内 (inspection not found): {inspection_id}")
    return dict(found[0]["i"])


def _finding_public(f: dict[str, Any]) -> FindingPublic:
    fields = {k: v for k, v in f.items() if k in FindingPublic.model_fields and k != "photos"}
    return FindingPublic(**fields, severity_zh=SEVERITY_ZH[f["severity"]], photos=list(f.get("photos") or []))


def _plan_checklist(store: GraphStore, plan_id: str) -> tuple[dict[str, Any], Checklist]:
    found = store.read(q.PLAN, {"id": plan_id})
    if not found:
        raise NotFound(f"排查计划不存在 (plan not found): {plan_id}")
    p = dict(found[0]["p"])
    return p, Checklist.model_validate_json(p["checklist_json"])


def get_inspection(store: GraphStore, *, viewer: Viewer, inspection_id: str) -> InspectionDetail:
    """An inspection with its checklist, answers and findings."""
    i = _visible_inspection(store, viewer, inspection_id)
    plan, template = _plan_checklist(store, i["plan_id"])
    answers = json.loads(i.get("answers_json") or "{}")
    answered = []
    for item in template.items:
        a = answers.get(item.id)
        if a is None:
            continue
        answered.append(
            AnsweredItem(
                item_id=item.id,
                category=item.category,
                question=item.question,
                answer=a["answer"],
                answer_zh=ANSWER_ZH[a["answer"]],
                risk=a["answer"] == item.risk_answer,
                note=a.get("note"),
            )
        )
    findings = [_finding_public(dict(r["f"])) for r in store.read(q.FINDINGS, {"id": inspection_id})]
    return InspectionDetail(
        **_inspection_public(i).model_dump(),
        plan_name=plan.get("name"),
        checklist=template,
        answers=answered,
        findings=findings,
    )


def list_inspections(
    store: GraphStore, *, viewer: Viewer, filters: InspectionFilter, limit: int = 50, cursor: str | None = None
) -> InspectionPage:
    """Inspections inside the jurisdiction (an enterprise's inspection record with ``uscc``), newest plan first."""
    where, params = _conditions(viewer, filters)
    fp = fingerprint(filters.model_dump(mode="json"), viewer.prefix)
    total = int(store.read(q.LIST_COUNT.format(where=_where(where)), params)[0]["n"])
    if cursor:
        (after,) = decode_cursor(cursor, fp, 1)
        where.append("i.inspection_id + '' < $after")
        params["after"] = after
    rows = store.read(q.LIST_PAGE.format(where=_where(where)), {**params, "limit": limit + 1})
    more = len(rows) > limit
    items = [_inspection_public(dict(r["i"])) for r in rows[:limit]]
    next_cursor = encode_cursor([items[-1].inspection_id], fp) if more and items else None
    return InspectionPage(total=total, items=items, next_cursor=next_cursor)


def _conditions(viewer: Viewer, f: InspectionFilter) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    prefix = viewer.narrow(f.region)
    if prefix:
        where.append("i.region_code STARTS WITH $prefix")
        params["prefix"] = prefix
    if f.plan_id:
        where.append("i.plan_id = $plan")
        params["plan"] = f.plan_id
    if f.uscc:
        where.append("i.uscc = $uscc")
        params["uscc"] = f.uscc
    if f.status:
        where.append("i.status IN $statuses")
        params["statuses"] = list(f.status)
    if f.conclusion:
        where.append("i.conclusion IN $conclusions")
        params["conclusions"] = list(f.conclusion)
    if f.inspected_from:
        where.append("i.inspected_at + '' >= $from")
        params["from"] = f.inspected_from
    if f.inspected_to:
        where.append("i.inspected_at + '' < $to")
        params["to"] = f"{f.inspected_to}T99"
    return where, params


def add_photo(store: GraphStore, *, viewer: Viewer, inspection_id: str, files: FileStore, stream: Any) -> PhotoPublic:
    """Store a site photo for an inspection not yet completed (content-addressed; the same photo twice is one file)."""
    i = _visible_inspection(store, viewer, inspection_id)
    if i["status"] == "done":
        raise Conflict("排查已完成，不能再上传照片 (inspection is done)")
    stored = files.put_stream(stream)
    return PhotoPublic(sha256=stored.sha256, media_type=stored.media_type, size=stored.size)


def add_finding(
    store: GraphStore, *, viewer: Viewer, inspection_id: str, finding: FindingCreate, files: FileStore, actor: str
) -> FindingPublic:
    """Record a finding on an inspection not yet completed (待排查 → 排查中)."""
    i = _visible_inspection(store, viewer, inspection_id)
    if i["status"] == "done":
        raise Conflict("排查已完成，不能再记录发现 (inspection is done)")
    _, template = _plan_checklist(store, i["plan_id"])
    item = template.item(finding.item_id) if finding.item_id else None
    if finding.item_id and item is None:
        raise ValidationFailed(
            f"检查表中没有检查项 {finding.item_id} (unknown checklist item)",
            errors=[{"field": "item_id", "problem": "检查表中没有这一项"}],
        )
    missing = [p for p in finding.photos if not files.exists(p)]
    if missing:
        raise ValidationFailed(
            f"照片 {missing[0][:12]}… 尚未上传，请先上传照片 (photo not uploaded)",
            errors=[{"field": "photos", "problem": f"未上传的照片：{m}"} for m in missing],
        )
    at = now_iso()
    finding_id = f"{inspection_id}-F{secrets.token_hex(3).upper()}"
    row = _clean(
        {
            "finding_id": finding_id,
            "inspection_id": inspection_id,
            "item_id": finding.item_id,
            "category": item.category if item else None,
            "severity": finding.severity,
            "description": finding.description,
            "photos": finding.photos or None,
            "recorded_by": actor,
            "recorded_at": at,
        }
    )
    prov = _provenance(finding_id, row, at)
    if not store.write(q.COUNT_FINDING, {"id": inspection_id}):
        raise Conflict("排查已完成，不能再记录发现 (inspection is done)")
    store.ensure_schema()
    store.upsert_nodes("Finding", [{**row, **prov}])
    store.upsert_relationships(
        "FINDING_OF", [RelRow(NodeRef("Finding", finding_id), NodeRef("Inspection", inspection_id), prov)]
    )
    return _finding_public(row)


def record_result(
    store: GraphStore, *, viewer: Viewer, inspection_id: str, result: ResultCreate, actor: str
) -> InspectionDetail:
    """Complete an inspection with its answers and conclusion, and hand it over as a lead when it found risk.

    Raises:
        NotFound: unknown inspection, or outside the jurisdiction.
        Conflict: the inspection already has a result.
        ValidationFailed: an answer to an item the plan's checklist does not have.
    """
    i = _visible_inspection(store, viewer, inspection_id)
    if i["status"] == "done":
        raise Conflict(
            f"该排查已于 {i.get('inspected_at', '')[:10]} 由 {i.get('inspector')} 完成，不能重复登记结果 (already done)"
        )
    plan, template = _plan_checklist(store, i["plan_id"])
    unknown = [k for k in result.answers if template.item(k) is None]
    if unknown:
        raise ValidationFailed(
            f"检查表中没有检查项 {unknown[0]} (unknown checklist item)",
            errors=[{"field": f"answers.{k}", "problem": "检查表中没有这一项"} for k in unknown],
        )
    hand_over = result.raise_lead if result.raise_lead is not None else result.conclusion != "normal"
    lead_id = None
    if hand_over:  # first, so that a failure leaves the inspection open to try again
        risky = [
            item.question
            for item in template.items
            if (a := result.answers.get(item.id)) is not None and a.answer == item.risk_answer
        ]
        findings = [dict(r["f"]) for r in store.read(q.FINDINGS, {"id": inspection_id})]
        lead_id = _raise_lead(
            store,
            uscc=i["uscc"],
            inspection_id=inspection_id,
            region_code=i.get("region_code"),
            summary=_lead_summary(plan, i, result, risky, findings),
            actor=actor,
        )
    at = now_iso()
    changes = {
        "status": "done",
        "inspected_at": at,
        "inspector": actor,
        "conclusion": result.conclusion,
        "summary": result.summary,
        "answers_json": json.dumps(
            {k: v.model_dump(exclude_none=True) for k, v in result.answers.items()}, ensure_ascii=False
        ),
        "lead_id": lead_id,
    }
    clean = validate_rows(
        node_patch_model("Inspection", provenance=False),
        [{"inspection_id": inspection_id, **changes}],
        "Inspection 节点更新",
    )[0]
    clean.pop("inspection_id")
    if not store.write(q.RESULT, {"id": inspection_id, "set": clean}):
        raise Conflict("该排查刚由他人登记了结果，不能重复登记 (already done)")
    return get_inspection(store, viewer=viewer, inspection_id=inspection_id)


def _lead_summary(
    plan: dict[str, Any], i: dict[str, Any], result: ResultCreate, risky: list[str], findings: list[dict[str, Any]]
) -> str:
    parts = [
        f"现场排查（{plan.get('name')}）：{i.get('enterprise_name') or i['uscc']}，结论：{CONCLUSION_ZH[result.conclusion]}"
    ]
    parts.append(result.summary)
    if risky:
        parts.append("风险项：" + "；".join(risky[:8]) + ("等" if len(risky) > 8 else ""))
    if findings:
        parts.append(
            f"发现问题 {len(findings)} 项："
            + "；".join(f"[{SEVERITY_ZH[f['severity']]}] {f['description'][:60]}" for f in findings[:5])
        )
    return "。".join(parts)


def _raise_lead(
    store: GraphStore, *, uscc: str, inspection_id: str, region_code: str | None, summary: str, actor: str
) -> str:
    from smokeindex.workflow.leads.service import raise_lead  # lazily: the workflow package builds on stores too

    lead = raise_lead(
        store,
        subject=NodeRef("Enterprise", uscc),
        source_label="Inspection",
        source_key=inspection_id,
        region_code=region_code,
        summary=summary,
        actor=actor,
        channel="inspection",
    )
    return str(lead.lead_id)


# -- the ledger -------------------------------------------------------------------------------------------------------
LEDGER_HEADERS = [
    "序号", "计划编号", "计划名称", "排查编号", "企业名称", "统一社会信用代码", "所属区划", "计划时冒烟指数",
    "计划时预警等级", "排查状态", "排查时间", "排查人", "排查结论", "风险项数", "发现问题数", "情况摘要", "移交线索编号",
]  # fmt: skip
FINDING_HEADERS = [
    "排查编号",
    "企业名称",
    "检查类别",
    "检查项",
    "严重程度",
    "问题描述",
    "照片数",
    "照片 SHA-256",
    "记录人",
    "记录时间",
]


def ledger(
    store: GraphStore, *, viewer: Viewer, filters: InspectionFilter, max_rows: int
) -> tuple[list[list[Any]], list[list[Any]]]:
    """The ledger rows (one per inspection, in plan order) and the findings rows, for the XLSX export."""
    where, params = _conditions(viewer, filters)
    rows = [dict(r["i"]) for r in store.read(q.LIST_PAGE.format(where=_where(where)), {**params, "limit": max_rows})]
    rows.sort(key=lambda i: i["inspection_id"])
    plans: dict[str, tuple[dict[str, Any], Checklist]] = {}
    for pid in sorted({i["plan_id"] for i in rows}):
        plans[pid] = _plan_checklist(store, pid)
    findings: dict[str, list[dict[str, Any]]] = {}
    ids = [i["inspection_id"] for i in rows]
    for start in range(0, len(ids), 1000):
        for r in store.read(q.FINDINGS_OF, {"ids": ids[start : start + 1000]}):
            f = dict(r["f"])
            findings.setdefault(f["inspection_id"], []).append(f)
    table, found_rows = [], []
    for n, i in enumerate(rows, start=1):
        plan, template = plans[i["plan_id"]]
        answers = json.loads(i.get("answers_json") or "{}")
        risky = sum(1 for item in template.items if (a := answers.get(item.id)) and a.get("answer") == item.risk_answer)
        table.append(
            [
                n,
                i["plan_id"],
                plan.get("name"),
                i["inspection_id"],
                i.get("enterprise_name"),
                i["uscc"],
                i.get("region_code"),
                i.get("score_at_plan"),
                i.get("grade_at_plan"),
                STATUS_ZH[i["status"]],
                i.get("inspected_at"),
                i.get("inspector"),
                CONCLUSION_ZH.get(i.get("conclusion") or ""),
                risky if i["status"] == "done" else None,
                int(i.get("finding_count") or 0),
                i.get("summary"),
                i.get("lead_id"),
            ]  # fmt: skip
        )
        for f in findings.get(i["inspection_id"], []):
            item = template.item(f.get("item_id") or "")
            photos = list(f.get("photos") or [])
            found_rows.append(
                [
                    i["inspection_id"],
                    i.get("enterprise_name"),
                    f.get("category"),
                    item.question if item else None,
                    SEVERITY_ZH[f["severity"]],
                    f["description"],
                    len(photos),
                    "\n".join(photos) or None,
                    f["recorded_by"],
                    f["recorded_at"],
                ]  # fmt: skip
            )
    return table, found_rows
