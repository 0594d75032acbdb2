"""``smokeindex evidence verify FILE``: exit 0 intact, 1 not intact, 2 missing file; the key comes from settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smokeindex.config import get_settings
from smokeindex.evidence.cli import app
from tests.evidence.conftest import KEY

runner = CliRunner()


@pytest.fixture(autouse=True)
def evidence_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SMOKEINDEX_EVIDENCE_KEY", KEY.decode())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_intact(package: bytes, tmp_path: Path) -> None:
    path = tmp_path / "evidence.zip"
    path.write_bytes(package)
    result = runner.invoke(app, ["verify", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "证据包完整" in result.output and "杭州市公安局经侦支队" in result.output and "nodes.csv" in result.output


def test_tampered(package: bytes, tmp_path: Path) -> None:
    damaged = bytearray(package)
    damaged[len(damaged) // 2] ^= 0xFF
    path = tmp_path / "evidence.zip"
    path.write_bytes(bytes(damaged))
    result = runner.invoke(app, ["verify", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "未通过校验" in result.output


def test_wrong_key(package: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMOKEINDEX_EVIDENCE_KEY", "another-key")
    get_settings.cache_clear()
    path = tmp_path / "evidence.zip"
    path.write_bytes(package)
    result = runner.invoke(app, ["verify", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "签名不符" in result.output and "未通过校验" in result.output


def test_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(tmp_path / "nope.zip")])
    assert result.exit_code == 2 and "找不到文件" in result.output
