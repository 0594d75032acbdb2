"""A small scored world on each real store, and API clients for every role in and out of its jurisdiction.

The world is the package's sample graph (Hangzhou: 西湖区 330106, 滨江区 330108, 余杭区 330110) plus a Ningbo
enterprise (海曙区 330203), bank accounts with transfers, and a control link; a hand-made rule run and network scores
go through the real ``IndexRunner`` so that warnings, profiles and gangs read what production writes. The world is
built once per store and module; tests must not change it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from smokeindex.api.app import create_app
from smokeindex.config import Settings
from smokeindex.demo.sample import load_graph, load_sample
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.index.inputs import NetworkScore
from smokeindex.index.runner import IndexRunner
from smokeindex.rules import RuleRunner
from smokeindex.rules.runner import Hit, RuleOutcome, RunResult
from smokeindex.security.users import UserStore

E1 = NodeRef("Enterprise", "91330106MA2H0AB3XY")  # 杭州鑫盛财富管理有限公司, 西湖区
E2 = NodeRef("Enterprise", "91330106MA2H0AC4XM")  # 杭州鑫盛养老服务有限公司, 西湖区
E3 = NodeRef("Enterprise", "91330108MA2H0AD5X9")  # 杭州盛通数字科技有限公司, 滨江区
E5 = NodeRef("Enterprise", "91330203MA2H0AF7XK")  # 宁波鑫盛商务咨询有限公司, 海曙区 (Ningbo)
P1 = NodeRef("Person", "P-demo-01")  # 王某强, the controller
ID_NUMBER_P1 = "330106197503121237"
PHONE = "13800001111"
ACCOUNT_E1 = "6222020200001111"

EXTRA = {
    "nodes": {
        "Region": [{"code": "330200", "name": "宁波市", "level": "city"}, {"code": "330203", "name": "海曙区", "level": "district"}],
        "Enterprise": [
            {"uscc": E5.key, "name": "宁波鑫盛商务咨询有限公司", "registered_capital": 3000, "paid_in_capital": 0,
             "founded_on": "2023-08-01", "status": "存续", "business_scope": "商务咨询", "region_code": "330203",
             "industry_code": "L7212"},
        ],
        "BankAccount": [
            {"account_number": ACCOUNT_E1, "bank": "测试银行", "holder_name": "杭州鑫盛财富管理有限公司"},
            {"account_number": "6222020200002222", "bank": "测试银行", "holder_name": "杭州鑫盛养老服务有限公司"},
            {"account_number": "6222020200003333", "bank": "测试银行", "holder_name": "王某强"},
        ],
    },
    "relationships": {
        "HAS_ACCOUNT": [
            ["Enterprise", E1.key, "BankAccount", ACCOUNT_E1],
            ["Enterprise", E2.key, "BankAccount", "6222020200002222"],
            ["Person", P1.key, "BankAccount", "6222020200003333"],
        ],
        "TRANSFERRED_TO": [
            ["BankAccount", "6222020200002222", "BankAccount", ACCOUNT_E1,
             {"txn_id": "T1", "amount": 500000.0, "at": "2024-03-01T10:00:00+08:00"}],
            ["BankAccount", ACCOUNT_E1, "BankAccount", "6222020200003333",
             {"txn_id": "T2", "amount": 450000.0, "at": "2024-03-02T10:00:00+08:00"}],
        ],
        "CONTROLS": [["Person", P1.key, "Enterprise", E1.key, {"ratio": 0.8, "hops": 1}],
                     ["Person", P1.key, "Enterprise", E2.key, {"ratio": 0.6, "hops": 2}]],
        "SHAREHOLDER_OF": [["Person", P1.key, "Enterprise", E5.key, {"ratio": 0.9}]],
    },
}  # fmt: skip
HITS = [
    ("PUB-001", "publicity", E1, 0.9),
    ("BUS-001", "business", E1, 0.8),
    ("OPE-001", "operational", E2, 0.7),
    ("PUB-001", "publicity", E5, 0.9),
    ("BUS-001", "business", E5, 0.6),
]
NETWORK = {E2: NetworkScore(0.6), E3: NetworkScore(0.5), P1: NetworkScore(0.9)}


def build_world(store: GraphStore) -> None:
    """Load the sample plus the extras, write one rule run, and score it twice (so trends have two points)."""
    store.clear()
    load_sample(store)
    load_graph(store, EXTRA, source="tests/api")
    made = [Hit(rule, dim, ref, ref.key, c, f"{rule} 命中：{ref.key}") for rule, dim, ref, c in HITS]
    outcomes = [RuleOutcome(r) for r in sorted({h.rule_id for h in made})]
    RuleRunner(store, {}).write(
        RunResult("rr-api", "2024-06-01T00:00:00+00:00", "2024-06-01T00:01:00+00:00", {}, made, outcomes)
    )
    runner = IndexRunner(store)
    runner.run({E2: NetworkScore(0.1)}, run_id="score-api-1", model_version="t")
    runner.run(NETWORK, run_id="score-api-2", model_version="t")


#: (username, role, region code or None = national)
USERS = [
    ("admin", "admin", None),
    ("reg_hz", "regulator", "330100"),  # Hangzhou city
    ("reg_nb", "regulator", "330200"),  # Ningbo city
    ("police_hz", "police", "330100"),
    ("inv_xh", "investigator", "330106"),  # 西湖区
    ("inv_nb", "investigator", "330203"),  # 海曙区
    ("grid_xh", "grid_worker", "330106"),
    ("public", "public", "330106"),
]


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    store: GraphStore
    settings: Settings

    def headers(self, user: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[user]}


def make_api(store: GraphStore, root: Path, **overrides: object) -> tuple[Api, TestClient]:
    settings = Settings(data_dir=root, **overrides)  # type: ignore[arg-type]
    users = UserStore(settings.security_path)
    keys = {}
    for name, role, region in USERS:
        users.create(name, role=role, region_code=region)
        keys[name] = users.issue_api_key(name, name="tests")
    client = TestClient(create_app(settings, store=store, users=users))
    return Api(client, keys, store, settings), client


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The scored world on one real store behind the API, with an API key per user."""
    store: GraphStore = request.getfixturevalue(f"{request.param}_store")
    build_world(store)
    built, client = make_api(store, tmp_path_factory.mktemp("api"))
    with client:
        yield built
