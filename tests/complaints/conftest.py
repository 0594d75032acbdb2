"""The sample world (Hangzhou 西湖区 330106, 滨江区 330108, 余杭区 330110, and a Ningbo enterprise in 海曙区 330203) on
each real store, freshly loaded per test, behind an app that mounts the complaints router, with an API key per user
of ``tests.api.conftest.USERS``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from smokeindex.api.app import create_app
from smokeindex.complaints.throttle import PublicLimits
from smokeindex.config import Settings
from smokeindex.demo.sample import load_graph, load_sample
from smokeindex.graph import GraphStore
from smokeindex.security.users import UserStore
from tests.api.conftest import EXTRA, USERS

API = "/api/v1"
#: A generous public limit for tests that do not test the limits themselves.
OPEN_LIMITS = PublicLimits(
    requests_per_minute=10_000, submissions_per_hour=10_000, submissions_per_contact_per_day=10_000
)


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    store: GraphStore
    settings: Settings

    def h(self, user: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[user]}

    def submit(self, **fields: Any) -> dict[str, Any]:
        """Submit a complaint (defaults: 杭州鑫盛财富管理有限公司, 非法集资, 西湖区) and return the receipt."""
        r = self.client.post(f"{API}/complaints/public", json=complaint(**fields))
        assert r.status_code == 201, r.text
        self.drain()
        return dict(r.json())

    def drain(self) -> None:
        """Wait for the background raiser to turn the submitted complaints into leads."""
        runtime = self.client.app.state.complaints_runtime  # type: ignore[attr-defined]
        assert runtime.leads is not None and runtime.leads.drain(30)

    def only_id(self, user: str = "admin", **params: Any) -> str:
        page = self.client.get(f"{API}/complaints", headers=self.h(user), params=params).json()
        assert page["total"] == 1, page
        return str(page["items"][0]["complaint_id"])


def complaint(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject_name": "杭州鑫盛财富管理有限公司",
        "kind": "illegal_fundraising",
        "amount": "20万元",
        "victims": 30,
        "channels": ["微信群/朋友圈", "线下讲座/推介会"],
        "promised_return": "年化18%，保本保息",
        "region_code": "330106",
        "description": "业务员在小区推介理财产品，承诺保本保息，到期无法兑付。",
        "reporter_name": "张三",
        "contact": "13912345678",
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def make_api(store: GraphStore, root: Path, limits: PublicLimits | None = OPEN_LIMITS, **overrides: Any) -> Api:
    settings = Settings(data_dir=root, **overrides)
    users = UserStore(settings.security_path)
    keys = {}
    for name, role, region in USERS:
        users.create(name, role=role, region_code=region)
        keys[name] = users.issue_api_key(name, name="tests")
    app = create_app(settings, store=store, users=users)
    if limits is not None:
        app.state.complaint_limits = limits
    return Api(TestClient(app), keys, store, settings)


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    load_sample(store)
    load_graph(store, EXTRA, source="tests/complaints")
    return store


@pytest.fixture
def api(world: GraphStore, tmp_path: Path) -> Iterator[Api]:
    built = make_api(world, tmp_path)
    with built.client:
        yield built
