"""Verify an evidence package: its zip container, every file against the manifest, and the manifest's signature.

Nothing is raised for a damaged or forged package: every finding becomes a readable problem in the report.
"""

from __future__ import annotations

import hmac
import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smokeindex.errors import PayloadTooLarge
from smokeindex.evidence.container import (
    ALGORITHM,
    FORMAT,
    MANIFEST,
    Entry,
    assemble,
    raw_member,
    render_manifest,
    sha256,
    sign,
)


@dataclass
class VerifyReport:
    """The outcome of a verification: ``ok`` only when ``problems`` is empty; ``manifest`` once it could be read."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None


def verify_package(data: bytes | Path, *, key: bytes) -> VerifyReport:
    """Check that an evidence package is exactly as it was signed.

    Args:
        data: The package's bytes, or the path of the zip file.
        key: The HMAC key the package was signed with (``Settings.evidence_key``).

    Returns:
        A report whose ``problems`` (Chinese first, English in brackets) name each finding: an unreadable or
        non-canonical zip, a missing or malformed manifest, a wrong signature, a file that is missing, unlisted, or
        whose SHA-256, size or stored (compressed) bytes differ. ``ok`` is true only when there is none. Never raises for a bad package.
    """
    problems: list[str] = []
    if isinstance(data, Path):
        try:
            data = data.read_bytes()
        except OSError as e:
            return VerifyReport(ok=False, problems=[f"无法读取文件 (cannot read file): {e}"])
    members = _read_zip(data, problems)
    if members is None:
        return VerifyReport(ok=False, problems=problems)
    manifest = _read_manifest(members, problems)
    if manifest is not None:
        _check_signature(manifest, key, problems)
        _check_files(manifest, members, problems)
    return VerifyReport(ok=not problems, problems=problems, manifest=manifest)


@dataclass(frozen=True)
class _Member:
    content: bytes
    stored: bytes  # as in the zip (compressed)


def _read_zip(data: bytes, problems: list[str]) -> dict[str, _Member | None] | None:
    """Every member (``None`` for one that cannot be read), or ``None`` when the zip cannot be opened; checks that the
    container is canonical."""
    # zipfile raises many types on damaged input (BadZipFile, ValueError, EOFError, zlib.error, NotImplementedError,
    # RuntimeError …): each is a finding about the package, never a crash of the verifier.
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as e:
        problems.append(f"不是有效的 ZIP 文件，或文件已损坏 (not a readable zip file): {e}")
        return None
    members: dict[str, _Member | None] = {}
    entries: list[Entry] = []
    with archive:
        infos = archive.infolist()
        for name, n in sorted(Counter(i.filename for i in infos).items()):
            if n > 1:
                problems.append(f"ZIP 中 {name} 出现 {n} 次 (duplicate zip entry)")
        for info in infos:
            try:
                content = archive.read(info)
                stored = raw_member(data, info.header_offset, info.compress_size)
            except Exception as e:
                problems.append(f"{info.filename} 无法解压或 CRC 校验失败 (unreadable entry): {e}")
                members[info.filename] = None
                continue
            members[info.filename] = _Member(content, stored)
            entries.append(Entry(info.filename, info.CRC, info.file_size, stored, info.compress_type))
    if len(entries) == len(infos) and not _canonical(entries, data):
        problems.append("ZIP 结构与导出时不一致：文件头、目录或末尾被改动，或经过重新打包 (zip container altered)")
    return members


def _canonical(entries: list[Entry], data: bytes) -> bool:
    """Whether re-assembling the members, in name order as the builder writes them, gives back exactly these bytes."""
    try:
        return assemble(sorted(entries, key=lambda e: e.name)) == data
    except PayloadTooLarge:
        return False


def _read_manifest(members: dict[str, _Member | None], problems: list[str]) -> dict[str, Any] | None:
    if MANIFEST not in members:
        problems.append(f"缺少清单 {MANIFEST} (manifest missing)")
        return None
    if (member := members[MANIFEST]) is None:
        return None  # unreadable, reported already
    try:
        manifest = json.loads(member.content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        problems.append(f"清单不是有效的 JSON (manifest is not valid JSON): {e}")
        return None
    if not isinstance(manifest, dict):
        problems.append("清单应为 JSON 对象 (manifest is not a JSON object)")
        return None
    if render_manifest(manifest) != member.content:
        problems.append("清单文件的排版与导出时不同，已被改写 (manifest not in its canonical rendering)")
    if manifest.get("format") != FORMAT:
        problems.append(f"未知的证据包格式 {manifest.get('format')!r}，应为 {FORMAT} (unknown format)")
    return manifest


def _check_signature(manifest: dict[str, Any], key: bytes, problems: list[str]) -> None:
    signature = manifest.get("signature")
    value = signature.get("value") if isinstance(signature, dict) else None
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM or not isinstance(value, str):
        problems.append(f"清单缺少 {ALGORITHM} 签名 (signature missing or of another algorithm)")
    elif not hmac.compare_digest(value.encode(), sign(manifest, key).encode()):
        problems.append("清单签名不符：清单被改动，或签名密钥不同 (signature mismatch: manifest altered or wrong key)")


def _check_files(manifest: dict[str, Any], members: dict[str, _Member | None], problems: list[str]) -> None:
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        problems.append("清单缺少文件列表 files (manifest lists no files)")
        return
    for name, expected in sorted(listed.items()):
        member = members.get(name)
        if name not in members:
            problems.append(f"缺少文件 {name} (file listed in the manifest is missing)")
        elif member is None:
            continue  # unreadable, reported already
        elif not isinstance(expected, dict):
            problems.append(f"清单中 {name} 的记录格式错误 (malformed manifest entry)")
        else:
            size = len(member.content)
            if expected.get("bytes") != size:
                problems.append(f"{name} 大小不符：清单 {expected.get('bytes')} 字节，实际 {size} 字节 (size mismatch)")
            if expected.get("sha256") != sha256(member.content):
                problems.append(f"{name} 的 SHA-256 摘要不符，内容已被改动 (sha256 mismatch)")
            if expected.get("stored_sha256") != sha256(member.stored):
                problems.append(f"{name} 在 ZIP 中的压缩数据与清单不符 (stored bytes differ)")
    for name in sorted(set(members) - set(listed) - {MANIFEST}):
        problems.append(f"多出清单中没有的文件 {name} (file not listed in the manifest)")
