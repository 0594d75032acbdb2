from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from smokeindex.errors import Unauthorized
from smokeindex.security.roles import Role
from smokeindex.security.tokens import decode_token, issue_token
from smokeindex.security.users import User

KEY = b"test-secret-key"
NOW = 1_700_000_000.0
USER = User(
    username="chen", display_name="陈", role=Role.REGULATOR, region_code="330100", disabled=False,
    created_at=datetime(2024, 1, 1, tzinfo=UTC),
)  # fmt: skip


def b64(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def test_round_trip() -> None:
    token = issue_token(USER, key=KEY, ttl_s=3600, now=NOW)
    claims = decode_token(token, key=KEY, now=NOW + 10)
    assert (claims.sub, claims.role, claims.region, claims.iat, claims.exp) == (
        "chen", Role.REGULATOR, "330100", int(NOW), int(NOW) + 3600,
    )  # fmt: skip
    assert claims.jti != decode_token(issue_token(USER, key=KEY, ttl_s=60, now=NOW), key=KEY, now=NOW).jti
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}


def test_expired() -> None:
    token = issue_token(USER, key=KEY, ttl_s=60, now=NOW)
    decode_token(token, key=KEY, now=NOW + 59)
    with pytest.raises(Unauthorized, match="令牌已过期"):
        decode_token(token, key=KEY, now=NOW + 60)
    with pytest.raises(Unauthorized, match="过期"):
        decode_token(token, key=KEY)  # the real clock is long past 2023


def test_tampered_signature_payload_or_key() -> None:
    token = issue_token(USER, key=KEY, ttl_s=3600, now=NOW)
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    with pytest.raises(Unauthorized, match="签名无效"):
        decode_token(f"{header}.{payload}.{flipped}", key=KEY, now=NOW)
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged = b64({**claims, "role": "admin", "region": None})
    with pytest.raises(Unauthorized, match="签名无效"):
        decode_token(f"{header}.{forged}.{signature}", key=KEY, now=NOW)
    with pytest.raises(Unauthorized, match="签名无效"):
        decode_token(token, key=b"another key", now=NOW)


@pytest.mark.parametrize("alg", ["none", "None", "HS512", "RS256", None])
def test_other_algorithms_are_refused(alg: str | None) -> None:
    token = issue_token(USER, key=KEY, ttl_s=3600, now=NOW)
    _, payload, signature = token.split(".")
    header = b64({"alg": alg, "typ": "JWT"} if alg else {"typ": "JWT"})
    for forged in (f"{header}.{payload}.", f"{header}.{payload}.{signature}"):
        with pytest.raises(Unauthorized, match="只接受 HS256"):
            decode_token(forged, key=KEY, now=NOW)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "@@@.e30.sig",
        "e30.e30.sig",
        "W10.e30.sig",
        f"{b64({'alg': 'HS256'})}.###.sig",
        "ü.ü.ü",
    ],
)
def test_malformed(token: str) -> None:
    with pytest.raises(Unauthorized):
        decode_token(token, key=KEY, now=NOW)


def test_signed_but_incomplete_claims_are_malformed() -> None:
    from smokeindex.security.tokens import _sign

    header = b64({"alg": "HS256", "typ": "JWT"})
    payload = b64({"sub": "chen", "role": "god", "iat": 0, "exp": 9e9, "jti": "x", "region": None})
    with pytest.raises(Unauthorized, match="格式无效"):
        decode_token(f"{header}.{payload}.{_sign(f'{header}.{payload}', KEY)}", key=KEY, now=NOW)
