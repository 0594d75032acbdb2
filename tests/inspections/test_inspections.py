"""On-site inspections: plans from the risk ranking and from a building, findings with photos, results that join the
party's record and become leads, the ledger export; roles and jurisdiction."""

from __future__ import annotations

import hashlib
import io

from openpyxl import load_workbook

from tests.api.conftest import E1, E2, E3, E5
from tests.inspections.conftest import API, Api

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4


def test_checklist_template_in_chinese(api: Api) -> None:
    templates = api.client.get(f"{API}/inspections/checklists", headers=api.h("grid_xh")).json()
    standard = next(t for t in templates if t["id"] == "standard")
    categories = {i["category"] for i in standard["items"]}
    assert {"经营场所", "宣传材料", "承诺收益", "资金去向", "从业人员"} <= categories
    assert api.client.get(f"{API}/inspections/checklists", headers=api.h("public")).status_code == 403


def test_area_plan_takes_the_top_scores_inside_the_jurisdiction(api: Api) -> None:
    plan = api.plan(scope="area", region_code="330100", top_n=2)
    assert plan["scope_zh"] == "区域风险排名" and plan["region_code"] == "330100" and plan["target_count"] == 2
    scores = [i["score_at_plan"] for i in plan["inspections"]]
    assert scores == sorted(scores, reverse=True) and all(i["status_zh"] == "待排查" for i in plan["inspections"])
    keys = {i["uscc"] for i in plan["inspections"]}
    assert E5.key not in keys and keys <= {E1.key, E2.key, E3.key}
    warned = api.store.read(
        "MATCH (w:Warning) WHERE w.run_id = 'score-api-2' AND w.subject_label = 'Enterprise' "
        "AND w.region_code STARTS WITH '3301' AND w.grade <> '正常' RETURN w.subject_key AS k ORDER BY w.score DESC LIMIT 2"
    )
    assert keys == {r["k"] for r in warned}
    tied = api.store.read(
        "MATCH (i:Inspection {plan_id: $p})-[:INSPECTED]->(e:Enterprise) MATCH (i)-[:IN_PLAN]->(:InspectionPlan) "
        "RETURN count(DISTINCT e) AS n",
        {"p": plan["plan_id"]},
    )
    assert tied[0]["n"] == 2
    assert api.client.get(f"{API}/inspections/plans/{plan['plan_id']}", headers=api.h("reg_nb")).status_code == 404
    outside = api.client.post(
        f"{API}/inspections/plans",
        headers=api.h("reg_hz"),
        json={"name": "x", "scope": "area", "region_code": "330203"},
    )
    assert outside.status_code == 403
    national = api.client.post(f"{API}/inspections/plans", headers=api.h("admin"), json={"name": "x", "scope": "area"})
    assert national.status_code == 422
    assert (
        api.client.post(
            f"{API}/inspections/plans", headers=api.h("police_hz"), json={"name": "x", "scope": "area"}
        ).status_code
        == 403
    )
    mine = api.plan("grid_xh", scope="area", top_n=10)  # defaults to the grid worker's own district
    assert mine["region_code"] == "330106" and {i["region_code"] for i in mine["inspections"]} == {"330106"}
    listed = api.client.get(f"{API}/inspections/plans", headers=api.h("grid_xh")).json()
    ids = [p["plan_id"] for p in listed["items"]]
    assert mine["plan_id"] in ids and plan["plan_id"] not in ids  # a city plan is not a district's


def test_building_sweep_covers_every_enterprise_at_the_address(api: Api) -> None:
    found = api.client.get(f"{API}/inspections/buildings", headers=api.h("reg_hz"), params={"q": "文三路"}).json()
    assert found and found[0]["address_id"] == "A-demo-01" and found[0]["enterprises"] == 2
    plan = api.plan(scope="building", address_id="A-demo-01", name="文三路 100 号楼宇排查")
    assert plan["scope_zh"] == "楼宇排查" and plan["address_text"].startswith("浙江省杭州市西湖区文三路")
    assert {i["uscc"] for i in plan["inspections"]} == {E1.key, E2.key}
    assert api.store.read(
        "MATCH (:InspectionPlan {plan_id: $p})-[:PLAN_AT]->(a:Address) RETURN a.address_id AS a", {"p": plan["plan_id"]}
    ) == [{"a": "A-demo-01"}]
    missing = api.client.post(
        f"{API}/inspections/plans",
        headers=api.h("reg_nb"),
        json={"name": "x", "scope": "building", "address_id": "A-demo-01"},
    )
    assert missing.status_code == 404
    bad = api.client.post(f"{API}/inspections/plans", headers=api.h("reg_hz"), json={"name": "x", "scope": "building"})
    assert bad.status_code == 422


def test_findings_with_photos_and_a_result_that_raises_a_lead(api: Api) -> None:
    plan = api.plan("grid_xh", scope="building", address_id="A-demo-01")
    target = next(i for i in plan["inspections"] if i["uscc"] == E1.key)
    iid = target["inspection_id"]
    g = api.h("grid_xh")
    photo = api.client.post(
        f"{API}/inspections/{iid}/photos", headers=g, files={"file": ("海报.jpg", io.BytesIO(JPEG), "image/jpeg")}
    )
    assert photo.status_code == 201 and photo.json()["sha256"] == hashlib.sha256(JPEG).hexdigest()
    sha = photo.json()["sha256"]
    assert (api.root / "inspection-files" / sha[:2] / sha).read_bytes() == JPEG
    pdf = api.client.post(
        f"{API}/inspections/{iid}/photos", headers=g, files={"file": ("a.jpg", io.BytesIO(b"%PDF-1.7 x"), "image/jpeg")}
    )
    assert pdf.status_code == 422  # a PDF named .jpg is not a photo
    unknown = api.client.post(
        f"{API}/inspections/{iid}/findings",
        headers=g,
        json={"severity": "high", "description": "x", "photos": ["a" * 64]},
    )
    assert unknown.status_code == 422 and "尚未上传" in unknown.json()["detail"]
    finding = api.client.post(
        f"{API}/inspections/{iid}/findings",
        headers=g,
        json={
            "item_id": "ad-1",
            "severity": "high",
            "description": "前台摆放“年化18%保本保息”宣传折页",
            "photos": [sha],
        },
    )
    assert finding.status_code == 201, finding.text
    assert finding.json()["category"] == "宣传材料" and finding.json()["severity_zh"] == "高"
    assert api.client.get(f"{API}/inspections/{iid}", headers=g).json()["status_zh"] == "排查中"
    assert api.client.post(f"{API}/inspections/{iid}/result", headers=api.h("inv_xh"), json={}).status_code == 403
    wrong = api.client.post(
        f"{API}/inspections/{iid}/result",
        headers=g,
        json={"conclusion": "risk", "summary": "x", "answers": {"zz-9": {"answer": "yes"}}},
    )
    assert wrong.status_code == 422
    done = api.client.post(
        f"{API}/inspections/{iid}/result",
        headers=g,
        json={
            "conclusion": "suspected",
            "summary": "现场有理财推介，承诺保本保息，要求转账至个人账户。",
            "answers": {
                "ad-1": {"answer": "yes"},
                "fund-1": {"answer": "yes", "note": "收款人为法定代表人个人"},
                "lic-1": {"answer": "no"},
                "site-1": {"answer": "yes"},
            },
        },
    )
    assert done.status_code == 200, done.text
    d = done.json()
    assert d["status_zh"] == "已完成" and d["conclusion_zh"] == "涉嫌非法金融活动" and d["inspector"] == "grid_xh"
    assert {a["item_id"]: a["risk"] for a in d["answers"]} == {
        "site-1": False,
        "ad-1": True,
        "fund-1": True,
        "lic-1": True,
    }
    assert d["lead_id"] and d["findings"][0]["photos"] == [sha]
    source = api.store.read(
        "MATCH (l:Lead {lead_id: $l})-[:HAS_LEAD_SOURCE]->(s:LeadSource {source_key: $i}) "
        "RETURN l.subject_key AS k, s.channel AS ch, s.summary AS summary",
        {"l": d["lead_id"], "i": iid},
    )
    assert source and source[0]["k"] == E1.key and source[0]["ch"] == "inspection"
    assert "涉嫌非法金融活动" in source[0]["summary"] and "宣传折页" in source[0]["summary"]
    again = api.client.post(f"{API}/inspections/{iid}/result", headers=g, json={"conclusion": "normal", "summary": "x"})
    assert again.status_code == 409 and "grid_xh" in again.json()["detail"]
    late = api.client.post(f"{API}/inspections/{iid}/findings", headers=g, json={"severity": "low", "description": "x"})
    assert late.status_code == 409
    record = api.client.get(f"{API}/inspections", headers=api.h("reg_hz"), params={"uscc": E1.key}).json()
    assert iid in [i["inspection_id"] for i in record["items"]]  # the party's inspection record
    got = api.client.get(f"{API}/inspections/{iid}/photos/{sha}", headers=api.h("reg_hz"))
    assert got.status_code == 200 and got.content == JPEG
    assert api.client.get(f"{API}/inspections/{iid}", headers=api.h("inv_nb")).status_code == 404


def test_a_normal_result_raises_no_lead_and_the_ledger_exports(api: Api) -> None:
    plan = api.plan("grid_xh", scope="building", address_id="A-demo-01", name="台账测试")
    iid = next(i for i in plan["inspections"] if i["uscc"] == E2.key)["inspection_id"]
    done = api.client.post(
        f"{API}/inspections/{iid}/result",
        headers=api.h("grid_xh"),
        json={"conclusion": "normal", "summary": "正常经营"},
    ).json()
    assert done["lead_id"] is None and done["conclusion_zh"] == "未见异常"
    detail = api.client.get(f"{API}/inspections/plans/{plan['plan_id']}", headers=api.h("reg_hz")).json()
    assert detail["done_count"] == 1 and detail["status_zh"] == "进行中"
    export = api.client.get(f"{API}/inspections/ledger", headers=api.h("reg_hz"), params={"plan_id": plan["plan_id"]})
    assert export.status_code == 200 and export.headers["content-type"].startswith("application/vnd.openxml")
    wb = load_workbook(io.BytesIO(export.content))
    rows = list(wb["排查台账"].iter_rows(values_only=True))
    assert rows[0][:6] == ("序号", "计划编号", "计划名称", "排查编号", "企业名称", "统一社会信用代码")
    assert len(rows) == 3 and {r[5] for r in rows[1:]} == {E1.key, E2.key}
    mine = next(r for r in rows[1:] if r[3] == iid)
    assert mine[9] == "已完成" and mine[12] == "未见异常" and mine[2] == "台账测试"
    assert "发现问题" in wb.sheetnames and "导出说明" in wb.sheetnames
    nb = api.client.get(f"{API}/inspections/ledger", headers=api.h("reg_nb"), params={"plan_id": plan["plan_id"]})
    assert len(list(load_workbook(io.BytesIO(nb.content))["排查台账"].iter_rows(values_only=True))) == 1  # header only
