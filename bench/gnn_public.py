"""Benchmark: every engine on the public labelled graphs in ``shared/datasets`` (Tolokers, AMLSim), through the same
code as ``smokeindex gnn benchmark``.

Run: ``python bench/gnn_public.py --datasets ../shared/datasets --repeats 5``. Converts each dataset to the CSV layout
in a temporary folder, evaluates on ``--repeats`` stratified 40/20/40 splits and prints one JSON line per dataset with
the mean and standard deviation per engine (percentages, test part) and the wall time. Target (issue 5): on Tolokers
the fused or a GNN engine at least 86 AUROC / 60 AUPRC.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from smokeindex.gnn.evaluate import default_engines, evaluate
from smokeindex.gnn.labelled import read_labelled_graph
from smokeindex.gnn.public import convert_amlsim, convert_tolokers
from smokeindex.gnn.train import TrainConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--only", choices=["tolokers", "amlsim"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        todo = []
        if args.only in (None, "tolokers"):
            todo.append(("tolokers", convert_tolokers(args.datasets / "tolokers.npz", Path(tmp) / "tolokers"), False))
        if args.only in (None, "amlsim"):
            tgz = next(args.datasets.glob("amlsim*.tgz"))
            todo.append(("amlsim-20k", convert_amlsim(tgz, Path(tmp) / "amlsim"), True))
        for name, directory, directed in todo:
            t0 = time.perf_counter()
            graph, labels, _ = read_labelled_graph(directory, directed=directed)
            engines = default_engines(graph, TrainConfig(epochs=args.epochs, patience=20, neg_ratio=None))
            result = evaluate(graph, labels, seeds=list(range(args.repeats)), engines=engines)
            print(json.dumps({
                "dataset": name, "date": datetime.now(UTC).date().isoformat(),
                "machine": f"{platform.machine()} {os.cpu_count()} cores", "repeats": args.repeats,
                "seconds": round(time.perf_counter() - t0, 1),
                "engines": [
                    {k: r[k] for k in ("engine", "auroc", "auroc_std", "auprc", "auprc_std", "rec_at_k", "rec_at_k_std", "seconds")}
                    for r in result.summary()
                ],
            }, ensure_ascii=False), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
