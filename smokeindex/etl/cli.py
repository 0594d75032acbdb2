"""``smokeindex etl run DIR``: load a delivery with a progress bar per source and a summary table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from smokeindex.config import get_settings
from smokeindex.etl.pipeline import Summary, run_etl
from smokeindex.etl.sources import SOURCES

app = typer.Typer(
    help="ETL：把多部门原始数据清洗、消解后载入知识图谱 (load raw deliveries into the graph).", no_args_is_help=True
)
ZH = {s.name: s.zh for s in SOURCES}


def _line_count(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 22), b""))


def summary_table(summary: Summary) -> Table:
    table = Table(title=f"载入汇总 (load summary) — 批次 {summary.delivery}")
    for col in (
        "来源 source",
        "文件 file",
        "读入 in",
        "载入 loaded",
        "重复 dup",
        "隔离 rejected",
        "丢弃字段值",
        "未关联",
    ):
        table.add_column(col, justify="right" if col[0] not in "来文" else "left")
    for s in summary.sources:
        note = "（已完成，跳过）" if s.skipped_resume else ""
        table.add_row(
            f"{s.zh}{note}", s.file, f"{s.records_in:,}", f"{s.loaded:,}", f"{s.duplicates:,}", f"{s.rejected:,}",
            f"{s.values_dropped:,}", f"{s.unlinked:,}",
        )  # fmt: skip
    return table


@app.command("run")
def run(
    directory: Annotated[Path, typer.Argument(help="原始数据目录 (a delivery: CSV/JSONL/XLSX source files)")],
    only: Annotated[list[str] | None, typer.Option("--only", help="只载入这些来源，如 --only registry")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出汇总")] = False,
) -> None:
    """载入一批原始数据：读取 → 校验/清洗 → 实体消解 → 载入 → 派生 (re-runnable, resumable)."""
    from smokeindex.graph import open_store

    settings = get_settings()
    console = Console(stderr=as_json)
    unknown = set(only or ()) - set(ZH)
    if unknown:
        raise typer.BadParameter(f"未知来源 {sorted(unknown)}；可选: {', '.join(ZH)}")
    tasks: dict[str, TaskID] = {}
    with open_store(settings) as store, Progress(
        TextColumn("{task.description:<12}"), BarColumn(), TextColumn("{task.completed:,.0f}/{task.total:,.0f}"),
        TimeElapsedColumn(), console=console, transient=False,
    ) as bar:  # fmt: skip
        totals = {
            s.name: max(_line_count(directory / s.file) - (1 if s.format == "csv" else 0), 1)
            for s in SOURCES
            if (directory / s.file).is_file() and s.format != "xlsx"
        }

        def progress(stage: str, source: str, done: int, total: int | None) -> None:
            key = f"{stage}:{source}"
            if key not in tasks:
                label = ZH.get(source, source) if stage == "load" else f"派生 {source}"
                tasks[key] = bar.add_task(label, total=total or totals.get(source) or done or 1)
            bar.update(tasks[key], completed=done, total=total or totals.get(source) or max(done, 1))

        summary = run_etl(
            directory,
            store,
            state_root=settings.data_dir / "etl",
            pseudonym_key=settings.pseudonym_key.get_secret_value(),
            progress=progress,
            only=set(only) if only else None,
        )
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    console.print(summary_table(summary))
    console.print(f"派生 (derived): {summary.derived}")
    console.print(f"隔离记录 (quarantine): {summary.quarantine_file}")
    console.print(f"实体消解决定 (merge decisions): {summary.merge_decisions_file}")
