"""``smokeindex text …``: analyse texts, train and evaluate the typology model, write text MENTIONS into the graph."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from smokeindex.config import get_settings
from smokeindex.errors import SmokeIndexError
from smokeindex.text.lexicon import Lexicon
from smokeindex.text.link import Linker
from smokeindex.text.pipeline import TextAnalyzer
from smokeindex.text.typology import TypologyModel, load_model, model_path, read_annotations

app = typer.Typer(
    help="文本情报：实体抽取、企业链接、风险表达与类型识别 (text intelligence: entities, linking, risk cues, typology).",
    no_args_is_help=True,
)
err = Console(stderr=True)
MAX_LINE_BYTES = 4 << 20


def _fail(e: SmokeIndexError) -> typer.Exit:
    err.print(f"[red]错误 (error):[/] {e.detail}")
    return typer.Exit(2)


def _lines(source: str) -> Iterator[bytes]:
    if source == "-":
        yield from sys.stdin.buffer
        return
    path = Path(source)
    if not path.is_file():
        raise typer.BadParameter(f"文件不存在: {source} (no such file)")
    with path.open("rb") as fh:
        yield from fh


def _record(raw: bytes, n: int) -> tuple[dict[str, Any], object]:
    """(fields echoed back, the text) of one input line: JSONL with a ``text`` field, or the line itself."""
    line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
    if line.lstrip().startswith("{"):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            return {"line": n}, line
        if isinstance(obj, dict):
            meta = {"line": n, **{k: obj[k] for k in ("id", "record_id") if k in obj}}
            return meta, obj.get("text")
    return {"line": n}, line


@app.command("analyze")
def analyze(
    source: Annotated[str, typer.Argument(help="文本文件（每行一条，或 JSONL 的 text 字段）；- 表示标准输入")],
    no_link: Annotated[bool, typer.Option("--no-link", help="不做企业链接（不连接图库）")] = False,
    no_classify: Annotated[bool, typer.Option("--no-classify", help="不做类型识别（无需训练好的模型）")] = False,
    world: Annotated[Path | None, typer.Option(help="用生成世界的企业名录代替图库做链接")] = None,
    lexicon: Annotated[Path | None, typer.Option(help="自定义风险词典 YAML")] = None,
) -> None:
    """逐条分析文本，每条输出一个 JSON 对象 (one JSON object per input text)."""
    settings = get_settings()
    try:
        model = None if no_classify else load_model(model_path(settings.data_dir))
        linker = None
        if world is not None and not no_link:
            linker = Linker.from_world(world)
        elif not no_link:
            from smokeindex.graph import open_store

            try:
                with open_store(settings) as store:
                    linker = Linker.from_store(store)
            except SmokeIndexError as e:
                err.print(f"[yellow]未连接图库，跳过企业链接 (no store, linking skipped):[/] {e.detail}")
        analyzer = TextAnalyzer(linker=linker, model=model, lexicon=Lexicon.load(lexicon) if lexicon else None)
    except SmokeIndexError as e:
        raise _fail(e) from e
    for n, raw in enumerate(_lines(source), start=1):
        if len(raw) > MAX_LINE_BYTES:
            raw = raw[:MAX_LINE_BYTES]
        meta, text = _record(raw, n)
        print(json.dumps({**meta, **analyzer.analyze(text).to_dict()}, ensure_ascii=False))


@app.command("train")
def train(
    world: Annotated[Path, typer.Argument(help="`smokeindex synth` 生成的世界目录（读取 annotations/texts.jsonl）")],
    all_texts: Annotated[bool, typer.Option("--all", help="用全部文本训练（默认留出 20% 供 evaluate）")] = False,
    out: Annotated[Path | None, typer.Option(help="模型目录（HanLP 组件格式，默认 <data_dir>/text/typology）")] = None,
) -> None:
    """从生成世界的标注文本训练类型分类模型 (train the typology classifier)."""
    try:
        examples = read_annotations(world)
        train_set = examples if all_texts else [ex for ex in examples if not ex.held_out]
        model = TypologyModel.train(
            [ex.text for ex in train_set],
            [ex.typology for ex in train_set],
            source="" if all_texts else str(world.resolve()),
        )
        path = model.save(out or model_path(get_settings().data_dir))
    except SmokeIndexError as e:
        raise _fail(e) from e
    print(json.dumps({"model": str(path), **model.meta}, ensure_ascii=False, indent=2))


@app.command("evaluate")
def evaluate_cmd(
    world: Annotated[Path, typer.Argument(help="生成的世界目录（标注文本 + 企业名录）")],
    model_file: Annotated[
        Path | None, typer.Option("--model", help="模型目录（默认 <data_dir>/text/typology）")
    ] = None,
    limit: Annotated[int, typer.Option(help="最多评估的文本数（0 = 全部）")] = 0,
) -> None:
    """评估：实体抽取 F1、企业链接准确率、风险表达召回、类型识别 macro-F1 (evaluation report, JSON)."""
    from smokeindex.text.evaluate import evaluate

    try:
        examples = read_annotations(world)
        if limit:
            examples = examples[:limit]
        try:
            model = load_model(model_file or model_path(get_settings().data_dir))
        except SmokeIndexError as e:
            err.print(f"[yellow]跳过类型识别评估 (typology skipped):[/] {e.detail}")
            model = None
        analyzer = TextAnalyzer(linker=Linker.from_world(world))
        report = evaluate(examples, analyzer, model=model, world=world)
    except SmokeIndexError as e:
        raise _fail(e) from e
    print(json.dumps(report, ensure_ascii=False, indent=2))


@app.command("mentions")
def mentions(
    min_confidence: Annotated[float, typer.Option(help="写入链接的最低置信度")] = 0.85,
) -> None:
    """分析图库中的投诉与舆情文本，写入 MENTIONS 关系 (write text MENTIONS links into the graph)."""
    from smokeindex.graph import open_store
    from smokeindex.text.graph import write_mentions

    try:
        with open_store(get_settings()) as store:
            analyzer = TextAnalyzer(linker=Linker.from_store(store))
            summary = write_mentions(store, analyzer, min_confidence=min_confidence)
    except SmokeIndexError as e:
        raise _fail(e) from e
    print(json.dumps(summary, ensure_ascii=False, indent=2))
