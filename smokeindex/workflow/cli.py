"""``smokeindex workflow escalate | labels | verify-files``: casework jobs run from the command line or cron."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from smokeindex.config import get_settings
from smokeindex.errors import ValidationFailed
from smokeindex.graph import GraphStore

app = typer.Typer(
    help="案件流转：逾期升级、结论标签导出、证据文件校验 (casework: escalation, outcome labels, evidence checks).",
    no_args_is_help=True,
)
console = Console()


@app.callback()
def _group() -> None:
    """案件流转：逾期升级、结论标签导出、证据文件校验 (casework: escalation, outcome labels, evidence checks)."""


def _open() -> AbstractContextManager[GraphStore]:
    """The configured store (a seam for tests, which hand in theirs)."""
    from smokeindex.graph import open_store

    return open_store(get_settings())


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as e:
        raise ValidationFailed(f"--now 须为带时区的 ISO-8601 时间 (bad --now): {text!r}") from e
    if moment.tzinfo is None:
        raise ValidationFailed(f"--now 须带时区，如 2024-06-01T08:00:00+08:00 (--now needs a timezone): {text!r}")
    return moment


@app.command()
def escalate(
    now: Annotated[str | None, typer.Option("--now", help="按此时间判断逾期（默认现在，带时区的 ISO-8601）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """逾期任务自动升级：时限已过而未上报的任务升级到上一级，之后每隔一段时间再升一级 (escalate overdue tasks)."""
    from smokeindex.workflow.tasks.flows import escalate_overdue

    with _open() as store:
        done = escalate_overdue(store, now=_moment(now))
    if as_json:
        print(json.dumps([e.model_dump() for e in done], ensure_ascii=False, indent=2))
        return
    if not done:
        console.print("没有需要升级的逾期任务 (nothing to escalate)")
        return
    table = Table(
        "任务 task", "承办区划", "办理时限 due", "逾期（小时）", "升级至", title=f"本次升级 {len(done)} 个任务"
    )
    for e in done:
        table.add_row(
            escape(e.task_id),
            e.region_code,
            e.due_at,
            f"{e.overdue_hours:.0f}",
            f"{e.escalated_to_level_zh} {e.escalated_to}（第 {e.escalation_count} 次）",
        )
    console.print(table)


@app.command()
def labels(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入此 CSV 文件（默认标准输出）")] = None,
) -> None:
    """导出核查结论标签（属实 1、不属实 0），列同合成世界的 ground_truth/labels.csv，供规则评估与网络模型训练 (export labels)."""
    from smokeindex.workflow.feedback import labels_csv

    with _open() as store:
        text = labels_csv(store)
    if output is None:
        print(text, end="")
        return
    output.write_text(text, encoding="utf-8")
    console.print(f"已写入 {text.count(chr(10)) - 1} 个主体的标签 (labels written): {escape(str(output))}")


@app.command("verify-files")
def verify_files(as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False) -> None:
    """重新计算每个证据文件的 SHA-256，报告被改动或缺失的文件；有问题时退出码为 1 (verify every evidence file)."""
    from smokeindex.workflow.evidence_files.service import verify_all

    settings = get_settings()
    with _open() as store:
        reports = list(verify_all(store, data_dir=settings.data_dir))
    bad = [r for r in reports if not r.ok]
    if as_json:
        print(json.dumps([r.model_dump() for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in bad:
            console.print(f"[red]✗ {escape(r.evidence_id)}[/] {r.status_zh} (sha256 {r.sha256})")
        console.print(f"证据文件 {len(reports)} 个，完整 {len(reports) - len(bad)} 个，有问题 {len(bad)} 个")
    if bad:
        raise typer.Exit(1)
