"""Rewards end to end: a complaint becomes a lead, is accepted, and its reward is verified, approved and paid; the
ledger lists and exports it. Illegal steps are 409 with a reason; each step is role-checked."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.complaints.conftest import API, Api


def test_complaint_to_lead_to_reward_paid_end_to_end(api: Api) -> None:
    code = api.submit()["receipt_code"]
    c = api.client.get(f"{API}/complaints", headers=api.h("admin")).json()["items"][0]
    cid, lead_id = c["complaint_id"], c["lead_id"]
    assert lead_id and api.store.read("MATCH (l:Lead {lead_id: $id}) RETURN l.status AS s", {"id": lead_id})
    w = api.h("reg_hz")
    early = api.client.post(f"{API}/rewards", headers=w, json={"complaint_id": cid, "proposed_amount": 5000})
    assert early.status_code == 409 and "受理" in early.json()["detail"]
    assert api.client.post(f"{API}/complaints/{cid}/status", headers=w, json={"to": "accepted"}).status_code == 200
    assert api.client.post(f"{API}/rewards", headers=api.h("police_hz"), json={"complaint_id": cid}).status_code == 403
    created = api.client.post(f"{API}/rewards", headers=w, json={"complaint_id": cid, "proposed_amount": 5000})
    assert created.status_code == 201, created.text
    rid = created.json()["reward_id"]
    assert created.json()["status_zh"] == "已申请" and created.json()["submitted_by"] == "reg_hz"
    dup = api.client.post(f"{API}/rewards", headers=w, json={"complaint_id": cid})
    assert dup.status_code == 409 and "不能重复" in dup.json()["detail"]

    skip = api.client.post(f"{API}/rewards/{rid}/pay", headers=w, json={"amount": 100})
    assert skip.status_code == 409 and "已申请" in skip.json()["detail"] and "已批准" in skip.json()["detail"]
    assert api.client.post(f"{API}/rewards/{rid}/verify", headers=w, json={"note": "经核查属实"}).status_code == 200
    same = api.client.post(f"{API}/rewards/{rid}/approve", headers=w, json={"amount": 3000})
    assert same.status_code == 409 and "四眼" in same.json()["detail"]
    no_amount = api.client.post(f"{API}/rewards/{rid}/approve", headers=api.h("admin"), json={})
    assert no_amount.status_code == 422
    approved = api.client.post(f"{API}/rewards/{rid}/approve", headers=api.h("admin"), json={"amount": 3000})
    assert approved.status_code == 200 and approved.json()["approved_amount"] == 3000
    too_much = api.client.post(f"{API}/rewards/{rid}/pay", headers=w, json={"amount": 3000.01})
    assert too_much.status_code == 422 and "批准金额" in too_much.json()["detail"]
    paid = api.client.post(f"{API}/rewards/{rid}/pay", headers=w, json={"payment_ref": "ZF-2024-001"})
    assert paid.status_code == 200, paid.text
    r = paid.json()
    assert r["status"] == "paid" and r["paid_amount"] == 3000 and r["payment_ref"] == "ZF-2024-001"
    assert (r["verified_by"], r["approved_by"], r["paid_by"]) == ("reg_hz", "admin", "reg_hz")
    assert r["verified_at"] and r["approved_at"] and r["paid_at"]
    assert [e["action_zh"] for e in r["history"]] == ["申请", "核实", "批准", "发放"]
    after = api.client.post(f"{API}/rewards/{rid}/reject", headers=w, json={"note": "x"})
    assert after.status_code == 409 and "已发放" in after.json()["detail"]

    public = api.client.get(f"{API}/complaints/public/{code}").json()
    assert public["reward_status_zh"] == "已发放" and "3000" not in str(public)
    assert "举报奖励已发放。" in [p["note"] for p in public["progress"]]

    ledger = api.client.get(f"{API}/rewards", headers=api.h("reg_hz")).json()
    assert ledger["total"] == 1 and ledger["totals"] == {"approved": 3000.0, "paid": 3000.0}
    assert api.client.get(f"{API}/rewards", headers=api.h("reg_nb")).json()["total"] == 0
    assert api.client.get(f"{API}/rewards/{rid}", headers=api.h("reg_nb")).status_code == 404
    assert api.client.get(f"{API}/rewards", headers=api.h("inv_xh")).status_code == 403
    export = api.client.get(f"{API}/rewards/export", headers=api.h("reg_hz"))
    assert export.status_code == 200 and export.headers["content-type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(export.content))["举报奖励台账"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("奖励编号", "举报编号", "发生地区", "奖励状态")
    assert rows[1][0] == rid and rows[1][3] == "已发放" and rows[1][6] == 3000
    assert rows[-1][0] == "合计" and rows[-1][6] == 3000
    detail = api.client.get(f"{API}/complaints/{cid}", headers=api.h("admin")).json()
    assert [x["reward_id"] for x in detail["rewards"]] == [rid]


def test_reject_needs_a_reason_and_frees_the_complaint_for_a_new_reward(api: Api) -> None:
    api.submit()
    cid = api.only_id()
    w = api.h("admin")
    api.client.post(f"{API}/complaints/{cid}/status", headers=w, json={"to": "accepted"})
    rid = api.client.post(f"{API}/rewards", headers=w, json={"complaint_id": cid}).json()["reward_id"]
    assert api.client.post(f"{API}/rewards/{rid}/reject", headers=w, json={}).status_code == 422
    rejected = api.client.post(f"{API}/rewards/{rid}/reject", headers=w, json={"note": "举报内容与事实不符"})
    assert rejected.status_code == 200 and rejected.json()["status_zh"] == "不予奖励"
    assert api.client.post(f"{API}/rewards/{rid}/verify", headers=w).status_code == 409
    second = api.client.post(f"{API}/rewards", headers=w, json={"complaint_id": cid})
    assert second.status_code == 201 and second.json()["reward_id"] != rid
    page = api.client.get(f"{API}/rewards", headers=w, params={"status": "rejected"}).json()
    assert page["total"] == 1 and page["items"][0]["reward_id"] == rid
