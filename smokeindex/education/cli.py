"""``smokeindex education seed``: load the starter content pack (or another pack) into the configured store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from smokeindex.config import get_settings

app = typer.Typer(help="宣教：载入内容包 (financial-literacy education: content packs).", no_args_is_help=True)
console = Console()


@app.callback()
def education() -> None:
    """宣教 (education)."""


@app.command()
def seed(
    file: Annotated[
        Path | None,
        typer.Option("--file", help="内容包 YAML（默认内置的入门内容包）(content pack; default the starter pack)"),
    ] = None,
) -> None:
    """载入宣教内容包：法规要点、典型案例、防骗提示与测验；重复载入原地更新 (load a content pack; idempotent)."""
    from smokeindex.education.service import STARTER_PACK
    from smokeindex.education.service import seed as load_pack
    from smokeindex.graph import open_store

    path = file or STARTER_PACK
    with open_store(get_settings()) as store:
        written = load_pack(store, path)
    console.print(
        f"已载入 {path.name}：宣教内容 {written['EducationContent']} 篇，测验 {written['Quiz']} 套 "
        f"(loaded {written['EducationContent']} contents, {written['Quiz']} quizzes)"
    )
