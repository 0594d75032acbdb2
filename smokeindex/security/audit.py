"""An append-only, hash-chained audit log (``audit.jsonl``) with a keyed head (``audit.head``).

Each line is one entry whose ``hash`` is the SHA-256 of its canonical JSON (without ``hash``) and whose ``prev`` is the
hash of the entry before it, so editing or deleting an entry breaks the chain. The head file holds the last ``seq`` and
``hash`` with an HMAC under the secret key, so cutting entries off the end, or rewriting the whole chain, no longer
matches the head; only the key's holder can move the head.

When an append finds the log and the head disagree (the tail cut off, the head forged or missing, the key changed), it
first writes an ``audit.break`` entry saying what it found and then carries on: the evidence stays in the chain for
``verify`` to report, and the API keeps working.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ConfigDict, ValidationError

from smokeindex.errors import ConfigError, StoreError

LOG_NAME = "audit.jsonl"
HEAD_NAME = "audit.head"
GENESIS = "0" * 64
BREAK_ACTION = "audit.break"
_TAIL_CHUNK = 1 << 16


class AuditEntry(BaseModel):
    """One line of the audit log.

    Attributes:
        seq: 1-based position in the log.
        at: when, UTC ISO-8601.
        user: who (username, or ``system`` / ``cli:<os user>``).
        role: their role at the time.
        action: what, e.g. ``party.read`` or ``users.add``.
        target: on what, e.g. a party id.
        params: the request's parameters (never secrets).
        outcome: ``ok``, ``denied``, ``error`` …
        ip: the client address, if any.
        prev: the previous entry's hash (64 zeros for the first).
        hash: SHA-256 of this entry's canonical JSON without ``hash``.
    """

    model_config = ConfigDict(frozen=True)

    seq: int
    at: str
    user: str
    role: str
    action: str
    target: str
    params: dict[str, Any]
    outcome: str
    ip: str | None
    prev: str
    hash: str


class AuditReport(BaseModel):
    """What ``AuditLog.verify`` found: ``ok`` only when there are no problems."""

    ok: bool
    entries: int
    problems: list[str]


def canonical(obj: Any) -> bytes:
    """The bytes that are hashed: sorted keys, UTF-8, no spaces."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 (hex) of an entry's canonical JSON, leaving out its ``hash`` field."""
    return hashlib.sha256(canonical({k: v for k, v in fields.items() if k != "hash"})).hexdigest()


class AuditLog:
    """The audit log in ``<path>/audit.jsonl``; appends are safe across threads and processes.

    An append takes a thread lock and an exclusive ``flock`` on the log, writes one line with a single ``write`` in
    append mode and atomically replaces the head. The last ``(size, seq, hash)`` is cached, so while no other process
    writes, an append reads nothing from disk; when the size differs it re-reads the tail and checks it against the head.

    Args:
        path: the directory holding the log and its head; created with its parents.
        key: the HMAC key of the head (``Settings.secret_key``).
        fsync: flush every append to disk before returning (slower; survives power loss).
    """

    def __init__(self, path: Path, *, key: bytes, fsync: bool = False) -> None:
        if not key:
            raise ConfigError("审计日志密钥为空 (empty audit key)")
        path.mkdir(parents=True, exist_ok=True)
        self.file = path / LOG_NAME
        self.head_file = path / HEAD_NAME
        self._key = key
        self._fsync = fsync
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._owner: tuple[int, int, int] = (0, 0, 0)  # (pid, device, inode) the descriptor belongs to
        self._tail: tuple[int, int, str] | None = None  # (file size, seq, hash) after this object's last append

    def close(self) -> None:
        """Close the log's file descriptor (a later append reopens it)."""
        with self._lock:
            if self._fd is not None and self._owner[0] == os.getpid():
                os.close(self._fd)
            self._fd, self._tail = None, None

    def append(
        self,
        *,
        user: str,
        role: str,
        action: str,
        target: str,
        params: dict[str, Any],
        outcome: str = "ok",
        ip: str | None = None,
    ) -> AuditEntry:
        """Append one entry and move the head; values in ``params`` that are not JSON are stored as text."""
        params = json.loads(json.dumps(params, default=str))
        with self._lock:
            fd = self._open()
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                size = os.fstat(fd).st_size
                out: list[bytes] = []
                if self._tail is not None and self._tail[0] == size:
                    seq, prev = self._tail[1], self._tail[2]
                else:
                    seq, prev, whole, problem = self._resync(fd, size)
                    if not whole:
                        out.append(b"\n")  # end a line cut short by a crash; verify reports it
                    if problem is not None:
                        note = _entry(
                            seq + 1, prev, "system", "system", BREAK_ACTION, LOG_NAME, problem, "tampered", None
                        )
                        out.append(canonical(note.model_dump()) + b"\n")
                        seq, prev = note.seq, note.hash
                entry = _entry(seq + 1, prev, user, role, action, target, params, outcome, ip)
                out.append(canonical(entry.model_dump()) + b"\n")
                self._tail = None
                data = b"".join(out)
                try:
                    _write_all(fd, data)
                    if self._fsync:
                        os.fsync(fd)
                    self._write_head(entry.seq, entry.hash)
                except OSError as e:
                    raise StoreError(f"审计日志写入失败 (audit log write failed): {e}") from e
                self._tail = (size + len(data), entry.seq, entry.hash)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        return entry

    def verify(self) -> AuditReport:
        """Walk the whole chain and check it against the head; lists every problem found, Chinese first."""
        problems: list[str] = []
        entries, last_seq, last_hash = 0, 0, GENESIS
        with _shared_lock(self.file) as f:
            for n, raw in enumerate(f or [], 1):
                if not raw.strip():
                    continue
                try:
                    fields = json.loads(raw)
                    entry = AuditEntry.model_validate(fields)
                except (ValueError, ValidationError):
                    problems.append(f"第 {n} 行无法解析 (line {n} is not a valid entry)")
                    continue
                if entry_hash(fields) != entry.hash:
                    problems.append(f"第 {entry.seq} 条内容被改动 (entry {entry.seq}: hash mismatch)")
                if entry.seq != last_seq + 1:
                    problems.append(
                        f"第 {last_seq} 条之后是第 {entry.seq} 条，中间的记录缺失或顺序被改动 (seq gap after {last_seq})"
                    )
                elif entry.prev != last_hash:
                    problems.append(f"第 {entry.seq} 条与上一条的哈希链断开 (entry {entry.seq}: prev mismatch)")
                if entry.action == BREAK_ACTION:
                    problems.append(
                        f"第 {entry.seq} 条：写入时发现日志被改动：{entry.params.get('problem')} (break found at append)"
                    )
                entries, last_seq, last_hash = entries + 1, entry.seq, entry.hash
            head, head_problem = self._read_head()
        if head_problem is not None:
            problems.append(head_problem)
        elif head is None and entries:
            problems.append("头文件 audit.head 缺失 (head file missing)")
        elif head is not None and head != (last_seq, last_hash):
            problems.append(
                f"日志末尾与头文件不符：头文件记到第 {head[0]} 条，日志最后是第 {last_seq} 条，"
                "尾部可能被删除或追加 (log tail does not match the head)"
            )
        return AuditReport(ok=not problems, entries=entries, problems=problems)

    def read(
        self,
        *,
        limit: int = 100,
        after_seq: int = 0,
        user: str | None = None,
        action: str | None = None,
        newest: bool = False,
    ) -> list[AuditEntry]:
        """Up to ``limit`` entries after ``after_seq`` matching ``user``/``action``, oldest first (newest first if asked)."""
        if limit <= 0 or not self.file.exists():
            return []
        kept: deque[AuditEntry] | list[AuditEntry] = deque(maxlen=limit) if newest else []
        with self.file.open("rb") as f:
            for raw in f:
                try:
                    entry = AuditEntry.model_validate_json(raw)
                except ValueError:
                    continue  # verify reports it
                if entry.seq <= after_seq or (user and entry.user != user) or (action and entry.action != action):
                    continue
                kept.append(entry)
                if not newest and len(kept) >= limit:
                    break
        return list(reversed(kept)) if newest else list(kept)

    # -- helpers ------------------------------------------------------------------------------------------------------
    def _open(self) -> int:
        """The log's descriptor, reopened after a fork or when the file was deleted or replaced."""
        try:
            st = os.stat(self.file)
            current = (os.getpid(), st.st_dev, st.st_ino)
        except FileNotFoundError:
            current = (os.getpid(), 0, 0)
        if self._fd is not None and current == self._owner:
            return self._fd
        if self._fd is not None and self._owner[0] == os.getpid():
            os.close(self._fd)
        self._fd = os.open(self.file, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        st = os.fstat(self._fd)
        self._owner, self._tail = (os.getpid(), st.st_dev, st.st_ino), None
        return self._fd

    def _resync(self, fd: int, size: int) -> tuple[int, str, bool, dict[str, Any] | None]:
        """The file's last (seq, hash), whether it ends with a newline, and what is wrong if it disagrees with the head."""
        seq, last, whole = _scan_tail(fd, size)
        head, head_problem = self._read_head()
        found: dict[str, Any] = {"tail_seq": seq, "tail_hash": last}
        if head_problem is not None:
            return seq, last, whole, {"problem": head_problem, **found}
        if head is None:
            problem = None if seq == 0 else {"problem": "头文件 audit.head 缺失 (head file missing)", **found}
            return seq, last, whole, problem
        if head != (seq, last):
            problem = {
                "problem": f"日志末尾（第 {seq} 条）与头文件（第 {head[0]} 条）不符 (log tail does not match the head)",
                "head_seq": head[0],
                "head_hash": head[1],
                **found,
            }
            return seq, last, whole, problem
        return seq, last, whole, None

    def _mac(self, seq: int, last: str) -> str:
        return hmac.new(self._key, f"{seq}:{last}".encode(), hashlib.sha256).hexdigest()

    def _read_head(self) -> tuple[tuple[int, str] | None, str | None]:
        """The head's (seq, hash) if present and authentic, else None and what is wrong with it (None if absent)."""
        try:
            raw = self.head_file.read_bytes()
        except FileNotFoundError:
            return None, None
        try:
            head = json.loads(raw)
            seq, last, mac = int(head["seq"]), str(head["hash"]), str(head["mac"])
        except (ValueError, KeyError, TypeError):
            return None, "头文件 audit.head 无法解析 (head file unreadable)"
        if not hmac.compare_digest(mac.encode(errors="replace"), self._mac(seq, last).encode()):
            return None, "头文件签名无效：被伪造，或密钥已更换 (head MAC mismatch: forged, or the secret key changed)"
        return (seq, last), None

    def _write_head(self, seq: int, last: str) -> None:
        tmp = self.head_file.with_name(HEAD_NAME + ".tmp")
        with tmp.open("w", encoding="ascii") as f:
            json.dump({"seq": seq, "hash": last, "mac": self._mac(seq, last)}, f)
            if self._fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, self.head_file)


def _entry(
    seq: int,
    prev: str,
    user: str,
    role: str,
    action: str,
    target: str,
    params: dict[str, Any],
    outcome: str,
    ip: str | None,
) -> AuditEntry:
    fields: dict[str, Any] = {
        "seq": seq,
        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "user": user,
        "role": role,
        "action": action,
        "target": target,
        "params": params,
        "outcome": outcome,
        "ip": ip,
        "prev": prev,
    }
    return AuditEntry(**fields, hash=entry_hash(fields))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _scan_tail(fd: int, size: int) -> tuple[int, str, bool]:
    """The (seq, hash) of the last readable entry (0 and GENESIS if none) and whether the file ends with a newline."""
    chunk = min(size, _TAIL_CHUNK)
    while chunk:
        data = os.pread(fd, chunk, size - chunk)
        lines = data.split(b"\n")
        if chunk < size:
            lines = lines[1:]  # the first piece may be the end of a longer line
        for raw in reversed(lines):
            try:
                fields = json.loads(raw)
                return int(fields["seq"]), str(fields["hash"]), data.endswith(b"\n")
            except (ValueError, KeyError, TypeError):
                continue
        if chunk == size:
            break
        chunk = min(size, chunk * 4)
    return 0, GENESIS, size == 0 or os.pread(fd, 1, size - 1) == b"\n"


@contextmanager
def _shared_lock(file: Path) -> Iterator[BinaryIO | None]:
    """The log opened for reading under a shared ``flock``, so no append lands halfway; None if there is no log yet."""
    try:
        f = file.open("rb")
    except FileNotFoundError:
        yield None
        return
    with f:
        fcntl.flock(f.fileno(), fcntl.LOCK_SH)
        yield f
