"""Evidence preservation on both real stores: content-addressed storage, type by content, limits, and tampering
detected."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from smokeindex.errors import NotFound, PayloadTooLarge, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.workflow.evidence_files import service
from smokeindex.workflow.evidence_files.models import DOCX, MAX_BYTES
from smokeindex.workflow.leads.models import LeadPublic
from tests.workflow.conftest import NOW, put_task, viewer

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(16)


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def test_sniffing_by_content() -> None:
    assert [service.sniff(d) for d in (JPEG, PNG, PDF, docx(), MP4)] == [
        "image/jpeg", "image/png", "application/pdf", DOCX, "video/mp4",
    ]  # fmt: skip
    heic = b"\x00\x00\x00\x18ftypheic" + bytes(16)
    assert [service.sniff(d) for d in (xlsx(), heic, b"MZ\x90\x00", b"hello", b"PK\x03\x04broken")] == [None] * 5


def test_upload_store_and_verify(store: GraphStore, lead: LeadPublic, tmp_path: Path) -> None:
    who = viewer("grid_xh")
    target = NodeRef("Lead", lead.lead_id)
    photo = service.upload(
        store, who, data_dir=tmp_path, target=target, data=JPEG, filename="现场.JPG", description="门店招牌", now=NOW
    )
    assert (photo.media_type, photo.kind, photo.kind_zh, photo.size_bytes) == (
        "image/jpeg",
        "photo",
        "现场照片",
        len(JPEG),
    )
    assert photo.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert (photo.uploader, photo.uploader_role, photo.received_at) == (
        "grid_xh",
        "grid_worker",
        "2024-06-03T01:00:00+00:00",
    )
    assert (photo.region_code, photo.attached_to, photo.filename) == ("330106", f"Lead:{lead.lead_id}", "现场.JPG")
    path = service.blob_path(tmp_path, photo.sha256)
    assert path == tmp_path / "evidence-files" / photo.sha256[:2] / photo.sha256
    assert path.read_bytes() == JPEG and not os.stat(path).st_mode & stat.S_IWUSR  # written once, read-only
    # equal content is stored once, but each upload is its own record
    again = service.upload(store, viewer("inv_xh"), data_dir=tmp_path, target=target, data=JPEG, kind="screenshot")
    assert again.evidence_id != photo.evidence_id and again.sha256 == photo.sha256
    assert len(list((tmp_path / "evidence-files").rglob("*"))) == 2  # one folder, one file
    put_task(store, lead_id=lead.lead_id, state="verifying", task_id="T-ev", region_code="330106001")
    for data, name in ((PNG, "shot.png"), (PDF, "询问笔录.pdf"), (docx(), "报告.docx"), (MP4, "video.mp4")):
        service.upload(
            store, viewer("grid_st"), data_dir=tmp_path, target=NodeRef("Task", "T-ev"), data=data, filename=name
        )
    files = service.files_of(store, [target, NodeRef("Task", "T-ev")])
    assert sorted(f.kind for f in files) == ["document", "document", "photo", "screenshot", "screenshot", "video"]
    assert files[0].evidence_id == photo.evidence_id  # in order of receipt
    linked = store.read("MATCH (:Task {task_id: 'T-ev'})-[:HAS_EVIDENCE_FILE]->(f:EvidenceFile) RETURN count(f) AS n")
    assert linked[0]["n"] == 4
    assert service.verify(store, who, data_dir=tmp_path, evidence_id=photo.evidence_id).status == "intact"
    assert all(r.ok for r in service.verify_all(store, data_dir=tmp_path, page=2))
    # a later change is detected, and so is a missing file
    os.chmod(path, 0o644)
    path.write_bytes(JPEG[:-1] + b"\x00")
    report = service.verify(store, who, data_dir=tmp_path, evidence_id=photo.evidence_id)
    assert (report.ok, report.status, report.status_zh) == (False, "tampered", "内容已被改动")
    assert report.actual_sha256 != report.sha256 and report.actual_size == report.size_bytes
    pdf = next(f for f in files if f.media_type == "application/pdf")
    service.blob_path(tmp_path, pdf.sha256).unlink()
    statuses = sorted(r.status for r in service.verify_all(store, data_dir=tmp_path))
    assert statuses == ["intact", "intact", "intact", "missing", "tampered", "tampered"]
    with pytest.raises(NotFound):  # the street cannot see the district's lead, nor its evidence
        service.verify(store, viewer("grid_st"), data_dir=tmp_path, evidence_id=photo.evidence_id)


def test_refusals(store: GraphStore, lead: LeadPublic, tmp_path: Path) -> None:
    who, target = viewer("inv_xh"), NodeRef("Lead", lead.lead_id)

    def up(data: bytes, **kwargs: object) -> object:
        return service.upload(store, who, data_dir=tmp_path, target=target, data=data, **kwargs)  # type: ignore[arg-type]

    with pytest.raises(ValidationFailed, match="不支持的文件类型"):
        up(b"MZ\x90\x00 this is a windows program", filename="photo.jpg")
    with pytest.raises(ValidationFailed, match="扩展名 .jpg 与内容"):
        up(PNG, filename="photo.jpg")
    with pytest.raises(ValidationFailed, match="扩展名 .exe"):
        up(PDF, filename="report.pdf.exe")
    with pytest.raises(ValidationFailed, match="只能登记为"):
        up(PDF, kind="photo")
    with pytest.raises(ValidationFailed, match="文件为空"):
        up(b"")
    with pytest.raises(PayloadTooLarge):
        up(PDF + bytes(MAX_BYTES))
    with pytest.raises(NotFound):
        service.upload(store, viewer("inv_nb"), data_dir=tmp_path, target=target, data=PDF)
    with pytest.raises(ValidationFailed):
        service.upload(store, who, data_dir=tmp_path, target=NodeRef("Enterprise", "x"), data=PDF)
    assert not (tmp_path / "evidence-files").exists()  # nothing refused was kept
