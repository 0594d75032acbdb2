"""``smokeindex demo``: the main job on the embedded store: the sample graph, then a synthetic city through
ETL → rules → network model → smoke index → graded warnings."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from smokeindex.config import Settings
from smokeindex.demo.sample import load_sample
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.graph.falkordb_store import FalkorStore
from smokeindex.schema import Schema
from smokeindex.schema.types import mask_value

DEMO_GRAPH = "smokeindex_demo"
WORLD_GRAPH = "smokeindex_world"


def masked(schema: Schema, label: str, props: dict) -> dict:
    """Properties with personal data masked (the demo runs with no role that may see them)."""
    node = schema.node(label)
    return {
        k: (mask_value(node.properties[k].type, v) if k in node.properties and node.properties[k].personal else v)
        for k, v in props.items()
        if k not in node.properties or not node.properties[k].provenance
    }


def _counts_table(store: GraphStore) -> Table:
    table = Table(title="图中现有数据 (what the graph holds)")
    table.add_column("类型 type")
    table.add_column("中文")
    table.add_column("数量 count", justify="right")
    for label, n in store.count_nodes().items():
        if n:
            table.add_row(label, store.schema.node(label).zh, str(n))
    for rel_type, n in store.count_relationships().items():
        if n:
            table.add_row(f"-[:{rel_type}]->", store.schema.relationship(rel_type).zh, str(n))
    return table


def run_demo(settings: Settings, console: Console) -> GraphStore:
    """Run the demo and return the open store (the caller closes it)."""
    console.rule("[bold]冒烟指数 SmokeIndex 演示 (demo)")
    store = FalkorStore(
        Path(settings.falkordb_path),
        graph_name=DEMO_GRAPH,
        fsync=settings.falkordb_fsync,
        start_timeout_s=settings.falkordb_start_timeout_s,
    )
    health = store.health()
    console.print(f"[green]✓[/] 嵌入式图库已就绪 (embedded store ready): {health.target} ({health.latency_ms:.1f} ms)")
    store.clear()
    statements = store.apply_schema()
    console.print(
        f"[green]✓[/] 已应用图模式 (schema applied): {len(store.schema.nodes)} 种节点, "
        f"{len(store.schema.relationships)} 种关系, {len(statements)} 条索引/约束"
    )
    written = load_sample(store)
    console.print(f"[green]✓[/] 已载入样例图 (sample loaded): {sum(written.values())} 条记录，均带来源信息")
    console.print(_counts_table(store))

    controller = NodeRef("Person", "P-demo-01")
    sub = store.subgraph(controller, hops=2, limit=50)
    table = Table(title="王某强 两跳之内的关联方 (2-hop network of the controller; personal data masked)")
    table.add_column("类型")
    table.add_column("名称 / 标识")
    table.add_column("属性")
    for node in sub.nodes:
        label = node.labels[0]
        props = masked(store.schema, label, node.properties)
        key = store.schema.node(label).key
        name = props.get("name") or props.get(key)
        detail = ", ".join(f"{k}={v}" for k, v in props.items() if k not in {"name", key})
        table.add_row(store.schema.node(label).zh, str(name), detail[:80])
    console.print(table)
    console.print(f"关联关系 {len(sub.relationships)} 条: " + ", ".join(sorted({r.type for r in sub.relationships})))

    path = store.shortest_path(NodeRef("Complaint", "C-demo-01"), NodeRef("Enterprise", "91330108MA2H0AD5X9"))
    if path:
        names = [
            str(n.properties.get("name") or n.properties.get(store.schema.node(n.labels[0]).key)) for n in path.nodes
        ]
        console.print("投诉与空壳公司之间的最短路径 (shortest path): " + " — ".join(names))
    run_world(settings, console)
    return store


def run_world(settings: Settings, console: Console, *, enterprises: int = 1000, seed: int = 7) -> None:
    """A synthetic city: generate its raw deliveries, load them with the ETL, run the rule pack, show the top."""
    from smokeindex.etl.pipeline import run_etl
    from smokeindex.rules import RuleRunner
    from smokeindex.rules.evaluate import rule_scores
    from smokeindex.synth import generate_world

    console.rule("[bold]合成城市：生成 → ETL → 专家规则 (synthetic world → ETL → rules)")
    world = Path(settings.data_dir).resolve() / "demo-world"
    if not (world / "manifest.json").is_file():
        generate_world(world, enterprises=enterprises, seed=seed)
    console.print(f"[green]✓[/] 合成原始数据 (raw deliveries): {world}（{enterprises} 家企业，含植入团伙与脏数据）")
    store = FalkorStore(Path(settings.falkordb_path), graph_name=WORLD_GRAPH, fsync=settings.falkordb_fsync)
    try:
        summary = run_etl(
            world,
            store,
            state_root=Path(settings.data_dir).resolve() / "etl-demo",
            pseudonym_key=settings.pseudonym_key.get_secret_value(),
        )
        from smokeindex.etl.cli import summary_table

        console.print(summary_table(summary))
        result = RuleRunner(store, timeout_s=settings.rule_timeout_s).run()
        console.print(
            f"[green]✓[/] 专家规则运行 {result.run_id}: {len(result.outcomes)} 条规则，命中 {len(result.hits)} 次"
        )
        scores = rule_scores(result)
        top = sorted(scores.items(), key=lambda kv: -kv[1])[:10]
        table = Table(title="规则得分最高的 10 家企业 (top enterprises by rules-only score)")
        table.add_column("企业")
        table.add_column("规则得分", justify="right")
        table.add_column("命中规则与解释")
        by_subject: dict[str, list[str]] = {}
        for hit in result.hits:
            by_subject.setdefault(hit.subject.key, []).append(f"{hit.rule_id}: {hit.explanation}")
        for uscc, score in top:
            node = store.get_node(NodeRef("Enterprise", uscc)) or {}
            table.add_row(str(node.get("name", uscc)), f"{score:.2f}", "\n".join(by_subject[uscc][:3]))
        console.print(table)
        from smokeindex.demo.network import run_network_and_index

        run_network_and_index(store, world, Path(settings.data_dir).resolve() / "gnn-demo", console)
        from smokeindex.demo.api import demo_api

        demo_api(settings, store, console, graph=WORLD_GRAPH)
    finally:
        store.close()
