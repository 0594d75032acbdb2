"""The ``smokeindex`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from smokeindex import __version__
from smokeindex.config import get_settings
from smokeindex.education import cli as education_cli
from smokeindex.errors import SmokeIndexError
from smokeindex.etl import cli as etl_cli
from smokeindex.evidence import cli as evidence_cli
from smokeindex.gnn import cli as gnn_cli
from smokeindex.index import cli as index_cli
from smokeindex.rules import cli as rules_cli
from smokeindex.security import cli as security_cli
from smokeindex.synth import cli as synth_cli
from smokeindex.text import cli as text_cli
from smokeindex.workflow import cli as workflow_cli

console = Console()
err_console = Console(stderr=True)

app = typer.Typer(
    name="smokeindex",
    help="冒烟指数 SmokeIndex：非法集资、网络传销、非法放贷的知识图谱早期预警系统。\n\n"
    "Knowledge-graph early warning of illegal fundraising, pyramid selling and illegal lending.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
schema_app = typer.Typer(
    help="图模式：检查、生成本体与 DDL、查看类型 (schema: check, generate, show).", no_args_is_help=True
)
store_app = typer.Typer(help="图存储：健康检查、建索引、统计 (graph store: health, init, stats).", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
app.add_typer(store_app, name="store")
app.add_typer(etl_cli.app, name="etl")
app.add_typer(rules_cli.app, name="rules")
app.add_typer(gnn_cli.app, name="gnn")
app.add_typer(index_cli.app, name="index")
app.add_typer(security_cli.users_app, name="users")
app.add_typer(security_cli.audit_app, name="audit")
app.add_typer(evidence_cli.app, name="evidence")
app.add_typer(workflow_cli.app, name="workflow")
app.add_typer(education_cli.app, name="education")
app.add_typer(text_cli.app, name="text")
app.command(
    "synth", help="生成合成世界：多部门原始数据、植入团伙与真值 (generate a synthetic world with planted schemes)."
)(synth_cli.generate)


@app.command()
def version() -> None:
    """显示版本 (show the version)."""
    console.print(f"smokeindex {__version__}")


@app.command()
def demo() -> None:
    """运行演示：在嵌入式图库上走完主流程 (run the main job end to end on the embedded store)."""
    from smokeindex.demo.run import run_demo

    store = run_demo(get_settings(), console)
    store.close()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="监听地址 (bind address)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口 (port)")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="工作进程数 (worker processes)")] = 1,
) -> None:
    """启动 API 服务 (serve the HTTP API with uvicorn)."""
    import uvicorn

    if workers > 1:  # each worker builds its own app from the same SMOKEINDEX_* settings
        uvicorn.run("smokeindex.api.app:create_app", factory=True, host=host, port=port, workers=workers)
        return
    from smokeindex.api.app import create_app

    uvicorn.run(create_app(get_settings()), host=host, port=port)


# -- schema -------------------------------------------------------------------------------------------------------
@schema_app.command("check")
def schema_check(
    directory: Annotated[Path | None, typer.Option(help="模式目录 (schema directory); 默认为包内模式")] = None,
) -> None:
    """加载并检查模式的所有交叉引用 (load the schema and check every cross-reference)."""
    from smokeindex.schema import load_schema, load_schema_from

    schema = load_schema_from(directory) if directory else load_schema()
    console.print(
        f"[green]✓[/] 模式有效 (schema valid): {len(schema.nodes)} 种节点, {len(schema.relationships)} 种关系"
    )


@schema_app.command("generate")
def schema_generate(
    out: Annotated[Path, typer.Option(help="输出目录 (output directory)")] = Path("docs/generated"),
    check: Annotated[bool, typer.Option("--check", help="只比较，不写入；有差异则失败 (fail on drift)")] = False,
) -> None:
    """由模式生成本体 (Turtle)、Neo4j/FalkorDB DDL 与模式参考文档 (generate ontology, DDL, reference)."""
    from smokeindex.schema import load_schema
    from smokeindex.schema.generate import drift, write_all

    schema = load_schema()
    if check:
        stale = drift(schema, out)
        if stale:
            err_console.print(
                f"[red]✗[/] 生成文件与模式不一致 (generated files drifted): {', '.join(stale)}；"
                "请运行 smokeindex schema generate 并提交"
            )
            raise typer.Exit(1)
        console.print(f"[green]✓[/] {out} 与模式一致 (no drift)")
        return
    for path in write_all(schema, out):
        console.print(f"写入 (wrote) {path}")


@schema_app.command("show")
def schema_show(name: Annotated[str, typer.Argument(help="节点标签或关系类型，如 Enterprise、SHAREHOLDER_OF")]) -> None:
    """显示一个节点或关系类型的属性 (show one node or relationship type)."""
    from smokeindex.schema import load_schema

    schema = load_schema()
    spec = schema.nodes.get(name) or schema.relationships.get(name)
    if spec is None:
        raise typer.BadParameter(f"未知类型 {name!r}；可选: {', '.join([*schema.nodes, *schema.relationships])}")
    table = Table(title=f"{name} {spec.zh} — {spec.description}")
    for col in ("属性 property", "中文", "类型 type", "必填", "个人信息", "索引"):
        table.add_column(col)
    for p in spec.properties.values():
        table.add_row(
            p.name, p.zh, p.type, "✓" if p.required else "", "✓" if p.personal else "", "✓" if p.index else ""
        )
    console.print(table)


# -- store --------------------------------------------------------------------------------------------------------
@store_app.command("health")
def store_health(as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False) -> None:
    """检查配置的图存储是否可用 (check that the configured store answers)."""
    from smokeindex.graph import open_store

    with open_store() as store:
        h = store.health()
    if as_json:
        console.print_json(json.dumps(h.__dict__, ensure_ascii=False))
    else:
        mark = "[green]✓ 可用[/]" if h.ok else "[red]✗ 不可用[/]"
        console.print(f"{mark} {h.store} {h.target} {h.latency_ms:.1f} ms {h.detail}")
    if not h.ok:
        raise typer.Exit(1)


@store_app.command("init")
def store_init() -> None:
    """在配置的图存储上创建唯一约束与索引 (apply the schema DDL; idempotent)."""
    from smokeindex.graph import open_store

    with open_store() as store:
        stmts = store.apply_schema()
    console.print(f"[green]✓[/] 已应用 {len(stmts)} 条约束/索引 (applied) on {store.name}")


@store_app.command("stats")
def store_stats() -> None:
    """按类型统计节点与关系数量 (count nodes and relationships per type)."""
    from smokeindex.graph import open_store

    with open_store() as store:
        nodes, rels = store.count_nodes(), store.count_relationships()
        schema = store.schema
    table = Table(title="图存储统计 (store statistics)")
    table.add_column("类型 type")
    table.add_column("中文")
    table.add_column("数量 count", justify="right")
    for label, n in nodes.items():
        table.add_row(label, schema.node(label).zh, f"{n:,}")
    for rel_type, n in rels.items():
        table.add_row(rel_type, schema.relationship(rel_type).zh, f"{n:,}")
    console.print(table)


def main() -> None:
    """Entry point: user-facing errors print as one readable line (exit 2), never a traceback."""
    try:
        app()
    except SmokeIndexError as e:
        err_console.print(f"[red]错误 (error):[/] {e.detail}")
        for item in e.errors[:10]:
            err_console.print(f"  - {item}")
        sys.exit(2)


if __name__ == "__main__":
    main()
