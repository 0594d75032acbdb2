"""The FastAPI application under ``/api/v1``. Today it serves health; the regulator, investigator and police
endpoints arrive with their issues, on the same store, error table and dependencies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from smokeindex import __version__
from smokeindex.api import health
from smokeindex.api.errors import install_error_handlers
from smokeindex.config import Settings, get_settings
from smokeindex.graph import GraphStore, open_store


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> FastAPI:
    """Build the app; it opens the configured store at start-up unless one is given (tests, demo)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(settings or get_settings())
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="冒烟指数 SmokeIndex API",
        description="非法集资、网络传销、非法放贷的知识图谱早期预警系统接口。"
        "Knowledge-graph early warning of illegal fundraising, pyramid selling and illegal lending.",
        version=__version__,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router, prefix="/api/v1")
    return app
