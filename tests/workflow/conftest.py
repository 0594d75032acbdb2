"""Casework fixtures: the sample graph on each real store, users at every level of the five-level flow, tasks put in
any state, and an API with the workflow router on a scored world.

Regions: 浙江省 330000 → 杭州市 330100 → 西湖区 330106 → a street 330106001 → a community 330106001001; 宁波市 330200
and its 海曙区 330203 are elsewhere. E1 and E2 are registered in 西湖区.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from smokeindex.api.app import create_app
from smokeindex.config import Settings
from smokeindex.demo.sample import load_sample
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.query.viewer import Viewer
from smokeindex.security.roles import UNMASKED_ROLES, Role, jurisdiction_prefix
from smokeindex.security.users import UserStore
from smokeindex.workflow.common import iso, node_row, region_level
from smokeindex.workflow.leads.models import LeadPublic
from smokeindex.workflow.leads.service import raise_lead
from tests.api.conftest import E1, E2, E5, build_world

__all__ = ["E1", "E2", "E5", "NOW", "USERS", "Api", "put_task", "viewer"]

NOW = datetime(2024, 6, 3, 1, 0, tzinfo=UTC)
DISTRICT, STREET, COMMUNITY = "330106", "330106001", "330106001001"

#: (username, role, region code or None = national)
USERS = [
    ("admin", "admin", None),
    ("reg_zj", "regulator", "330000"),
    ("reg_hz", "regulator", "330100"),
    ("police_hz", "police", "330100"),
    ("inv_hz", "investigator", "330100"),
    ("grid_hz", "grid_worker", "330100"),
    ("public_hz", "public", "330100"),
    ("reg_xh", "regulator", DISTRICT),
    ("police_xh", "police", DISTRICT),
    ("inv_xh", "investigator", DISTRICT),
    ("grid_xh", "grid_worker", DISTRICT),
    ("public_xh", "public", DISTRICT),
    ("reg_st", "regulator", STREET),
    ("grid_st", "grid_worker", STREET),
    ("grid_cm", "grid_worker", COMMUNITY),
    ("reg_nb", "regulator", "330200"),
    ("inv_nb", "investigator", "330203"),
]
ROLE_OF = {name: Role(role) for name, role, _ in USERS}
#: For a task in 西湖区: the user of each role at its own level and one level up.
OWN = {Role(r): n for n, r, c in USERS if c == DISTRICT} | {Role.ADMIN: "admin"}
UPPER = {Role(r): n for n, r, c in USERS if c == "330100"} | {Role.ADMIN: "admin"}


def viewer(name: str) -> Viewer:
    """The query-layer viewer of a test user, built as the API builds it."""
    _, role, region = next(u for u in USERS if u[0] == name)
    return Viewer(username=name, role=role, prefix=jurisdiction_prefix(region), unmasked=Role(role) in UNMASKED_ROLES)


def put_task(
    store: GraphStore,
    *,
    lead_id: str,
    state: str,
    task_id: str,
    region_code: str = DISTRICT,
    parent_task_id: str | None = "TASK-parent",
    due_at: datetime | None = None,
    **extra: object,
) -> str:
    """A task written straight into a state (for testing transitions from any state); a subtask by default, so that
    closing it needs no disposition."""
    at = iso(NOW)
    row = {
        "task_id": task_id,
        "lead_id": lead_id,
        "parent_task_id": parent_task_id,
        "region_code": region_code,
        "level": region_level(region_code),
        "state": state,
        "title": "测试任务",
        "created_by": "admin",
        "created_at": at,
        "due_at": iso(due_at or NOW + timedelta(days=10)),
        "version": 0,
        **extra,
    }
    store.upsert_nodes("Task", [node_row(task_id, row, at)])
    return task_id


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    """The sample graph (Hangzhou enterprises and persons) on an empty store."""
    load_sample(store)
    return store


@pytest.fixture
def lead(world: GraphStore) -> LeadPublic:
    """A lead about E1 raised from a complaint in 西湖区."""
    return raise_lead(
        world,
        subject=E1,
        source_label="Complaint",
        source_key="C-demo-01",
        region_code=DISTRICT,
        summary="承诺年化18%保本保息，到期无法兑付",
        actor="system",
        channel="complaint",
        now=NOW,
    )


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    store: GraphStore
    settings: Settings

    def headers(self, user: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[user]}

    def as_(self, user: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request to ``/api/v1/workflow`` + ``path`` as ``user``."""
        return self.client.request(method, "/api/v1/workflow" + path, headers=self.headers(user), **kwargs)


def make_api(store: GraphStore, root: Path) -> tuple[Api, TestClient]:
    """The application as ``create_app`` builds it, with the workflow router included the way the lead will."""
    settings = Settings(data_dir=root, max_body_bytes=32 * 1024 * 1024, rate_limit_per_minute=100_000)
    users = UserStore(settings.security_path)
    keys = {}
    for name, role, region in USERS:
        users.create(name, role=role, region_code=region)
        keys[name] = users.issue_api_key(name, name="tests")
    app = create_app(settings, store=store, users=users)
    client = TestClient(app)
    return Api(client, keys, store, settings), client


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The scored world of the API tests on one real store, behind the API with the workflow routes."""
    store: GraphStore = request.getfixturevalue(f"{request.param}_store")
    build_world(store)
    built, client = make_api(store, tmp_path_factory.mktemp("workflow-api"))
    with client:
        yield built


def ref_text(ref: NodeRef) -> str:
    return f"{ref.label}:{ref.key}"
