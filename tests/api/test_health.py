"""The API skeleton: health on a real store, and errors in the shared ``{detail, errors}`` shape."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from smokeindex.api.app import create_app
from smokeindex.config import Settings
from smokeindex.graph.falkordb_store import FalkorStore


def test_health_reports_the_store(falkordb_store: FalkorStore, tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path), store=falkordb_store)) as client:
        r = client.get("/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["store"] == "falkordb"


def test_unknown_route_has_the_error_shape(falkordb_store: FalkorStore, tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path), store=falkordb_store)) as client:
        r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found", "errors": []}


def test_openapi_is_served_with_chinese_titles(falkordb_store: FalkorStore, tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path), store=falkordb_store)) as client:
        spec = client.get("/openapi.json").json()
    assert spec["info"]["title"].startswith("冒烟指数") and "/api/v1/health" in spec["paths"]
