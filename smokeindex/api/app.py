"""The FastAPI application under ``/api/v1``.

Health is open; everything else authenticates (bearer token or API key), is checked against the role table in
``policy``, scoped to the user's jurisdiction, masked by role, rate-limited per user and audited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from smokeindex import __version__
from smokeindex.api import audit, auth, evidence, health, parties, warnings
from smokeindex.api.deps import RateLimiter
from smokeindex.api.errors import install_error_handlers
from smokeindex.api.limits import BodyLimit
from smokeindex.config import Settings, get_settings
from smokeindex.graph import GraphStore, open_store
from smokeindex.security.audit import AuditLog
from smokeindex.security.users import UserStore

DESCRIPTION = """
非法集资、网络传销、非法放贷的知识图谱早期预警系统接口。
Knowledge-graph early warning of illegal fundraising, pyramid selling and illegal lending.

* **认证 (authentication)**：`POST /api/v1/auth/token` 以用户名密码换取 Bearer 令牌，或在请求头 `X-API-Key` 中携带
  API 密钥（`smokeindex users key USER --name NAME` 生成）。只有健康检查无需认证。
* **角色 (roles)**：admin 系统管理员、regulator 金融监管、police 公安经侦、investigator 调查分析、grid_worker 网格员、
  public 公众；各接口允许的角色见 `docs/api.md`。
* **辖区 (jurisdiction)**：用户只能看到本辖区及下级的主体、预警与导出；查询辖区外主体返回 404。
* **脱敏 (masking)**：身份证号、电话、银行账号等个人标识仅对 police 与 admin 明文显示。
* **审计 (audit)**：画像、关系网络、清单与导出的每次读取都写入哈希链审计日志（`smokeindex audit verify` 校验）。
* **错误 (errors)**：统一为 `{"detail": ..., "errors": [...]}`；参数错误 4xx，存储不可用 503。
"""


def create_app(
    settings: Settings | None = None,
    *,
    store: GraphStore | None = None,
    users: UserStore | None = None,
    audit_log: AuditLog | None = None,
) -> FastAPI:
    """Build the app; it opens the configured store, user store and audit log at start-up unless given (tests)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned_store = store is None
        app.state.store = store or open_store(settings)
        try:
            yield
        finally:
            if owned_store:
                app.state.store.close()

    app = FastAPI(
        title="冒烟指数 SmokeIndex API",
        description=DESCRIPTION,
        version=__version__,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.users = users or UserStore(settings.security_path)
    app.state.audit = audit_log or AuditLog(settings.security_path, key=settings.secret_key.get_secret_value().encode())
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    if store is not None:
        app.state.store = store
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    for module in (health, auth, warnings, parties, evidence, audit):
        app.include_router(module.router, prefix="/api/v1")
    return app
