"""A small education world on each real store behind the API: the starter pack, content and quizzes for Hangzhou
(西湖区 330106) and Ningbo, one activity in 西湖区, a scoring run with warnings in three districts, and Region nodes;
API clients for every role in and out of the jurisdiction.

The app and users are built once per store and module; the graph is rebuilt for every test (``world``), so tests
may write freely.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from smokeindex.api.app import create_app
from smokeindex.config import Settings
from smokeindex.demo.sample import load_graph
from smokeindex.education import service
from smokeindex.education.models import ActivityCreate, ContentCreate, QuestionIn, QuizCreate
from smokeindex.graph import GraphStore
from smokeindex.query.viewer import Viewer
from smokeindex.security.users import UserStore
from tests.conftest import provenance

#: (username, role, region code or None = national)
USERS = [
    ("admin", "admin", None),
    ("reg_hz", "regulator", "330100"),  # Hangzhou city
    ("reg_nb", "regulator", "330200"),  # Ningbo city
    ("police_hz", "police", "330100"),
    ("inv_xh", "investigator", "330106"),  # 西湖区
    ("grid_xh", "grid_worker", "330106"),
    ("public", "public", "330106"),
]
ADMIN = Viewer("admin", "admin", "", True)
REGIONS = [
    ("330000", "浙江省", "province"),
    ("330100", "杭州市", "city"),
    ("330106", "西湖区", "district"),
    ("330108", "滨江区", "district"),
    ("330110", "余杭区", "district"),
    ("330200", "宁波市", "city"),
    ("330203", "海曙区", "district"),
    ("330106001", "北山街道", "street"),
]
#: (district, grade, typologies, how many) of the scoring run "score-edu"
WARNINGS = [
    ("330106", "红", ["illegal_fundraising"], 2),
    ("330106", "橙", ["pyramid_scheme"], 1),
    ("330108", "黄", ["illegal_lending"], 1),
    ("330203", "红", ["illegal_fundraising"], 1),
    ("330110", "正常", [], 1),
]
QUESTIONS = [
    QuestionIn(
        question="保本保息的理财是否可信？",
        options=["可信", "不可信"],
        answer=[1],
        explanation="承诺保本保息是危险信号",
    ),
    QuestionIn(question="哪些是非法集资特征？", options=["未经许可", "承诺回报", "依法存款"], answer=[0, 1]),
]


def build_world(store: GraphStore) -> str:
    """Rebuild the world; returns the id of the 西湖区 activity."""
    store.clear()
    load_graph(
        store,
        {
            "nodes": {
                "Region": [{"code": c, "name": n, "level": lv} for c, n, lv in REGIONS],
                "ScoringRun": [{"run_id": "score-edu", "started_at": "2024-06-01T00:00:00+00:00"}],
            }
        },
        source="tests/education",
    )
    rows = []
    for district, grade, typologies, n in WARNINGS:
        for i in range(n):
            key = f"{district}-{grade}-{i}"
            rows.append(
                {
                    "warning_id": f"score-edu/Enterprise:{key}",
                    "run_id": "score-edu",
                    "subject_label": "Enterprise",
                    "subject_key": key,
                    "region_code": district,
                    "region_codes": [district],
                    "typologies": typologies,
                    "score": 50.0,
                    "grade": grade,
                    **provenance(key),
                }
            )
    store.upsert_nodes("Warning", rows)
    service.seed(store)
    for cid, region in (("EDU-HZ-001", "330100"), ("EDU-XH-001", "330106"), ("EDU-NB-001", "330200")):
        service.create_content(
            store,
            viewer=ADMIN,
            username="admin",
            data=ContentCreate(
                content_id=cid, kind="tip", title=f"{cid} 本地提示", body="本地防骗提示", region_code=region
            ),
        )
    for qid, region in (("EQ-XH-001", "330106"), ("EQ-NB-001", "330200")):
        service.create_quiz(
            store,
            viewer=ADMIN,
            username="admin",
            data=QuizCreate(quiz_id=qid, title=f"{qid} 本地测验", region_code=region, questions=QUESTIONS),
        )
    activity = service.record_activity(
        store,
        viewer=ADMIN,
        username="grid_xh",
        data=ActivityCreate(
            kind="进社区",
            title="防范非法集资进社区",
            place="北山街道社区活动室",
            held_at=datetime(2024, 5, 20, 14, 0),
            audience=60,
            region_code="330106001",
            content_ids=["EDU-TIP-001"],
        ),
    )
    return activity.activity_id


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    store: GraphStore
    settings: Settings
    activity_id: str = ""

    def headers(self, user: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[user]}


def make_api(store: GraphStore, root: Path) -> tuple[Api, TestClient]:
    settings = Settings(data_dir=root)
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
    """The education API on one real store, with an API key per user (named ``api`` so Neo4j runs are marked)."""
    store: GraphStore = request.getfixturevalue(f"{request.param}_store")
    built, client = make_api(store, tmp_path_factory.mktemp("education"))
    with client:
        yield built


@pytest.fixture
def edu(api: Api) -> Api:
    """The API over a freshly built world, with fresh registration limits."""
    api.activity_id = build_world(api.store)
    api.client.app.state.education_registrations = None  # type: ignore[attr-defined]
    return api
