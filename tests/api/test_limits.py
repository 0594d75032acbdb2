"""Login, disabled users, rate limits, body size limits and a store that is down: clear 4xx and 503, never 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from smokeindex.api.app import create_app
from smokeindex.config import Settings
from smokeindex.graph.falkordb_store import FalkorStore
from smokeindex.graph.neo4j_store import Neo4jStore
from smokeindex.security.users import UserStore
from tests.api.conftest import E1, make_api
from tests.conftest import NEO4J_PASSWORD, NEO4J_URI


def test_password_login_gives_a_bearer_token_until_the_user_is_disabled(
    falkordb_store: FalkorStore, tmp_path: Path
) -> None:
    api, client = make_api(falkordb_store, tmp_path)
    users: UserStore = client.app.state.users  # type: ignore[attr-defined]
    users.set_password("reg_hz", "a-long-password-1")
    with client:
        bad = client.post("/api/v1/auth/token", data={"username": "reg_hz", "password": "wrong-password"})
        assert bad.status_code == 401 and "密码" in bad.json()["detail"]
        token = client.post("/api/v1/auth/token", data={"username": "reg_hz", "password": "a-long-password-1"}).json()
        h = {"Authorization": f"Bearer {token['access_token']}"}
        me = client.get("/api/v1/auth/me", headers=h).json()
        assert me["role"] == "regulator" and me["region_code"] == "330100" and me["masked"] is True
        assert "warnings.read" in me["permissions"] and "evidence.export" not in me["permissions"]
        assert client.get("/api/v1/auth/me", headers={"Authorization": "Bearer abc.def.ghi"}).status_code == 401
        users.disable("reg_hz")
        assert client.get("/api/v1/auth/me", headers=h).status_code == 401
        assert client.get("/api/v1/auth/me", headers=api.headers("reg_hz")).status_code == 401


def test_rate_limit_answers_429_with_retry_after(falkordb_store: FalkorStore, tmp_path: Path) -> None:
    api, client = make_api(falkordb_store, tmp_path, rate_limit_per_minute=3)
    with client:
        codes = [client.get("/api/v1/auth/me", headers=api.headers("admin")).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        r = client.get("/api/v1/auth/me", headers=api.headers("admin"))
        assert int(r.headers["retry-after"]) >= 1 and "频繁" in r.json()["detail"]
        assert client.get("/api/v1/auth/me", headers=api.headers("reg_hz")).status_code == 200  # per user


def test_oversized_bodies_are_refused_before_reading(falkordb_store: FalkorStore, tmp_path: Path) -> None:
    api, client = make_api(falkordb_store, tmp_path, max_body_bytes=2048)
    with client:
        big = {"mode": "ids", "ids": [f"Enterprise:{i:018d}" for i in range(400)]}
        r = client.post("/api/v1/evidence", headers=api.headers("admin"), json=big)
        assert r.status_code == 413 and "上限" in r.json()["detail"]
        bad = client.post(
            "/api/v1/evidence",
            headers=api.headers("admin"),
            content=b"{not json",
        )
        assert bad.status_code == 422


@pytest.mark.neo4j
def test_a_store_that_is_down_answers_503(tmp_path: Path) -> None:
    """The embedded store restarts its own server, so the outage is a Neo4j whose connection is gone."""
    store = Neo4jStore(NEO4J_URI, "neo4j", NEO4J_PASSWORD)
    settings = Settings(data_dir=tmp_path)
    users = UserStore(settings.security_path)
    users.create("admin", role="admin")
    key = users.issue_api_key("admin", name="t")
    store.close()
    with TestClient(create_app(settings, store=store, users=users)) as client:
        r = client.get("/api/v1/warnings", headers={"X-API-Key": key})
        assert r.status_code == 503 and r.json()["detail"]
        assert client.get(f"/api/v1/parties/Enterprise/{E1.key}", headers={"X-API-Key": key}).status_code == 503
        assert client.get("/api/v1/health").status_code == 503
