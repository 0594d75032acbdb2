"""`smokeindex synth`: write a synthetic world with a progress bar per source and a summary."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from smokeindex.synth.world import generate_world

SOURCE_ZH = {
    "world": "构建世界",
    "regions": "行政区划",
    "registry": "企业登记",
    "shareholders": "股东及出资",
    "executives": "主要人员",
    "branches": "分支机构",
    "accounts": "银行账户",
    "transfers": "资金流水",
    "products": "理财产品",
    "websites": "网站/APP",
    "penalties": "行政处罚",
    "judicial": "司法文书",
    "complaints": "投诉举报",
    "news": "舆情",
    "ads": "广告/招聘",
    "self_reported": "企业上报",
}


def generate(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录")],
    enterprises: Annotated[int, typer.Option("--enterprises", "-n", min=300, help="企业数量")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", "-s", help="随机种子（同一种子生成逐字节相同的文件）")] = 42,
) -> None:
    """生成一个合成世界到输出目录。"""
    console = Console()
    tasks: dict[str, TaskID] = {}
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as bar:

        def progress(source: str, done: int, total: int) -> None:
            if source not in tasks:
                tasks[source] = bar.add_task(SOURCE_ZH.get(source, source), total=max(total, 1))
            bar.update(tasks[source], completed=done, total=max(total, 1))

        manifest = generate_world(out, enterprises=enterprises, seed=seed, progress=progress)
    elapsed = time.perf_counter() - started
    table = Table(title=f"合成世界 N={enterprises} seed={seed}（{elapsed:.1f} 秒）")
    for col in ("数据源", "文件", "行数", "记录数", "脏数据", "不可修复"):
        table.add_column(col, justify="right" if col in ("行数", "记录数", "脏数据", "不可修复") else "left")
    for name, info in manifest.sources.items():
        dirt = manifest.dirt.get(name, {})
        table.add_row(
            SOURCE_ZH.get(name, name),
            info.file,
            f"{info.rows:,}",
            f"{info.records:,}",
            f"{sum(dirt.get('counts', {}).values()):,}",
            f"{len(dirt.get('invalid', [])):,}",
        )
    console.print(table)
    graph = Table(title="预期清洗后图谱")
    graph.add_column("节点/关系")
    graph.add_column("数量", justify="right")
    for label, n in manifest.expected_graph["nodes"].items():
        graph.add_row(label, f"{n:,}")
    for rel, n in manifest.expected_graph["relationships"].items():
        graph.add_row(rel, f"{n:,}")
    console.print(graph)
    console.print(f"植入团伙 {manifest.stats['gangs']} 个：{manifest.stats['gangs_by_variant']}")
    console.print(f"清单：{out / 'manifest.json'}")
