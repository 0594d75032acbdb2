"""Benchmark: the network model and the index on a loaded world — snapshot export, training, scoring every party,
explanations, the scoring run — with ranking quality on held-out gangs and peak memory.

Run after loading a world (``python bench/etl.py --sizes 100000`` leaves it in
``/tmp/smokeindex-etl-bench/db-100000``):
``python bench/gnn.py --falkordb-dir /tmp/smokeindex-etl-bench/db-100000/falkordb --graph bench
--labels /tmp/smokeindex-etl-bench/world-100000/ground_truth/labels.csv``.
Runs the rule pack first if the store holds no rule run. Prints one JSON line. Targets (issue 5), on 2 CPU cores:
training on the 100k world under 10 minutes, scoring the 1M world under 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from smokeindex.gnn import snapshot
from smokeindex.gnn.evaluate import fuse, world_labels
from smokeindex.gnn.metrics import rank_scores
from smokeindex.gnn.scoring import score_parties
from smokeindex.gnn.split import grouped_split
from smokeindex.gnn.train import TrainConfig, predict, train
from smokeindex.graph.falkordb_store import FalkorStore
from smokeindex.index.runner import IndexRunner
from smokeindex.rules import RuleRunner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--falkordb-dir", type=Path, required=True)
    parser.add_argument("--graph", default="smokeindex")
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--model", default="ensemble")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--explain", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--snapshots", type=Path, help="cache the snapshot here and reuse it")
    args = parser.parse_args()
    store = FalkorStore(args.falkordb_dir, graph_name=args.graph)
    out: dict[str, object] = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "model": args.model,
    }
    timings: dict[str, float] = {}
    try:
        if not store.read("MATCH (r:RuleRun) RETURN r.run_id AS id LIMIT 1"):
            t0 = time.perf_counter()
            RuleRunner(store, timeout_s=300).run()
            timings["rules_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if args.snapshots and any(args.snapshots.glob("*/meta.json")):
            graph = snapshot.load(args.snapshots)
            timings["snapshot_load_s"] = time.perf_counter() - t0
        else:
            graph = snapshot.export(store)
            timings["snapshot_s"] = time.perf_counter() - t0
            if args.snapshots:
                snapshot.save(graph, args.snapshots)
        out["nodes"] = {t: graph.num_nodes(t) for t in graph.node_types}
        out["edges"] = int(sum(graph.data[et].edge_index.size(1) for et in graph.edge_types))
        labels = world_labels(graph, args.labels, store)
        split = grouped_split(labels, args.seed)
        t0 = time.perf_counter()
        trained = train(
            graph,
            labels,
            split,
            TrainConfig(model=args.model, epochs=args.epochs, seed=args.seed),
            lambda e, n, r: print(f"epoch {e}/{n} {r} {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True),
        )
        timings["train_s"] = time.perf_counter() - t0
        out["epochs_run"] = len(trained.history)
        out["best_epoch"] = trained.best_epoch
        t0 = time.perf_counter()
        probs = predict(trained, graph)
        timings["predict_all_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        network = score_parties(trained, graph, explain=args.explain)
        timings["score_and_explain_s"] = time.perf_counter() - t0
        fused = fuse(graph, labels, split, {"gnn": probs}, "gnn")
        t0 = time.perf_counter()
        result = IndexRunner(store, fused.fusion).run(network, model_version=f"bench-{args.model}")
        timings["index_run_s"] = time.perf_counter() - t0
        out["grades"] = result.counts
        test = split.test["Enterprise"]
        y = labels.y["Enterprise"][test]
        rules = graph.x("Enterprise")[test, graph.feature_names["Enterprise"].index("rule_score")]
        out["test_enterprises"] = {
            "rules": rank_scores(y, rules).as_percent(),
            "network": rank_scores(y, probs["Enterprise"][test]).as_percent(),
            "fused": rank_scores(y, np.asarray(fused.scores["Enterprise"][test])).as_percent(),
        }
    finally:
        store.close()
    out["timings"] = {k: round(v, 1) for k, v in timings.items()}
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
