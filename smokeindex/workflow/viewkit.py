"""What the casework views share: the documented error responses, paging parameters, and auditing a request whether
it succeeds or is refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Query

from smokeindex.api.deps import Principal
from smokeindex.errors import Forbidden
from smokeindex.security.audit import AuditLog

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "未认证 (not authenticated)"},
    403: {"description": "角色无权，或操作须由另一层级办理 (role or level not allowed)"},
    404: {"description": "不存在或不在您的辖区内 (not found or outside the jurisdiction)"},
    409: {"description": "当前状态下不能这样操作，原因见 detail (illegal transition or conflict)"},
    422: {"description": "参数不合法 (invalid request)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}
Limit = Annotated[int, Query(ge=1, le=200, description="每页条数 (page size)")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="跳过条数 (offset)")]


@contextmanager
def audited(
    principal: Principal, log: AuditLog, action: str, target: str, params: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Audit the block: ``ok`` with ``params`` (plus what the block adds to the yielded dict), or ``refused``."""
    extra: dict[str, Any] = {}
    try:
        yield extra
    except Exception:
        principal.audit(log, action, target, params, outcome="refused")
        raise
    principal.audit(log, action, target, {**params, **extra})


def require_region_in_jurisdiction(principal: Principal, region_code: str | None) -> None:
    """A region named in a request must lie inside the caller's jurisdiction."""
    if region_code is not None and not principal.viewer.sees([region_code]):
        raise Forbidden(
            f"区划 {region_code} 不在您的辖区内 (region outside your jurisdiction)",
            errors=[{"field": "region_code", "problem": "outside the jurisdiction"}],
        )
