"""The human-readable schema reference (``docs/generated/schema.md``), generated from the YAML files."""

from __future__ import annotations

from smokeindex.schema.model import PropertySpec, Schema


def _row(p: PropertySpec, key: str | None = None) -> str:
    flags = []
    if p.name == key:
        flags.append("标识键 key")
    if p.required:
        flags.append("必填")
    if p.personal:
        flags.append("个人信息·默认脱敏")
    if p.index:
        flags.append("索引")
    extra = f"，取值：{' / '.join(p.values)}" if p.values else ""
    bounds = ""
    if p.min is not None or p.max is not None:
        bounds = f"，范围 [{'' if p.min is None else p.min}, {'' if p.max is None else p.max}]"
    return f"| `{p.name}` | {p.zh} | `{p.type}` | {'，'.join(flags)} | {p.description}{extra}{bounds} |"


def render_reference(schema: Schema) -> str:
    """Markdown tables of every node and relationship type."""
    lines = [
        "# 图模式参考 (schema reference)",
        "",
        "> 由 `smokeindex schema generate` 从 `smokeindex/schema/` 的 YAML 生成，请勿手工修改。",
        "> Generated from the YAML files in `smokeindex/schema/`; CI fails when this file drifts.",
        "",
        f"节点类型 {len(schema.nodes)} 种，关系类型 {len(schema.relationships)} 种。"
        "每个节点和关系都带有来源属性："
        + "、".join(f"`{p.name}`（{p.zh}）" for p in schema.provenance.values())
        + "。",
        "",
        "## 节点 (nodes)",
    ]
    header = ["", "| 属性 | 中文名 | 类型 | 约束 | 说明 |", "|---|---|---|---|---|"]
    for node in schema.nodes.values():
        lines += ["", f"### {node.label} {node.zh}", "", node.description, "", f"文件 `nodes/{node.file}`。"]
        lines += header
        lines += [_row(p, node.key) for p in node.properties.values() if not p.provenance]
    lines += ["", "## 关系 (relationships)"]
    for rel in schema.relationships.values():
        ends = f"({' | '.join(rel.from_labels)}) -[:{rel.type}]-> ({' | '.join(rel.to_labels)})"
        lines += ["", f"### {rel.type} {rel.zh}", "", rel.description, "", f"`{ends}`"]
        if rel.derived:
            lines += ["", "派生关系：由 ETL 计算写入，不来自源数据。"]
        if rel.key:
            lines += ["", f"平行关系以 {', '.join(f'`{k}`' for k in rel.key)} 区分。"]
        own = [p for p in rel.properties.values() if not p.provenance]
        if own:
            lines += header + [_row(p) for p in own]
    return "\n".join(lines) + "\n"
