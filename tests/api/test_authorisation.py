"""The authorisation matrix: every endpoint × every role × a party in and out of the user's jurisdiction, on both
real stores; plus what each role sees masked, and that lists and counts stay inside the jurisdiction."""

from __future__ import annotations

from typing import Any

import pytest

from smokeindex.api.policy import PERMISSIONS
from smokeindex.security.roles import Role
from tests.api.conftest import E1, E5, ID_NUMBER_P1, P1, PHONE, USERS, Api

ROLE = {name: Role(role) for name, role, _ in USERS}
#: Who can see E1 (西湖区, Hangzhou) by jurisdiction, whatever their role.
SEES_E1 = {"admin", "reg_hz", "police_hz", "inv_xh", "grid_xh", "public"}

# (action, method, path, request kwargs, whether the endpoint names E1 and so answers 404 out of jurisdiction)
ENDPOINTS: list[tuple[str, str, str, dict[str, Any], bool]] = [
    ("warnings.read", "GET", "/api/v1/warnings", {}, False),
    ("warnings.read", "GET", "/api/v1/warnings/stats", {}, False),
    ("warnings.read", "GET", "/api/v1/warnings/trend", {}, False),
    ("warnings.export", "GET", "/api/v1/warnings/export", {"params": {"format": "csv"}}, False),
    ("party.read", "GET", f"/api/v1/parties/Enterprise/{E1.key}", {}, True),
    ("network.read", "GET", f"/api/v1/parties/Enterprise/{E1.key}/network", {}, True),
    ("network.read", "GET", f"/api/v1/parties/Enterprise/{E1.key}/gang", {}, True),
    ("network.read", "GET", "/api/v1/paths", {"params": {"source": f"Enterprise:{E1.key}", "target": f"Person:{P1.key}"}}, True),
    ("evidence.export", "POST", "/api/v1/evidence", {"json": {"mode": "party", "party": f"Enterprise:{E1.key}"}}, True),
    ("audit.read", "GET", "/api/v1/audit", {}, False),
    ("audit.read", "GET", "/api/v1/audit/verify", {}, False),
]  # fmt: skip


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e[1]} {e[2].split('/api/v1')[1][:30]}")
def test_every_role_in_and_out_of_jurisdiction(api: Api, endpoint: tuple[str, str, str, dict[str, Any], bool]) -> None:
    action, method, path, kwargs, names_party = endpoint
    got = {}
    for user, _, _ in USERS:
        r = api.client.request(method, path, headers=api.headers(user), **kwargs)
        got[user] = r.status_code
        assert r.status_code < 500, r.text
        assert "detail" in r.json() if r.status_code >= 400 else True
    expected = {
        user: 403 if ROLE[user] not in PERMISSIONS[action] else (404 if names_party and user not in SEES_E1 else 200)
        for user, _, _ in USERS
    }
    assert got == expected
    r = api.client.request(method, path, **kwargs)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert api.client.request(method, path, headers={"X-API-Key": "smk_00000000_nope"}, **kwargs).status_code == 401


def test_the_permission_table_covers_every_route(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    open_routes = {"/api/v1/health", "/api/v1/auth/token", "/api/v1/auth/me"}
    tested = {e[2].replace(E1.key, "{key}").replace("/Enterprise/", "/{label}/") for e in ENDPOINTS}
    # casework, complaints, rewards, inspections and education have their own matrices (tests/<domain>/)
    own_matrix = (
        "/api/v1/workflow",
        "/api/v1/complaints",
        "/api/v1/rewards",
        "/api/v1/inspections",
        "/api/v1/education",
    )
    assert {p for p in spec["paths"] if not p.startswith(own_matrix)} - open_routes == tested


def test_identifiers_are_masked_for_every_role_but_police_and_admin(api: Api) -> None:
    for user in ("admin", "police_hz", "reg_hz", "inv_xh", "grid_xh"):
        facts = api.client.get(f"/api/v1/parties/Person/{P1.key}", headers=api.headers(user)).json()["facts"]
        if user in ("admin", "police_hz"):
            assert facts["id_number"] == ID_NUMBER_P1
        else:
            assert facts["id_number"] != ID_NUMBER_P1 and "*" in facts["id_number"]
            assert facts["id_number"][:6] == ID_NUMBER_P1[:6] and facts["name"] == "王某强"
    for user, shown in (("police_hz", PHONE), ("inv_xh", "138****1111")):
        net = api.client.get(f"/api/v1/parties/Enterprise/{E1.key}/network", headers=api.headers(user)).json()
        phones = [n for n in net["nodes"] if n["label"] == "Phone"]
        assert [n["id"] for n in phones] == [f"Phone:{shown}"] and phones[0]["properties"]["number"] == shown
        assert all(e["source"] != f"Phone:{PHONE}" and e["target"] != f"Phone:{PHONE}" for e in net["edges"]) or (
            user == "police_hz"
        )


def test_traversal_keeps_out_of_jurisdiction_parties_in_place_but_empty(api: Api) -> None:
    net = api.client.get(
        f"/api/v1/parties/Enterprise/{E1.key}/network", params={"hops": 2}, headers=api.headers("inv_xh")
    ).json()
    by_id = {n["id"]: n for n in net["nodes"]}
    ningbo = by_id[f"Enterprise:{E5.key}"]
    assert ningbo["in_jurisdiction"] is False and ningbo["name"] is None and ningbo["properties"] == {}
    assert by_id[f"Enterprise:{E1.key}"]["name"] == "杭州鑫盛财富管理有限公司"
    admin = api.client.get(
        f"/api/v1/parties/Enterprise/{E1.key}/network", params={"hops": 2}, headers=api.headers("admin")
    ).json()
    assert {n["id"]: n for n in admin["nodes"]}[f"Enterprise:{E5.key}"]["name"] == "宁波鑫盛商务咨询有限公司"


def test_lists_and_counts_stay_inside_the_jurisdiction(api: Api) -> None:
    seen = {}
    for user in ("admin", "reg_hz", "reg_nb", "inv_xh"):
        body = api.client.get("/api/v1/warnings", headers=api.headers(user), params={"limit": 100}).json()
        seen[user] = {w["subject_key"] for w in body["items"]}
        assert body["total"] == len(body["items"])
        stats = api.client.get("/api/v1/warnings/stats", headers=api.headers(user)).json()
        assert sum(stats["by_grade"].values()) == body["total"]
    # P1 lives in 西湖区 and holds shares in the Ningbo enterprise: both cities see the person
    assert E5.key in seen["admin"] and seen["reg_nb"] == {E5.key, P1.key}
    assert E5.key not in seen["reg_hz"] and {E1.key, P1.key} <= seen["reg_hz"]
    assert {E1.key, P1.key} <= seen["inv_xh"] and "91330108MA2H0AD5X9" not in seen["inv_xh"]  # 滨江区
    assert seen["admin"] == seen["reg_hz"] | seen["reg_nb"]
    r = api.client.get("/api/v1/warnings", headers=api.headers("inv_xh"), params={"region": "330203"})
    assert r.status_code == 403 and "辖区" in r.json()["detail"]
    # a wider region than one's own is narrowed to it, not refused
    wide = api.client.get("/api/v1/warnings", headers=api.headers("inv_xh"), params={"region": "330000"}).json()
    assert {w["subject_key"] for w in wide["items"]} == seen["inv_xh"]
