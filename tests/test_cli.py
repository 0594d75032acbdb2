"""The command line, run as a user runs it: readable help, the demo end to end, errors without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, data_dir: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    if data_dir is not None:
        env["SMOKEINDEX_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "smokeindex.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


def test_help_lists_the_commands() -> None:
    out = run("--help")
    assert out.returncode == 0
    for command in ("demo", "schema", "store", "synth", "serve"):
        assert command in out.stdout
    assert "冒烟指数" in out.stdout


def test_demo_loads_the_sample_graph_and_shows_it(tmp_path: Path) -> None:
    out = run("demo", data_dir=tmp_path, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "已载入样例图" in out.stdout and "杭州鑫盛财富管理有限公司" in out.stdout
    assert "330106********1237" in out.stdout and "330106197503121237" not in out.stdout  # ID numbers masked
    assert "最短路径" in out.stdout
    assert "企业登记" in out.stdout and "专家规则运行" in out.stdout  # the synthetic city went through ETL and rules
    assert "网络模型" in out.stdout and "评分运行" in out.stdout  # … the network model and a scoring run
    assert "冒烟指数最高的 10 个主体" in out.stdout and "红" in out.stdout
    assert "GET /api/v1/warnings?grade=红" in out.stdout and "签名校验通过" in out.stdout  # … and the API
    assert (tmp_path / "demo-evidence.zip").is_file()
    again = run("demo", data_dir=tmp_path, timeout=600)  # idempotent: a second run reaches the same state
    assert again.returncode == 0 and again.stdout.count("Enterprise") == out.stdout.count("Enterprise")


def test_store_commands_on_the_embedded_store(tmp_path: Path) -> None:
    assert run("store", "init", data_dir=tmp_path).returncode == 0
    health = run("store", "health", "--json", data_dir=tmp_path)
    assert health.returncode == 0 and '"ok": true' in health.stdout
    stats = run("store", "stats", data_dir=tmp_path)
    assert stats.returncode == 0 and "Enterprise" in stats.stdout


def test_schema_check_generate_and_show(tmp_path: Path) -> None:
    assert run("schema", "check").returncode == 0
    assert run("schema", "generate", "--check").returncode == 0
    drifted = run("schema", "generate", "--check", "--out", str(tmp_path))
    assert drifted.returncode == 1 and "drift" in drifted.stderr
    show = run("schema", "show", "SHAREHOLDER_OF")
    assert show.returncode == 0 and "ratio" in show.stdout


def test_user_errors_are_one_readable_line(tmp_path: Path) -> None:
    out = run("schema", "check", "--directory", str(tmp_path))
    assert out.returncode == 2 and "provenance.yaml" in out.stderr and "Traceback" not in out.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run("store", "health", data_dir=blocker)
    assert out.returncode == 2 and "不可写" in out.stderr and "Traceback" not in out.stderr
    env_out = subprocess.run(
        [sys.executable, "-m", "smokeindex.cli", "store", "health"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "SMOKEINDEX_STORE": "neo4j", "SMOKEINDEX_NEO4J_PASSWORD": ""},
        timeout=60,
    )
    assert env_out.returncode == 2 and "Traceback" not in env_out.stderr


def test_neo4j_down_is_a_clear_error_within_seconds() -> None:
    env = {
        **os.environ,
        "SMOKEINDEX_STORE": "neo4j",
        "SMOKEINDEX_NEO4J_URI": "bolt://127.0.0.1:1",
        "SMOKEINDEX_NEO4J_PASSWORD": "whatever-password",
    }
    out = subprocess.run(
        [sys.executable, "-m", "smokeindex.cli", "store", "health"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=30,
    )
    assert out.returncode == 2 and "bolt://127.0.0.1:1" in out.stderr and "Traceback" not in out.stderr
