"""Faults of the embedded store: killed server, unwritable directory, full disk, a second process attaching."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from smokeindex.errors import StoreError, StoreUnavailable
from smokeindex.graph.falkordb_store import FalkorStore
from tests.conftest import provenance


def persons(prefix: str, n: int, name: str = "某人") -> list[dict]:
    return [{"person_id": f"{prefix}{i}", "name": name, **provenance(f"{prefix}{i}")} for i in range(n)]


@pytest.fixture
def own_store(tmp_path: Path) -> Iterator[FalkorStore]:
    store = FalkorStore(tmp_path / "db", graph_name="faults")
    store.apply_schema()
    yield store
    store.close()


def _sigkill(store: FalkorStore) -> None:
    assert store.server.process is not None
    os.kill(store.server.process.pid, signal.SIGKILL)
    store.server.process.wait(timeout=5)


def test_server_killed_between_writes_is_restarted_and_keeps_committed_writes(own_store: FalkorStore) -> None:
    own_store.upsert_nodes("Person", persons("a", 500))
    first_pid = own_store.server.pid()
    _sigkill(own_store)
    own_store.upsert_nodes("Person", persons("b", 500))  # the next call restarts the server
    assert own_store.server.pid() not in (None, first_pid)
    assert own_store.count_nodes()["Person"] == 1000
    _sigkill(own_store)
    assert own_store.count_nodes()["Person"] == 1000  # reads restart it too


def test_constraints_survive_a_restart(own_store: FalkorStore) -> None:
    own_store.upsert_nodes("Person", persons("a", 3))
    _sigkill(own_store)
    with pytest.raises(StoreError):
        own_store.write("CREATE (:Person {person_id: 'a1', name: 'dup'})")


def test_a_second_store_attaches_to_the_running_server(own_store: FalkorStore) -> None:
    own_store.upsert_nodes("Person", persons("a", 3))
    other = FalkorStore(own_store.server.directory, graph_name="faults")
    try:
        assert other.server.pid() is None  # attached, not owned
        assert other.count_nodes()["Person"] == 3
    finally:
        other.close()
    assert own_store.health().ok  # closing an attached store leaves the server running


def test_data_directory_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable, match="不可写") as info:
        FalkorStore(blocker / "db")
    assert str(blocker / "db") in info.value.detail


def test_long_data_directory_uses_a_short_socket(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["deeply-nested-directory"] * 6)
    store = FalkorStore(deep, graph_name="g")
    try:
        assert len(str(store.server.socket_path)) <= 100
        assert store.health().ok
    finally:
        store.close()


def _mount_tmpfs(path: Path, options: str) -> None:
    assert os.geteuid() == 0, 'mounting a test filesystem needs root: run as root or deselect with -m "not root"'
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)


# Mounting a tiny filesystem needs root; CI runs as root. Elsewhere deselect with -m "not root".
needs_root = pytest.mark.root


@needs_root
def test_read_only_data_directory(tmp_path: Path) -> None:
    mnt = tmp_path / "ro"
    _mount_tmpfs(mnt, "ro,size=1m")
    try:
        with pytest.raises(StoreUnavailable, match="不可写"):
            FalkorStore(mnt / "db")
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


@needs_root
def test_full_disk_gives_a_clear_error_and_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    mnt = tmp_path / "small"
    _mount_tmpfs(mnt, "size=2m")
    acknowledged = 0
    store = FalkorStore(mnt / "db", graph_name="g")
    try:
        store.apply_schema()
        with pytest.raises(StoreUnavailable) as info:
            for batch in range(500):
                store.upsert_nodes("Person", persons(f"b{batch}-", 200, name="某" * 40))
                acknowledged += 200
        assert "磁盘已满" in info.value.detail or "No space left" in info.value.detail
        assert acknowledged > 0
    finally:
        store.close()
        copy = tmp_path / "copy"
        shutil.copytree(mnt / "db", copy, ignore=shutil.ignore_patterns("*.sock", ".lock"))
        subprocess.run(["umount", str(mnt)], check=True)
    recovered = FalkorStore(copy, graph_name="g")
    try:
        assert recovered.count_nodes()["Person"] == acknowledged  # nothing half-written, nothing lost
    finally:
        recovered.close()
