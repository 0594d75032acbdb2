"""The public side: submit without an account, check progress by receipt code, add evidence; validation in Chinese,
rate limits, duplicates and attachment limits."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from smokeindex.complaints.throttle import PublicLimits
from smokeindex.graph import GraphStore
from tests.complaints.conftest import API, Api, complaint, make_api

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 300
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_submit_returns_a_receipt_code_that_shows_public_progress_only(api: Api) -> None:
    receipt = api.submit()
    assert CODE.match(receipt["receipt_code"]) and receipt["status"] == "submitted"
    assert receipt["status_zh"] == "已提交" and receipt["max_attachments"] >= 1
    code = receipt["receipt_code"]
    for typed in (code, code.lower().replace("-", ""), code.replace("-", " ")):
        r = api.client.get(f"{API}/complaints/public/{typed}")
        assert r.status_code == 200, r.text
    status = r.json()
    assert status["status_zh"] == "已提交" and status["kind_zh"] == "非法集资"
    assert [p["status_zh"] for p in status["progress"]] == ["已提交"]
    # public-safe: no complaint id, enterprise, lead, reporter or staff fields
    text = r.text
    for secret in ("JB", "91330106", "LEAD", "13912345678", "张三", "lead_id", "uscc"):
        assert secret not in text
    # the code itself is not stored, only its hash
    stored = api.store.read("MATCH (c:PublicComplaint) RETURN properties(c) AS c")[0]["c"]
    assert code not in str(stored) and code.replace("-", "") not in str(stored)
    missing = api.client.get(f"{API}/complaints/public/ABCD-EFGH-JKMN")
    assert missing.status_code == 404 and "查询码" in missing.json()["detail"]


def test_invalid_submissions_get_per_field_chinese_messages(api: Api) -> None:
    r = api.client.post(
        f"{API}/complaints/public",
        json={"kind": "赌博", "amount": "很多", "victims": -3, "region_code": "33", "contact": "abc", "x": 1},
    )
    assert r.status_code == 422
    body = r.json()
    by_field = {e["field"]: e for e in body["errors"]}
    assert set(by_field) == {"subject_name", "kind", "amount", "victims", "region_code", "contact", "x"}
    assert by_field["subject_name"]["field_zh"] == "被举报主体" and "必填" in by_field["subject_name"]["problem"]
    assert "非法集资" in by_field["kind"]["problem"]
    assert "20万元" in by_field["amount"]["problem"]
    assert "不能小于 0" in by_field["victims"]["problem"]
    assert "行政区划" in by_field["region_code"]["problem"]
    assert "手机号" in by_field["contact"]["problem"]
    assert body["detail"].startswith("举报内容有 7 处需要修改")
    assert api.client.post(f"{API}/complaints/public", json=["not", "an", "object"]).status_code == 422
    unknown_region = api.client.post(f"{API}/complaints/public", json=complaint(region_code="110101"))
    assert unknown_region.status_code == 422 and unknown_region.json()["errors"][0]["field"] == "region_code"
    assert api.store.read("MATCH (c:PublicComplaint) RETURN count(c) AS n")[0]["n"] == 0


def test_cleaning_and_duplicates(api: Api) -> None:
    api.submit(subject_name=" 杭州鑫盛财富管理有限责任公司 ", amount="1.5万", contact="+86 139-1234-5678")
    c = api.store.read("MATCH (c:PublicComplaint) RETURN properties(c) AS c")[0]["c"]
    assert c["subject_name"] == "杭州鑫盛财富管理有限公司" and c["amount"] == 15000.0
    assert c["contact_phone"] == "13912345678" and c["channels"] == ["微信群/朋友圈", "线下讲座/推介会"]
    again = api.client.post(
        f"{API}/complaints/public",
        json=complaint(subject_name="杭州鑫盛财富管理有限公司", amount=15000, contact="13912345678"),
    )
    assert again.status_code == 409 and "重复" in again.json()["detail"]
    other_contact = api.client.post(f"{API}/complaints/public", json=complaint(amount=15000, contact="13700000000"))
    assert other_contact.status_code == 201  # another reporter about the same company is another complaint


def test_rate_limits_per_ip_and_per_contact(world: GraphStore, tmp_path: Path) -> None:
    limits = PublicLimits(submissions_per_hour=3, submissions_per_contact_per_day=2, lookups_per_minute=2)
    api = make_api(world, tmp_path, limits=limits)
    with api.client:
        codes = [
            api.client.post(f"{API}/complaints/public", json=complaint(contact="13700000001", amount=i)).status_code
            for i in range(3)
        ]
        assert codes == [201, 201, 429]  # the contact's 2 a day
        r = api.client.post(f"{API}/complaints/public", json=complaint(contact=None, amount=9))
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1  # the IP's 3 an hour
        assert "频繁" in r.json()["detail"]
        lookups = [api.client.get(f"{API}/complaints/public/ABCD-EFGH-JKMN").status_code for _ in range(3)]
        assert lookups == [404, 404, 429]


def test_attachments_by_receipt_code_with_type_size_and_count_limits(world: GraphStore, tmp_path: Path) -> None:
    limits = PublicLimits(max_attachments=2, max_attachment_bytes=1000, requests_per_minute=1000)
    api = make_api(world, tmp_path, limits=limits)
    with api.client:
        code = api.submit()["receipt_code"]
        url = f"{API}/complaints/public/{code}/attachments"
        ok = api.client.post(url, files={"file": ("宣传单.png", io.BytesIO(PNG), "image/png")})
        assert ok.status_code == 201, ok.text
        assert ok.json()["sha256"] == hashlib.sha256(PNG).hexdigest() and ok.json()["media_type"] == "image/png"
        stored = tmp_path / "complaint-files" / ok.json()["sha256"][:2] / ok.json()["sha256"]
        assert stored.read_bytes() == PNG
        fake = api.client.post(url, files={"file": ("photo.jpg", io.BytesIO(b"MZ\x90\x00not an image"), "image/jpeg")})
        assert fake.status_code == 422 and "格式不支持" in fake.json()["detail"]  # judged by content, not by name
        big = api.client.post(url, files={"file": ("big.jpg", io.BytesIO(JPEG * 10), "image/jpeg")})
        assert big.status_code == 413
        same = api.client.post(url, files={"file": ("again.png", io.BytesIO(PNG), "image/png")})
        assert same.status_code == 409
        assert api.client.post(url, files={"file": ("b.jpg", io.BytesIO(JPEG), "image/jpeg")}).status_code == 201
        full = api.client.post(url, files={"file": ("c.jpg", io.BytesIO(JPEG + b"x"), "image/jpeg")})
        assert full.status_code == 409 and "最多 2 个" in full.json()["detail"]
        assert api.client.get(f"{API}/complaints/public/{code}").json()["attachment_count"] == 2
        cid = api.only_id()
        download = api.client.get(
            f"{API}/complaints/{cid}/attachments/{hashlib.sha256(PNG).hexdigest()}", headers=api.h("reg_hz")
        )
        assert download.status_code == 200 and download.content == PNG
        elsewhere = api.client.get(
            f"{API}/complaints/{cid}/attachments/{hashlib.sha256(PNG).hexdigest()}", headers=api.h("reg_nb")
        )
        assert elsewhere.status_code == 404


def test_template_description_for_forms(api: Api) -> None:
    form = api.client.get(f"{API}/complaints/public/form").json()
    labels = {f["name"]: (f["label"], f["required"]) for f in form["fields"]}
    assert labels["subject_name"] == ("被举报主体", True) and labels["contact"] == ("联系方式", False)
    assert form["kinds"]["pyramid_scheme"] == "网络传销" and "image/jpeg" in form["attachment_types"]
