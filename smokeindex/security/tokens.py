"""Bearer tokens: HS256 JSON Web Tokens made with the standard library only.

Only ``HS256`` is accepted (never ``none``), the signature is checked before the payload is read, and a token says
who the user is, not what they may do: the API re-loads the user on every request, so disabling takes effect at once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
import time
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from smokeindex.errors import ConfigError, Unauthorized
from smokeindex.security.roles import Role
from smokeindex.security.users import User

ALGORITHM = "HS256"
_HEADER = {"alg": ALGORITHM, "typ": "JWT"}
_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")
_MALFORMED = "令牌格式无效 (malformed token)"


class TokenClaims(BaseModel):
    """The claims of a bearer token.

    Attributes:
        sub: the username.
        role: the user's role when the token was issued (the API trusts the stored user, not this).
        region: the user's region code when issued; ``None`` for national users.
        iat: issued at, seconds since the epoch.
        exp: expires at, seconds since the epoch.
        jti: a random token id, for logs and a future deny-list.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    sub: str
    role: Role
    region: str | None
    iat: int
    exp: int
    jti: str


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(segment: str) -> bytes:
    if not _SEGMENT.fullmatch(segment):
        raise Unauthorized(_MALFORMED)
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as e:
        raise Unauthorized(_MALFORMED) from e


def _json(segment: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64decode(segment))
    except (UnicodeDecodeError, ValueError) as e:
        raise Unauthorized(_MALFORMED) from e
    if not isinstance(value, dict):
        raise Unauthorized(_MALFORMED)
    return value


def _sign(signing_input: str, key: bytes) -> str:
    if not key:
        raise ConfigError("令牌签名密钥为空 (empty token key)")
    return _b64encode(hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest())


def issue_token(user: User, *, key: bytes, ttl_s: int, now: float | None = None) -> str:
    """A signed token for the user, valid for ``ttl_s`` seconds from ``now`` (default: the current time)."""
    iat = int(time.time() if now is None else now)
    claims = {
        "sub": user.username,
        "role": user.role.value,
        "region": user.region_code,
        "iat": iat,
        "exp": iat + ttl_s,
        "jti": secrets.token_urlsafe(12),
    }
    header = _b64encode(json.dumps(_HEADER, separators=(",", ":")).encode())
    payload = _b64encode(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    return f"{header}.{payload}.{_sign(f'{header}.{payload}', key)}"


def decode_token(token: str, *, key: bytes, now: float | None = None) -> TokenClaims:
    """The claims of a valid token, or ``Unauthorized`` (malformed, wrong algorithm, bad signature, expired).

    Args:
        token: the compact JWT, ``header.payload.signature``.
        key: the HMAC key (``Settings.secret_key``).
        now: the time to check expiry against (default: the current time).

    Returns:
        The token's claims.

    Raises:
        Unauthorized: with a Chinese-first message saying which check failed.
    """
    parts = token.split(".")
    if len(parts) != 3 or not all(_SEGMENT.fullmatch(p) for p in parts[:2]):
        raise Unauthorized(_MALFORMED)
    header_seg, payload_seg, signature = parts
    header = _json(header_seg)
    if header.get("alg") != ALGORITHM:
        raise Unauthorized(f"不支持的签名算法 {header.get('alg')!r}，只接受 HS256 (unsupported token algorithm)")
    if not hmac.compare_digest(signature.encode(errors="replace"), _sign(f"{header_seg}.{payload_seg}", key).encode()):
        raise Unauthorized("令牌签名无效 (invalid token signature)")
    try:
        claims = TokenClaims.model_validate(_json(payload_seg))
    except ValidationError as e:
        raise Unauthorized(_MALFORMED) from e
    if (time.time() if now is None else now) >= claims.exp:
        raise Unauthorized("令牌已过期，请重新登录 (token expired)")
    return claims
