"""``smokeindex gnn snapshot | train | evaluate | score | benchmark | models``: the network model's command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from smokeindex.config import Settings, get_settings

app = typer.Typer(help="网络模型：图快照、训练、评估、评分、公开数据集基准 (the network model).", no_args_is_help=True)
console = Console(stderr=True)

LabelsOpt = Annotated[
    Path,
    typer.Option(
        "--labels",
        help="已知案例 CSV：entity_type,id,label[,gang_id,typology]（合成世界的 ground_truth/labels.csv 即此格式）",
        exists=True,
        dir_okay=False,
    ),
]
ModelOpt = Annotated[
    str,
    typer.Option("--model", help="网络结构：ensemble（两者集成，默认）、camo（抗伪装）或 rsage（关系型 GraphSAGE）"),
]


def _dirs(settings: Settings) -> tuple[Path, Path, Path]:
    root = settings.data_dir / "gnn"
    return root / "snapshots", root / "models", root / "scores"


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f}"),
        TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(),
        console=console,
    )


def _snapshot(settings: Settings, refresh: bool) -> Any:
    from smokeindex.gnn import snapshot
    from smokeindex.graph import open_store

    snaps, _, _ = _dirs(settings)
    if not refresh and any(snaps.glob("*/meta.json")):
        return snapshot.load(snaps)
    with open_store(settings) as store:
        graph = snapshot.export(store, progress=lambda m: console.print(f"  导出 {m}"))
    snapshot.save(graph, snaps)
    return graph


@app.command("snapshot")
def snapshot_cmd() -> None:
    """从图库导出图快照（HeteroData），按内容生成版本号并缓存 (export and cache a graph snapshot)."""
    settings = get_settings()
    graph = _snapshot(settings, refresh=True)
    table = Table(title=f"图快照 {graph.snapshot_id}")
    table.add_column("节点类型")
    table.add_column("节点数", justify="right")
    table.add_column("特征数", justify="right")
    for t in graph.node_types:
        table.add_row(t, f"{graph.num_nodes(t):,}", str(len(graph.feature_names[t])))
    console.print(table)
    console.print(f"关系类型 {len(graph.edge_types)} 个（含反向），规则运行 {graph.meta.get('rule_run')}")


def _labels(graph: Any, labels: Path, settings: Settings) -> Any:
    from smokeindex.gnn.evaluate import world_labels
    from smokeindex.graph import open_store

    with open_store(settings) as store:
        return world_labels(graph, labels, store)


@app.command()
def train(
    labels: LabelsOpt,
    model: ModelOpt = "ensemble",
    epochs: Annotated[int, typer.Option(min=1, help="最多训练轮数")] = 40,
    seed: Annotated[int, typer.Option(help="随机种子（同一种子同一结果）")] = 0,
    refresh: Annotated[bool, typer.Option("--refresh", help="重新导出图快照")] = False,
) -> None:
    """用已知案例训练网络模型并登记到模型库，同时在验证集上拟合冒烟指数的融合权重 (train and register)."""
    from smokeindex.gnn.evaluate import fuse
    from smokeindex.gnn.models import MODELS
    from smokeindex.gnn.registry import save_model
    from smokeindex.gnn.split import grouped_split
    from smokeindex.gnn.train import TrainConfig, predict
    from smokeindex.gnn.train import train as fit

    if model not in MODELS:
        raise typer.BadParameter(f"未知网络结构 {model!r}；可选: {', '.join(MODELS)}")
    settings = get_settings()
    graph = _snapshot(settings, refresh)
    lab = _labels(graph, labels, settings)
    split = grouped_split(lab, seed)
    config = TrainConfig(model=model, epochs=epochs, seed=seed)
    with _bar() as bar:
        task = bar.add_task("训练 training", total=epochs, info="")

        def progress(epoch: int, total: int, record: dict[str, float]) -> None:
            bar.update(task, completed=epoch, info=f"loss {record['loss']:.4f} val AUPRC {record['val_auprc']:.4f}")

        trained = fit(graph, lab, split, config, progress)
    preds = predict(trained, graph)
    fused = fuse(graph, lab, split, {"gnn": preds}, "gnn")
    _, models, _ = _dirs(settings)
    version = save_model(models, trained, graph, {"val_auprc": trained.val_auprc})
    if fused.fusion is not None:
        fused.fusion.save(models / version / "fusion.json")
    console.print(
        f"模型 {version}：最佳轮次 {trained.best_epoch}，验证 AUPRC {trained.val_auprc:.4f}，用时 {trained.seconds:.1f}s"
    )
    if fused.fusion is not None:
        console.print(f"融合权重 (fusion weights): {models / version / 'fusion.json'}")


@app.command()
def evaluate(
    labels: LabelsOpt,
    repeats: Annotated[int, typer.Option(min=1, help="随机划分次数（按团伙划分）")] = 3,
    epochs: Annotated[int, typer.Option(min=1)] = 40,
    report: Annotated[Path | None, typer.Option("--report", help="报告目录（Markdown + PNG + JSON）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="每个引擎输出一行 JSON")] = False,
) -> None:
    """在按团伙留出的测试集上比较全部引擎与融合指数 (every engine and the fused index on held-out gangs)."""
    from smokeindex.gnn.evaluate import default_engines
    from smokeindex.gnn.evaluate import evaluate as run_eval
    from smokeindex.gnn.train import TrainConfig

    settings = get_settings()
    graph = _snapshot(settings, refresh=False)
    lab = _labels(graph, labels, settings)
    engines = default_engines(graph, TrainConfig(epochs=epochs))
    result = run_eval(graph, lab, seeds=list(range(repeats)), engines=engines, say=lambda m: console.print(f"  {m}"))
    _print(result.summary(), as_json)
    if report:
        from smokeindex.gnn.report import write_report

        path = write_report(
            result,
            report,
            title="网络模型与冒烟指数评估 (network model and smoke index evaluation)",
            context={
                "snapshot": graph.snapshot_id,
                "labels": str(labels),
                "repeats": repeats,
                "split": "by gang, 40/20/40",
            },
        )
        console.print(f"报告 (report): {path}")


@app.command()
def score(
    version: Annotated[str | None, typer.Option("--version", help="模型版本（默认最新）")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="输出 JSONL（默认 <data_dir>/gnn/scores/）")] = None,
    explain: Annotated[int, typer.Option(min=0, help="为风险最高的 N 个主体给出风险传导来源")] = 200,
    refresh: Annotated[bool, typer.Option("--refresh", help="重新导出图快照")] = False,
) -> None:
    """用已登记的模型为每个企业与自然人评分并解释，输出供 smokeindex index run --network 使用 (score every party)."""
    from smokeindex.gnn.registry import check_compatible, load_model
    from smokeindex.gnn.scoring import score_parties
    from smokeindex.index.inputs import write_network_scores

    settings = get_settings()
    graph = _snapshot(settings, refresh)
    _, models, scores_dir = _dirs(settings)
    trained, card = load_model(models, version)
    check_compatible(card, graph)
    with _bar() as bar:
        task = bar.add_task("评分与解释 scoring", total=None, info="")
        result = score_parties(
            trained, graph, explain=explain, progress=lambda d, t: bar.update(task, completed=d, total=t)
        )
    path = out or scores_dir / f"{card['version']}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    count = write_network_scores(path, result)
    high = sum(1 for s in result.values() if s.probability >= 0.5)
    console.print(f"评分 {count:,} 个主体（概率 ≥ 0.001），其中 {high:,} 个 ≥ 0.5；模型 {card['version']}；输出 {path}")
    print(path)


@app.command()
def benchmark(
    directory: Annotated[Path, typer.Argument(help="含 nodes.csv 与 edges.csv 的目录", exists=True, file_okay=False)],
    directed: Annotated[bool, typer.Option("--directed", help="边为有向（默认无向）")] = False,
    repeats: Annotated[int, typer.Option(min=1, help="随机种子数")] = 5,
    epochs: Annotated[int, typer.Option(min=1)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="每个引擎输出一行 JSON")] = False,
) -> None:
    """在任意带标签的图上运行同一组引擎（分层 40/20/40 划分，或 split 列）(any labelled graph)."""
    from smokeindex.gnn.evaluate import default_engines
    from smokeindex.gnn.evaluate import evaluate as run_eval
    from smokeindex.gnn.labelled import read_labelled_graph
    from smokeindex.gnn.train import TrainConfig

    graph, lab, split = read_labelled_graph(directory, directed=directed)
    engines = default_engines(graph, TrainConfig(epochs=epochs, patience=20, neg_ratio=None))
    seeds = [0] if split is not None else list(range(repeats))
    result = run_eval(graph, lab, seeds=seeds, engines=engines, split=split, say=lambda m: console.print(f"  {m}"))
    _print(result.summary(), as_json)


@app.command()
def models() -> None:
    """列出模型库中的模型 (list registered models)."""
    from smokeindex.gnn.registry import list_models

    _, root, _ = _dirs(get_settings())
    table = Table(title="模型库 (model registry)")
    for col in ("版本 version", "快照 snapshot", "代码 code", "验证 AUPRC", "创建 created"):
        table.add_column(col)
    for card in list_models(root):
        table.add_row(
            card["version"], card["snapshot_id"], card["code_version"], f"{card['val_auprc']:.4f}", card["created_at"]
        )
    Console().print(table)


def _print(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        for r in rows:
            print(
                json.dumps(
                    {k: r[k] for k in ("engine", "auroc", "auprc", "rec_at_k")} | {"detail": r}, ensure_ascii=False
                )
            )
        return
    table = Table(title="测试集排序质量（百分比，均值 ± 标准差）")
    for col in ("引擎 engine", "AUROC", "AUPRC", "Rec@K", "秒 s"):
        table.add_column(col, justify="right" if col != "引擎 engine" else "left")
    for r in rows:
        table.add_row(
            r["engine"],
            f"{r['auroc']:.2f} ± {r['auroc_std']:.2f}",
            f"{r['auprc']:.2f} ± {r['auprc_std']:.2f}",
            f"{r['rec_at_k']:.2f} ± {r['rec_at_k_std']:.2f}",
            str(r["seconds"]),
        )
    Console().print(table)
