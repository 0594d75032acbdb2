"""Build a synthetic world and write it out: ``generate_world`` is the public entry point."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smokeindex.synth.background import background_accounts, background_records, plant_background
from smokeindex.synth.changes import plant_changes
from smokeindex.synth.dirt import DirtConfig
from smokeindex.synth.emit import Emitter
from smokeindex.synth.manifest import Manifest, SourceInfo
from smokeindex.synth.model import World
from smokeindex.synth.people import PersonPool
from smokeindex.synth.regions import load_regions
from smokeindex.synth.rng import py_stream
from smokeindex.synth.schemes import Planter, gang_plan
from smokeindex.synth.writers import CsvSink, JsonlSink, sha256_file

MIN_ENTERPRISES = 300
TRANSFERS_PER_ENTERPRISE = 10
PERSON_LABEL_ROLES = frozenset({"controller", "front", "executive", "recruiter", "lender"})
SOURCE_ORDER = (
    "regions",
    "registry",
    "shareholders",
    "executives",
    "branches",
    "accounts",
    "transfers",
    "products",
    "websites",
    "penalties",
    "judicial",
    "complaints",
    "news",
    "ads",
    "self_reported",
    "registry_changes",
)


def build_world(enterprises: int, seed: int) -> World:
    """Plant hard negatives and gangs, then fill with ordinary enterprises up to exactly ``enterprises``."""
    if enterprises < MIN_ENTERPRISES:
        raise ValueError(f"企业数量至少为 {MIN_ENTERPRISES}（需要容纳所有植入团伙）")
    regions = load_regions()
    w = World(n=enterprises, seed=seed, regions=regions, people=PersonPool(regions, seed))
    rng = py_stream(seed, "plant")
    planter = Planter(w, rng)
    n = enterprises
    for _ in range(max(1, round(n * 0.004 / 20))):
        planter.legit_group(subs=min(40, max(6, n // 150)) if n < 10_000 else rng.randint(10, 40))
    for _ in range(max(1, n // 50_000)):
        planter.microloan()
        planter.private_fund()
    for _ in range(max(3, n // 2_000)):
        planter.busy_honest()
    for typology, variant in gang_plan(n, rng):
        {
            "illegal_fundraising": planter.fundraising,
            "pyramid_scheme": planter.pyramid,
            "illegal_lending": planter.lending,
        }[typology](variant)
    remaining = n - len(w.ents)
    if remaining < 10:
        raise ValueError(f"企业数量 {n} 不足以容纳植入的团伙与对照组")
    bg = plant_background(w, py_stream(seed, "background"), remaining)
    background_accounts(w, py_stream(seed, "accounts"))
    background_records(w, py_stream(seed, "records"), bg)
    plant_changes(w, py_stream(seed, "changes"))
    return w


def generate_world(
    out_dir: Path,
    *,
    enterprises: int,
    seed: int,
    progress: Callable[[str, int, int], None] | None = None,
    dirt: DirtConfig | None = None,
) -> Manifest:
    """Generate a world of ``enterprises`` enterprises into ``out_dir``; same seed ⇒ byte-identical files.

    ``progress(source, done, total)`` is called while each source is written.
    """
    out_dir = Path(out_dir)
    if out_dir.exists():
        for child in ("ground_truth", "annotations"):
            shutil.rmtree(out_dir / child, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda _s, _d, _t: None)
    report("world", 0, 1)
    w = build_world(enterprises, seed)
    report("world", 1, 1)
    em = Emitter(w, out_dir, dirt or DirtConfig(), progress)
    order = list(range(len(w.ents)))
    py_stream(seed, "registry-order").shuffle(order)
    em.regions()
    em.registry(order)
    em.shareholders()
    em.executives()
    em.branches()
    em.accounts()
    em.transfers(TRANSFERS_PER_ENTERPRISE * enterprises)
    em.products()
    em.websites()
    em.penalties()
    em.judicial()
    em.complaints()
    em.news()
    em.ads()
    em.self_reported()
    em.registry_changes()
    dirt_summary = em.finish()
    gt = _write_ground_truth(w, em, out_dir)
    manifest = Manifest(seed=seed, enterprises=enterprises)
    for name in SOURCE_ORDER:
        sink = em.sinks[name]
        manifest.sources[name] = SourceInfo(
            file=sink.path.name,
            format=sink.fmt,
            rows=sink.rows,
            records=em.records[name],
            sha256=sha256_file(sink.path),
        )
    manifest.dirt = {name: dirt_summary[name] for name in SOURCE_ORDER}
    manifest.expected_graph = em.g.result()
    manifest.ground_truth = gt
    manifest.stats = _stats(w)
    manifest.write(out_dir)
    return manifest


def _write_ground_truth(w: World, em: Emitter, out: Path) -> dict[str, str]:
    """gangs.jsonl, labels.csv and dirt.csv under ground_truth/ (never read by the pipeline)."""
    gt = out / "ground_truth"
    gt.mkdir(parents=True, exist_ok=True)
    people, ents = w.people, w.ents
    numbers = w.accounts.numbers
    gangs = JsonlSink(gt / "gangs.jsonl")
    person_role: dict[int, tuple[int, str]] = {}
    for gi, g in enumerate(w.gangs):
        for p, role, _extra in g.persons:
            person_role.setdefault(p, (gi, role))
        gangs.write(
            {
                "gang_id": g.gid,
                "typology": g.typology,
                "variant": g.variant,
                "start": g.start.isoformat(),
                "end": g.end.isoformat(),
                "collapsed": g.collapsed,
                "brand": g.brand,
                "app": g.app,
                "enterprises": [{"uscc": ents[e].uscc, "name": ents[e].name, "role": r} for e, r in g.ents],
                "persons": [
                    {"id_number": people.ids[p], "name": people.names[p], "role": r, **extra}
                    for p, r, extra in g.persons
                ],
                "accounts": sorted({numbers[a] for a in g.accounts}),
                "products": g.products,
                "websites": g.websites,
            }
        )
    gangs.close()
    labels = CsvSink(
        gt / "labels.csv",
        (
            "entity_type",
            "id",
            "name",
            "label",
            "typology",
            "variant",
            "gang_id",
            "role",
            "is_hard_negative",
            "hard_negative_kind",
        ),
    )
    for x in sorted(ents, key=lambda e: e.uscc):
        eg = w.gangs[x.gang] if x.gang >= 0 else None
        labels.write(
            {
                "entity_type": "Enterprise",
                "id": x.uscc,
                "name": x.name,
                "label": int(eg is not None),
                "typology": eg.typology if eg else "",
                "variant": eg.variant if eg else "",
                "gang_id": eg.gid if eg else "",
                "role": x.role,
                "is_hard_negative": int(bool(x.hard_negative)),
                "hard_negative_kind": x.hard_negative,
            }
        )
    in_graph = em.g.persons
    index_of = {pid: i for i, pid in enumerate(people.ids)}
    for pid in sorted(str(p) for p in in_graph):
        i = index_of[pid]
        gi, role = person_role.get(i, (-1, ""))
        pg = w.gangs[gi] if gi >= 0 else None
        hn = w.hard_negative_persons.get(i, "")
        labels.write(
            {
                "entity_type": "Person",
                "id": pid,
                "name": people.names[i],
                "label": int(pg is not None and role in PERSON_LABEL_ROLES),
                "typology": pg.typology if pg else "",
                "variant": pg.variant if pg else "",
                "gang_id": pg.gid if pg else "",
                "role": role or hn,
                "is_hard_negative": int(bool(hn)),
                "hard_negative_kind": hn,
            }
        )
    labels.close()
    em.write_dirt_log()
    return {
        "gangs": "ground_truth/gangs.jsonl",
        "labels": "ground_truth/labels.csv",
        "dirt": "ground_truth/dirt.csv",
        "annotations": "annotations/texts.jsonl",
    }


def _stats(w: World) -> dict[str, Any]:
    """Headline numbers of the planted world."""
    by_typology = Counter(g.typology for g in w.gangs)
    by_variant = Counter(f"{g.typology}/{g.variant}" for g in w.gangs)
    hard = Counter(x.hard_negative for x in w.ents if x.hard_negative)
    return {
        "gangs": len(w.gangs),
        "gangs_by_typology": dict(by_typology),
        "gangs_by_variant": dict(by_variant),
        "gang_enterprises": sum(1 for x in w.ents if x.gang >= 0),
        "hard_negative_enterprises": dict(hard),
        "persons": len(w.people),
        "accounts": len(w.accounts),
    }
