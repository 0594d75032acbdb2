"""The ETL run: read → validate/clean → resolve → load, source by source, then derive.

A *delivery* is a directory of raw source files. Its id is a fingerprint of the files (name, size, SHA-256), and its
state (first ingestion time, sources completed) lives under ``<data_dir>/etl/<delivery>/``, so that

* re-running a delivery changes nothing (every write is an idempotent MERGE, ``ingested_at`` is the delivery's);
* a run killed at any point resumes: completed sources are skipped, the interrupted one is loaded again;
* a later delivery with updates (new complaints, changed shareholders, a deregistration) merges into the graph, and
  the relationship types a source delivers as a full snapshot per enterprise (legal reps, shareholders, executives)
  replace the edges an earlier delivery gave those enterprises.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smokeindex.etl import derive
from smokeindex.etl.clean import CleanError
from smokeindex.etl.emit import Emitter, Output, PersonIds
from smokeindex.etl.quarantine import REJECTED, UNLINKED, VALUE_DROPPED, Quarantine, merge_files
from smokeindex.etl.read import read_source
from smokeindex.etl.resolve import MERGE_DECISION_FIELDS, EnterpriseIndex
from smokeindex.etl.sources import SOURCES, Context, Source
from smokeindex.graph import GraphStore

log = logging.getLogger(__name__)
CHUNK = 20_000
# nodes before the relationships that point at them, within a chunk
NODE_ORDER = ("Region", "Enterprise", "Person", "Address", "Phone", "Email", "BankAccount", "Website", "Product",
              "Penalty", "JudicialCase", "Complaint", "NewsArticle", "Advertisement", "RegistryChange")  # fmt: skip

Progress = Callable[[str, str, int, int | None], None]  # (stage, source, done, total)


@dataclass
class SourceSummary:
    source: str
    zh: str
    file: str
    records_in: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    values_dropped: int = 0
    unlinked: int = 0
    skipped_resume: bool = False
    seconds: float = 0.0  # wall time of the whole source
    seconds_read: float = 0.0  # parsing the file
    seconds_clean: float = 0.0  # clean, validate, resolve (the transforms)
    seconds_load: float = 0.0  # writes to the store (overlaps with cleaning the next chunk)


@dataclass
class Summary:
    delivery: str
    ingested_at: str
    state_dir: str
    sources: list[SourceSummary] = field(default_factory=list)
    derived: dict[str, int] = field(default_factory=dict)
    quarantine_file: str = ""
    merge_decisions_file: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fingerprint(directory: Path) -> str:
    """A delivery id: SHA-256 over the names, sizes and contents of the source files present."""
    digest = hashlib.sha256()
    for source in SOURCES:
        path = directory / source.file
        if path.is_file():
            digest.update(f"{source.file}:{path.stat().st_size}:".encode())
            with path.open("rb") as fh:
                while block := fh.read(1 << 22):
                    digest.update(block)
    return digest.hexdigest()[:16]


class State:
    """The delivery's progress file, written atomically after each completed source."""

    def __init__(self, directory: Path, delivery: str) -> None:
        self.directory = directory
        self.path = directory / "state.json"
        data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}
        self.delivery = delivery
        self.ingested_at: str = data.get("ingested_at") or datetime.now(UTC).isoformat(timespec="seconds")
        self.completed: list[str] = data.get("completed", [])
        self.summaries: dict[str, dict[str, Any]] = data.get("summaries", {})
        self.save()

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {"delivery": self.delivery, "ingested_at": self.ingested_at, "completed": self.completed,
                "summaries": self.summaries}  # fmt: skip
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(self.path)


class DecisionLog:
    """Entity-resolution decisions of this delivery (``merge_decisions.csv``), as a ``Resolver`` for the sources."""

    def __init__(self, store: GraphStore, path: Path) -> None:
        self.store = store
        self.path = path
        self._index: EnterpriseIndex | None = None
        self._cache: dict[str, str | None] = {}
        self._fh = path.open("a", encoding="utf-8-sig", newline="")
        self._writer = csv.DictWriter(self._fh, fieldnames=["source", "line", *MERGE_DECISION_FIELDS])
        if path.stat().st_size == 0:
            self._writer.writeheader()

    def _build(self) -> EnterpriseIndex:
        rows = self.store.read("MATCH (e:Enterprise) RETURN e.uscc AS u, e.name AS n, e.region_code AS r")
        places = [r["n"] for r in self.store.read("MATCH (g:Region) RETURN g.name AS n")]
        return EnterpriseIndex(((r["u"], r["n"], r["r"], ()) for r in rows), places=places)

    def enterprise(self, name: str, *, region_code: str | None, source: str, line: int) -> str | None:
        if self._index is None:
            self._index = self._build()
        match = self._index.match(name, region_code=region_code)
        if match.method not in ("exact", "canonical"):  # certain links need no review; the rest are recorded
            self._writer.writerow({"source": source, "line": line, **match.to_record()})
        return match.uscc

    def close(self) -> None:
        self._fh.close()


def _chunks(source: Source, path: Path) -> Iterator[list[tuple[int, dict[str, Any] | None, str, str]]]:
    chunk: list[tuple[int, dict[str, Any] | None, str, str]] = []
    for raw in read_source(path, source.format):
        chunk.append((raw.line, raw.record, raw.error, raw.raw))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load(store: GraphStore, out: Output, quarantine: Quarantine) -> int:
    """Write a chunk's rows; relationships or patches whose nodes are absent are quarantined as unlinked."""
    for label in sorted(out.nodes, key=lambda x: NODE_ORDER.index(x) if x in NODE_ORDER else 99):
        store.upsert_nodes(label, out.nodes[label], prevalidated=True)
    for label, patches in out.patches.items():
        for key in store.update_nodes(label, patches):
            line = next(
                (int(p["record_id"].rsplit(":", 1)[1]) for p in patches if p[store.schema.node(label).key] == key), 0
            )
            quarantine.add(
                line, store.schema.node(label).key, f"{label} {key} 不在图中 (node not in the graph)", UNLINKED
            )
    for rel_type, rows in out.rels.items():
        result = store.upsert_relationships(rel_type, rows, prevalidated=True)
        for rel in result.missing:
            line = int(str(rel.properties["record_id"]).rsplit(":", 1)[1])
            quarantine.add(
                line,
                rel_type,
                f"关系端点不在图中 (end node missing): {rel.start.label} {rel.start.key} → {rel.end.label} {rel.end.key}",
                UNLINKED,
            )
    return out.records


def _timed_load(store: GraphStore, out: Output, quarantine: Quarantine) -> tuple[int, float]:
    start = time.perf_counter()
    return _load(store, out, quarantine), time.perf_counter() - start


def _replace_snapshots(store: GraphStore, source: Source, delivery: str) -> None:
    """Remove edges of snapshot relationship types into enterprises this delivery re-delivered, left by an earlier
    delivery (e.g. a shareholder who sold out)."""
    prefix = f"{delivery}/"
    for rel_type, _ in source.snapshot_of:
        store.write(
            f"MATCH ()-[r:{rel_type}]->(e:Enterprise)<-[mine:{rel_type}]-() "
            "WHERE mine.record_id STARTS WITH $prefix AND NOT r.record_id STARTS WITH $prefix DELETE r",
            {"prefix": prefix},
        )


def run_source(
    store: GraphStore, source: Source, path: Path, *, ctx: Context, quarantine: Quarantine, progress: Progress | None
) -> SourceSummary:
    summary = SourceSummary(source.name, source.zh, source.file)
    started = time.perf_counter()
    seen: set[int] = set()
    emit = ctx.emit
    chunks = _chunks(source, path)
    # the store loads chunk k (server CPU) while this thread cleans chunk k+1 (Python CPU)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="smokeindex-etl-load") as loader:
        pending: Future[tuple[int, float]] | None = None
        while True:
            t0 = time.perf_counter()
            chunk = next(chunks, None)
            t1 = time.perf_counter()
            summary.seconds_read += t1 - t0
            if chunk is None:
                break
            out = Output()
            for line, record, error, raw in chunk:
                summary.records_in += 1
                if record is None:
                    quarantine.add(line, "<record>", error, REJECTED, raw)
                    continue
                emit.begin(line, record)
                fp = emit.fingerprint
                if fp in seen:
                    summary.duplicates += 1
                    continue
                seen.add(fp)
                ctx.line = line
                try:
                    source.transform(record, ctx)
                    emit.commit(out)
                except CleanError as e:
                    quarantine.add(line, e.field, e.reason, REJECTED, record)
                    continue
                for field_name, reason in emit.warnings:
                    quarantine.add(line, field_name, reason, VALUE_DROPPED, record.get(field_name.split("[")[0]))
            summary.seconds_clean += time.perf_counter() - t1
            if pending is not None:
                loaded, seconds = pending.result()
                summary.loaded += loaded
                summary.seconds_load += seconds
            pending = loader.submit(_timed_load, store, out, quarantine)
            if progress:
                progress("load", source.name, summary.records_in, None)
        if pending is not None:
            loaded, seconds = pending.result()
            summary.loaded += loaded
            summary.seconds_load += seconds
    if source.snapshot_of:
        _replace_snapshots(store, source, ctx.emit.delivery)
    summary.seconds = time.perf_counter() - started
    summary.rejected = quarantine.counts[REJECTED]
    summary.values_dropped = quarantine.counts[VALUE_DROPPED]
    summary.unlinked = quarantine.counts[UNLINKED]
    return summary


def run_etl(
    delivery_dir: Path,
    store: GraphStore,
    *,
    state_root: Path,
    pseudonym_key: str,
    progress: Progress | None = None,
    only: set[str] | None = None,
) -> Summary:
    """Load one delivery into ``store`` and derive; safe to re-run and to resume after a crash."""
    if not delivery_dir.is_dir():
        raise FileNotFoundError(f"数据目录不存在 (delivery directory not found): {delivery_dir}")
    present = [s for s in SOURCES if (delivery_dir / s.file).is_file() and (only is None or s.name in only)]
    if not present:
        raise FileNotFoundError(
            f"{delivery_dir} 中没有可识别的数据文件 (no known source files); expected any of: "
            + ", ".join(s.file for s in SOURCES)
        )
    delivery = fingerprint(delivery_dir)
    state = State(state_root / delivery, delivery)
    qdir = state.directory / "quarantine"
    summary = Summary(delivery, state.ingested_at, str(state.directory))
    store.apply_schema()
    decisions = DecisionLog(store, state.directory / "merge_decisions.csv")
    try:
        for source in present:
            if source.name in state.completed:
                done = SourceSummary(**state.summaries[source.name])
                done.skipped_resume = True
                summary.sources.append(done)
                if progress:
                    progress("load", source.name, done.records_in, done.records_in)
                continue
            quarantine = Quarantine(qdir, source.name)
            emitter = Emitter(store.schema, source.file, state.ingested_at, delivery)
            ctx = Context(emitter, PersonIds(pseudonym_key), decisions)
            try:
                result = run_source(store, source, delivery_dir / source.file, ctx=ctx, quarantine=quarantine,
                                    progress=progress)  # fmt: skip
            finally:
                quarantine.close()
            summary.sources.append(result)
            state.completed.append(source.name)
            state.summaries[source.name] = asdict(result)
            state.save()
            if progress:
                progress("load", source.name, result.records_in, result.records_in)
    finally:
        decisions.close()
    summary.derived = derive.run_all(store, ingested_at=state.ingested_at, delivery=delivery, progress=progress)
    store.compact()
    summary.quarantine_file = str(state.directory / "quarantine.csv")
    merge_files(qdir, Path(summary.quarantine_file))
    summary.merge_decisions_file = str(decisions.path)
    return summary
