"""The scored world of ``tests.api.conftest`` (warnings from two scoring runs; 杭州鑫盛财富 and 杭州鑫盛养老 share one
address) on each real store, behind an app that mounts the inspections router. Built once per store and module:
each test makes its own plans and asserts on them only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from smokeindex.api.app import create_app
from smokeindex.config import Settings
from smokeindex.graph import GraphStore
from smokeindex.security.users import UserStore
from tests.api.conftest import USERS, build_world

API = "/api/v1"


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    store: GraphStore
    root: Path

    def h(self, user: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[user]}

    def plan(self, user: str = "reg_hz", **body: Any) -> dict[str, Any]:
        r = self.client.post(f"{API}/inspections/plans", headers=self.h(user), json={"name": "测试排查", **body})
        assert r.status_code == 201, r.text
        return dict(r.json())


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    store: GraphStore = request.getfixturevalue(f"{request.param}_store")
    build_world(store)
    root = tmp_path_factory.mktemp("inspections")
    settings = Settings(data_dir=root)
    users = UserStore(settings.security_path)
    keys = {}
    for name, role, region in USERS:
        users.create(name, role=role, region_code=region)
        keys[name] = users.issue_api_key(name, name="tests")
    app = create_app(settings, store=store, users=users)
    with TestClient(app) as client:
        yield Api(client, keys, store, root)
