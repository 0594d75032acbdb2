"""Throughput of the offline text pipeline on generated texts, and the linker dictionary at registry scale.

    .venv/bin/python bench/text.py /tmp/textworld [--model var/text/typology] [--repeat 3]
    .venv/bin/python bench/text.py --names 1000000

The first form builds the linker from the world's registry, then analyses every annotated text (entities, linking,
risk cues and, with a model, typology in batches) and prints texts/s as JSON. Target: ≥ 200 texts/s on 2 cores.

The second form makes ``--names`` enterprise names with the synthetic generator's own name code (``NameBook.make``
with a random street's city, a weighted industry and its naming word, USCCs from ``make_usccs``; no world is
generated) and reports the build time and resident-memory growth of the ETL's ``EnterpriseIndex`` and of the HanLP
trie of name forms on top of it, the trie's key and node counts, and dictionary look-up speed on texts that name
one of the enterprises. Everything is pinned to 2 CPU cores.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")


def _rss_mb() -> float:
    import psutil

    gc.collect()
    return float(psutil.Process().memory_info().rss) / 2**20


def make_names(n: int, seed: int = 7) -> list[tuple[str, str, str, None]]:
    """``n`` (uscc, name, region_code, None) rows named the way the generator names registry enterprises."""
    from smokeindex.synth.companies import NameBook, city_short, pick_industry
    from smokeindex.synth.identifiers import make_usccs
    from smokeindex.synth.regions import load_regions

    rng = random.Random(seed)
    regions = load_regions()
    streets = [r.code for r in regions.streets]
    book = NameBook()
    names, codes = [], []
    for _ in range(n):
        street = rng.choice(streets)
        industry = pick_industry(rng)
        name, _ = book.make(rng, city_short(regions, street), rng.choice(industry.words))
        names.append(name)
        codes.append(street)
    usccs = make_usccs(list(range(n)), [c[:6] for c in codes], [True] * n, seed)
    return [(u, name, code, None) for u, name, code in zip(usccs, names, codes, strict=True)]


def dictionary_bench(n: int) -> dict[str, Any]:
    """Build time and memory of the linker's index and trie for ``n`` generated names."""
    from smokeindex.etl.resolve import EnterpriseIndex
    from smokeindex.synth.regions import load_regions
    from smokeindex.text.link import Linker
    from smokeindex.text.normalize import Compact

    base = _rss_mb()
    t = time.perf_counter()
    rows = make_names(n)
    gen_s = time.perf_counter() - t
    places = [r.name for r in load_regions().regions]
    after_names = _rss_mb()
    t = time.perf_counter()
    index = EnterpriseIndex(rows, places=places)
    index_s = time.perf_counter() - t
    after_index = _rss_mb()
    t = time.perf_counter()
    linker = Linker(index)
    trie_s = time.perf_counter() - t
    after_trie = _rss_mb()
    nodes, stack = 0, [linker.trie]
    while stack:
        node = stack.pop()
        nodes += 1
        stack.extend(node._children.values())
    rng = random.Random(1)
    texts = [f"我在{rows[rng.randrange(n)][1]}投了5万元，对方承诺年化18%，后来联系不上。" for _ in range(2000)]
    compacts = [Compact.of(x) for x in texts]
    t = time.perf_counter()
    found = sum(1 for c in compacts if linker.dictionary_hits(c))
    lookup_s = time.perf_counter() - t
    return {"names": n, "generate_s": round(gen_s, 1), "names_mb": round(after_names - base),
            "index_build_s": round(index_s, 1), "index_mb": round(after_index - after_names),
            "trie_build_s": round(trie_s, 1), "trie_mb": round(after_trie - after_index),
            "trie_keys": len(linker.trie), "trie_nodes": nodes, "rss_mb": round(after_trie),
            "lookup_texts_per_s": round(len(texts) / lookup_s), "texts_with_hit": found / len(texts),
            "cpus": len(os.sched_getaffinity(0))}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("world", type=Path, nargs="?")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--names", type=int, default=0, help="dictionary benchmark with this many generated names")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))[:2]
        os.sched_setaffinity(0, cpus)
    if args.names:
        print(json.dumps(dictionary_bench(args.names)))
        return
    if args.world is None:
        parser.error("WORLD or --names N")
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
