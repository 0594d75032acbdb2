"""What each endpoint answers on both real stores: pagination and its cursors, exports Excel opens, counts and trends,
profiles, paths, gangs and the money among them, evidence round trips, audit, and clear 4xx errors."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from openpyxl import load_workbook

from smokeindex.evidence import verify_package
from tests.api.conftest import E1, E2, E5, P1, Api


def test_cursor_pages_cover_the_list_once_in_order(api: Api) -> None:
    h = api.headers("admin")
    full = api.client.get("/api/v1/warnings", headers=h, params={"limit": 500}).json()
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.client.get("/api/v1/warnings", headers=h, params=params).json()
        assert page["total"] == full["total"] and page["run_id"] == "score-api-2"
        seen += [w["warning_id"] for w in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [w["warning_id"] for w in full["items"]] and len(set(seen)) == full["total"] >= 5
    scores = [w["score"] for w in full["items"]]
    assert scores == sorted(scores, reverse=True)
    first = api.client.get("/api/v1/warnings", headers=h, params={"limit": 2}).json()
    other = api.client.get(
        "/api/v1/warnings", headers=h, params={"limit": 2, "grade": "红", "cursor": first["next_cursor"]}
    )
    assert other.status_code == 400 and "游标" in other.json()["detail"]
    bad = api.client.get("/api/v1/warnings", headers=h, params={"cursor": "not-a-cursor"})
    assert bad.status_code == 400


def test_filters(api: Api) -> None:
    h = api.headers("admin")

    def keys(**params: object) -> set[str]:
        r = api.client.get("/api/v1/warnings", headers=h, params={"limit": 500, **params})
        assert r.status_code == 200, r.text
        return {w["subject_key"] for w in r.json()["items"]}

    everything = keys()
    assert keys(label="Person") == {P1.key}
    assert keys(region="330106") == {E1.key, E2.key, P1.key}
    assert keys(typology="illegal_fundraising") >= {E1.key, E5.key}
    assert keys(dimension="network") == {E2.key, P1.key, "91330108MA2H0AD5X9"}
    assert keys(industry="L72") == {E1.key, E5.key}
    assert keys(q="宁波") == {E5.key}
    reds = keys(grade=["red"])
    assert reds == keys(grade="红") and reds < everything
    assert keys(score_min=99.9) <= reds
    assert keys(grade_changed=True) == keys(changed_since="2000-01-01")
    assert keys(run_id="score-api-1") <= everything
    for bad in ({"grade": "紫"}, {"dimension": "luck"}, {"region": "33"}, {"score_min": 101}, {"sort": "name"}):
        r = api.client.get("/api/v1/warnings", headers=h, params=bad)
        assert r.status_code == 422 and r.json()["errors"], bad
    assert api.client.get("/api/v1/warnings", headers=h, params={"run_id": "nope"}).status_code == 404


def test_exports_open_in_excel_with_chinese_headers(api: Api) -> None:
    h = api.headers("reg_hz")
    listed = api.client.get("/api/v1/warnings", headers=h, params={"limit": 500}).json()
    r = api.client.get("/api/v1/warnings/export", headers=h, params={"format": "csv"})
    assert r.status_code == 200 and r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["主体类型", "主体标识", "主体名称"] and len(rows) - 1 == listed["total"]
    assert [row[1] for row in rows[1:]] == [w["subject_key"] for w in listed["items"]]
    x = api.client.get("/api/v1/warnings/export", headers=h, params={"format": "xlsx", "grade": "红"})
    book = load_workbook(io.BytesIO(x.content), read_only=True)
    sheet = list(book["预警清单"].iter_rows(values_only=True))
    assert sheet[0][6] == "预警等级" and all(row[6] == "红" for row in sheet[1:])
    about = dict(list(book["导出说明"].iter_rows(values_only=True))[1:])
    assert about["导出人"] == "reg_hz" and about["辖区"] == "330100"


def test_stats_and_trend(api: Api) -> None:
    h = api.headers("reg_hz")
    stats = api.client.get("/api/v1/warnings/stats", headers=h).json()
    assert stats["region_prefix"] == "3301"
    regions = {r["region_code"]: r for r in stats["by_region"]}
    assert regions["330106"]["region_name"] == "西湖区" and regions["330106"]["total"] == 3
    trend = api.client.get("/api/v1/warnings/trend", headers=h).json()
    assert [p["run_id"] for p in trend] == ["score-api-1", "score-api-2"]
    assert trend[-1]["total"] == sum(stats["by_grade"].values())


def test_profile_explains_the_score(api: Api) -> None:
    p = api.client.get(f"/api/v1/parties/Enterprise/{E1.key}", headers=api.headers("reg_hz")).json()
    assert p["name"] == "杭州鑫盛财富管理有限公司" and p["grade"] == "红" and p["scoring_run_id"] == "score-api-2"
    assert p["facts_zh"]["registered_capital"] == "注册资本（万元）"
    assert {h["rule_id"] for h in p["rule_hits"]} == {"PUB-001", "BUS-001"}
    assert all(h["explanation"] and h["rule_name"] for h in p["rule_hits"])
    top = p["dimensions"][0]
    assert top["dimension"] in ("publicity", "business") and top["contribution"] > 0
    assert [h["run_id"] for h in p["history"]] == ["score-api-2", "score-api-1"]
    related = {(r["relationship"], r["key"]) for r in p["related"]}
    assert ("CONTROLS", P1.key) in related and ("LEGAL_REP_OF", P1.key) in related
    person = api.client.get(f"/api/v1/parties/Person/{P1.key}", headers=api.headers("reg_hz")).json()
    assert person["network"]["probability"] == 0.9 and person["grade_changes"]
    assert "网络模型" in person["grade_changes"][0]["change_causes"]
    for path in ("/api/v1/parties/Enterprise/91330106MA2H0ZZZZZ", "/api/v1/parties/Person/nobody"):
        r = api.client.get(path, headers=api.headers("admin"))
        assert r.status_code == 404 and "不存在" in r.json()["detail"]
    assert api.client.get("/api/v1/parties/Phone/13800001111", headers=api.headers("admin")).status_code == 422


def test_paths_and_hop_limits(api: Api) -> None:
    h = api.headers("admin")
    r = api.client.get(
        "/api/v1/paths", headers=h, params={"source": f"Enterprise:{E1.key}", "target": f"Enterprise:{E5.key}"}
    )
    path = r.json()["paths"][0]
    assert [n["id"] for n in path["nodes"]] == [f"Enterprise:{E1.key}", f"Person:{P1.key}", f"Enterprise:{E5.key}"]
    assert len(path["edges"]) == 2
    many = api.client.get(
        "/api/v1/paths",
        headers=h,
        params={"source": f"Enterprise:{E1.key}", "target": f"Enterprise:{E2.key}", "mode": "all", "max_hops": 3},
    ).json()
    assert len(many["paths"]) >= 2 and all(p["nodes"][0]["id"] == f"Enterprise:{E1.key}" for p in many["paths"])
    for params in (
        {"source": f"Enterprise:{E1.key}", "target": f"Enterprise:{E2.key}", "mode": "all", "max_hops": 5},
        {"source": f"Enterprise:{E1.key}", "target": f"Enterprise:{E2.key}", "max_hops": 9},
        {"source": "nonsense", "target": f"Enterprise:{E2.key}"},
        {"source": f"Enterprise:{E1.key}", "target": f"Enterprise:{E1.key}"},
    ):
        bad = api.client.get("/api/v1/paths", headers=h, params=params)
        assert bad.status_code == 422 and bad.json()["detail"], params
    net = api.client.get(f"/api/v1/parties/Enterprise/{E1.key}/network", headers=h, params={"hops": 4})
    assert net.status_code == 422
    typed = api.client.get(
        f"/api/v1/parties/Enterprise/{E1.key}/network",
        headers=h,
        params={"rel_types": ["CONTROLS", "SHAREHOLDER_OF"], "hops": 2},
    ).json()
    assert {e["type"] for e in typed["edges"]} == {"CONTROLS", "SHAREHOLDER_OF"}
    assert {n["label"] for n in typed["nodes"]} == {"Enterprise", "Person"}
    capped = api.client.get(f"/api/v1/parties/Enterprise/{E1.key}/network", headers=h, params={"limit": 2}).json()
    assert len(capped["nodes"]) == 2 and capped["truncated"] is True
    unknown = api.client.get(f"/api/v1/parties/Enterprise/{E1.key}/network", headers=h, params={"rel_types": "LOVES"})
    assert unknown.status_code == 422


def test_gang_roles_and_money(api: Api) -> None:
    g = api.client.get(f"/api/v1/parties/Enterprise/{E1.key}/gang", headers=api.headers("admin")).json()
    roles = {m["id"]: m["role"] for m in g["members"]}
    assert roles[f"Person:{P1.key}"] == "controller"
    assert {f"Enterprise:{E1.key}", f"Enterprise:{E2.key}", f"Enterprise:{E5.key}"} <= set(roles)
    assert g["money_total"] == 950000.0 and g["money_transfers"] == 2
    assert {(f["source"], f["target"]) for f in g["flows"]} == {
        (f"Enterprise:{E2.key}", f"Enterprise:{E1.key}"),
        (f"Enterprise:{E1.key}", f"Person:{P1.key}"),
    }


def test_evidence_round_trip_and_masking(api: Api) -> None:
    key = api.settings.evidence_key.get_secret_value().encode()
    for user, raw_visible in (("police_hz", True), ("inv_xh", False)):
        r = api.client.post(
            "/api/v1/evidence",
            headers=api.headers(user),
            json={"mode": "party", "party": f"Enterprise:{E1.key}", "hops": 2, "case_ref": "线索-2024-001"},
        )
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
        report = verify_package(r.content, key=key)
        assert report.ok, report.problems
        manifest = report.manifest or {}
        assert (
            manifest["exporter"]["username"] == user and manifest["query"]["parameters"]["case_ref"] == "线索-2024-001"
        )
        assert manifest["snapshot"]["scoring_run"] == "score-api-2"
        nodes = zipfile.ZipFile(io.BytesIO(r.content)).read("nodes.csv").decode("utf-8-sig")
        assert ("13800001111" in nodes) is raw_visible and ("330106197503121237" in nodes) is raw_visible
        flipped = bytearray(r.content)
        flipped[len(flipped) // 2] ^= 0x01
        assert not verify_package(bytes(flipped), key=key).ok
    gang = api.client.post(
        "/api/v1/evidence", headers=api.headers("admin"), json={"mode": "gang", "party": f"Enterprise:{E1.key}"}
    )
    data = json.loads(zipfile.ZipFile(io.BytesIO(gang.content)).read("subgraph.json"))
    assert {n["id"] for n in data["nodes"]} >= {f"Enterprise:{E1.key}", f"Person:{P1.key}"}
    ids = api.client.post(
        "/api/v1/evidence",
        headers=api.headers("admin"),
        json={"mode": "ids", "ids": [f"Enterprise:{E1.key}", f"Person:{P1.key}"]},
    )
    assert ids.status_code == 200
    out = api.client.post(
        "/api/v1/evidence", headers=api.headers("inv_xh"), json={"mode": "ids", "ids": [f"Enterprise:{E5.key}"]}
    )
    assert out.status_code == 404 and out.json()["errors"]
    assert api.client.post("/api/v1/evidence", headers=api.headers("admin"), json={"mode": "party"}).status_code == 422


def test_reads_are_audited_in_a_verifiable_chain(api: Api) -> None:
    api.client.get(f"/api/v1/parties/Enterprise/{E1.key}", headers=api.headers("grid_xh"))
    api.client.get(f"/api/v1/parties/Enterprise/{E5.key}", headers=api.headers("grid_xh"))
    entries = api.client.get(
        "/api/v1/audit", headers=api.headers("admin"), params={"user": "grid_xh", "limit": 1000}
    ).json()
    reads = [(e["action"], e["target"], e["outcome"]) for e in entries]
    assert ("party.read", f"Enterprise:{E1.key}", "ok") in reads
    assert ("party.read", f"Enterprise:{E5.key}", "refused") in reads
    assert api.client.get("/api/v1/audit/verify", headers=api.headers("admin")).json()["ok"] is True
