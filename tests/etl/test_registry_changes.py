"""The registry_changes source (企业变更记录): cleaning, the enterprise by USCC then by name, quarantine with reasons,
re-deliveries that merge (on both stores)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from smokeindex.etl.pipeline import run_etl
from smokeindex.etl.sources import change_item
from smokeindex.graph import GraphStore
from tests.etl.conftest import KEY, dump

HEADER = ["统一社会信用代码", "企业名称", "变更日期", "变更事项", "变更前内容", "变更后内容", "登记机关"]
A, B = "91330106MA00000016", "91330106MA00000029"
UNREGISTERED, BAD_CHECK = "91330106MA0000003C", "91330106MA00000017"
AUTH = "杭州市西湖区市场监督管理局"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _delivery(root: Path, changes: list[list[str]]) -> Path:
    root.mkdir()
    _write(
        root / "registry.csv",
        ["企业名称", "统一社会信用代码", "成立日期", "登记状态"],
        [["杭州鼎盛商务咨询有限公司", A, "2021-03-01", "存续"], ["杭州恒泰信息技术有限公司", B, "2015-06-01", "存续"]],
    )
    _write(root / "registry_changes.csv", HEADER, changes)
    return root


ROWS = [
    [A, "杭州鼎盛商务咨询有限公司", "2023-03-01", "法定代表人", "王伟", "李娜", AUTH],  # 2
    # the same change again, another date format and a name variant → the same RegistryChange
    [A, " 杭州鼎盛商务咨询有限责任公司 ", "2023年3月1日", "法定代表人", "王伟", "李娜", AUTH],  # 3
    [A, "杭州鼎盛商务咨询有限公司", "2023/6/5", "住所(经营场所)", "文三路１号", "文三路2号", AUTH],  # 4
    ["", "杭州恒泰信息技术有限公司", "20240105", "注册资本变更", "100万元", "500万元", AUTH],  # 5 by name
    [BAD_CHECK, "杭州鼎盛商务咨询有限公司", "2023-03-01", "法定代表人", "王伟", "李娜", AUTH],  # 6 rejected
    ["", "", "2023-03-01", "法定代表人", "王伟", "李娜", AUTH],  # 7 rejected: no enterprise
    [A, "杭州鼎盛商务咨询有限公司", "", "法定代表人", "王伟", "李娜", AUTH],  # 8 rejected: no date
    ["", "杭州不存在的科技有限公司", "2023-03-01", "法定代表人", "王伟", "李娜", AUTH],  # 9 rejected: name not linked
    [A, "杭州鼎盛商务咨询有限公司", "2023-02-30", "法定代表人", "李娜", "张强", AUTH],  # 10 rejected: no such day
    [UNREGISTERED, "杭州新宇贸易有限公司", "2023-03-01", "负责人", "甲", "乙", AUTH],  # 11 unlinked
]


def _quarantine(summary_file: str) -> dict[int, tuple[str, str]]:
    with open(summary_file, encoding="utf-8-sig", newline="") as fh:
        return {
            int(r["行号 line"]): (r["处理 action"], r["原因 reason"])
            for r in csv.DictReader(fh)
            if r["来源 source"] == "registry_changes"
        }


@pytest.mark.parametrize(
    ("raw", "item"),
    [
        ("法定代表人", "legal_rep"),
        ("法定代表人(负责人)变更", "legal_rep"),
        ("负责人", "legal_rep"),
        ("住所", "address"),
        ("经营场所变更", "address"),
        ("注册资本(金)", "registered_capital"),
        ("经营范围", "business_scope"),
        ("投资人(股权)变更", "shareholder"),
        ("股东", "shareholder"),
        ("名称变更", "name"),
        ("章程备案", "other"),
    ],
)
def test_change_items_are_categorised(raw: str, item: str) -> None:
    assert change_item(raw) == item


def test_changes_are_cleaned_resolved_and_quarantined(store: GraphStore, tmp_path: Path) -> None:
    summary = run_etl(_delivery(tmp_path / "d1", ROWS), store, state_root=tmp_path / "state", pseudonym_key=KEY)
    src = next(s for s in summary.sources if s.source == "registry_changes")
    assert src.records_in == 10 and src.duplicates == 0
    assert src.rejected == 5 and src.loaded == 5 and src.unlinked == 1
    q = _quarantine(summary.quarantine_file)
    assert {line for line, (action, _) in q.items() if action == "rejected"} == {6, 7, 8, 9, 10}
    assert "校验" in q[6][1] or "check" in q[6][1]
    assert "无法确定变更企业" in q[7][1] and "无法确定变更企业" in q[9][1]
    assert "必填" in q[8][1]
    assert q[11][0] == "unlinked"
    changes = store.read(
        "MATCH (e:Enterprise)-[h:HAS_CHANGE]->(c:RegistryChange) RETURN e.uscc AS u, c.item AS item, "
        "c.item_raw AS raw, c.changed_on AS day, c.before AS before, c.after AS after, c.authority AS auth, "
        "h.source AS source ORDER BY day"
    )
    assert changes == [
        {"u": A, "item": "legal_rep", "raw": "法定代表人", "day": "2023-03-01", "before": "王伟", "after": "李娜",
         "auth": AUTH, "source": "registry_changes.csv"},
        {"u": A, "item": "address", "raw": "住所(经营场所)", "day": "2023-06-05", "before": "文三路1号",
         "after": "文三路2号", "auth": AUTH, "source": "registry_changes.csv"},
        {"u": B, "item": "registered_capital", "raw": "注册资本变更", "day": "2024-01-05", "before": "100万元",
         "after": "500万元", "auth": AUTH, "source": "registry_changes.csv"},
    ]  # fmt: skip
    ids = [r["id"] for r in store.read("MATCH (c:RegistryChange) RETURN c.change_id AS id")]
    assert len(ids) == 4 and all(i.startswith("C") and "王伟" not in i for i in ids)  # 4: the unlinked one too
    features = store.read(
        "MATCH (e:Enterprise) RETURN e.uscc AS u, e.f_registry_changes AS n, e.f_rep_address_changes AS ra ORDER BY u"
    )
    assert features == [{"u": A, "n": 2, "ra": 2}, {"u": B, "n": 1, "ra": 0}]


def test_redelivered_changes_merge(store: GraphStore, tmp_path: Path) -> None:
    run_etl(_delivery(tmp_path / "d1", ROWS[:4]), store, state_root=tmp_path / "state", pseudonym_key=KEY)
    first = dump(store)
    # the same file again as a new delivery (another fingerprint: one more blank line), then one new change
    d2 = _delivery(tmp_path / "d2", [ROWS[1], ROWS[3], ROWS[0], ROWS[2]])
    run_etl(d2, store, state_root=tmp_path / "state", pseudonym_key=KEY)
    nodes, rels = dump(store, ignore=frozenset({"ingested_at", "record_id", "record_hash"}))
    assert len(nodes) == len(first[0]) and len(rels) == len(first[1])
    new = [A, "杭州鼎盛商务咨询有限公司", "2024-09-10", "法定代表人", "李娜", "张强", AUTH]
    run_etl(_delivery(tmp_path / "d3", [ROWS[0], new]), store, state_root=tmp_path / "state", pseudonym_key=KEY)
    assert store.count_nodes()["RegistryChange"] == 4
    reps = store.read(
        "MATCH (:Enterprise {uscc: $u})-[:HAS_CHANGE]->(c:RegistryChange {item: 'legal_rep'}) "
        "RETURN c.after AS after ORDER BY c.changed_on",
        {"u": A},
    )
    assert [r["after"] for r in reps] == ["李娜", "张强"]
