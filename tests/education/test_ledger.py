"""The activity ledger: recording (kinds in Chinese or English, validation), keyset pages, and the XLSX export with
Chinese headers; on both real stores."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from tests.education.conftest import Api

P = "/api/v1/education"
SHA = "a" * 64


def activity(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "community",
        "title": "防范非法集资宣讲",
        "place": "西湖区某社区",
        "held_at": "2024-06-01T09:30:00",
        "audience": 40,
        "region_code": "330106",
        "media_sha256": [SHA.upper()],
        "content_ids": ["EDU-TIP-002"],
    }
    return {**body, **overrides}


def test_recording_an_activity(edu: Api) -> None:
    r = edu.client.post(f"{P}/activities", json=activity(), headers=edu.headers("grid_xh"))
    assert r.status_code == 201, r.text
    a = r.json()
    assert a["kind"] == "进社区" and a["held_at"] == "2024-06-01T09:30:00+08:00"  # naive times are Beijing time
    assert a["media_sha256"] == [SHA] and a["content_ids"] == ["EDU-TIP-002"] and a["recorded_by"] == "grid_xh"
    assert a["activity_id"].startswith("EA-20240601-")
    got = edu.client.get(f"{P}/activities/{a['activity_id']}", headers=edu.headers("reg_hz")).json()
    assert got == a
    utc = edu.client.post(
        f"{P}/activities", json=activity(held_at="2024-06-01T23:30:00Z"), headers=edu.headers("grid_xh")
    ).json()
    assert utc["held_at"] == "2024-06-02T07:30:00+08:00"
    for bad in (
        {"kind": "进工厂"},
        {"audience": -1},
        {"media_sha256": ["abc"]},
        {"held_at": "2999-01-01T00:00:00+08:00"},
        {"content_ids": ["EDU-NOPE-001"]},
        {"region_code": "3301"},
    ):
        r = edu.client.post(f"{P}/activities", json=activity(**bad), headers=edu.headers("grid_xh"))
        assert r.status_code == 422 and r.json()["errors"], (bad, r.text)


def test_ledger_pages_and_filters(edu: Api) -> None:
    for day, kind in ((2, "campus"), (3, "workplace"), (4, "rural")):
        body = activity(held_at=f"2024-06-0{day}T10:00:00+08:00", kind=kind)
        assert edu.client.post(f"{P}/activities", json=body, headers=edu.headers("grid_xh")).status_code == 201
    h = edu.headers("reg_hz")
    first = edu.client.get(f"{P}/activities", params={"limit": 2}, headers=h).json()
    assert first["total"] == 4 and [a["kind"] for a in first["items"]] == ["进农村", "进单位"]
    second = edu.client.get(f"{P}/activities", params={"limit": 2, "cursor": first["next_cursor"]}, headers=h).json()
    assert [a["kind"] for a in second["items"]] == ["进校园", "进社区"] and second["next_cursor"] is None
    other = edu.client.get(f"{P}/activities", params={"kind": "进校园", "cursor": first["next_cursor"]}, headers=h)
    assert other.status_code == 400
    assert edu.client.get(f"{P}/activities", params={"cursor": "garbage!"}, headers=h).status_code == 400
    june = edu.client.get(
        f"{P}/activities", params={"held_from": "2024-06-03", "held_to": "2024-06-03"}, headers=h
    ).json()
    assert [a["kind"] for a in june["items"]] == ["进单位"]
    mine = edu.client.get(f"{P}/activities", params={"recorded_by": "grid_xh", "kind": "rural"}, headers=h).json()
    assert mine["total"] == 1


def test_ledger_exports_as_xlsx_with_chinese_headers(edu: Api) -> None:
    body = activity(title='=HYPERLINK("http://example.invalid")', notes="+1")
    assert edu.client.post(f"{P}/activities", json=body, headers=edu.headers("grid_xh")).status_code == 201
    r = edu.client.get(f"{P}/activities/export", headers=edu.headers("grid_xh"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb["宣教活动台账"].iter_rows(values_only=True))
    assert rows[0][:7] == ("活动编号", "活动类型", "活动主题", "活动地点", "区划代码", "活动时间", "受众人数")
    assert len(rows) == 3 and {row[1] for row in rows[1:]} == {"进社区"}
    titles = {row[2] for row in rows[1:]}
    assert '=HYPERLINK("http://example.invalid")' in titles  # kept as text, never a formula
    cell = next(c for c in wb["宣教活动台账"]["C"] if c.value == '=HYPERLINK("http://example.invalid")')
    assert cell.data_type == "s"
    about = dict(wb["导出说明"].iter_rows(values_only=True))
    assert about["导出人"] == "grid_xh" and about["记录数"] == 2 and about["受众合计"] == 100
    nb = load_workbook(io.BytesIO(edu.client.get(f"{P}/activities/export", headers=edu.headers("reg_nb")).content))
    assert len(list(nb["宣教活动台账"].iter_rows())) == 1  # headers only: nothing in Ningbo
