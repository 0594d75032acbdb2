"""``/api/v1/auth``: log in for a bearer token (OAuth2 password flow) and say who is logged in."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from smokeindex.api.deps import AuditDep, CurrentUser, SettingsDep, UsersDep
from smokeindex.api.policy import PERMISSIONS
from smokeindex.errors import Unauthorized
from smokeindex.security.roles import ROLE_ZH
from smokeindex.security.tokens import issue_token

router = APIRouter(prefix="/auth", tags=["auth 认证"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "未认证 (not authenticated)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="有效期（秒）")


class MePublic(BaseModel):
    username: str
    display_name: str
    role: str
    role_zh: str
    region_code: str | None = Field(description="辖区代码，空为全国 (jurisdiction; null is national)")
    masked: bool = Field(description="个人标识是否脱敏显示 (whether personal identifiers are masked)")
    permissions: list[str]


@router.post("/token", response_model=TokenPublic, summary="登录获取令牌 (log in)", responses=ERRORS)
def login(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    users: UsersDep,
    settings: SettingsDep,
    audit: AuditDep,
) -> TokenPublic:
    """用户名与密码换取 Bearer 令牌（OAuth2 password flow）。"""
    ip = request.client.host if request.client else None
    try:
        user = users.authenticate_password(form.username, form.password)
    except Unauthorized:
        audit.append(
            user=form.username[:64], role="", action="auth.login", target="", params={}, outcome="denied", ip=ip
        )
        raise
    audit.append(user=user.username, role=str(user.role), action="auth.login", target="", params={}, ip=ip)
    token = issue_token(user, key=settings.secret_key.get_secret_value().encode(), ttl_s=settings.token_ttl_s)
    return TokenPublic(access_token=token, expires_in=settings.token_ttl_s)


@router.get("/me", response_model=MePublic, summary="当前用户 (who am I)", responses=ERRORS)
def me(principal: CurrentUser) -> MePublic:
    """当前用户的角色、辖区与可用权限。"""
    u = principal.user
    return MePublic(
        username=u.username,
        display_name=u.display_name,
        role=str(u.role),
        role_zh=ROLE_ZH[u.role],
        region_code=u.region_code,
        masked=not principal.viewer.unmasked,
        permissions=sorted(a for a, roles in PERMISSIONS.items() if u.role in roles),
    )
