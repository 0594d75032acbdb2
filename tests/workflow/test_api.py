"""The workflow routes behind the real application on both stores: every route × every user in and out of the
jurisdiction (and at levels above and below), and one case carried through over HTTP to its exported package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from smokeindex.api.policy import PERMISSIONS
from smokeindex.evidence import verify_package
from smokeindex.graph import NodeRef
from smokeindex.workflow.blacklist.service import add_entry, revoke_entry
from smokeindex.workflow.cases.service import open_case
from smokeindex.workflow.evidence_files import service as evidence_files
from smokeindex.workflow.evidence_files.models import MAX_BYTES
from smokeindex.workflow.leads.service import raise_lead
from tests.workflow.conftest import E1, E2, NOW, ROLE_OF, USERS, Api, put_task, viewer
from tests.workflow.test_evidence_files import JPEG, PDF

#: Who sees records of 西湖区 (330106): its own units and those above; not the street below, not Ningbo.
SEES_XH = {"admin", "reg_zj", "reg_hz", "police_hz", "inv_hz", "grid_hz", "public_hz", "reg_xh", "police_xh", "inv_xh",
           "grid_xh", "public_xh"}  # fmt: skip


@dataclass
class Fixtures:
    lead_id: str
    source_id: str
    task_id: str
    case_id: str
    entry_id: str
    evidence_id: str


@pytest.fixture(scope="module")
def made(api: Api) -> Fixtures:
    """A lead about E1 with a closed task, a case file, a revoked blacklist entry and a photo, all in 西湖区."""
    store = api.store
    lead = raise_lead(
        store, subject=E1, source_label="Complaint", source_key="C-demo-01", region_code="330106",
        summary="承诺保本保息", actor="system", channel="complaint", now=NOW,
    )  # fmt: skip
    task_id = put_task(store, lead_id=lead.lead_id, state="closed", task_id="T-api-closed", parent_task_id=None)
    case_id = open_case(store, lead=lead, region_code="330106", actor="reg_hz", at="2024-06-03T01:00:00+00:00")
    entry = add_entry(store, subject=E1, reason="测试", authority="杭州市地方金融管理局", actor="reg_hz", now=NOW)
    revoke_entry(store, viewer("reg_hz"), entry_id=entry.entry_id, reason="测试撤销", now=NOW)
    photo = evidence_files.upload(
        store,
        viewer("grid_xh"),
        data_dir=api.settings.data_dir,
        target=NodeRef("Lead", lead.lead_id),
        data=JPEG,
        now=NOW,
    )
    return Fixtures(lead.lead_id, lead.sources[0].source_id, task_id, case_id, entry.entry_id, photo.evidence_id)


#: Dispatching under 西湖区's task is for 西湖区 itself: the levels above may see the task but not dispatch it further.
NOT_THE_UNIT = {"reg_zj": 403, "reg_hz": 403, "police_hz": 403, "inv_hz": 403}


def endpoints(f: Fixtures) -> list[tuple[str, str, str, dict[str, Any], int, bool, dict[str, int]]]:
    """(policy action, method, path, request, answer in jurisdiction, whether it names a 西湖区 record, answers that
    differ for some users: the state machine's roles and levels on top of the policy)."""
    ref = f"Enterprise:{E1.key}"
    upload = {"files": {"file": ("a.pdf", PDF, "application/pdf")}, "data": {"attach_to": f"Lead:{f.lead_id}"}}
    return [
        ("leads.read", "GET", "/leads", {}, 200, False, {}),
        ("leads.write", "POST", "/leads", {"json": {"subject": ref, "summary": "人工登记"}}, 201, True, {}),
        ("leads.read", "GET", f"/leads/{f.lead_id}", {}, 200, True, {}),
        ("leads.write", "POST", f"/leads/{f.lead_id}/merge", {"json": {"other_lead_id": f.lead_id}}, 409, True, {}),
        ("leads.write", "POST", f"/leads/{f.lead_id}/sources/{f.source_id}/review", {"json": {"decision": "undo"}},
         409, True, {}),
        ("leads.read", "GET", f"/leads/{f.lead_id}/dispositions", {}, 200, True, {}),
        ("dispositions.write", "POST", f"/leads/{f.lead_id}/dispositions",
         {"json": {"kind": "interview", "authority": "杭州市地方金融管理局"}}, 409, True, {}),
        ("tasks.read", "GET", "/states", {}, 200, False, {}),
        ("tasks.read", "GET", "/tasks", {}, 200, False, {}),
        ("tasks.write", "POST", "/tasks",
         {"json": {"lead_id": f.lead_id, "region_code": "330106001", "title": "下派", "parent_task_id": f.task_id}},
         409, True, {"grid_hz": 403, "grid_xh": 403, "grid_st": 403, "grid_cm": 403, **NOT_THE_UNIT}),
        ("tasks.read", "GET", f"/tasks/{f.task_id}", {}, 200, True, {}),
        ("tasks.write", "POST", f"/tasks/{f.task_id}/transitions", {"json": {"action": "accept"}}, 409, True, {}),
        ("blacklist.read", "GET", "/blacklist", {}, 200, False, {}),
        ("blacklist.write", "POST", "/blacklist",
         {"json": {"subject": ref, "reason": "非法集资", "authority": "杭州市地方金融管理局"}}, 201, True, {}),
        ("blacklist.read", "GET", f"/blacklist/{f.entry_id}", {}, 200, True, {}),
        ("blacklist.write", "POST", f"/blacklist/{f.entry_id}/revoke", {"json": {"reason": "x"}}, 409, True, {}),
        ("cases.read", "GET", "/cases", {}, 200, False, {}),
        ("cases.read", "GET", f"/cases/{f.case_id}", {}, 200, True, {}),
        ("cases.export", "POST", f"/cases/{f.case_id}/export", {}, 200, True, {}),
        ("evidence_files.write", "POST", "/evidence-files", upload, 201, True, {}),
        ("tasks.read", "GET", f"/evidence-files/{f.evidence_id}", {}, 200, True, {}),
        ("tasks.read", "GET", f"/evidence-files/{f.evidence_id}/content", {}, 200, True, {}),
        ("tasks.read", "GET", f"/evidence-files/{f.evidence_id}/verify", {}, 200, True, {}),
    ]  # fmt: skip


def test_every_route_for_every_user(api: Api, made: Fixtures) -> None:
    for action, method, path, kwargs, answer, names, overrides in endpoints(made):
        got, expected = {}, {}
        for user, _, _ in USERS:
            r = api.as_(user, method, path, **kwargs)
            got[user] = r.status_code
            assert r.status_code < 500, r.text
            if r.status_code >= 400:
                assert r.json()["detail"] and not r.json()["detail"].isascii(), r.text  # Chinese first
            if ROLE_OF[user] not in PERMISSIONS[action]:
                expected[user] = 403
            else:
                expected[user] = overrides.get(user, 404 if names and user not in SEES_XH else answer)
        assert got == expected, f"{method} {path}"
        assert api.client.request(method, "/api/v1/workflow" + path, **kwargs).status_code == 401


def test_lists_stay_inside_the_jurisdiction(api: Api, made: Fixtures) -> None:
    for path, key, value in (
        ("/leads", "lead_id", made.lead_id),
        ("/tasks", "task_id", made.task_id),
        ("/cases", "case_id", made.case_id),
        ("/blacklist", "entry_id", made.entry_id),
    ):
        for user in ("admin", "reg_hz", "inv_xh", "reg_st", "reg_nb"):
            if ROLE_OF[user] not in PERMISSIONS[{"/leads": "leads.read", "/tasks": "tasks.read", "/cases": "cases.read",
                                                  "/blacklist": "blacklist.read"}[path]]:  # fmt: skip
                continue
            items = api.as_(user, "GET", path, params={"limit": 200}).json()["items"]
            assert (value in {i[key] for i in items}) == (user in SEES_XH), (path, user)


def test_every_route_is_in_the_matrix(api: Api, made: Fixtures) -> None:
    spec = api.client.get("/openapi.json").json()["paths"]
    routes = {(m.upper(), p) for p, ops in spec.items() if p.startswith("/api/v1/workflow") for m in ops}
    tested = {(e[1], e[2]) for e in endpoints(made)}
    named = {
        (m, "/api/v1/workflow" + p.replace(made.lead_id, "{lead_id}").replace(made.source_id, "{source_id}")
         .replace(made.task_id, "{task_id}").replace(made.case_id, "{case_id}").replace(made.entry_id, "{entry_id}")
         .replace(made.evidence_id, "{evidence_id}"))
        for m, p in tested
    }  # fmt: skip
    assert routes == named
    assert all(op.get("tags") for ops in spec.values() for op in ops.values())


def test_one_case_over_http(api: Api) -> None:
    # a referral about E2, dispatched by the city to 西湖区
    r = api.as_("inv_xh", "POST", "/leads", json={"subject": f"Enterprise:{E2.key}", "summary": "市场监管局移送：养老项目高息揽储",
                                                   "channel": "referral", "reference": "杭市监移〔2024〕3号"})  # fmt: skip
    assert r.status_code == 201, r.text
    lead = r.json()
    assert (lead["channels_zh"], lead["status_zh"], lead["sources"][0]["source_label"]) == (
        ["部门移送"],
        "待派发",
        "Referral",
    )
    again = api.as_("inv_xh", "POST", "/leads", json={"subject": f"Enterprise:{E2.key}", "summary": "重复移送",
                                                       "channel": "referral", "reference": "杭市监移〔2024〕3号"}).json()  # fmt: skip
    assert again["lead_id"] == lead["lead_id"] and again["source_count"] == 1  # the same referral once
    r = api.as_(
        "reg_hz", "POST", "/tasks", json={"lead_id": lead["lead_id"], "region_code": "330106", "title": "核查养老公司"}
    )
    assert r.status_code == 201, r.text
    task = r.json()
    assert (task["state"], task["state_zh"], task["level_zh"], task["overdue"]) == ("assigned", "已派发", "区县", False)
    tid = task["task_id"]

    def move(user: str, action: str, **body: Any) -> Any:
        return api.as_(user, "POST", f"/tasks/{tid}/transitions", json={"action": action, **body})

    illegal = move("inv_xh", "report", finding="x", conclusion="confirmed")
    assert illegal.status_code == 409
    assert illegal.json()["detail"].startswith("任务当前状态为「已派发」，不能上报：上报只能在「核查中」时进行")
    assert illegal.json()["errors"][0]["state"] == "assigned"
    assert move("grid_xh", "accept").json()["state_zh"] == "已签收"
    assert move("grid_xh", "start").status_code == 200
    assert move("grid_xh", "report", finding="已核实").status_code == 422
    assert (
        move("grid_xh", "report", finding="已核实：承诺年化 15%", conclusion="confirmed").json()["state"] == "reported"
    )
    assert move("inv_xh", "review").status_code == 403  # investigators do not review
    own = move("reg_xh", "review")
    assert own.status_code == 403 and "上级单位" in own.json()["detail"]  # the unit cannot review its own report
    assert move("reg_hz", "review").status_code == 200 and move("reg_hz", "approve").json()["state_zh"] == "处置中"
    r = api.as_("grid_xh", "POST", "/evidence-files", files={"file": ("门店.jpg", JPEG, "image/jpeg")},
                data={"attach_to": f"Task:{tid}", "description": "门店宣传海报"})  # fmt: skip
    assert r.status_code == 201, r.text
    photo = r.json()
    r = api.as_("reg_hz", "POST", f"/leads/{lead['lead_id']}/dispositions", json={
        "kind": "blacklist", "authority": "杭州市地方金融管理局", "document_no": "杭金黑〔2024〕1号",
        "blacklist": {"reason": "以养老项目为名非法集资", "valid_to": "2027-06-30"}})  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["kind_zh"] == "列入黑名单" and r.json()["blacklist_entry_id"]
    listed = api.as_("reg_hz", "GET", "/blacklist", params={"active": "true", "subject_key": E2.key}).json()
    assert [(i["subject_key"], i["status_zh"]) for i in listed["items"]] == [(E2.key, "有效")]
    assert move("reg_hz", "close").json()["state_zh"] == "已办结"
    detail = api.as_("reg_hz", "GET", f"/tasks/{tid}").json()
    assert detail["allowed_actions"] == ["archive"]
    assert [(e["action_zh"], e["from_state"], e["to_state"], e["actor"]) for e in detail["events"]][-3:] == [
        ("受理审核", "reported", "reviewing", "reg_hz"), ("审核通过", "reviewing", "disposing", "reg_hz"),
        ("办结", "disposing", "closed", "reg_hz"),
    ]  # fmt: skip
    closed = api.as_("reg_hz", "GET", f"/leads/{lead['lead_id']}").json()
    assert (closed["status_zh"], closed["outcome_zh"]) == ("已办结", "属实")
    assert move("reg_hz", "archive").status_code == 200
    # the case file gathers it all, and exports as one verifiable package
    case = api.as_("inv_xh", "GET", f"/cases/{closed['case_id']}").json()
    assert (case["status"], case["outcome"], len(case["tasks"]), len(case["dispositions"])) == (
        "archived",
        "confirmed",
        1,
        1,
    )
    assert [f["evidence_id"] for f in case["evidence_files"]] == [photo["evidence_id"]]
    assert len(case["warnings"]) == 2 and case["warnings"][0]["run_id"] == "score-api-1"  # oldest first
    assert api.as_("reg_hz", "POST", f"/cases/{closed['case_id']}/export").status_code == 403
    assert api.as_("inv_nb", "POST", f"/cases/{closed['case_id']}/export").status_code == 404
    r = api.as_("police_hz", "POST", f"/cases/{closed['case_id']}/export")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    report = verify_package(r.content, key=api.settings.evidence_key.get_secret_value().encode())
    assert report.ok, report.problems
    manifest = report.manifest or {}
    assert manifest["snapshot"]["case_id"] == closed["case_id"]
    assert manifest["snapshot"]["evidence_files"][0]["sha256"] == photo["sha256"]
    assert manifest["exporter"]["username"] == "police_hz"
    import io
    import zipfile

    nodes = zipfile.ZipFile(io.BytesIO(r.content)).read("nodes.csv").decode("utf-8-sig")
    for label in ("CaseFile", "Lead", "LeadSource", "Task", "TaskEvent", "Disposition", "BlacklistEntry", "EvidenceFile",
                  "Warning", "Enterprise"):  # fmt: skip
        assert f",{label}," in nodes, label
    content = api.as_("inv_xh", "GET", f"/evidence-files/{photo['evidence_id']}/content")
    assert content.content == JPEG and content.headers["x-evidence-intact"] == "true"
    assert content.headers["x-content-sha256"] == photo["sha256"]
    # every read and write went to the audit log
    actions = {e.action for e in api.client.app.state.audit.read(limit=10_000)}  # type: ignore[attr-defined]
    assert {"leads.write", "tasks.create", "tasks.report", "cases.read", "cases.export", "evidence_files.write",
            "evidence_files.content", "dispositions.write"} <= actions  # fmt: skip


def test_upload_limits_over_http(api: Api, made: Fixtures) -> None:
    target = {"attach_to": f"Lead:{made.lead_id}"}
    big = api.as_("inv_xh", "POST", "/evidence-files", files={"file": ("big.pdf", PDF + bytes(MAX_BYTES), "application/pdf")},
                  data=target)  # fmt: skip
    assert big.status_code == 413 and "20 MiB" in big.json()["detail"]
    fake = api.as_(
        "inv_xh", "POST", "/evidence-files", files={"file": ("x.jpg", b"<script>", "image/jpeg")}, data=target
    )
    assert fake.status_code == 422 and "不支持的文件类型" in fake.json()["detail"]
    bad = api.as_("inv_xh", "POST", "/evidence-files", files={"file": ("x.pdf", PDF, "application/pdf")},
                  data={"attach_to": "Enterprise:x"})  # fmt: skip
    assert bad.status_code == 422
    state = api.as_("inv_xh", "GET", "/states").json()
    assert state["states"]["reviewing"] == "审核中" and len(state["transitions"]) == 9
