"""``smokeindex rules list | show ID | run [--only ID] | explain SUBJECT | evaluate DIR``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from smokeindex.config import get_settings
from smokeindex.errors import NotFound
from smokeindex.rules.model import DIMENSIONS, load_pack

app = typer.Typer(help="专家规则：查看、运行、解释与评估 (the expert rule pack).", no_args_is_help=True)
console = Console()


def _params(items: list[str] | None) -> dict[str, dict[str, object]]:
    """``--param RULE.name=value`` options (value parsed as JSON when it can be, else a string)."""
    out: dict[str, dict[str, object]] = {}
    for item in items or []:
        if "=" not in item or "." not in item.split("=", 1)[0]:
            raise typer.BadParameter(f"参数格式应为 规则号.参数=值，如 OPE-001.max_age_days=365: {item!r}")
        target, raw = item.split("=", 1)
        rule_id, name = target.split(".", 1)
        try:
            value: object = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        out.setdefault(rule_id, {})[name] = value
    return out


@app.command("list")
def list_rules(dimension: Annotated[str | None, typer.Option(help="只列出某个维度，如 publicity")] = None) -> None:
    """列出规则 (list the rules)."""
    pack = load_pack()
    table = Table(title=f"专家规则 {len(pack)} 条 (rule pack)")
    for col in ("编号 id", "维度", "名称", "针对类型", "权重", "启用"):
        table.add_column(col)
    for rule in pack.values():
        if dimension and rule.dimension != dimension:
            continue
        table.add_row(rule.id, DIMENSIONS[rule.dimension], rule.name, ", ".join(rule.typologies),
                      f"{rule.severity:.2f}", "✓" if rule.enabled else "")  # fmt: skip
    console.print(table)


@app.command()
def show(rule_id: Annotated[str, typer.Argument(help="规则编号，如 OPE-001")]) -> None:
    """显示一条规则：说明、依据、参数与查询 (show one rule)."""
    pack = load_pack()
    if rule_id not in pack:
        raise NotFound(f"未知规则 {rule_id!r}；用 smokeindex rules list 查看")
    r = pack[rule_id]
    console.print(f"[bold]{r.id} {r.name}[/]  维度 {DIMENSIONS[r.dimension]}  权重 {r.severity}")
    console.print(r.description)
    if r.basis:
        console.print(f"依据 (basis): {r.basis}")
    console.print(f"解释模板 (explanation): {r.explanation.strip()}")
    for p in r.params.values():
        console.print(f"  参数 {p.name} ({p.type}) = {p.default}  {p.zh}")
    console.print(r.query)


@app.command()
def run(
    only: Annotated[list[str] | None, typer.Option("--only", help="只运行这些规则")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="规则参数，如 OPE-001.max_age_days=365")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="不写回图中")] = False,
) -> None:
    """运行规则并把命中写回图中 (run the pack; hits become RuleHit nodes)."""
    from smokeindex.graph import open_store
    from smokeindex.rules.runner import RuleRunner

    settings = get_settings()
    with open_store(settings) as store:
        runner = RuleRunner(store, overrides=settings.rule_params, timeout_s=settings.rule_timeout_s)
        result = runner.run(only=only, params=_params(param), write=not dry_run)
    table = Table(title=f"规则运行 {result.run_id}：命中 {len(result.hits)} 条")
    for col in ("规则", "命中", "耗时(秒)", "错误"):
        table.add_column(col)
    for o in result.outcomes:
        table.add_row(o.rule_id, str(o.hits), f"{o.seconds:.2f}", o.error or "")
    console.print(table)


@app.command()
def explain(
    subject: Annotated[str, typer.Argument(help="企业统一社会信用代码或人员标识 person_id")],
    run_id: Annotated[str | None, typer.Option(help="规则运行号（默认最近一次）")] = None,
) -> None:
    """解释某主体为何被规则命中：逐条列出规则、贡献、证据 (explain the hits on one subject)."""
    from smokeindex.graph import open_store

    with open_store() as store:
        if run_id is None:
            runs = store.read(
                "MATCH (r:RuleRun) RETURN r.run_id AS id ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
            )
            if not runs:
                raise NotFound("还没有规则运行记录；先运行 smokeindex rules run")
            run_id = runs[0]["id"]
        hits = store.read(
            "MATCH (h:RuleHit {run_id: $run, subject_key: $subject}) RETURN properties(h) AS h "
            "ORDER BY h.contribution DESC",
            {"run": run_id, "subject": subject},
        )
    if not hits:
        console.print(f"运行 {run_id} 中 {subject} 没有命中任何规则 (no hits)")
        return
    pack = load_pack()
    console.print(f"[bold]{subject}[/] 在运行 {run_id} 中命中 {len(hits)} 条规则：")
    for rec in hits:
        h = rec["h"]
        rule = pack.get(h["rule_id"])
        console.print(f"• [bold]{h['rule_id']} {rule.name if rule else ''}[/] 维度 {DIMENSIONS[h['dimension']]} "
                      f"贡献 {h['contribution']:.2f}")  # fmt: skip
        console.print(f"  {h['explanation']}")
        if h.get("evidence_nodes"):
            console.print(f"  证据节点: {', '.join(h['evidence_nodes'][:12])}")
        if h.get("evidence_rels"):
            console.print(f"  证据关系: {', '.join(h['evidence_rels'][:12])}")


@app.command()
def evaluate(
    world: Annotated[
        Path | None, typer.Argument(help="生成世界的目录（读取 ground_truth/labels.csv）；给出 --labels 时可省略")
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option(
            "--labels",
            help="标签 CSV（entity_type,id,label[,typology]），如 smokeindex workflow labels 导出的核查结论标签",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """运行全部规则，对照合成世界真值或实际处置结论，按规则和类型报告精确率、召回率、AUPRC 与前 1% 召回 (evaluate)."""
    from dataclasses import asdict

    from smokeindex.graph import open_store
    from smokeindex.rules.evaluate import Labels
    from smokeindex.rules.evaluate import evaluate as score
    from smokeindex.rules.runner import RuleRunner

    if labels is None and world is None:
        raise NotFound("请给出生成世界目录或 --labels 标签文件 (give a world directory or --labels)")
    labels_file = labels if labels is not None else (world or Path()) / "ground_truth" / "labels.csv"
    if not labels_file.is_file():
        raise NotFound(f"找不到标签文件 {labels_file} (labels not found)")
    settings = get_settings()
    with open_store(settings) as store:
        result = RuleRunner(store, overrides=settings.rule_params, timeout_s=settings.rule_timeout_s).run(write=False)
    report = score(result, Labels.read(labels_file))
    if as_json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"规则评估：{report.enterprises} 家企业，其中风险企业 {report.positives} 家")
    for col in ("规则", "命中", "命中且为风险", "精确率", "召回率"):
        table.add_column(col, justify="right")
    for r in report.rules:
        table.add_row(r.rule_id, str(r.hits), str(r.true_hits), f"{r.precision:.2f}", f"{r.recall:.2f}")
    console.print(table)
    console.print(
        "按类型召回率 (recall by typology): " + ", ".join(f"{k} {v:.2f}" for k, v in report.typology_recall.items())
    )
    console.print(f"仅规则排序 (rules-only ranking): AUPRC {report.auprc:.3f}，前 1% 召回 {report.recall_at_1pct:.3f}，"
                  f"被任一规则命中 {report.flagged} 家")  # fmt: skip
