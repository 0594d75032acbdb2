"""Expert rules as files: ``pack/<dimension>/<rule_id>.cypher``, a YAML header in a ``/*--- … ---*/`` comment
followed by one read-only Cypher query.

Header keys: ``id``, ``name`` (Chinese), ``description``, ``dimension`` (one of the ten), ``typologies``, ``severity``
(0–1 weight), ``params`` (name → ``{type, default, min, max, zh, literal}``), ``basis`` (legal or regulatory basis),
``explanation`` (a Chinese template with ``{column}`` placeholders), ``enabled``.

The query's contract: one row per hit, with columns ``subject`` (the Enterprise or Person node), optionally
``strength`` (0–1, default 1), ``evidence_nodes`` (a list of nodes) and ``evidence_rels`` (a list of relationships),
and any other columns the explanation uses. It ends with ``LIMIT $limit``. ``$as_of`` (the run's date, YYYY-MM-DD) is
always given, for validity periods. Parameters arrive as ``$name``; an integer
parameter marked ``literal: true`` (hop limits, which Cypher cannot take as parameters) is written into the query as
``{name}`` after validation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from smokeindex.errors import SchemaError, ValidationFailed

PACK_DIR = Path(__file__).parent / "pack"
DIMENSIONS = {
    "illegal": "违法风险", "judicial": "司法风险", "operational": "经营风险", "association": "关联风险", "debt": "债务风险",
    "violation": "违规风险", "publicity": "宣传风险", "business": "业务风险", "complaint": "投诉举报风险", "credit": "信用风险",
}  # fmt: skip
TYPOLOGIES = {"illegal_fundraising", "pyramid_scheme", "illegal_lending"}
_HEADER = re.compile(r"^\s*/\*---\s*\n(?P<yaml>.*?)\n---\*/\s*\n(?P<query>.*)$", re.DOTALL)
_PARAM_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,),
    "number": (int, float),
    "string": (str,),
    "boolean": (bool,),
}
_LITERAL = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str
    default: Any
    zh: str = ""
    min: float | None = None
    max: float | None = None
    literal: bool = False

    def check(self, value: Any, rule_id: str) -> Any:
        """The value if it fits the spec; ``ValidationFailed`` naming rule and parameter otherwise."""
        expected = _PARAM_TYPES[self.type]
        number: Any = value
        if isinstance(value, bool) and self.type != "boolean" or not isinstance(value, expected):
            raise ValidationFailed(f"规则 {rule_id} 参数 {self.name} 应为 {self.type}，实为 {value!r} (wrong type)")
        if self.min is not None and number < self.min:
            raise ValidationFailed(f"规则 {rule_id} 参数 {self.name}={value} 小于下限 {self.min} (below minimum)")
        if self.max is not None and number > self.max:
            raise ValidationFailed(f"规则 {rule_id} 参数 {self.name}={value} 超过上限 {self.max} (above maximum)")
        return value


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    description: str
    dimension: str
    typologies: tuple[str, ...]
    severity: float
    params: dict[str, ParamSpec]
    basis: str
    explanation: str
    query: str
    file: str
    enabled: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)

    def resolve_params(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Defaults merged with overrides, every value checked; unknown names are refused."""
        overrides = overrides or {}
        unknown = sorted(set(overrides) - set(self.params))
        if unknown:
            raise ValidationFailed(
                f"规则 {self.id} 没有参数 {unknown[0]!r} (unknown parameter); 可用: {', '.join(self.params) or '无'}"
            )
        return {name: spec.check(overrides.get(name, spec.default), self.id) for name, spec in self.params.items()}

    def render(self, values: dict[str, Any]) -> str:
        """The query with literal parameters (validated integers) written in."""
        literals = {n: int(values[n]) for n, s in self.params.items() if s.literal}
        return _LITERAL.sub(lambda m: str(literals[m.group(1)]) if m.group(1) in literals else m.group(0), self.query)


def _fail(path: Path, key: str, problem: str) -> SchemaError:
    return SchemaError(
        f"规则文件 {path.name}: {key}: {problem}", errors=[{"file": str(path), "key": key, "problem": problem}]
    )


def load_rule(path: Path) -> Rule:
    """Parse and check one rule file."""
    m = _HEADER.match(path.read_text(encoding="utf-8"))
    if not m:
        raise _fail(path, "<file>", "缺少 /*--- YAML ---*/ 文件头 (missing YAML header)")
    try:
        meta = yaml.safe_load(m.group("yaml"))
    except yaml.YAMLError as e:
        raise _fail(path, "<header>", f"YAML 语法错误: {e}") from e
    for key in ("id", "name", "dimension", "severity", "explanation"):
        if key not in meta:
            raise _fail(path, key, "缺少必填键 (required key missing)")
    if path.stem != meta["id"]:
        raise _fail(path, "id", "文件名须与规则编号一致 (file name must match the id)")
    if meta["dimension"] not in DIMENSIONS or path.parent.name != meta["dimension"]:
        raise _fail(path, "dimension", f"须为十个维度之一且与目录一致: {', '.join(DIMENSIONS)}")
    typologies = tuple(meta.get("typologies") or ())
    if not set(typologies) <= TYPOLOGIES:
        raise _fail(path, "typologies", f"未知类型 {sorted(set(typologies) - TYPOLOGIES)}")
    if not 0 < float(meta["severity"]) <= 1:
        raise _fail(path, "severity", "须在 (0, 1] 之间")
    params = {}
    for name, spec in (meta.get("params") or {}).items():
        if spec.get("type") not in _PARAM_TYPES:
            raise _fail(path, f"params.{name}.type", f"须为 {', '.join(_PARAM_TYPES)}")
        params[name] = ParamSpec(name, spec["type"], spec.get("default"), str(spec.get("zh", "")), spec.get("min"),
                                 spec.get("max"), bool(spec.get("literal", False)))  # fmt: skip
        params[name].check(params[name].default, meta["id"])
    query = m.group("query").strip()
    if "$limit" not in query:
        raise _fail(path, "query", "查询须以 LIMIT $limit 限定结果数 (queries must be bounded by LIMIT $limit)")
    if re.search(r"\b(CREATE|MERGE|DELETE|SET|REMOVE|DROP)\b", query, re.IGNORECASE):
        raise _fail(path, "query", "规则查询只能读取 (rule queries must be read-only)")
    return Rule(
        id=meta["id"], name=meta["name"], description=str(meta.get("description", "")), dimension=meta["dimension"],
        typologies=typologies, severity=float(meta["severity"]), params=params, basis=str(meta.get("basis", "")),
        explanation=meta["explanation"], query=query, file=str(path.relative_to(path.parents[2])),
        enabled=bool(meta.get("enabled", True)), tags=tuple(meta.get("tags") or ()),
    )  # fmt: skip


def load_pack_from(directory: Path) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for path in sorted(directory.glob("*/*.cypher")):
        rule = load_rule(path)
        if rule.id in rules:
            raise _fail(path, "id", f"与 {rules[rule.id].file} 重复 (duplicate id)")
        rules[rule.id] = rule
    return rules


@lru_cache
def load_pack() -> dict[str, Rule]:
    """The rule pack shipped with the package, by id."""
    return load_pack_from(PACK_DIR)
