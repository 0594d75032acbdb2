"""FastAPI dependencies as ``Annotated`` aliases: the store, settings, users, audit log, and the current user.

``Allowed(action)`` authenticates the caller (a bearer token from ``/api/v1/auth/token`` or an ``X-API-Key``), loads
the user afresh (a disabled user is refused at once), applies the per-user rate limit and checks the role against
``policy.PERMISSIONS``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from smokeindex.api.policy import ACTION_ZH, PERMISSIONS
from smokeindex.config import Settings
from smokeindex.errors import Forbidden, NotFound, TooManyRequests, Unauthorized
from smokeindex.graph import GraphStore
from smokeindex.query.viewer import Viewer
from smokeindex.security.audit import AuditLog
from smokeindex.security.roles import UNMASKED_ROLES, jurisdiction_prefix
from smokeindex.security.tokens import decode_token
from smokeindex.security.users import User, UserStore

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False, description="登录令牌 (bearer token)")
api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API 密钥 (API key)")


def get_store(request: Request) -> GraphStore:
    """The process-wide store opened at start-up."""
    store: GraphStore = request.app.state.store
    return store


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_users(request: Request) -> UserStore:
    users: UserStore = request.app.state.users
    return users


def get_audit(request: Request) -> AuditLog:
    audit: AuditLog = request.app.state.audit
    return audit


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
UsersDep = Annotated[UserStore, Depends(get_users)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]


class RateLimiter:
    """A token bucket per user: ``per_minute`` requests, refilled continuously."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, who: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(who, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.rate)
            if tokens < 1.0:
                self._buckets[who] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
                raise TooManyRequests(f"请求过于频繁，请 {wait:.1f} 秒后再试 (rate limit exceeded)", retry_after_s=wait)
            self._buckets[who] = (tokens - 1.0, now)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: the stored user and the viewer the query layer scopes by."""

    user: User
    viewer: Viewer
    ip: str | None

    def audit(self, log: AuditLog, action: str, target: str, params: dict[str, Any], outcome: str = "ok") -> None:
        log.append(
            user=self.user.username,
            role=str(self.user.role),
            action=action,
            target=target,
            params=params,
            outcome=outcome,
            ip=self.ip,
        )


def authenticate(
    request: Request,
    users: UsersDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2)],
    key: Annotated[str | None, Depends(api_key)],
) -> Principal:
    """The caller from a bearer token or an API key; 401 without valid credentials."""
    if key:
        user = users.authenticate_api_key(key)
    elif token:
        claims = decode_token(token, key=settings.secret_key.get_secret_value().encode())
        try:
            user = users.get(claims.sub)
        except NotFound as e:
            raise Unauthorized("令牌的用户已不存在 (the token's user no longer exists)") from e
        if user.disabled:
            raise Unauthorized("用户已停用 (user disabled)")
    else:
        raise Unauthorized("需要登录：请提供 Bearer 令牌或 X-API-Key (authentication required)")
    limiter: RateLimiter = request.app.state.limiter
    limiter.take(user.username)
    viewer = Viewer(
        username=user.username,
        role=str(user.role),
        prefix=jurisdiction_prefix(user.region_code),
        unmasked=user.role in UNMASKED_ROLES,
    )
    return Principal(user=user, viewer=viewer, ip=request.client.host if request.client else None)


CurrentUser = Annotated[Principal, Depends(authenticate)]


def Allowed(action: str) -> Callable[..., Principal]:  # noqa: N802 - reads as a type in signatures
    """A dependency that returns the caller if their role may perform ``action`` (403 otherwise)."""
    roles = PERMISSIONS[action]

    def check(principal: CurrentUser) -> Principal:
        if principal.user.role not in roles:
            raise Forbidden(f"您的角色无权{ACTION_ZH[action]} (role {principal.user.role} may not {action})")
        return principal

    return check
