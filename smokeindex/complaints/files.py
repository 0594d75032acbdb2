"""Content-addressed file storage for evidence uploads (complaint attachments, inspection photos).

A file is stored once under ``<root>/<aa>/<sha256>`` where ``aa`` is the first two hex digits of its SHA-256, so the
same photo uploaded twice takes the space once and a stored file can be proven unchanged by hashing it again. The type
is decided by the file's first bytes (magic numbers), never by its name or the client's ``Content-Type``; anything not
on the allowed list, empty, or over the size limit is refused before it touches the disk.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from smokeindex.errors import NotFound, PayloadTooLarge, ValidationFailed

#: Media types recognised by their magic bytes, with the Chinese name used in messages.
MEDIA_ZH: dict[str, str] = {
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WebP 图片",
    "image/heic": "HEIC 图片（苹果手机照片）",
    "application/pdf": "PDF 文档",
    "video/mp4": "MP4 视频",
    "audio/mpeg": "MP3 音频",
}
IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic"})
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}
_MP4_BRANDS = {b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"3gp4", b"3gp5"}
_CHUNK = 1 << 16


def sniff(head: bytes) -> str | None:
    """The media type of a file from its first bytes (at least 16 are needed), or ``None`` when unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIC_BRANDS:
            return "image/heic"
        if brand in _MP4_BRANDS:
            return "video/mp4"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    return None


@dataclass(frozen=True)
class StoredFile:
    """A file in the store: its SHA-256 (the address), media type and size in bytes."""

    sha256: str
    media_type: str
    size: int


class FileStore:
    """Files addressed by SHA-256 under ``root``, with a size limit and an allowed set of media types.

    Args:
        root: the directory (created on first write).
        max_bytes: the largest file accepted.
        allowed: media types accepted (see :data:`MEDIA_ZH`).
        what: what the files are, in Chinese, for messages (证据附件, 现场照片).
    """

    def __init__(self, root: Path, *, max_bytes: int, allowed: Iterable[str], what: str = "文件") -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.allowed = frozenset(allowed)
        self.what = what

    def allowed_zh(self) -> str:
        return "、".join(MEDIA_ZH.get(t, t) for t in sorted(self.allowed))

    def put_stream(self, stream: BinaryIO) -> StoredFile:
        """Check and store a file read from ``stream`` (at most ``max_bytes + 1`` bytes are read).

        Raises:
            PayloadTooLarge: the file is larger than ``max_bytes``.
            ValidationFailed: empty, or not an allowed type by its magic bytes.
        """
        data = bytearray()
        while chunk := stream.read(_CHUNK):
            data += chunk
            if len(data) > self.max_bytes:
                raise PayloadTooLarge(
                    f"{self.what}超过 {self.max_bytes // 1024} KB 上限 (file too large)",
                    errors=[{"field": "file", "problem": f"文件大小超过 {self.max_bytes} 字节"}],
                )
        return self.put(bytes(data))

    def put(self, data: bytes) -> StoredFile:
        """Check and store ``data``; storing the same content again writes nothing."""
        if not data:
            raise ValidationFailed(f"{self.what}为空 (empty file)", errors=[{"field": "file", "problem": "文件为空"}])
        if len(data) > self.max_bytes:
            raise PayloadTooLarge(
                f"{self.what}超过 {self.max_bytes // 1024} KB 上限 (file too large)",
                errors=[{"field": "file", "problem": f"文件大小超过 {self.max_bytes} 字节"}],
            )
        media = sniff(data[:32])
        if media is None or media not in self.allowed:
            found = MEDIA_ZH.get(media or "", "无法识别的格式")
            raise ValidationFailed(
                f"{self.what}格式不支持：{found}；仅接受 {self.allowed_zh()} (file type not allowed)",
                errors=[{"field": "file", "problem": f"文件内容为{found}，不在允许的类型中"}],
            )
        digest = hashlib.sha256(data).hexdigest()
        path = self.path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)  # atomic: a reader never sees half a file
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return StoredFile(digest, media, len(data))

    def path(self, sha256: str) -> Path:
        """Where the file with this SHA-256 lives (``ValidationFailed`` for anything but 64 lowercase hex digits)."""
        if not _SHA256.match(sha256):
            raise ValidationFailed(f"文件标识须为 64 位十六进制 SHA-256 (invalid file id): {sha256[:80]}")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def read(self, sha256: str) -> tuple[bytes, str]:
        """The file's bytes and media type; ``NotFound`` when absent."""
        path = self.path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as e:
            raise NotFound(f"{self.what}不存在 (file not found): {sha256}") from e
        return data, sniff(data[:32]) or "application/octet-stream"
