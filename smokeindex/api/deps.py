"""FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from smokeindex.graph import GraphStore


def get_store(request: Request) -> GraphStore:
    """The process-wide store opened at start-up."""
    store: GraphStore = request.app.state.store
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]
