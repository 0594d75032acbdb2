"""``GET /api/v1/health``: open to everyone; says whether the graph store answers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from smokeindex import __version__
from smokeindex.api.deps import StoreDep

router = APIRouter(tags=["health 健康检查"])


class HealthPublic(BaseModel):
    status: str = Field(description="ok 或 unavailable")
    version: str
    store: str = Field(description="falkordb 或 neo4j")
    store_latency_ms: float


@router.get(
    "/health",
    response_model=HealthPublic,
    summary="健康检查 (health)",
    responses={503: {"model": HealthPublic, "description": "图存储不可用 (store unavailable)"}},
)
def health(store: StoreDep) -> JSONResponse:
    """服务与图存储是否可用；存储不可用时返回 503。"""
    h = store.health()
    body = HealthPublic(
        status="ok" if h.ok else "unavailable", version=__version__, store=h.store, store_latency_ms=h.latency_ms
    )
    return JSONResponse(body.model_dump(), status_code=200 if h.ok else 503)
