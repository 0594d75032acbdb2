"""The evaluation report: a Markdown page with the metric tables, and PNG plots (precision-recall curves, the fused
index's score distribution per grade, recall per typology), written next to a JSON copy of the numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import precision_recall_curve  # noqa: E402

from smokeindex.gnn.evaluate import Evaluation  # noqa: E402

GRADE_CUTS = ((80.0, "红 red"), (60.0, "橙 orange"), (40.0, "黄 yellow"), (20.0, "蓝 blue"))


def _save(fig: Any, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _table(rows: list[dict[str, Any]]) -> str:
    lines = ["| engine | AUROC | AUPRC | Rec@K | seconds |", "|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['engine']} | {r['auroc']:.2f} ± {r['auroc_std']:.2f} | {r['auprc']:.2f} ± {r['auprc_std']:.2f} "
            f"| {r['rec_at_k']:.2f} ± {r['rec_at_k_std']:.2f} | {r['seconds']} |"
        )
    return "\n".join(lines)


def _typology_table(rows: list[dict[str, Any]]) -> str:
    typs = sorted({t for r in rows for t in r["per_typology"]})
    if not typs:
        return ""
    head = "| engine | " + " | ".join(f"{t} AUPRC / Rec@K" for t in typs) + " |"
    lines = [head, "|---|" + "---:|" * len(typs)]
    for r in rows:
        cells = [
            f"{r['per_typology'][t]['auprc']:.2f} / {r['per_typology'][t]['rec_at_k']:.2f}"
            if t in r["per_typology"]
            else ""
            for t in typs
        ]
        lines.append(f"| {r['engine']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(evaluation: Evaluation, out: Path, *, title: str, context: dict[str, Any]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    rows = evaluation.summary()
    (out / "metrics.json").write_text(
        json.dumps({"context": context, "engines": rows}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    fig, ax = plt.subplots(figsize=(6, 5))
    for name, (y, s) in evaluation.curves.items():
        if 0 < y.sum() < len(y):
            p, r, _ = precision_recall_curve(y, s)
            ax.plot(r, p, label=name, linewidth=2.2 if name == "fused" else 1.2)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title("Precision-recall, test split (first seed)")
    ax.legend(fontsize=8)
    _save(fig, out / "pr_curves.png")
    plots = ["pr_curves.png"]
    if "fused" in evaluation.curves:
        y, s = evaluation.curves["fused"]
        fig, ax = plt.subplots(figsize=(6, 4))
        bins = list(np.linspace(0, 100, 41) if s.max() > 1.0 else np.linspace(0, 1, 41))
        ax.hist(s[y == 0], bins=bins, alpha=0.6, label="negative", log=True)
        ax.hist(s[y == 1], bins=bins, alpha=0.6, label="positive", log=True)
        if s.max() > 1.0:
            for cut, name in GRADE_CUTS:
                ax.axvline(cut, color="grey", linestyle="--", linewidth=0.8)
                ax.text(cut + 0.5, ax.get_ylim()[1] * 0.5, name.split()[1], fontsize=7, rotation=90)
        ax.set_xlabel("fused score")
        ax.set_title("Fused score distribution by label, with grade cut-offs")
        ax.legend(fontsize=8)
        _save(fig, out / "score_distribution.png")
        plots.append("score_distribution.png")
    typs = sorted({t for r in rows for t in r["per_typology"]})
    if typs:
        fig, ax = plt.subplots(figsize=(7, 4))
        width = 0.8 / len(rows)
        for i, r in enumerate(rows):
            ax.bar(
                np.arange(len(typs)) + i * width,
                [r["per_typology"].get(t, {}).get("rec_at_k", 0.0) for t in typs],
                width,
                label=r["engine"],
            )
        ax.set_xticks(np.arange(len(typs)) + 0.4 - width / 2, typs, fontsize=8)
        ax.set_ylabel("Rec@K (%)")
        ax.set_title("Recall per typology (K = positives of the typology in test)")
        ax.legend(fontsize=7)
        _save(fig, out / "typology_recall.png")
        plots.append("typology_recall.png")
    grade_lines = []
    for r in rows:
        for g, v in r["grades"].items():
            grade_lines.append(f"| {r['engine']} | {g} | {v['precision']:.2f} | {v['count']} |")
    md = [
        f"# {title}",
        "",
        "\n".join(f"- {k}: {v}" for k, v in context.items()),
        "",
        "## Overall (test split, mean ± std over seeds, percentages)",
        "",
        _table(rows),
        "",
    ]
    typ_table = _typology_table(rows)
    if typ_table:
        md += ["## Per typology (the typology's members against every negative)", "", typ_table, ""]
    if grade_lines:
        md += [
            "## Precision of the graded warnings",
            "",
            "| engine | grade | precision | parties |",
            "|---|---|---:|---:|",
        ]
        md += grade_lines + [""]
    md += ["## Plots", ""] + [f"![{p}]({p})" for p in plots] + [""]
    path = out / "report.md"
    path.write_text("\n".join(md), encoding="utf-8")
    return path
