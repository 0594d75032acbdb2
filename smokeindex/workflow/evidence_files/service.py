"""Evidence preservation (证据固化): store an upload by its SHA-256, record who sent it and when, and re-hash it later
to show it is unchanged.

Files live under ``<data_dir>/evidence-files/<sha256[:2]>/<sha256>``, written once (to a temporary file, then renamed)
and made read-only; equal content is stored once however often it is uploaded, while every upload is its own
``EvidenceFile`` node (its time of receipt and uploader). The type is recognised from the content's leading bytes
(magic numbers), not from the name; a name whose extension contradicts the content is refused.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePath

from smokeindex.errors import NotFound, PayloadTooLarge, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.query.viewer import Viewer
from smokeindex.workflow import queries
from smokeindex.workflow.common import iso, link, new_id, node_row, rel, utc_now
from smokeindex.workflow.dispositions import service as dispositions
from smokeindex.workflow.evidence_files.models import (
    DOCX,
    EXTENSIONS,
    FILE_STATUS_ZH,
    KIND_ZH,
    KINDS_OF,
    MAX_BYTES,
    MEDIA_ZH,
    TARGET_LABELS,
    EvidenceCheckPublic,
    EvidenceFilePublic,
)
from smokeindex.workflow.leads import service as leads
from smokeindex.workflow.tasks import service as tasks

FOLDER = "evidence-files"
_CHUNK = 1 << 20
#: ISO base media brands of MP4 video (HEIF images and QuickTime share the ``ftyp`` box but are not accepted).
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"mmp4"}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> str | None:
    """The media type the content is, by its magic number, or ``None`` when it is none we accept."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in MP4_BRANDS:
        return "video/mp4"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def blob_path(data_dir: Path, sha256: str) -> Path:
    """Where the content with this digest is kept."""
    return data_dir / FOLDER / sha256[:2] / sha256


def _store_blob(data_dir: Path, data: bytes, sha256: str) -> None:
    """Write the content once: to a temporary file in the same folder, flushed, then renamed, then read-only."""
    path = blob_path(data_dir, sha256)
    if path.exists():
        return  # equal content is already kept; ``verify`` tells whether it is still intact
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o444)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _target_region(store: GraphStore, viewer: Viewer, target: NodeRef) -> str:
    """The region of what the evidence is attached to, which must be inside the jurisdiction."""
    if target.label == "Lead":
        return leads.visible_lead(store, viewer, target.key).region_code
    if target.label == "Task":
        return str(tasks.visible_task_node(store, viewer, target.key)["region_code"])
    if target.label == "Disposition":
        return dispositions.visible_disposition(store, viewer, target.key).region_code
    raise ValidationFailed(
        f"证据只能附在 {'、'.join(TARGET_LABELS)} 上 (evidence attaches to a lead, task or disposition): {target.label}",
        errors=[{"field": "attach_to", "problem": "expected Lead:<id>, Task:<id> or Disposition:<id>"}],
    )


def upload(
    store: GraphStore,
    viewer: Viewer,
    *,
    data_dir: Path,
    target: NodeRef,
    data: bytes,
    filename: str | None = None,
    kind: str | None = None,
    description: str | None = None,
    now: datetime | None = None,
) -> EvidenceFilePublic:
    """Preserve one uploaded file as evidence of a lead, task or disposition.

    Args:
        store: The graph store.
        viewer: The uploader; the target must be inside their jurisdiction.
        data_dir: The deployment's data folder (``Settings.data_dir``).
        target: ``Lead``, ``Task`` or ``Disposition`` and its id.
        data: The file's bytes (at most ``MAX_BYTES``).
        filename: The name it was sent with (kept for the record; its extension must match the content).
        kind: ``photo``, ``document``, ``screenshot`` or ``video``; defaults from the type.
        description: What it shows.
        now: The time of receipt (defaults to now).

    Returns:
        The evidence record, with the SHA-256 that proves the content later.

    Raises:
        PayloadTooLarge: Over ``MAX_BYTES``.
        ValidationFailed: Empty, a type not accepted, an extension that contradicts the content, or a kind that
            does not fit the type.
        NotFound: The target is absent or outside the jurisdiction.
    """
    region = _target_region(store, viewer, target)
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(f"文件超过 {MAX_BYTES // (1024 * 1024)} MiB 上限 (file too large)")
    if not data:
        raise ValidationFailed("文件为空 (empty file)", errors=[{"field": "file", "problem": "empty"}])
    media_type = sniff(data)
    if media_type is None:
        accepted = "、".join(MEDIA_ZH.values())
        raise ValidationFailed(
            f"不支持的文件类型：只接受 {accepted}（按文件内容识别）(unsupported file type)",
            errors=[{"field": "file", "problem": "unsupported content type"}],
        )
    name = PurePath(filename).name[:200] if filename else None
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix and suffix not in EXTENSIONS[media_type]:
        raise ValidationFailed(
            f"文件扩展名 {suffix} 与内容（{MEDIA_ZH[media_type]}）不符 (extension does not match the content)",
            errors=[{"field": "file", "problem": f"extension {suffix} but content {media_type}"}],
        )
    kind = kind or KINDS_OF[media_type][0]
    if kind not in KINDS_OF[media_type]:
        allowed = "、".join(f"{KIND_ZH[k]}（{k}）" for k in KINDS_OF[media_type])
        raise ValidationFailed(
            f"{MEDIA_ZH[media_type]}只能登记为 {allowed} (kind {kind!r} does not fit {media_type})",
            errors=[{"field": "kind", "problem": f"not allowed for {media_type}"}],
        )
    digest = sha256_of(data)
    _store_blob(data_dir, data, digest)
    moment = now or utc_now()
    at = iso(moment)
    evidence_id = new_id("EV", moment)
    row = {
        "evidence_id": evidence_id,
        "sha256": digest,
        "size_bytes": len(data),
        "media_type": media_type,
        "kind": kind,
        "filename": name,
        "description": description,
        "received_at": at,
        "uploader": viewer.username,
        "uploader_role": viewer.role,
        "region_code": region,
        "attached_to": f"{target.label}:{target.key}",
    }
    store.upsert_nodes("EvidenceFile", [node_row(evidence_id, row, at)])
    link(store, "HAS_EVIDENCE_FILE", [rel(target, NodeRef("EvidenceFile", evidence_id), at)])
    return EvidenceFilePublic.from_node(row)


def visible_file(store: GraphStore, viewer: Viewer, evidence_id: str) -> EvidenceFilePublic:
    props = store.get_node(NodeRef("EvidenceFile", evidence_id))
    if props is None or not viewer.sees([props["region_code"]]):
        raise NotFound(f"证据文件不存在或不在您的辖区内 (evidence file not found): {evidence_id}")
    return EvidenceFilePublic.from_node(props)


def files_of(store: GraphStore, targets: list[NodeRef]) -> list[EvidenceFilePublic]:
    """The evidence attached to any of these leads, tasks or dispositions, in order of receipt."""
    keys = [f"{t.label}:{t.key}" for t in targets]
    if not keys:
        return []
    return [EvidenceFilePublic.from_node(dict(r["props"])) for r in store.read(queries.EVIDENCE_OF, {"targets": keys})]


def read_content(data_dir: Path, record: EvidenceFilePublic) -> bytes:
    """The stored bytes of an evidence file (``NotFound`` when the file is gone)."""
    path = blob_path(data_dir, record.sha256)
    if not path.is_file():
        raise NotFound(f"证据文件内容缺失 (evidence content missing): {record.evidence_id}")
    return path.read_bytes()


def check(data_dir: Path, *, evidence_id: str, sha256: str, size_bytes: int) -> EvidenceCheckPublic:
    """Re-hash the stored content and compare it with the digest and size recorded at receipt."""
    path = blob_path(data_dir, sha256)
    if not path.is_file():
        status, actual, size = "missing", None, None
    else:
        h = hashlib.sha256()
        size = 0
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
                size += len(chunk)
        actual = h.hexdigest()
        status = "intact" if actual == sha256 and size == size_bytes else "tampered"
    return EvidenceCheckPublic(
        evidence_id=evidence_id,
        ok=status == "intact",
        status=status,  # type: ignore[arg-type]
        status_zh=FILE_STATUS_ZH[status],
        sha256=sha256,
        actual_sha256=actual,
        size_bytes=size_bytes,
        actual_size=size,
    )


def verify(store: GraphStore, viewer: Viewer, *, data_dir: Path, evidence_id: str) -> EvidenceCheckPublic:
    """Whether a visible evidence file is unchanged since receipt."""
    record = visible_file(store, viewer, evidence_id)
    return check(data_dir, evidence_id=evidence_id, sha256=record.sha256, size_bytes=record.size_bytes)


def verify_all(store: GraphStore, *, data_dir: Path, page: int = 1000) -> Iterator[EvidenceCheckPublic]:
    """Every evidence file in the graph re-hashed, in id order (for ``smokeindex workflow verify-files``)."""
    after = ""
    while rows := store.read(queries.EVIDENCE_PAGE, {"after": after, "limit": page}):
        for r in rows:
            yield check(data_dir, evidence_id=str(r["id"]), sha256=str(r["sha256"]), size_bytes=int(r["size"]))
        after = str(rows[-1]["id"])
