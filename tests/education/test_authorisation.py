"""Every staff endpoint × every role, in and out of the jurisdiction, on both real stores; unauthenticated calls are
401; lists, statistics and targeting stay inside the jurisdiction; phones are masked but for police and admin."""

from __future__ import annotations

from typing import Any

import pytest

from smokeindex.api.policy import PERMISSIONS
from smokeindex.security.roles import Role
from tests.education.conftest import USERS, Api

ROLE = {name: Role(role) for name, role, _ in USERS}
#: Who has 西湖区 (330106) in their jurisdiction, whatever their role.
SEES_XH = {"admin", "reg_hz", "police_hz", "inv_xh", "grid_xh", "public"}
P = "/api/v1/education"
CONTENT = {"kind": "tip", "title": "西湖区提示", "body": "谨防养老投资骗局", "region_code": "330106"}
QUIZ = {
    "title": "西湖区测验",
    "region_code": "330106",
    "questions": [{"question": "保本保息可信吗？", "options": ["可信", "不可信"], "answer": [1]}],
}
ACTIVITY = {
    "kind": "进校园",
    "title": "防范非法集资进校园",
    "place": "西湖区某中学",
    "held_at": "2024-05-01T10:00:00+08:00",
    "audience": 200,
    "region_code": "330106",
}
ACTIVITY_ID = "{activity}"
#: The routes residents use without a staff account (tested in test_residents.py).
PUBLIC_ROUTES = {
    ("POST", "/residents"),
    ("GET", "/residents/me"),
    ("GET", "/contents"),
    ("GET", "/contents/{content_id}"),
    ("POST", "/contents/{content_id}/read"),
    ("GET", "/quizzes"),
    ("GET", "/quizzes/{quiz_id}"),
    ("POST", "/quizzes/{quiz_id}/attempts"),
}

# (action, method, path, request kwargs, what happens out of jurisdiction: "place" 403, "name" 404, "list" 200)
ENDPOINTS: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("education.write", "POST", f"{P}/contents", {"json": CONTENT}, "place"),
    ("education.write", "PATCH", f"{P}/contents/EDU-XH-001", {"json": {"title": "新标题"}}, "name"),
    ("education.write", "GET", f"{P}/manage/contents", {}, "list"),
    ("education.write", "POST", f"{P}/quizzes", {"json": QUIZ}, "place"),
    ("education.write", "PATCH", f"{P}/quizzes/EQ-XH-001", {"json": {"title": "新测验标题"}}, "name"),
    ("education.write", "GET", f"{P}/manage/quizzes/EQ-XH-001", {}, "name"),
    ("education.write", "POST", f"{P}/activities", {"json": ACTIVITY}, "place"),
    ("education.stats", "GET", f"{P}/activities", {}, "list"),
    ("education.stats", "GET", f"{P}/activities/export", {}, "list"),
    ("education.stats", "GET", f"{P}/activities/{ACTIVITY_ID}", {}, "name"),
    ("education.stats", "GET", f"{P}/residents", {}, "list"),
    ("education.stats", "GET", f"{P}/stats", {}, "list"),
    ("education.stats", "GET", f"{P}/targeting", {}, "list"),
]


def _expected(action: str, outside: str, user: str, method: str) -> int:
    if ROLE[user] not in PERMISSIONS[action]:
        return 403
    if user not in SEES_XH and outside == "place":
        return 403
    if user not in SEES_XH and outside == "name":
        return 404
    return 201 if method == "POST" else 200


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e[1]} {e[2].removeprefix(P)}")
def test_every_role_in_and_out_of_jurisdiction(edu: Api, endpoint: tuple[str, str, str, dict[str, Any], str]) -> None:
    action, method, path, kwargs, outside = endpoint
    path = path.replace(ACTIVITY_ID, edu.activity_id)
    got = {}
    for user, _, _ in USERS:
        r = edu.client.request(method, path, headers=edu.headers(user), **kwargs)
        assert r.status_code < 500, r.text
        if r.status_code >= 400:
            assert "detail" in r.json()
        got[user] = r.status_code
    assert got == {user: _expected(action, outside, user, method) for user, _, _ in USERS}
    assert edu.client.request(method, path, **kwargs).status_code == 401
    assert edu.client.request(method, path, headers={"X-API-Key": "smk_00000000_nope"}, **kwargs).status_code == 401


def test_the_matrix_covers_every_staff_route(edu: Api) -> None:
    spec = edu.client.get("/openapi.json").json()
    staff = {
        (method.upper(), path)
        for path, ops in spec["paths"].items()
        if path.startswith(P)
        for method, op in ops.items()
        if {"OAuth2PasswordBearer": []} in op.get("security", [])
    }
    tested = {
        (
            m,
            p.replace(ACTIVITY_ID, "{activity_id}")
            .replace("EDU-XH-001", "{content_id}")
            .replace("EQ-XH-001", "{quiz_id}"),
        )
        for _, m, p, _, _ in ENDPOINTS
    }
    assert staff == tested
    public = {
        (method.upper(), path) for path, ops in spec["paths"].items() if path.startswith(P) for method in ops
    } - staff
    assert public == {(m, f"{P}{p}") for m, p in PUBLIC_ROUTES}
    assert "ResidentToken" in spec["components"]["securitySchemes"]


def test_lists_and_reads_stay_inside_the_jurisdiction(edu: Api) -> None:
    nb = dict(ACTIVITY, region_code="330203", title="海曙区进校园")
    assert edu.client.post(f"{P}/activities", json=nb, headers=edu.headers("reg_nb")).status_code == 201
    seen = {
        user: {a["region_code"] for a in edu.client.get(f"{P}/activities", headers=edu.headers(user)).json()["items"]}
        for user in ("admin", "reg_hz", "reg_nb", "grid_xh")
    }
    assert seen == {
        "admin": {"330106001", "330203"},
        "reg_hz": {"330106001"},
        "reg_nb": {"330203"},
        "grid_xh": {"330106001"},
    }
    # filtering by a region outside is refused; a wider region is narrowed to the jurisdiction
    r = edu.client.get(f"{P}/activities", params={"region": "330203"}, headers=edu.headers("reg_hz"))
    assert r.status_code == 403
    r = edu.client.get(f"{P}/stats", params={"region": "330000"}, headers=edu.headers("reg_hz"))
    assert r.status_code == 200 and r.json()["region_prefix"] == "3301"
    assert edu.client.get(f"{P}/stats", params={"region": "330203"}, headers=edu.headers("grid_xh")).status_code == 403
    r = edu.client.get(f"{P}/targeting", params={"region": "330100"}, headers=edu.headers("reg_nb"))
    assert r.status_code == 403
    # managed content: own jurisdiction only (national content for national users only)
    managed = {
        user: {
            c["content_id"] for c in edu.client.get(f"{P}/manage/contents", headers=edu.headers(user)).json()["items"]
        }
        for user in ("admin", "reg_hz", "grid_xh")
    }
    assert "EDU-LAW-001" in managed["admin"] and "EDU-NB-001" in managed["admin"]
    assert managed["reg_hz"] == {"EDU-HZ-001", "EDU-XH-001"}
    assert managed["grid_xh"] == {"EDU-XH-001"}
    # staff may not create national content unless national, nor edit content of a wider region
    national = dict(CONTENT, region_code=None)
    assert edu.client.post(f"{P}/contents", json=national, headers=edu.headers("reg_hz")).status_code == 403
    assert edu.client.post(f"{P}/contents", json=national, headers=edu.headers("admin")).status_code == 201
    patch = {"title": "改"}
    assert edu.client.patch(f"{P}/contents/EDU-HZ-001", json=patch, headers=edu.headers("grid_xh")).status_code == 404
    assert edu.client.patch(f"{P}/contents/EDU-LAW-001", json=patch, headers=edu.headers("reg_hz")).status_code == 404
    moved = {"region_code": "330203"}
    assert edu.client.patch(f"{P}/contents/EDU-XH-001", json=moved, headers=edu.headers("reg_hz")).status_code == 403


def test_phones_are_masked_but_for_police_and_admin(edu: Api) -> None:
    r = edu.client.post(f"{P}/residents", json={"phone": "13800001111", "region_code": "330106001001"})
    assert r.status_code == 201
    phones = {
        user: [x["phone"] for x in edu.client.get(f"{P}/residents", headers=edu.headers(user)).json()["items"]]
        for user in ("admin", "reg_hz", "grid_xh", "reg_nb")
    }
    assert phones == {"admin": ["13800001111"], "reg_hz": ["138****1111"], "grid_xh": ["138****1111"], "reg_nb": []}
