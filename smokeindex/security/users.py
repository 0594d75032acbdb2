"""Users and API keys in one SQLite file (``users.sqlite3``), with scrypt passwords and hashed keys.

Only hashes are stored: a password as ``scrypt$n$r$p$salt_hex$hash_hex``, an API key (``smk_<prefix>_<secret>``,
shown once) as the SHA-256 of the whole key next to its 8-character prefix, which finds the row.
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import hmac
import re
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from smokeindex.errors import Conflict, NotFound, Unauthorized, ValidationFailed
from smokeindex.security.roles import Role, check_region_code, parse_role

USERNAME = re.compile(r"[a-z0-9_.-]{3,32}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # scrypt cost does not grow with length, but nobody needs more
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
KEY_PREFIX = "smk"
_BAD_LOGIN = "用户名或密码错误 (invalid username or password)"
_BAD_KEY = "API 密钥无效、已吊销或用户已停用 (invalid, revoked or disabled API key)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username      TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    region_code   TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    password_hash TEXT
);
CREATE TABLE IF NOT EXISTS api_keys (
    prefix     TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users(username),
    name       TEXT NOT NULL,
    key_hash   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS api_keys_user ON api_keys(username);
"""


class User(BaseModel):
    """A person who may call the API or the CLI.

    Attributes:
        username: login name, ``[a-z0-9_.-]{3,32}``.
        display_name: the name shown in the UI and reports (may be empty).
        role: what the user may do.
        region_code: GB/T 2260 code bounding what the user sees; ``None`` means national (every region).
        disabled: a disabled user cannot log in, and their tokens and keys stop working at once.
        created_at: when the account was created (UTC).
    """

    model_config = ConfigDict(frozen=True)

    username: str
    display_name: str
    role: Role
    region_code: str | None
    disabled: bool
    created_at: datetime


class ApiKey(BaseModel):
    """What is kept about an API key: never the key itself, which is shown once when issued."""

    model_config = ConfigDict(frozen=True)

    prefix: str
    username: str
    name: str
    created_at: datetime
    revoked: bool


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt_hex$hash_hex`` with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches a stored scrypt hash (constant-time compare; False for a malformed hash)."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected) // 2
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the user is unknown, so that a wrong username costs as much time as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class UserStore:
    """Users and API keys in ``<path>/users.sqlite3``; safe to share across threads and with other processes.

    One connection is shared by the threads of a process; a lock serialises every statement on it so that a reader
    never sees another thread's open transaction. Other processes (the CLI beside the API) go through SQLite's WAL.

    Args:
        path: the directory holding ``users.sqlite3``; created with its parents.
    """

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.file = path / "users.sqlite3"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.file, check_same_thread=False, timeout=10.0)
        self._db.row_factory = sqlite3.Row
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    # -- users --------------------------------------------------------------------------------------------------------
    def create(
        self,
        username: str,
        *,
        role: Role | str,
        region_code: str | None = None,
        display_name: str = "",
        password: str | None = None,
    ) -> User:
        """Create a user (``Conflict`` if the name is taken); without a password only API keys can log them in."""
        if not USERNAME.fullmatch(username):
            raise ValidationFailed(
                f"用户名须为 3–32 位小写字母、数字或 _ . - ：{username!r} (invalid username)",
                errors=[{"loc": ["username"], "msg": "must match [a-z0-9_.-]{3,32}", "input": username}],
            )
        role = parse_role(role)
        if region_code is not None:
            check_region_code(region_code)
        hashed = hash_password(_check_password(password)) if password is not None else None
        try:
            with self._lock, self._db:
                self._db.execute(
                    "INSERT INTO users (username, display_name, role, region_code, created_at, password_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (username, display_name, role.value, region_code, _now(), hashed),
                )
        except sqlite3.IntegrityError as e:
            raise Conflict(f"用户 {username} 已存在 (user already exists)") from e
        return self.get(username)

    def get(self, username: str) -> User:
        """One user, or ``NotFound``."""
        row = self._one("SELECT * FROM users WHERE username = ?", (username,))
        if row is None:
            raise NotFound(f"用户 {username} 不存在 (no such user)")
        return _user(row)

    def set_password(self, username: str, password: str) -> None:
        """Replace a user's password (at least 10 characters)."""
        self._update_user(username, "password_hash = ?", hash_password(_check_password(password)))

    def disable(self, username: str) -> None:
        """Stop a user from logging in; their tokens and API keys stop working on the next request."""
        self._update_user(username, "disabled = ?", 1)

    def enable(self, username: str) -> None:
        """Let a disabled user log in again."""
        self._update_user(username, "disabled = ?", 0)

    def authenticate_password(self, username: str, password: str) -> User:
        """The user if the password is right and the account enabled, else ``Unauthorized`` (one message for all)."""
        row = self._one("SELECT * FROM users WHERE username = ?", (username,))
        stored = row["password_hash"] if row is not None and row["password_hash"] else _dummy_hash()
        ok = verify_password(password[:MAX_PASSWORD], stored) and len(password) <= MAX_PASSWORD
        if row is None or not row["password_hash"] or not ok or row["disabled"]:
            raise Unauthorized(_BAD_LOGIN)
        return _user(row)

    # -- API keys -----------------------------------------------------------------------------------------------------
    def issue_api_key(self, username: str, *, name: str) -> str:
        """A new API key ``smk_<prefix8>_<secret>`` for the user; the plaintext is returned once and never stored."""
        self.get(username)
        for _ in range(5):  # a 32-bit prefix may collide; try another
            prefix = secrets.token_hex(4)
            key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
            try:
                with self._lock, self._db:
                    self._db.execute(
                        "INSERT INTO api_keys (prefix, username, name, key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                        (prefix, username, name, _key_hash(key), _now()),
                    )
            except sqlite3.IntegrityError:
                continue
            return key
        raise Conflict("无法生成唯一的密钥前缀，请重试 (could not find a free key prefix)")

    def authenticate_api_key(self, key: str) -> User:
        """The key's user if the key is known, not revoked and the user enabled, else ``Unauthorized``."""
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            raise Unauthorized(_BAD_KEY)
        row = self._one(
            "SELECT k.key_hash, k.revoked, u.* FROM api_keys k JOIN users u USING (username) WHERE k.prefix = ?",
            (parts[1],),
        )
        if row is None or not hmac.compare_digest(row["key_hash"], _key_hash(key)) or row["revoked"] or row["disabled"]:
            raise Unauthorized(_BAD_KEY)
        return _user(row)

    def revoke_api_key(self, username: str, prefix: str) -> None:
        """Revoke one of the user's keys for good (``NotFound`` if the user has no key with that prefix)."""
        with self._lock, self._db:
            cur = self._db.execute(
                "UPDATE api_keys SET revoked = 1 WHERE username = ? AND prefix = ?", (username, prefix)
            )
        if cur.rowcount == 0:
            raise NotFound(f"用户 {username} 没有前缀为 {prefix} 的密钥 (no such API key)")

    def list_api_keys(self, username: str) -> builtins.list[ApiKey]:
        """The user's keys, oldest first, without their secrets."""
        self.get(username)
        with self._lock:
            rows = self._db.execute(
                "SELECT prefix, username, name, created_at, revoked FROM api_keys WHERE username = ? "
                "ORDER BY created_at, prefix",
                (username,),
            ).fetchall()
        return [ApiKey(**dict(row)) for row in rows]

    def list(self) -> builtins.list[User]:
        """Every user, by username."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM users ORDER BY username").fetchall()
        return [_user(row) for row in rows]

    # -- helpers ------------------------------------------------------------------------------------------------------
    def _one(self, sql: str, params: tuple[object, ...]) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, params).fetchone()
        return row

    def _update_user(self, username: str, assignment: str, value: object) -> None:
        with self._lock, self._db:
            cur = self._db.execute(f"UPDATE users SET {assignment} WHERE username = ?", (value, username))
        if cur.rowcount == 0:
            raise NotFound(f"用户 {username} 不存在 (no such user)")


def _check_password(password: str) -> str:
    try:
        password.encode()
    except UnicodeEncodeError as e:
        raise ValidationFailed("密码含有无法编码的字符 (password is not valid text)") from e
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValidationFailed(
            f"密码长度须为 {MIN_PASSWORD}–{MAX_PASSWORD} 个字符 (password must have at least {MIN_PASSWORD} characters)",
            errors=[{"loc": ["password"], "msg": f"at least {MIN_PASSWORD} characters"}],
        )
    return password


def _user(row: sqlite3.Row) -> User:
    return User(
        username=row["username"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        region_code=row["region_code"],
        disabled=bool(row["disabled"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )
