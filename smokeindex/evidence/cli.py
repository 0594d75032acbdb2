"""``smokeindex evidence verify FILE``: check an evidence package; exit 0 intact, 1 not intact, 2 file missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from smokeindex.config import get_settings
from smokeindex.evidence.verify import verify_package

app = typer.Typer(
    help="证据包：校验完整性与签名 (evidence packages: verify integrity and signature).", no_args_is_help=True
)
console = Console()


@app.callback()
def _group() -> None:
    """证据包：校验完整性与签名 (evidence packages: verify integrity and signature)."""


@app.command()
def verify(file: Annotated[Path, typer.Argument(help="证据包 zip 文件 (the evidence package)")]) -> None:
    """校验证据包：ZIP 结构、各文件摘要与清单签名 (verify an evidence package)."""
    if not file.is_file():
        console.print(f"[red]找不到文件 (file not found):[/] {escape(str(file))}")
        raise typer.Exit(2)
    report = verify_package(file, key=get_settings().evidence_key.get_secret_value().encode())
    manifest = report.manifest or {}
    if manifest:
        trust = "" if report.ok else "（以下内容未通过校验，不可采信 unverified）"
        table = Table(title=f"证据包清单 (manifest) {trust}", show_header=False)
        for label, value in (
            ("生成时间 created_at", manifest.get("created_at")),
            ("导出人 exporter", manifest.get("exporter")),
            ("查询 query", manifest.get("query")),
            ("数据快照 snapshot", manifest.get("snapshot")),
            ("数量 counts", manifest.get("counts")),
        ):
            table.add_row(label, escape(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)))
        console.print(table)
        files = manifest.get("files")
        if isinstance(files, dict):
            listing = Table("文件 file", "字节 bytes", "SHA-256", title="文件 (files)")
            for name, meta in sorted(files.items()):
                meta = meta if isinstance(meta, dict) else {}
                listing.add_row(escape(str(name)), escape(str(meta.get("bytes"))), escape(str(meta.get("sha256"))))
            console.print(listing)
    if report.ok:
        console.print(f"[green]✓ 证据包完整，签名有效 (intact and signed):[/] {escape(str(file))}")
        return
    console.print(f"[red]✗ 证据包未通过校验 (NOT intact):[/] {escape(str(file))}")
    for problem in report.problems:
        console.print(f"  - {escape(problem)}")
    raise typer.Exit(1)
