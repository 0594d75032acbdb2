"""Residents' pseudonymous ids and their signed tokens.

A resident is named by ``R`` + an HMAC of the phone number under the deployment's pseudonym key: stable, and not
reversible without the key (a plain hash of an 11-digit number is). The phone itself is kept only in the node's
``personal`` property.

A resident token is ``rt1.<payload>.<signature>``: the payload (resident id, region, issue and expiry times) in
base64url JSON, signed with HMAC-SHA256 under a key derived from ``settings.secret_key`` for this purpose only, so a
resident token is never a staff token and the reverse. The signature is checked before the payload is read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass

from smokeindex.errors import ConfigError, Unauthorized

TOKEN_PREFIX = "rt1"
TOKEN_TTL_S = 30 * 24 * 3600
_SEGMENT = re.compile(r"[A-Za-z0-9_-]{1,2000}")
_MALFORMED = "居民令牌格式无效，请重新注册登录 (malformed resident token)"


def resident_id(phone: str, *, key: str) -> str:
    """The pseudonymous id of the resident with this (validated) phone number."""
    digest = hmac.new(key.encode(), f"education-resident:{phone}".encode(), hashlib.sha256).hexdigest()
    return "R" + digest[:20]


@dataclass(frozen=True)
class ResidentClaims:
    sub: str
    region: str
    iat: int
    exp: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(segment: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as e:
        raise Unauthorized(_MALFORMED) from e


def _key(secret_key: str) -> bytes:
    if not secret_key:
        raise ConfigError("令牌签名密钥为空 (empty token key)")
    return hmac.new(secret_key.encode(), b"smokeindex education resident token", hashlib.sha256).digest()


def _sign(message: str, secret_key: str) -> str:
    return _b64(hmac.new(_key(secret_key), message.encode("ascii"), hashlib.sha256).digest())


def issue_resident_token(
    resident: str, region_code: str, *, secret_key: str, ttl_s: int = TOKEN_TTL_S, now: float | None = None
) -> str:
    """A signed token naming the resident, valid for ``ttl_s`` seconds."""
    iat = int(time.time() if now is None else now)
    body = {"sub": resident, "region": region_code, "iat": iat, "exp": iat + ttl_s}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"{TOKEN_PREFIX}.{payload}.{_sign(f'{TOKEN_PREFIX}.{payload}', secret_key)}"


def decode_resident_token(token: str, *, secret_key: str, now: float | None = None) -> ResidentClaims:
    """The claims of a valid resident token.

    Args:
        token: ``rt1.<payload>.<signature>``.
        secret_key: ``Settings.secret_key``.
        now: the time to check expiry against (default: the current time).

    Returns:
        The resident id, region and times the token carries.

    Raises:
        Unauthorized: malformed, badly signed or expired (Chinese-first message).
    """
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not all(_SEGMENT.fullmatch(p) for p in parts[1:]):
        raise Unauthorized(_MALFORMED)
    expected = _sign(f"{parts[0]}.{parts[1]}", secret_key)
    if not hmac.compare_digest(parts[2].encode(), expected.encode()):
        raise Unauthorized("居民令牌签名无效 (invalid resident token signature)")
    try:
        body = json.loads(_unb64(parts[1]))
        claims = ResidentClaims(str(body["sub"]), str(body["region"]), int(body["iat"]), int(body["exp"]))
    except (ValueError, KeyError, TypeError) as e:
        raise Unauthorized(_MALFORMED) from e
    if (time.time() if now is None else now) >= claims.exp:
        raise Unauthorized("居民令牌已过期，请重新登录 (resident token expired)")
    return claims
