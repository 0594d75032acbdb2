"""Statistics by region (coverage, participants, reading, quiz and literacy distribution, activities) and targeting
(districts where warnings cluster come first), inside each user's jurisdiction, on both real stores."""

from __future__ import annotations

from datetime import datetime, timedelta

from smokeindex.education.service import CST
from tests.education.conftest import Api

P = "/api/v1/education"


def _resident(edu: Api, phone: str, region: str) -> dict[str, str]:
    r = edu.client.post(f"{P}/residents", json={"phone": phone, "region_code": region})
    return {"X-Resident-Token": r.json()["token"]}


def _populate(edu: Api) -> None:
    a = _resident(edu, "13700000001", "330106001001")
    _resident(edu, "13700000002", "330108")
    _resident(edu, "13700000003", "330203")
    for cid in ("EDU-TIP-001", "EDU-LAW-001"):
        assert edu.client.post(f"{P}/contents/{cid}/read", json={"seconds": 60}, headers=a).status_code == 201
    r = edu.client.post(f"{P}/quizzes/EQ-XH-001/attempts", json={"answers": [[1], [0]]}, headers=a)
    assert r.status_code == 201
    body = {
        "kind": "进校园",
        "title": "进校园",
        "place": "滨江区某小学",
        "held_at": "2024-06-01T10:00:00+08:00",
        "audience": 30,
        "region_code": "330108",
    }
    assert edu.client.post(f"{P}/activities", json=body, headers=edu.headers("reg_hz")).status_code == 201


def test_statistics_by_region(edu: Api) -> None:
    _populate(edu)
    s = edu.client.get(f"{P}/stats", headers=edu.headers("reg_hz")).json()
    t = s["totals"]
    assert s["region_prefix"] == "3301" and t["region_code"] == "330100" and t["region_name"] == "杭州市"
    assert (t["residents"], t["active_residents"], t["readings"], t["reading_seconds"]) == (2, 1, 2, 120)
    assert (t["quiz_attempts"], t["quiz_avg_score"], t["activities"], t["audience"], t["reach"]) == (1, 50.0, 2, 90, 91)
    assert t["activities_by_kind"] == {"进社区": 1, "进农村": 0, "进校园": 1, "进单位": 0}
    assert (t["covered_subregions"], t["known_subregions"], t["coverage_rate"]) == (2, 3, 0.6667)
    assert sum(t["literacy_distribution"].values()) == 2 and t["literacy_distribution"]["0–19"] >= 1
    rows = {r["region_code"]: r for r in s["by_region"]}
    assert set(rows) == {"330106", "330108"} and rows["330106"]["region_name"] == "西湖区"
    xh = rows["330106"]
    assert (xh["residents"], xh["readings"], xh["activities"], xh["audience"]) == (1, 2, 1, 60)
    assert (xh["covered_subregions"], xh["known_subregions"], xh["coverage_rate"]) == (1, 1, 1.0)
    assert rows["330108"]["known_subregions"] is None and rows["330108"]["residents"] == 1
    assert {c["content_id"] for c in s["top_contents"]} == {"EDU-TIP-001", "EDU-LAW-001"}
    assert all(c["title"] for c in s["top_contents"])

    # a window: the readings happen now, the activities in 2024
    old = edu.client.get(f"{P}/stats", params={"until": "2024-12-31"}, headers=edu.headers("reg_hz")).json()["totals"]
    assert (old["readings"], old["activities"], old["active_residents"], old["residents"]) == (0, 2, 0, 0)
    june = edu.client.get(f"{P}/stats", params={"since": "2024-06-01"}, headers=edu.headers("reg_hz")).json()
    assert june["totals"]["activities"] == 1 and june["totals"]["readings"] == 2


def test_statistics_follow_the_jurisdiction(edu: Api) -> None:
    _populate(edu)
    national = edu.client.get(f"{P}/stats", headers=edu.headers("admin")).json()
    assert national["region_prefix"] == "" and national["totals"]["residents"] == 3
    assert national["totals"]["region_name"] == "全国" and national["totals"]["coverage_rate"] == 1.0
    [zj] = national["by_region"]
    assert (zj["region_code"], zj["region_name"], zj["covered_subregions"], zj["known_subregions"]) == (
        "330000", "浙江省", 1, 2
    )  # fmt: skip
    nb = edu.client.get(f"{P}/stats", headers=edu.headers("reg_nb")).json()["totals"]
    assert (nb["residents"], nb["readings"], nb["activities"]) == (1, 0, 0)
    xh = edu.client.get(f"{P}/stats", headers=edu.headers("grid_xh")).json()
    assert xh["region_prefix"] == "330106"
    assert [(r["region_code"], r["region_name"]) for r in xh["by_region"]] == [("330106001", "北山街道")]
    assert xh["totals"]["residents"] == 1 and xh["totals"]["activities"] == 1


def test_targeting_puts_clustered_warnings_first(edu: Api) -> None:
    r = edu.client.get(f"{P}/targeting", params={"top": 2}, headers=edu.headers("admin"))
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["run_id"] == "score-edu" and t["grade_weights"]["红"] > t["grade_weights"]["黄"]
    ranked = [(i["region_code"], i["warning_weight"], i["suggested"]) for i in t["items"]]
    assert ranked == [("330106", 13.0, True), ("330203", 5.0, True), ("330108", 1.0, False)]  # 330110: normal only
    first = t["items"][0]
    assert first["region_name"] == "西湖区" and first["warnings"] == {"红": 2, "橙": 1, "黄": 0, "蓝": 0}
    assert first["focus_topics"][0].startswith("非法集资") and "传销识别（拉人头、入门费）" in first["focus_topics"]
    assert "尚无宣教覆盖，建议优先开展宣教" in first["reason"] and "红色预警 2 个" in first["reason"]
    assert "保持常态宣教" in t["items"][2]["reason"]

    # a large recent activity in 西湖区 lowers its priority: P = 13 / (1 + 2000/100)
    recent = (datetime.now(CST) - timedelta(days=3)).isoformat(timespec="seconds")
    body = {"kind": "进社区", "title": "大型宣讲", "place": "西湖文化广场", "held_at": recent, "audience": 2000,
            "region_code": "330106"}  # fmt: skip
    assert edu.client.post(f"{P}/activities", json=body, headers=edu.headers("grid_xh")).status_code == 201
    t = edu.client.get(f"{P}/targeting", params={"top": 2}, headers=edu.headers("admin")).json()
    assert [i["region_code"] for i in t["items"]] == ["330203", "330108", "330106"]
    last = t["items"][2]
    assert (last["reach"], last["priority"], last["suggested"]) == (2000, round(13 / 21, 3), False)
    # the 2024 activity counts once the window reaches back to it
    wide = edu.client.get(f"{P}/targeting", params={"days": 3650}, headers=edu.headers("admin")).json()
    assert next(i for i in wide["items"] if i["region_code"] == "330106")["audience"] == 2060


def test_targeting_follows_the_jurisdiction(edu: Api) -> None:
    codes = {
        user: [i["region_code"] for i in edu.client.get(f"{P}/targeting", headers=edu.headers(user)).json()["items"]]
        for user in ("reg_hz", "reg_nb", "grid_xh")
    }
    assert codes == {"reg_hz": ["330106", "330108"], "reg_nb": ["330203"], "grid_xh": ["330106"]}
    assert edu.client.get(f"{P}/targeting", params={"run_id": "nope"}, headers=edu.headers("admin")).status_code == 404
