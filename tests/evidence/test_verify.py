"""Verifying an evidence package: intact passes; any changed byte, wrong key, forged or extra file fails, never raises."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from smokeindex.evidence import verify_package
from smokeindex.evidence.container import assemble, deflate, store
from tests.evidence.conftest import KEY


def members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def repack(files: dict[str, bytes]) -> bytes:
    """A package assembled exactly as the builder does, from (possibly forged) files."""
    return assemble([(store if n == "manifest.json" else deflate)(n, files[n]) for n in sorted(files)])


def data_offset(package: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = archive.getinfo(name)
    return info.header_offset + 30 + len(name)


def test_intact_package_verifies(package: bytes, tmp_path: Path) -> None:
    report = verify_package(package, key=KEY)
    assert report.ok and report.problems == [] and report.manifest is not None
    path = tmp_path / "evidence.zip"
    path.write_bytes(package)
    assert verify_package(path, key=KEY).ok


@pytest.mark.parametrize("where", ["start", "middle", "end", "nodes.csv", "manifest.json"])
def test_flipped_byte_fails(package: bytes, where: str) -> None:
    at = {"start": 0, "middle": len(package) // 2, "end": len(package) - 1}.get(where)
    if at is None:
        at = data_offset(package, where) + 5
    damaged = bytearray(package)
    damaged[at] ^= 0xFF
    report = verify_package(bytes(damaged), key=KEY)
    assert not report.ok and report.problems


def test_every_single_bit_flip_fails(package: bytes) -> None:
    """Headers, compressed streams (whose padding bits zlib ignores) and the manifest alike."""
    for at in range(0, len(package), 3):
        for bit in (0x01, 0x80):
            damaged = bytearray(package)
            damaged[at] ^= bit
            assert not verify_package(bytes(damaged), key=KEY).ok, (at, bit)


@pytest.mark.parametrize("data", [b"", b"not a zip at all"])
def test_not_a_zip_is_reported(data: bytes) -> None:
    report = verify_package(data, key=KEY)
    assert not report.ok and "ZIP" in report.problems[0] and report.manifest is None


def test_empty_zip_has_no_manifest() -> None:
    report = verify_package(assemble([]), key=KEY)
    assert not report.ok and report.problems == ["缺少清单 manifest.json (manifest missing)"]


def test_truncated_and_padded(package: bytes) -> None:
    assert not verify_package(package[:-100], key=KEY).ok
    assert not verify_package(package + b"\0", key=KEY).ok
    assert not verify_package(b"\0" + package, key=KEY).ok


def test_missing_file_is_reported(tmp_path: Path) -> None:
    report = verify_package(tmp_path / "nope.zip", key=KEY)
    assert not report.ok and "无法读取文件" in report.problems[0]


def test_wrong_key_fails(package: bytes) -> None:
    report = verify_package(package, key=b"another-key")
    assert not report.ok and any("签名不符" in p for p in report.problems)


def test_recomputed_hash_with_old_signature_fails(package: bytes) -> None:
    files = members(package)
    files["nodes.csv"] = files["nodes.csv"].replace("张伟".encode(), "李四".encode())
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["nodes.csv"]["sha256"] = hashlib.sha256(files["nodes.csv"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    report = verify_package(repack(files), key=KEY)
    assert not report.ok and any("签名不符" in p for p in report.problems)


def test_changed_file_fails(package: bytes) -> None:
    files = members(package)
    files["subgraph.json"] += b" "
    report = verify_package(repack(files), key=KEY)
    assert any("subgraph.json 大小不符" in p for p in report.problems)
    assert any("subgraph.json 的 SHA-256" in p for p in report.problems)


def test_extra_and_missing_files_fail(package: bytes) -> None:
    files = members(package)
    files["extra.txt"] = "补充材料".encode()
    del files["graph.ttl"]
    problems = verify_package(repack(files), key=KEY).problems
    assert any("extra.txt" in p and "多出" in p for p in problems)
    assert any("缺少文件 graph.ttl" in p for p in problems)


def test_manifest_missing_or_malformed(package: bytes) -> None:
    files = members(package)
    files["manifest.json"] = b"{not json"
    assert any("不是有效的 JSON" in p for p in verify_package(repack(files), key=KEY).problems)
    del files["manifest.json"]
    assert any("缺少清单" in p for p in verify_package(repack(files), key=KEY).problems)


@pytest.mark.parametrize(
    "manifest",
    [b"[" * 100_000, b"[]", '{"signature": {"algorithm": "HMAC-SHA256", "value": "签名"}, "files": []}'.encode()],
)
def test_forged_manifest_is_reported_not_raised(package: bytes, manifest: bytes) -> None:
    files = members(package)
    files["manifest.json"] = manifest
    report = verify_package(repack(files), key=KEY)
    assert not report.ok and report.problems


def test_manifest_reformatted_fails(package: bytes) -> None:
    """Same JSON, same signature, other bytes: still not the package that was signed."""
    files = members(package)
    files["manifest.json"] = json.dumps(json.loads(files["manifest.json"]), ensure_ascii=False).encode()
    problems = verify_package(repack(files), key=KEY).problems
    assert problems == ["清单文件的排版与导出时不同，已被改写 (manifest not in its canonical rendering)"]


def test_reordered_members_fail(package: bytes) -> None:
    files = members(package)
    reordered = assemble(
        [deflate(n, files[n]) if n != "manifest.json" else store(n, files[n]) for n in reversed(files)]
    )
    assert not verify_package(reordered, key=KEY).ok


def test_repacked_with_zipfile_fails(package: bytes) -> None:
    """The same files re-zipped by another tool: the content is intact, but the container is not the one signed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members(package).items():
            archive.writestr(name, content)
    report = verify_package(buf.getvalue(), key=KEY)
    assert not report.ok and any("ZIP 结构" in p for p in report.problems)
