"""Benchmark: run the whole rule pack on a loaded world and time every rule.

Run after loading a world with the ETL, e.g. ``python bench/etl.py --sizes 100000`` (which leaves the embedded store
in ``/tmp/smokeindex-etl-bench/db-100000``), then
``python bench/rules.py --falkordb-dir /tmp/smokeindex-etl-bench/db-100000/falkordb --graph bench``. Prints one JSON
line: total seconds, hits, and seconds and hits per rule (slowest first). Target (issue 4): the whole pack on the 1M
world in under 5 minutes on the embedded store, no rule slower than 60 s.

On Neo4j: load the same world with ``SMOKEINDEX_STORE=neo4j smokeindex etl run WORLD`` and pass ``--neo4j-uri
bolt://HOST:PORT`` (password from ``SMOKEINDEX_NEO4J_PASSWORD``) instead of ``--falkordb-dir``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from smokeindex.graph import GraphStore
from smokeindex.graph.falkordb_store import FalkorStore
from smokeindex.graph.neo4j_store import Neo4jStore
from smokeindex.rules import RuleRunner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--falkordb-dir", type=Path, help="embedded store directory")
    where.add_argument("--neo4j-uri", help="bolt://HOST:PORT of a Neo4j server holding the world")
    parser.add_argument("--graph", default="smokeindex")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    store: GraphStore
    if args.neo4j_uri:
        password = os.environ.get("SMOKEINDEX_NEO4J_PASSWORD", "")
        store = Neo4jStore(args.neo4j_uri, "neo4j", password, query_timeout_s=args.timeout)
    else:
        store = FalkorStore(args.falkordb_dir, graph_name=args.graph)
    try:
        enterprises = store.count_nodes()["Enterprise"]
        t0 = time.perf_counter()
        result = RuleRunner(store, timeout_s=args.timeout).run(write=False)
        total = time.perf_counter() - t0
    finally:
        store.close()
    per_rule = sorted(result.outcomes, key=lambda o: -o.seconds)
    print(json.dumps({
        "date": datetime.now(UTC).date().isoformat(), "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "store": "neo4j" if args.neo4j_uri else "falkordb", "enterprises": enterprises, "rules": len(result.outcomes), "total_s": round(total, 1), "hits": len(result.hits),
        "errors": {o.rule_id: o.error for o in result.outcomes if o.error},
        "per_rule": {o.rule_id: {"s": o.seconds, "hits": o.hits} for o in per_rule},
    }, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
