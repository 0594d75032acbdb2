"""Benchmark: generate worlds of N enterprises and load them into the embedded store, end to end.

Run: ``python bench/etl.py --sizes 10000 100000 1000000 --work /tmp/smokeindex-etl-bench`` (one size per process is
fine: ``--sizes 1000000``). For each size prints one JSON line: generation time (a child process), ETL time per
stage (read / clean+validate+resolve / load, summed over sources; loading overlaps cleaning, so they add up to
more than the wall time; derive + compaction), wall time per source, rows/s over all records read, the peak
RSS of the ETL process and of the FalkorDB server, and the graph's size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smokeindex.etl.pipeline import run_etl
from smokeindex.graph.falkordb_store import FalkorStore


def _vm_hwm_mib(pid: int | None) -> float | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def bench(n: int, work: Path, seed: int) -> dict[str, Any]:
    world = work / f"world-{n}"
    if not (world / "manifest.json").is_file():
        shutil.rmtree(world, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "smokeindex.cli", "synth", "-n", str(n), "-s", str(seed), "-o", str(world)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        generate_s = round(time.perf_counter() - t, 1)
    else:
        generate_s = None
    db = work / f"db-{n}"
    shutil.rmtree(db, ignore_errors=True)
    store = FalkorStore(db / "falkordb", graph_name="bench")
    t0 = time.perf_counter()
    summary = run_etl(world, store, state_root=db / "etl", pseudonym_key="bench-key")
    total = time.perf_counter() - t0
    server_peak = _vm_hwm_mib(store.server.pid())
    nodes, rels = sum(store.count_nodes().values()), sum(store.count_relationships().values())
    store.close()
    records = sum(s.records_in for s in summary.sources)
    stage = {
        "read": round(sum(s.seconds_read for s in summary.sources), 1),
        "clean_validate_resolve": round(sum(s.seconds_clean for s in summary.sources), 1),
        "load": round(sum(s.seconds_load for s in summary.sources), 1),
    }
    stage["derive_and_compact"] = round(total - sum(s.seconds for s in summary.sources), 1)
    return {
        "enterprises": n,
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "generate_s": generate_s,
        "etl_s": round(total, 1),
        "stages_s": stage,
        "per_source_s": {
            s.source: round(s.seconds_read + s.seconds_clean + s.seconds_load, 1) for s in summary.sources
        },
        "records_read": records,
        "records_per_s": round(records / total),
        "graph_nodes": nodes,
        "graph_relationships": rels,
        "etl_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "server_peak_rss_mib": round(server_peak) if server_peak else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/smokeindex-etl-bench"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        print(json.dumps(bench(n, args.work, args.seed), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
