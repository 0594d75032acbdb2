"""Residents without a staff account: registration by phone (validated, rate-limited), content for their region only,
reading recorded, quizzes graded on the server with answers never sent before submission, and the literacy score."""

from __future__ import annotations

import json

from smokeindex.education.residents import issue_resident_token
from smokeindex.graph import NodeRef
from tests.education.conftest import Api

P = "/api/v1/education"
XH = "330106001001"  # a community in 西湖区, Hangzhou


def register(edu: Api, phone: str = "13900002222", region: str = XH) -> dict[str, str]:
    r = edu.client.post(f"{P}/residents", json={"phone": phone, "region_code": region})
    assert r.status_code == 201, r.text
    return {"X-Resident-Token": r.json()["token"]}


def test_registration_validates_and_is_idempotent(edu: Api) -> None:
    for body in ({"phone": "12345", "region_code": XH}, {"phone": "13900002222", "region_code": "33"}, {}):
        r = edu.client.post(f"{P}/residents", json=body)
        assert r.status_code == 422 and r.json()["errors"], r.text
    first = edu.client.post(f"{P}/residents", json={"phone": "13900002222", "region_code": XH}).json()
    again = edu.client.post(f"{P}/residents", json={"phone": "13900002222", "region_code": "330203"}).json()
    assert first["resident_id"] == again["resident_id"] and again["region_code"] == XH  # the region is kept
    assert first["resident_id"].startswith("R") and "13900002222" not in json.dumps(first)
    node = edu.store.get_node(NodeRef("Resident", first["resident_id"]))
    assert node is not None and node["phone"] == "13900002222" and "13900002222" not in node["record_hash"]
    me = edu.client.get(f"{P}/residents/me", headers={"X-Resident-Token": again["token"]}).json()
    assert me["phone"] == "139****2222" and me["region_code"] == XH and me["literacy"]["score"] == 0


def test_registration_is_rate_limited_per_phone(edu: Api) -> None:
    for _ in range(5):
        register(edu, "13900003333")
    r = edu.client.post(f"{P}/residents", json={"phone": "13900003333", "region_code": XH})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    register(edu, "13900004444")  # another phone from the same client still may, up to the client limit
    for i in range(24):
        register(edu, f"1390000{5000 + i}")
    r = edu.client.post(f"{P}/residents", json={"phone": "13911110000", "region_code": XH})
    assert r.status_code == 429


def test_resident_tokens_are_checked(edu: Api) -> None:
    headers = register(edu)
    assert edu.client.get(f"{P}/residents/me").status_code == 401
    for bad in ("nonsense", headers["X-Resident-Token"][:-2] + "AA", "rt1.e30.AAAA"):
        r = edu.client.get(f"{P}/residents/me", headers={"X-Resident-Token": bad})
        assert r.status_code == 401 and "detail" in r.json()
    secret = edu.settings.secret_key.get_secret_value()
    expired = issue_resident_token("R0", XH, secret_key=secret, ttl_s=1, now=1_000_000)
    assert edu.client.get(f"{P}/residents/me", headers={"X-Resident-Token": expired}).status_code == 401
    ghost = issue_resident_token("Rdoesnotexist", XH, secret_key=secret)
    assert edu.client.get(f"{P}/residents/me", headers={"X-Resident-Token": ghost}).status_code == 401
    # a staff API key is not a resident token
    r = edu.client.post(f"{P}/contents/EDU-TIP-001/read", json={"seconds": 60}, headers=edu.headers("admin"))
    assert r.status_code == 401


def test_content_is_for_the_residents_region(edu: Api) -> None:
    headers = register(edu)
    mine = edu.client.get(f"{P}/contents", params={"limit": 100}, headers=headers).json()
    ids = {c["content_id"] for c in mine["items"]}
    assert {"EDU-HZ-001", "EDU-XH-001", "EDU-LAW-001"} <= ids and "EDU-NB-001" not in ids
    assert mine["total"] == 14 and "body" not in mine["items"][0]
    anonymous = {c["content_id"] for c in edu.client.get(f"{P}/contents", params={"limit": 100}).json()["items"]}
    assert len(anonymous) == 12 and not {"EDU-HZ-001", "EDU-NB-001"} & anonymous  # national only
    nb = edu.client.get(f"{P}/contents", params={"region": "330203", "kind": "tip", "limit": 100}).json()
    assert "EDU-NB-001" in {c["content_id"] for c in nb["items"]}
    tagged = edu.client.get(f"{P}/contents", params={"tag": "虚拟货币"}).json()["items"]
    assert {c["content_id"] for c in tagged} == {"EDU-CASE-002", "EDU-TIP-004"}
    page = edu.client.get(f"{P}/contents", params={"limit": 5, "offset": 10}, headers=headers).json()
    assert len(page["items"]) == 4
    assert edu.client.get(f"{P}/contents/EDU-NB-001", headers=headers).status_code == 404
    assert edu.client.post(f"{P}/contents/EDU-NB-001/read", json={"seconds": 30}, headers=headers).status_code == 404
    assert edu.client.get(f"{P}/contents/EDU-NB-001").json()["body"]  # public information without a token
    quizzes = {x["quiz_id"] for x in edu.client.get(f"{P}/quizzes", headers=headers).json()["items"]}
    assert quizzes == {"EQ-BASIC-001", "EQ-SCAM-001", "EQ-LAW-001", "EQ-XH-001"}
    assert edu.client.get(f"{P}/quizzes/EQ-NB-001", headers=headers).status_code == 404


def test_reading_and_quizzes_build_the_literacy_score(edu: Api) -> None:
    headers = register(edu)
    r = edu.client.post(f"{P}/contents/EDU-TIP-001/read", json={"seconds": 5}, headers=headers)
    assert r.status_code == 201 and r.json()["literacy"]["contents_read"] == 0  # under 10 seconds: not counted
    for cid in ("EDU-TIP-001", "EDU-LAW-001", "EDU-CASE-001"):
        r = edu.client.post(f"{P}/contents/{cid}/read", json={"seconds": 60}, headers=headers)
        assert r.status_code == 201
    literacy = r.json()["literacy"]
    assert literacy["contents_read"] == 3 and literacy["kinds_read"] == ["case", "law", "tip"]
    assert literacy["score"] == round(100 * 0.3 * (0.5 * 0.3 + 0.5), 1)

    quiz = edu.client.get(f"{P}/quizzes/EQ-XH-001", headers=headers).json()
    assert "answer" not in json.dumps(quiz) and "explanation" not in json.dumps(quiz)
    assert [x["multiple"] for x in quiz["questions"]] == [False, True]
    short = edu.client.post(f"{P}/quizzes/EQ-XH-001/attempts", json={"answers": [[1]]}, headers=headers)
    assert short.status_code == 422
    bad = edu.client.post(f"{P}/quizzes/EQ-XH-001/attempts", json={"answers": [[1], [7]]}, headers=headers)
    assert bad.status_code == 422
    r = edu.client.post(f"{P}/quizzes/EQ-XH-001/attempts", json={"answers": [[1], [0]]}, headers=headers)
    assert r.status_code == 201, r.text
    result = r.json()
    assert (result["score"], result["correct"], result["total"]) == (50.0, 1, 2)
    assert result["results"][0] == {
        "number": 1, "correct": True, "chosen": [1], "answer": [1], "explanation": "承诺保本保息是危险信号"
    }  # fmt: skip
    assert result["results"][1]["answer"] == [0, 1] and not result["results"][1]["correct"]
    # a retake at full marks lifts the quiz half-way: (50 + 100) / 2
    r = edu.client.post(f"{P}/quizzes/EQ-XH-001/attempts", json={"answers": [[1], [1, 0]]}, headers=headers)
    literacy = r.json()["literacy"]
    assert r.json()["score"] == 100.0 and literacy["quiz_part"] == 0.75 and literacy["quizzes_counted"] == 1
    expected = round(100 * (0.7 * 0.75 * (1 / 3) + 0.3 * (0.5 * 0.3 + 0.5)), 1)
    assert literacy["score"] == expected
    me = edu.client.get(f"{P}/residents/me", headers=headers).json()
    assert (me["readings"], me["attempts"], me["literacy"]["score"]) == (4, 2, expected)
    staff = edu.client.get(f"{P}/residents", headers=edu.headers("grid_xh")).json()["items"]
    assert staff[0]["literacy_score"] == expected and staff[0]["last_active_at"]


def test_withdrawn_content_disappears_for_residents(edu: Api) -> None:
    headers = register(edu)
    r = edu.client.patch(f"{P}/contents/EDU-XH-001", json={"status": "withdrawn"}, headers=edu.headers("grid_xh"))
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert edu.client.get(f"{P}/contents/EDU-XH-001", headers=headers).status_code == 404
    listed = edu.client.get(f"{P}/contents", params={"limit": 100}, headers=headers).json()["items"]
    assert "EDU-XH-001" not in {c["content_id"] for c in listed}
    managed = edu.client.get(f"{P}/manage/contents", params={"status": "withdrawn"}, headers=edu.headers("grid_xh"))
    assert [c["content_id"] for c in managed.json()["items"]] == ["EDU-XH-001"]
