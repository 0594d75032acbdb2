"""The ETL end to end on a generated world, on both real stores: counts against the generator's manifest, the
quarantine against the planted invalid lines, idempotency, resumption after SIGKILL, incremental deliveries."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from smokeindex.etl.pipeline import run_etl
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.graph.falkordb_store import FalkorStore
from tests.etl.conftest import KEY, dump

ROOT = Path(__file__).resolve().parents[2]


def _quarantined(summary_file: str) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    with open(summary_file, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["处理 action"] == "rejected":
                out.setdefault(row["来源 source"], set()).add(int(row["行号 line"]))
    return out


def test_world_loads_to_the_manifest_counts(store: GraphStore, world: Path, manifest: dict, tmp_path: Path) -> None:
    summary = run_etl(world, store, state_root=tmp_path, pseudonym_key=KEY)
    expected = manifest["expected_graph"]
    nodes, rels = store.count_nodes(), store.count_relationships()
    assert {k: nodes[k] for k in expected["nodes"]} == expected["nodes"]
    assert {k: rels[k] for k in expected["relationships"]} == expected["relationships"]
    # every planted invalid line is quarantined, and nothing else is rejected
    got = _quarantined(summary.quarantine_file)
    for source, dirt in manifest["dirt"].items():
        assert got.get(source, set()) == {d["line"] for d in dirt.get("invalid", [])}, source
    # nothing silently dropped: every record read is loaded, a duplicate, or quarantined
    for s in summary.sources:
        assert s.records_in == s.loaded + s.duplicates + s.rejected, s
    # provenance on every node and relationship, pointing at a source line
    for label in ("Enterprise", "Person", "BankAccount"):
        missing = store.read(
            f"MATCH (n:{label}) WHERE n.record_id IS NULL OR n.record_hash IS NULL RETURN count(n) AS n"
        )
        assert missing == [{"n": 0}]
    rec = store.read("MATCH ()-[r:TRANSFERRED_TO]->() RETURN r.source AS s, r.record_id AS id LIMIT 1")[0]
    assert rec["s"] == "transfers.csv" and rec["id"].startswith(f"{summary.delivery}/transfers.csv:")
    # derived: ultimate controllers and features
    assert summary.derived["CONTROLS"] > 0 and summary.derived["features"] == 2000
    assert store.read("MATCH (e:Enterprise) WHERE e.f_age_days IS NULL RETURN count(e) AS n")[0]["n"] < 2000


def test_rerun_changes_nothing(store: GraphStore, world: Path, tmp_path: Path) -> None:
    run_etl(world, store, state_root=tmp_path, pseudonym_key=KEY)
    first = dump(store, ignore=frozenset())
    again = run_etl(world, store, state_root=tmp_path, pseudonym_key=KEY)
    assert all(s.skipped_resume for s in again.sources)
    shutil.rmtree(tmp_path / again.delivery / "quarantine")
    (tmp_path / again.delivery / "state.json").write_text(
        json.dumps({"ingested_at": again.ingested_at}), encoding="utf-8"
    )  # forget progress, keep the delivery's time: every source is loaded again
    run_etl(world, store, state_root=tmp_path, pseudonym_key=KEY)
    assert dump(store, ignore=frozenset()) == first


def _gang_connected(store: GraphStore, a: str, b: str) -> bool:
    out = store.read(
        "MATCH (x:Enterprise {uscc: $a}), (y:Enterprise {uscc: $b}) "
        "MATCH p = (x)-[:SHAREHOLDER_OF|LEGAL_REP_OF|HAS_PHONE|LOCATED_AT|BRANCH_OF|EXECUTIVE_OF*1..6]-(y) "
        "RETURN count(p) AS n LIMIT 1",
        {"a": a, "b": b},
    )
    return bool(out and out[0]["n"])


def test_planted_gangs_are_connected_as_built(falkordb_store: FalkorStore, world: Path, tmp_path: Path) -> None:
    store = falkordb_store
    store.clear()
    run_etl(world, store, state_root=tmp_path, pseudonym_key=KEY)
    gangs = [
        json.loads(line) for line in (world / "ground_truth" / "gangs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    checked = 0
    for gang in gangs:
        if gang["typology"] != "illegal_fundraising":
            continue
        members = [e["uscc"] for e in gang["enterprises"]]
        parent = next(e["uscc"] for e in gang["enterprises"] if e["role"] == "parent")
        for other in members:
            if other != parent:
                assert _gang_connected(store, parent, other), (gang["gang_id"], other)
                checked += 1
        controller = next(p for p in gang["persons"] if p["role"] == "controller")
        controls = store.read(
            "MATCH (p:Person {id_number: $id})-[:CONTROLS]->(e:Enterprise) RETURN collect(e.uscc) AS es",
            {"id": controller["id_number"]},
        )[0]["es"]
        assert parent in controls
    assert checked > 10


def _etl_cmd(data_dir: Path, world: Path) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "SMOKEINDEX_DATA_DIR": str(data_dir), "SMOKEINDEX_PSEUDONYM_KEY": KEY}
    return [sys.executable, "-m", "smokeindex.cli", "etl", "run", str(world), "--json"], env


@pytest.mark.parametrize("kill_after_s", [0.8, 2.0])
def test_killed_load_resumes_to_the_same_graph(world: Path, tmp_path: Path, kill_after_s: float) -> None:
    cmd, env = _etl_cmd(tmp_path / "killed", world)
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    time.sleep(kill_after_s)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and the embedded server it started, mid-load
    proc.wait()
    resumed = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    clean_cmd, clean_env = _etl_cmd(tmp_path / "clean", world)
    straight = subprocess.run(clean_cmd, env=clean_env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert straight.returncode == 0, straight.stderr[-2000:]
    a = FalkorStore(tmp_path / "killed" / "falkordb")
    b = FalkorStore(tmp_path / "clean" / "falkordb")
    try:
        assert dump(a) == dump(b)  # the two runs differ only in when they happened (ingested_at)
    finally:
        for store in (a, b):  # the killed run's server outlived its client (by design); stop it too
            store.server.shutdown()
            store.close()


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, list(reader)


def test_second_delivery_merges_updates(store: GraphStore, world: Path, tmp_path: Path) -> None:
    run_etl(world, store, state_root=tmp_path / "state", pseudonym_key=KEY)
    before = store.count_nodes()
    # pick an enterprise with a person shareholder; deregister it, replace one shareholder, add a complaint
    sh_header, sh_rows = _rows(world / "shareholders.csv")
    target_row = next(r for r in sh_rows if r[3] == "自然人股东" and r[0].startswith("91"))
    uscc = target_row[0]
    reg_header, reg_rows = _rows(world / "registry.csv")
    reg_row = next(r for r in reg_rows if r[1] == uscc)
    delivery = tmp_path / "delivery2"
    delivery.mkdir()
    reg_row = list(reg_row)
    reg_row[reg_header.index("登记状态")] = "注销"
    _write_csv(delivery / "registry.csv", reg_header, [reg_row])
    new_holder = [
        uscc,
        target_row[1],
        "新股东",
        "自然人股东",
        "居民身份证",
        "11010519491231002X",
        "100",
        "100",
        "2024-12-01",
    ]
    _write_csv(delivery / "shareholders.csv", sh_header, [new_holder])
    complaint: dict[str, Any] = {
        "投诉编号": "TS209912310000001", "投诉渠道": "12345政务服务热线", "登记日期": "2024-12-20", "投诉人": "匿名",
        "被投诉对象": reg_row[0], "被投诉对象统一社会信用代码": uscc, "所属区划代码": reg_row[reg_header.index("所属区划代码")],
        "投诉内容": "该公司已注销但仍在收取理财款，承诺年化15%。", "办理状态": "处理中",
    }  # fmt: skip
    (delivery / "complaints.jsonl").write_text(json.dumps(complaint, ensure_ascii=False) + "\n", encoding="utf-8")

    run_etl(delivery, store, state_root=tmp_path / "state", pseudonym_key=KEY)
    node = store.get_node(NodeRef("Enterprise", uscc))
    assert node is not None and node["status"] == "注销"
    holders = store.read(
        "MATCH (h)-[r:SHAREHOLDER_OF]->(:Enterprise {uscc: $u}) RETURN h.name AS n, r.ratio AS ratio", {"u": uscc}
    )
    assert holders == [{"n": "新股东", "ratio": 1.0}]  # the shareholder list was replaced, not appended to
    after = store.count_nodes()
    assert after["Complaint"] == before["Complaint"] + 1
    assert after["Enterprise"] == before["Enterprise"] and after["Person"] == before["Person"] + 1
    complaints = store.read(
        "MATCH (c:Complaint)-[:COMPLAINT_AGAINST]->(:Enterprise {uscc: $u}) RETURN c.complaint_id AS id", {"u": uscc}
    )
    assert "TS209912310000001" in {c["id"] for c in complaints}


def test_garbage_is_quarantined_with_reasons(falkordb_store: FalkorStore, tmp_path: Path) -> None:
    store = falkordb_store
    store.clear()
    d = tmp_path / "bad"
    d.mkdir()
    (d / "regions.csv").write_text(
        "区划代码,名称,级别,上级代码\n330000,浙江省,省,\n330100,杭州市,市\n33X,坏,省,\n", encoding="utf-8"
    )
    (d / "complaints.jsonl").write_text(
        '{"投诉编号": "TS1", "投诉内容": "某公司承诺保本保息"}\nnot json at all\n[1, 2]\n{"投诉编号": ""}\n',
        encoding="utf-8",
    )
    summary = run_etl(d, store, state_root=tmp_path / "state", pseudonym_key=KEY)
    by_source = {s.source: s for s in summary.sources}
    assert by_source["regions"].loaded == 1 and by_source["regions"].rejected == 2
    assert by_source["complaints"].loaded == 1 and by_source["complaints"].rejected == 3
    with open(summary.quarantine_file, encoding="utf-8-sig", newline="") as fh:
        reasons = {(r["来源 source"], r["行号 line"]): r["原因 reason"] for r in csv.DictReader(fh)}
    assert "列数不符" in reasons[("regions", "3")]
    assert "JSON" in reasons[("complaints", "2")] and "JSON 对象" in reasons[("complaints", "3")]
    assert "必填" in reasons[("complaints", "4")]
    assert store.count_nodes()["Complaint"] == 1


def test_missing_or_empty_directory_is_a_clear_error(falkordb_store: FalkorStore, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="不存在"):
        run_etl(tmp_path / "nope", falkordb_store, state_root=tmp_path, pseudonym_key=KEY)
    with pytest.raises(FileNotFoundError, match="没有可识别"):
        run_etl(tmp_path, falkordb_store, state_root=tmp_path, pseudonym_key=KEY)
