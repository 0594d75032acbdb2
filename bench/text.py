"""Throughput of the offline text pipeline on generated texts, pinned to 2 CPU cores.

    .venv/bin/python bench/text.py /tmp/textworld [--model var/text/typology] [--repeat 3]

Builds the linker from the world's registry, then analyses every annotated text (entities, linking, risk cues and,
with a model, typology in batches) and prints texts/s as JSON. Target: ≥ 200 texts/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("world", type=Path)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))[:2]
        os.sched_setaffinity(0, cpus)
    from smokeindex.text.link import Linker
    from smokeindex.text.pipeline import TextAnalyzer
    from smokeindex.text.typology import load_model, read_annotations

    texts = [ex.text for ex in read_annotations(args.world)]
    t0 = time.perf_counter()
    linker = Linker.from_world(args.world)
    build_s = time.perf_counter() - t0
    model = load_model(args.model) if args.model else None
    analyzer = TextAnalyzer(linker=linker, model=model)
    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        analyzer.analyze_many(texts)
        best = min(best, time.perf_counter() - t)
    print(json.dumps({"texts": len(texts), "enterprises": len(linker.index), "cpus": len(os.sched_getaffinity(0)),
                      "linker_build_s": round(build_s, 2), "typology": model is not None,
                      "best_s": round(best, 3), "texts_per_s": round(len(texts) / best, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
