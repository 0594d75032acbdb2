"""``smokeindex index run | show`` as a user runs them, on the embedded store in a fresh data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
from smokeindex.demo.sample import load_sample
from smokeindex.graph import NodeRef, open_store
from smokeindex.rules import RuleRunner
from smokeindex.rules.runner import Hit, RuleOutcome, RunResult
e1 = NodeRef("Enterprise", "91330106MA2H0AB3XY")
with open_store() as store:
    store.apply_schema()
    load_sample(store)
    hits = [Hit("PUB-001", "publicity", e1, e1.key, 0.9, "t"), Hit("BUS-001", "business", e1, e1.key, 0.5, "t")]
    t = "2024-01-01T00:00:00+00:00"
    RuleRunner(store, {}).write(RunResult("rr-1", t, t, {}, hits, [RuleOutcome("PUB-001"), RuleOutcome("BUS-001")]))
"""


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "SMOKEINDEX_DATA_DIR": str(data_dir)}
    env.pop("SMOKEINDEX_GRADE_CUTOFFS", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False
    )


def test_run_and_show(tmp_path: Path) -> None:
    assert run(tmp_path, "-c", SETUP).returncode == 0
    net = tmp_path / "net.jsonl"
    net.write_text('{"label": "Person", "key": "P-demo-01", "probability": 0.45, "via": []}\n', encoding="utf-8")
    out = run(tmp_path, "-m", "smokeindex.cli", "index", "run", "--network", str(net), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["counts"] == {"红": 1, "橙": 0, "黄": 1, "蓝": 0, "正常": 0} and report["rule_run_id"] == "rr-1"
    assert [p["key"] for p in report["top"]] == ["91330106MA2H0AB3XY", "P-demo-01"]
    table = run(tmp_path, "-m", "smokeindex.cli", "index", "run", "--network", str(net))
    assert table.returncode == 0 and "杭州鑫盛财富管理有限公司" in table.stdout and "宣传风险" in table.stdout
    show = run(tmp_path, "-m", "smokeindex.cli", "index", "show", "91330106MA2H0AB3XY")
    assert show.returncode == 0, show.stderr
    assert "冒烟指数 95.0" in show.stdout and "宣传风险" in show.stdout and "PUB-001" in show.stdout
    assert "与上次评分相比无变化" in show.stdout
    missing = run(tmp_path, "-m", "smokeindex.cli", "index", "show", "NOPE")
    assert missing.returncode == 2 and "没有预警记录" in missing.stderr and "Traceback" not in missing.stderr
    bad = run(tmp_path, "-m", "smokeindex.cli", "index", "run", "--network", str(tmp_path / "none.jsonl"))
    assert bad.returncode == 2 and "找不到网络模型评分文件" in bad.stderr
