"""The canonical zip container and the manifest signature, shared by ``build_package`` and ``verify_package``.

Every byte of a package is covered. The zip is written by hand rather than with ``zipfile`` so that its form is a
function of the members alone (sorted by name, one fixed timestamp, no extra fields, no comment): ``verify_package`` re-assembles the
container from the members it read and compares byte for byte, so no header byte can change unnoticed (``zipfile``
ignores most of them). The manifest signs each file's SHA-256 and also the SHA-256 of its compressed bytes as stored
(a deflate stream has bits a decompressor ignores), and the manifest itself is stored uncompressed in one canonical
rendering, so its bytes are fixed by what the signature covers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from smokeindex.errors import PayloadTooLarge

FORMAT = "smokeindex-evidence/1"
MANIFEST = "manifest.json"
ALGORITHM = "HMAC-SHA256"

_LOCAL = struct.Struct("<I5H3I2H")  # local file header, 30 bytes
_CENTRAL = struct.Struct("<I6H3I5H2I")  # central directory header, 46 bytes
_END = struct.Struct("<I4H2IH")  # end of central directory, 22 bytes
_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, so the external attributes below mean rw-r--r--
_DOS_DATE = (1 << 5) | 1  # 1980-01-01, the earliest DOS date; with time 00:00 it keeps packages reproducible
_FILE_MODE = 0o100644 << 16


@dataclass(frozen=True)
class Entry:
    """One zip member: its name, the CRC-32 and size of its content, its bytes as stored and how they are stored."""

    name: str
    crc: int
    size: int
    raw: bytes
    method: int = zlib.DEFLATED


def deflate(name: str, content: bytes) -> Entry:
    """A compressed member (raw deflate, level 9)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Entry(name, zlib.crc32(content), len(content), packer.compress(content) + packer.flush())


def store(name: str, content: bytes) -> Entry:
    """An uncompressed member."""
    return Entry(name, zlib.crc32(content), len(content), content, method=0)


def assemble(entries: list[Entry]) -> bytes:
    """The zip file holding ``entries`` in the given order, in canonical form (no zip64: at most 4 GiB)."""
    local, central = bytearray(), bytearray()
    for e in entries:
        name = e.name.encode()
        if max(len(local), len(e.raw), e.size) > 0xFFFFFFFF or len(entries) > 0xFFFF:
            raise PayloadTooLarge("证据包超过 4 GiB 或 65535 个文件 (package too large for a zip without zip64)")
        common = (_VERSION, 0, e.method, 0, _DOS_DATE, e.crc, len(e.raw), e.size, len(name), 0)
        central += _CENTRAL.pack(0x02014B50, _MADE_BY, *common, 0, 0, 0, _FILE_MODE, len(local)) + name
        local += _LOCAL.pack(0x04034B50, *common) + name + e.raw
    end = _END.pack(0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    return bytes(local + central + end)


def raw_member(data: bytes, header_offset: int, compress_size: int) -> bytes:
    """The stored (compressed) bytes of the member whose local header starts at ``header_offset``."""
    name_len, extra_len = struct.unpack_from("<2H", data, header_offset + 26)
    start = header_offset + _LOCAL.size + name_len + extra_len
    return data[start : start + compress_size]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(value: Any) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def render_manifest(manifest: dict[str, Any]) -> bytes:
    """The manifest file: indented for people, and the only rendering a package may carry."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def sign(manifest: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 (hex) of the manifest without its ``signature`` member."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return hmac.new(key, canonical_json(body), hashlib.sha256).hexdigest()
