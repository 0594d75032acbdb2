"""The FastAPI application under ``/api/v1``.

Health is open; everything else authenticates (bearer token or API key), is checked against the role table in
``policy``, scoped to the user's jurisdiction, masked by role, rate-limited per user and audited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from smokeindex import __version__
from smokeindex.api import audit, auth, evidence, health, parties, warnings
from smokeindex.api.deps import RateLimiter
from smokeindex.api.errors import install_error_handlers
from smokeindex.api.limits import BodyLimit
from smokeindex.config import Settings, get_settings
from smokeindex.graph import GraphStore, open_store
from smokeindex.query.profile import ProfileCache
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
    app.state.profiles = ProfileCache(settings.profile_cache_s)
    if store is not None:
        app.state.store = store
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes)
    for module in (health, auth, warnings, parties, evidence, audit):
        app.include_router(module.router, prefix="/api/v1")
    # issue 8: casework, complaints and rewards, on-site inspection, education (each domain owns its views)
    from smokeindex.complaints.views import router as complaints_router
    from smokeindex.education.views import router as education_router
    from smokeindex.inspections.views import router as inspections_router
    from smokeindex.workflow.views import router as workflow_router

    for router in (workflow_router, complaints_router, inspections_router, education_router):
        app.include_router(router, prefix="/api/v1")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


#: The errors any authenticated route may answer, documented on every operation in the one error shape.
COMMON_ERRORS = {
    "400": "请求无法处理，如翻页游标与查询不符 (bad request)",
    "401": "未认证或凭据无效 (not authenticated)",
    "403": "角色无权或区划不在辖区内 (forbidden)",
    "404": "不存在或不在您的辖区内 (not found)",
    "413": "请求体过大 (request body too large)",
    "422": "参数不合法 (invalid request)",
    "429": "请求过于频繁 (rate limited)",
    "503": "图存储不可用 (store unavailable)",
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The spec with every error response in the API's real shape (FastAPI documents 422 as its own shape)."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorItem"] = ErrorItem.model_json_schema()
    schemas["ErrorPublic"] = ErrorPublic.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["ErrorPublic"].pop("$defs", None)
    for schema_name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(schema_name, None)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorPublic"}}}
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            codes = {"503"} if path == "/api/v1/health" else set(COMMON_ERRORS)
            for code in codes:
                if path == "/api/v1/health":
                    continue
                entry = responses.setdefault(code, {"description": COMMON_ERRORS[code]})
                entry["content"] = error
    app.openapi_schema = spec
    return spec


class ErrorItem(BaseModel):
    field: str | None = None
    problem: str | None = None


class ErrorPublic(BaseModel):
    """Every error: a readable detail (Chinese first, English in brackets) and the problems one by one."""

    detail: str
    errors: list[dict[str, Any]]
