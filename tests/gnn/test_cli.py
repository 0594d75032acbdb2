"""``smokeindex gnn benchmark`` as a user runs it on a labelled CSV graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from smokeindex.cli import app
from smokeindex.errors import ValidationFailed
from smokeindex.gnn.labelled import write_labelled_graph
from tests.gnn.synthetic import EDGE, NODE, neighbour_signal_graph

ROOT = Path(__file__).resolve().parents[2]
ENGINES = {"gbt", "gbt_graph", "ppr", "gnn_rsage", "gnn_camo", "gnn_ensemble", "fused"}


def tiny_csv(directory: Path, *, with_split: bool = False) -> Path:
    graph, labels, _, _ = neighbour_signal_graph(n=200, seed=1)
    ei = graph.data[EDGE].edge_index.numpy().T
    split = np.array(["train", "train", "val", "test", "test"])[np.arange(200) % 5] if with_split else None
    write_labelled_graph(directory, graph.x(NODE), labels.y[NODE], ei[ei[:, 0] < ei[:, 1]], split=split)
    return directory


def benchmark(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["gnn", "benchmark", *args, "--epochs", "3", "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def test_benchmark_prints_one_json_object_per_engine(tmp_path: Path) -> None:
    rows = benchmark(str(tiny_csv(tmp_path)), "--repeats", "1")
    assert {r["engine"] for r in rows} == ENGINES and len(rows) == len(ENGINES)
    assert rows[-1]["engine"] == "fused"
    for r in rows:
        assert {"engine", "auroc", "auprc", "rec_at_k"} <= set(r)
        assert all(0 <= r[m] <= 100 for m in ("auroc", "auprc", "rec_at_k")), r
        assert r["detail"]["repeats"] == 1
    by_engine = {r["engine"]: r for r in rows}
    assert by_engine["gbt_graph"]["auroc"] > by_engine["gbt"]["auroc"]  # the labels live in the neighbours


def test_a_split_column_fixes_the_split_and_the_repeats(tmp_path: Path) -> None:
    rows = benchmark(str(tiny_csv(tmp_path, with_split=True)), "--repeats", "3")
    assert {r["engine"] for r in rows} == ENGINES
    assert all(r["detail"]["repeats"] == 1 for r in rows)  # one given split: one run


def test_missing_nodes_csv_is_a_readable_error(tmp_path: Path) -> None:
    directory = tiny_csv(tmp_path)
    (directory / "nodes.csv").unlink()
    result = CliRunner().invoke(app, ["gnn", "benchmark", str(directory), "--json"])
    assert result.exit_code != 0 and isinstance(result.exception, ValidationFailed)
    assert "nodes.csv" in str(result.exception)
    # as the installed command runs it: one line on stderr, exit code 2, no traceback
    out = subprocess.run(
        [sys.executable, "-m", "smokeindex.cli", "gnn", "benchmark", str(directory)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", "SMOKEINDEX_DATA_DIR": str(tmp_path / "data")},
        timeout=120,
    )
    assert out.returncode == 2, out.stderr
    assert "nodes.csv" in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""


@pytest.mark.parametrize("args", [["does-not-exist"], ["--repeats", "0", "."]])
def test_bad_arguments_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    args = [str(tmp_path / a) if a == "does-not-exist" else a for a in args]
    result = CliRunner().invoke(app, ["gnn", "benchmark", *args])
    assert result.exit_code == 2
