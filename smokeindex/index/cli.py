"""``smokeindex index run [--network FILE] [--fusion FILE] [--json] | show SUBJECT_KEY``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from smokeindex.config import get_settings
from smokeindex.errors import NotFound
from smokeindex.index.fusion import INPUT_ZH, INPUTS
from smokeindex.index.grades import GRADES, NORMAL

app = typer.Typer(
    help="冒烟指数与分级预警：评分、查看预警及其分解 (the smoke index and graded warnings).", no_args_is_help=True
)
console = Console()
_GRADE_STYLE = {"红": "bold red", "橙": "bold dark_orange", "黄": "bold yellow", "蓝": "bold blue", "正常": "green"}
_LABEL_ZH = {"Enterprise": "企业", "Person": "自然人"}


def _grade(g: str | None) -> str:
    return f"[{_GRADE_STYLE.get(g, '')}]{g}[/]" if g else ""


def _main_contributions(contributions: dict[str, float], n: int = 3) -> str:
    top = sorted(((v, k) for k, v in contributions.items() if v > 0), reverse=True)[:n]
    return "、".join(f"{INPUT_ZH[k]} {v:.1f}" for v, k in top)


@app.command()
def run(
    network: Annotated[
        Path | None, typer.Option("--network", help="网络模型评分文件 (JSONL，smokeindex gnn score 的输出)")
    ] = None,
    fusion: Annotated[
        Path | None, typer.Option("--fusion", help="融合模型文件 (JSON)；默认各权重为 1 (noisy-OR)")
    ] = None,
    model_version: Annotated[str | None, typer.Option("--model-version", help="网络模型版本，记入评分运行")] = None,
    rule_run: Annotated[str | None, typer.Option("--rule-run", help="所用规则运行号（默认最近一次）")] = None,
    run_id: Annotated[str | None, typer.Option("--run-id", help="重跑已有的评分运行（幂等）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只计算，不写回图中")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """评分并写入预警：融合规则与网络模型，计算冒烟指数、分级、与上次比较 (score, grade, write warnings)."""
    from smokeindex.graph import open_store
    from smokeindex.index.fusion import FusionModel
    from smokeindex.index.grades import Cutoffs
    from smokeindex.index.inputs import read_network_scores
    from smokeindex.index.runner import IndexRunner

    settings = get_settings()
    scores = read_network_scores(network) if network else None
    model = FusionModel.load(fusion) if fusion else FusionModel.default()
    with open_store(settings) as store:
        result = IndexRunner(store, model, Cutoffs.from_mapping(settings.grade_cutoffs)).run(
            scores, model_version=model_version, rule_run_id=rule_run, run_id=run_id, write=not dry_run
        )
    top = result.top(20)
    if as_json:
        out: dict[str, Any] = {
            "run_id": result.run_id, "rule_run_id": result.rule_run_id, "previous_run_id": result.previous_run_id,
            "model_version": result.model_version, "written": not dry_run, "scored": len(result.parties),
            "warnings": len(result.warnings), "counts": result.counts, "unknown_network_parties": len(result.unknown),
            "top": [{
                "label": p.subject.label, "key": p.subject.key, "name": p.name, "score": round(p.score, 4),
                "grade": p.grade, "previous_grade": p.previous_grade, "grade_changed": p.grade_changed,
                "contributions": {k: round(v, 4) for k, v in p.contributions.items() if v > 0},
                "rule_ids": p.rule_ids, "change_causes": p.change_causes,
            } for p in top],
        }  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console.print(
        f"评分运行 [bold]{result.run_id}[/]：规则运行 {result.rule_run_id or '无'}，网络模型 "
        f"{result.model_version or ('已使用' if scores is not None else '未使用')}，上次评分 {result.previous_run_id or '无'}；"
        f"评分 {len(result.parties):,} 个主体，预警 {len(result.warnings):,} 条"
    )
    counts = Table(title="各等级主体数")
    counts.add_column("等级 grade")
    counts.add_column("数量 count", justify="right")
    for g in GRADES:
        counts.add_row(_grade(g), f"{result.counts[g]:,}")
    console.print(counts)
    if result.unknown:
        console.print(f"[yellow]网络模型评分中 {len(result.unknown)} 个主体不在图中，已忽略[/]")
    table = Table(title=f"冒烟指数最高的 {len(top)} 个主体 (top by smoke index)")
    for col in ("#", "主体", "类型", "标识", "指数", "等级", "上次", "主要贡献"):
        table.add_column(col, justify="right" if col in {"#", "指数"} else "left")
    for i, p in enumerate(top, start=1):
        table.add_row(
            str(i), p.name, _LABEL_ZH.get(p.subject.label, p.subject.label), p.subject.key, f"{p.score:.1f}",
            _grade(p.grade), _grade(p.previous_grade), _main_contributions(p.contributions),
        )  # fmt: skip
    console.print(table)
    if dry_run:
        console.print("（--dry-run：未写回图中）")


@app.command()
def show(
    subject_key: Annotated[str, typer.Argument(help="企业统一社会信用代码或人员标识 person_id")],
    run_id: Annotated[str | None, typer.Option("--run", help="评分运行号（默认该主体最近一次预警）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """显示某主体最近一次预警：指数、等级、各维度贡献、命中规则、风险传导与等级变化 (show a warning)."""
    from smokeindex.graph import open_store
    from smokeindex.index.runner import latest_scoring_run, read_warning
    from smokeindex.rules.model import load_pack

    with open_store() as store:
        w = read_warning(store, subject_key, run_id)
        latest = latest_scoring_run(store)
    if w is None:
        where = f"评分运行 {run_id} 中" if run_id else ""
        raise NotFound(f"{where}主体 {subject_key} 没有预警记录（正常或未评分）(no warning on record)")
    if as_json:
        print(json.dumps(w, ensure_ascii=False, indent=2))
        return
    label = _LABEL_ZH.get(w["subject_label"], w["subject_label"])
    console.print(f"[bold]{w.get('subject_name', subject_key)}[/]（{label} {subject_key}）")
    console.print(f"冒烟指数 [bold]{w['score']:.1f}[/]  等级 {_grade(w['grade'])}  评分运行 {w['run_id']}")
    if latest and run_id is None and latest["run_id"] != w["run_id"]:
        console.print(f"[yellow]最近一次评分运行 {latest['run_id']} 未对其预警（{NORMAL}）；以下为其最近一次预警[/]")
    parts = sorted(((float(w.get(f"c_{k}") or 0.0), k) for k in INPUTS), reverse=True)
    if parts[0][0] > 0:
        table = Table(title="指数分解 (decomposition: 各项之和等于指数)")
        for col in ("来源 input", "贡献（分）", "占比"):
            table.add_column(col, justify="left" if col.startswith("来源") else "right")
        for c, k in parts:
            if c > 0:
                table.add_row(INPUT_ZH[k], f"{c:.2f}", f"{c / float(w['score']):.0%}")
        console.print(table)
    else:
        console.print("本次无任何规则命中或网络模型风险 (no signal)")
    pack = load_pack()
    rule_ids = w.get("rule_ids") or []
    if rule_ids:
        console.print("命中规则 (rules fired):")
        for r in rule_ids:
            rule = pack.get(r)
            console.print(f"  • {r} {rule.name if rule else ''}")
    if w.get("network_probability") is not None:
        via = w.get("network_via") or []
        console.print(
            f"网络模型风险概率 {w['network_probability']:.2f}" + (f"，经由 {', '.join(via[:8])}" if via else "")
        )
    if w.get("previous_grade"):
        prev_score = f"（{w['previous_score']:.1f}）" if w.get("previous_score") is not None else ""
        changed = "等级变化" if w.get("grade_changed") else "等级未变"
        console.print(f"上次 {_grade(w['previous_grade'])}{prev_score} → 本次 {_grade(w['grade'])}：{changed}")
    if w.get("change_causes"):
        console.print(f"变化原因：{w['change_causes']}")
    if w.get("first_warned_at"):
        console.print(f"首次预警：{w['first_warned_at']}")
    console.print(f"逐条规则证据见 smokeindex rules explain {subject_key}")
