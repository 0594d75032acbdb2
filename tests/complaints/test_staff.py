"""The staff side: linking to enterprises and leads, jurisdiction, the reporter's identity by role, handling steps."""

from __future__ import annotations

from smokeindex.graph import NodeRef
from tests.api.conftest import E1, E2
from tests.complaints.conftest import API, Api


def test_reports_are_linked_to_enterprises_and_merged_into_one_lead(api: Api) -> None:
    api.submit()
    api.submit(subject_name="鑫盛财富", contact="13700000002", description="杭州鑫盛财富管理有限公司的业务员上门推销")
    api.submit(subject_name="杭州鑫盛养老服务有限公司", contact="13700000003")
    page = api.client.get(f"{API}/complaints", headers=api.h("admin")).json()
    assert page["total"] == 3
    by_subject = {c["subject_name"]: c for c in page["items"]}
    exact = by_subject["杭州鑫盛财富管理有限公司"]
    assert exact["enterprise"]["uscc"] == E1.key and exact["enterprise"]["method"] == "exact"
    assert by_subject["鑫盛财富"]["enterprise"]["uscc"] == E1.key  # a brand alias, settled by the text
    assert exact["lead_id"] and by_subject["鑫盛财富"]["lead_id"] == exact["lead_id"]  # merged into one lead
    other = by_subject["杭州鑫盛养老服务有限公司"]
    assert other["enterprise"]["uscc"] == E2.key and other["lead_id"] != exact["lead_id"]
    lead = api.store.read(
        "MATCH (l:Lead {lead_id: $id})-[:HAS_LEAD_SOURCE]->(s:LeadSource) RETURN l.subject_key AS k, "
        "collect(s.channel) AS ch, collect(s.source_key) AS keys",
        {"id": exact["lead_id"]},
    )[0]
    assert lead["k"] == E1.key and lead["ch"] == ["complaint", "complaint"] and len(set(lead["keys"])) == 2
    rels = api.store.read(
        "MATCH (c:PublicComplaint)-[r:REPORTS_AGAINST]->(e:Enterprise) RETURN count(r) AS n, collect(r.source) AS s"
    )[0]
    assert rels["n"] == 3 and set(rels["s"]) == {"public-complaint"}


def test_unlinked_reports_wait_for_a_manual_link(api: Api) -> None:
    api.submit(subject_name="某某神秘投资俱乐部")
    c = api.client.get(f"{API}/complaints", headers=api.h("reg_hz")).json()["items"][0]
    assert c["enterprise"] is None and c["lead_id"] is None and c["link_method"] == "none"
    cid = c["complaint_id"]
    assert (
        api.client.post(f"{API}/complaints/{cid}/link", headers=api.h("grid_xh"), json={"uscc": E1.key}).status_code
        == 403
    )
    bad = api.client.post(f"{API}/complaints/{cid}/link", headers=api.h("reg_hz"), json={"uscc": "123"})
    assert bad.status_code == 422
    r = api.client.post(f"{API}/complaints/{cid}/link", headers=api.h("reg_hz"), json={"uscc": E1.key})
    assert r.status_code == 200, r.text
    linked = r.json()
    assert linked["enterprise"]["method"] == "manual" and linked["lead_id"]
    assert "人工关联" in linked["handling"][-1]["note"] and linked["handling"][-1]["by"] == "reg_hz"
    again = api.client.post(f"{API}/complaints/{cid}/link", headers=api.h("reg_hz"), json={"uscc": E2.key})
    assert again.status_code == 409 and "已关联" in again.json()["detail"]


def test_reporter_identity_only_for_police_and_admin_and_jurisdiction(api: Api) -> None:
    api.submit()
    api.submit(subject_name="宁波鑫盛商务咨询有限公司", region_code="330203", contact="13700000004")
    cid = api.only_id(region="330106")
    police = api.client.get(f"{API}/complaints/{cid}", headers=api.h("police_hz")).json()
    assert police["reporter_visible"] and police["contact_phone"] == "13912345678" and police["reporter_name"] == "张三"
    for user in ("reg_hz", "inv_xh", "grid_xh"):
        masked = api.client.get(f"{API}/complaints/{cid}", headers=api.h(user))
        assert masked.status_code == 200, user
        body = masked.json()
        assert (
            not body["reporter_visible"] and body["contact_phone"] == "139****5678" and body["reporter_name"] == "张*"
        )
        assert "13912345678" not in masked.text
    # jurisdiction: Ningbo sees only the Ningbo report, Hangzhou's is 404
    assert api.client.get(f"{API}/complaints/{cid}", headers=api.h("reg_nb")).status_code == 404
    nb = api.client.get(f"{API}/complaints", headers=api.h("reg_nb")).json()
    assert nb["total"] == 1 and nb["items"][0]["region_code"] == "330203"
    assert api.client.get(f"{API}/complaints", headers=api.h("reg_nb"), params={"region": "330106"}).status_code == 403
    assert api.client.get(f"{API}/complaints", headers=api.h("public")).status_code == 403
    assert api.client.get(f"{API}/complaints").status_code == 401
    entries = api.client.app.state.audit.read(limit=100, action="complaints.reporter")  # type: ignore[attr-defined]
    assert [(e.user, e.target) for e in entries] == [("police_hz", cid)]


def test_list_pages_and_filters(api: Api) -> None:
    for i in range(5):
        api.submit(contact=f"1370000001{i}", amount=i + 1)
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.client.get(f"{API}/complaints", headers=api.h("admin"), params=params).json()
        assert page["total"] == 5
        seen += [c["complaint_id"] for c in page["items"]]
        cursor = page["next_cursor"]
    assert len(set(seen)) == 5 and cursor is None
    assert api.client.get(f"{API}/complaints", headers=api.h("admin"), params={"cursor": "bogus"}).status_code == 400
    assert api.client.get(f"{API}/complaints", headers=api.h("admin"), params={"status": "closed"}).json()["total"] == 0
    assert api.client.get(f"{API}/complaints", headers=api.h("admin"), params={"uscc": E1.key}).json()["total"] == 5
    assert api.client.get(f"{API}/complaints", headers=api.h("admin"), params={"q": "养老"}).json()["total"] == 0


def test_handling_steps_accepting_feeds_the_index_and_illegal_steps_are_409(api: Api) -> None:
    code = api.submit()["receipt_code"]
    cid = api.only_id()
    step = f"{API}/complaints/{cid}/status"
    early = api.client.post(step, headers=api.h("reg_hz"), json={"to": "closed"})
    assert early.status_code == 409 and "已提交" in early.json()["detail"] and "已受理" in early.json()["detail"]
    assert api.client.post(step, headers=api.h("grid_xh"), json={"to": "accepted"}).status_code == 403
    assert api.client.post(step, headers=api.h("reg_nb"), json={"to": "accepted"}).status_code == 404
    ok = api.client.post(step, headers=api.h("reg_hz"), json={"to": "accepted", "note": "内部：与 12345 工单合并"})
    assert ok.status_code == 200 and ok.json()["status_zh"] == "已受理"
    recorded = api.store.read(
        "MATCH (c:Complaint {complaint_id: $id})-[:COMPLAINT_AGAINST]->(e:Enterprise) RETURN c.channel AS ch, "
        "c.text AS text, e.uscc AS uscc, c.status AS status",
        {"id": cid},
    )
    assert recorded and recorded[0]["uscc"] == E1.key and recorded[0]["ch"] == "公众举报"
    assert "保本保息" in recorded[0]["text"] and recorded[0]["status"] == "已受理"
    assert api.client.post(step, headers=api.h("reg_hz"), json={"to": "accepted"}).status_code == 409
    done = api.client.post(
        step, headers=api.h("police_hz"), json={"to": "closed", "public_note": "已移交公安机关处理。"}
    )
    assert done.status_code == 200
    assert api.store.get_node(NodeRef("Complaint", cid))["status"] == "已办结"  # type: ignore[index]
    public = api.client.get(f"{API}/complaints/public/{code}").json()
    assert [p["status_zh"] for p in public["progress"]] == ["已提交", "已受理", "已办结"]
    assert public["progress"][-1]["note"] == "已移交公安机关处理。"
    assert "12345" not in str(public) and "reg_hz" not in str(public)  # internal notes and staff stay internal
    detail = api.client.get(f"{API}/complaints/{cid}", headers=api.h("admin")).json()
    assert [h["by"] for h in detail["handling"]] == ["reg_hz", "police_hz"]
