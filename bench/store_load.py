"""Benchmark: upsert 200,000 nodes and 400,000 relationships through the store interface, on each store.

Run: ``python bench/store_load.py --store falkordb`` (embedded) or ``--store neo4j --neo4j-uri bolt://127.0.0.1:7688``
(start the test server first: ``scripts/neo4j-test-server.sh start``). Prints one JSON line per store with rows/s for
nodes, relationships and overall, and the peak resident memory of this process and of the database server process.
Validation against the schema is included in the timings (it is part of every write).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stdnum.cn import uscc

from smokeindex.graph import GraphStore, NodeRef, RelRow

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_usccs(n: int, seed: int) -> list[str]:
    """``n`` distinct valid USCCs (enterprise legal persons registered in Hangzhou districts)."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        body = (
            "91"
            + rng.choice(["330102", "330105", "330106", "330108", "330110"])
            + "".join(rng.choice(ALPHABET) for _ in range(9))
        )
        if body not in seen:
            seen.add(body)
            out.append(body + uscc.calc_check_digit(body))
    return out


def provenance(i: int) -> dict[str, str]:
    return {
        "source": "bench",
        "record_id": str(i),
        "ingested_at": datetime(2024, 1, 1, tzinfo=UTC).isoformat(),
        "record_hash": f"{i:064x}",
    }


def peak_rss_mib(pid: int | None) -> float | None:
    """Peak resident set size (VmHWM) of a process, in MiB."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def open_store(args: argparse.Namespace, workdir: Path) -> tuple[GraphStore, int | None]:
    if args.store == "falkordb":
        from smokeindex.graph.falkordb_store import FalkorStore

        store = FalkorStore(workdir / "falkordb", graph_name="bench", fsync=args.fsync, batch_size=args.batch)
        return store, store.server.pid()
    from smokeindex.graph.neo4j_store import Neo4jStore

    store4 = Neo4jStore(args.neo4j_uri, "neo4j", args.neo4j_password, batch_size=args.batch, query_timeout_s=600)
    pid_file = Path("build/neo4j/neo4j.pid")
    return store4, int(pid_file.read_text().strip()) if pid_file.exists() else None


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="smokeindex-bench-"))
    keys = make_usccs(args.nodes, seed=7)
    rng = random.Random(11)
    nodes = [
        {"uscc": k, "name": f"基准测试企业{i}有限公司", "registered_capital": float(i % 5000), **provenance(i)}
        for i, k in enumerate(keys)
    ]
    rels = [
        RelRow(
            NodeRef("Enterprise", keys[rng.randrange(args.nodes)]),
            NodeRef("Enterprise", keys[rng.randrange(args.nodes)]),
            {"ratio": rng.random(), "amount": float(rng.randrange(1, 10_000)), **provenance(i)},
        )
        for i in range(args.rels)
    ]
    store, server_pid = open_store(args, workdir)
    args.batch = store.batch_size
    try:
        store.clear()
        store.apply_schema()
        t0 = time.perf_counter()
        store.upsert_nodes("Enterprise", nodes)
        t1 = time.perf_counter()
        result = store.upsert_relationships("SHAREHOLDER_OF", rels)
        t2 = time.perf_counter()
        counts = store.count_nodes()["Enterprise"], store.count_relationships()["SHAREHOLDER_OF"]
        server_peak = peak_rss_mib(server_pid)
        store.clear()
    finally:
        store.close()
    return {
        "store": args.store,
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "nodes": args.nodes,
        "relationships": args.rels,
        "batch": args.batch,
        "fsync": args.fsync if args.store == "falkordb" else None,
        "node_rows_per_s": round(args.nodes / (t1 - t0)),
        "rel_rows_per_s": round(args.rels / (t2 - t1)),
        "overall_rows_per_s": round((args.nodes + args.rels) / (t2 - t0)),
        "seconds": round(t2 - t0, 2),
        "graph_counts": counts,
        "rels_missing_ends": len(result.missing),
        "client_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "server_peak_rss_mib": round(server_peak) if server_peak else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["falkordb", "neo4j"], default="falkordb")
    parser.add_argument("--nodes", type=int, default=200_000)
    parser.add_argument("--rels", type=int, default=400_000)
    parser.add_argument("--batch", type=int, default=None, help="rows per write (default: the store's own)")
    parser.add_argument("--fsync", choices=["always", "everysec"], default="always")
    parser.add_argument("--neo4j-uri", default=os.environ.get("SMOKEINDEX_TEST_NEO4J_URI", "bolt://127.0.0.1:7688"))
    parser.add_argument("--neo4j-password", default=os.environ.get("SMOKEINDEX_TEST_NEO4J_PASSWORD", "smokeindex-test"))
    print(json.dumps(run(parser.parse_args()), ensure_ascii=False))


if __name__ == "__main__":
    main()
