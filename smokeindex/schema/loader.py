"""Load the schema YAML files and check every cross-reference, failing with the file, the key and the problem."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from smokeindex.errors import SchemaError
from smokeindex.schema.model import NodeType, PropertySpec, RelType, Schema
from smokeindex.schema.types import PROPERTY_TYPES

SCHEMA_DIR = Path(__file__).parent
_NODE_KEYS = {"label", "zh", "description", "key", "properties"}
_REL_KEYS = {"type", "zh", "description", "from", "to", "properties", "key", "derived"}
_PROP_KEYS = {"type", "zh", "description", "required", "personal", "index", "values", "min", "max"}
_LABEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_REL_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PROP = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMERIC = {"integer", "number"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class _FileChecker:
    """Collects the checks for one YAML file so every message names the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> SchemaError:
        return SchemaError(
            f"模式文件 {self.path.name}: 键 {key!r}: {problem}",
            errors=[{"file": str(self.path), "key": key, "problem": problem}],
        )

    def load(self) -> dict[str, Any]:
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            raise self.fail("<file>", f"YAML 语法错误 (YAML syntax error): {e}") from e
        if not isinstance(data, dict):
            raise self.fail("<file>", "顶层必须是映射 (top level must be a mapping)")
        return data

    def require(self, data: dict[str, Any], key: str, kind: type) -> Any:
        if key not in data:
            raise self.fail(key, "缺少必填键 (required key missing)")
        if not isinstance(data[key], kind):
            raise self.fail(key, f"应为 {kind.__name__} (expected {kind.__name__})")
        return data[key]

    def only(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(f"{where}{unknown[0]}", f"未知键 (unknown key); allowed: {', '.join(sorted(allowed))}")

    def properties(self, raw: Any, *, provenance: bool = False) -> dict[str, PropertySpec]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise self.fail("properties", "应为映射 (expected a mapping of property name to spec)")
        specs = {}
        for name, spec in raw.items():
            where = f"properties.{name}"
            if not isinstance(name, str) or not _PROP.match(name):
                raise self.fail(where, "属性名须为 snake_case (property names must be snake_case)")
            if not isinstance(spec, dict):
                raise self.fail(where, "应为映射 (expected a mapping)")
            self.only(spec, _PROP_KEYS, f"{where}.")
            type_name = self.require(spec, "type", str) if "type" in spec else None
            if type_name is None:
                raise self.fail(f"{where}.type", "缺少类型 (type missing)")
            if type_name not in PROPERTY_TYPES:
                raise self.fail(
                    f"{where}.type", f"未知类型 {type_name!r} (unknown type); known: {', '.join(PROPERTY_TYPES)}"
                )
            values = spec.get("values", [])
            if type_name == "enum" and not values:
                raise self.fail(f"{where}.values", "枚举类型须列出取值 (enum needs values)")
            if values and type_name != "enum":
                raise self.fail(f"{where}.values", "只有 enum 类型可以有 values (values only for enum)")
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise self.fail(f"{where}.values", "取值须为字符串列表 (values must be a list of strings)")
            for bound in ("min", "max"):
                if bound in spec and (type_name not in _NUMERIC or not isinstance(spec[bound], int | float)):
                    raise self.fail(f"{where}.{bound}", "只有数值类型可设上下限 (bounds only for numbers)")
            if "zh" not in spec:
                raise self.fail(f"{where}.zh", "缺少中文名称 (Chinese label missing)")
            specs[name] = PropertySpec(
                name=name,
                type=type_name,
                zh=str(spec["zh"]),
                description=str(spec.get("description", "")),
                required=bool(spec.get("required", False)),
                personal=bool(spec.get("personal", False)),
                index=bool(spec.get("index", False)),
                values=tuple(values),
                min=spec.get("min"),
                max=spec.get("max"),
                provenance=provenance,
            )
        return specs


def _load_node(path: Path, provenance: dict[str, PropertySpec]) -> NodeType:
    c = _FileChecker(path)
    data = c.load()
    c.only(data, _NODE_KEYS, "")
    label = c.require(data, "label", str)
    if not _LABEL.match(label):
        raise c.fail("label", "节点标签须为 CamelCase (labels must be CamelCase)")
    if path.stem != _snake(label):
        raise c.fail("label", f"文件名须为 {_snake(label)}.yaml (file name must match the label)")
    props = c.properties(data.get("properties"))
    clash = sorted(set(props) & set(provenance))
    if clash:
        raise c.fail(f"properties.{clash[0]}", "与来源属性重名 (clashes with a provenance property)")
    key = c.require(data, "key", str)
    if key not in props:
        raise c.fail("key", f"标识键 {key!r} 不是已声明的属性 (identity key is not a declared property)")
    if not props[key].required:
        raise c.fail(f"properties.{key}.required", "标识键必须 required: true (identity key must be required)")
    return NodeType(
        label=label,
        zh=str(c.require(data, "zh", str)),
        description=str(data.get("description", "")),
        key=key,
        properties={**props, **provenance},
        file=path.name,
    )


def _load_relationship(path: Path, labels: set[str], provenance: dict[str, PropertySpec]) -> RelType:
    c = _FileChecker(path)
    data = c.load()
    c.only(data, _REL_KEYS, "")
    rel_type = c.require(data, "type", str)
    if not _REL_TYPE.match(rel_type):
        raise c.fail("type", "关系类型须为 UPPER_SNAKE_CASE (relationship types must be UPPER_SNAKE_CASE)")
    if path.stem != rel_type.lower():
        raise c.fail("type", f"文件名须为 {rel_type.lower()}.yaml (file name must match the type)")
    ends: dict[str, tuple[str, ...]] = {}
    for end in ("from", "to"):
        raw = c.require(data, end, list)
        if not raw:
            raise c.fail(end, "至少列出一个节点类型 (list at least one node label)")
        for label in raw:
            if label not in labels:
                raise c.fail(
                    end, f"引用了不存在的节点类型 {label!r} (dangling reference); known: {', '.join(sorted(labels))}"
                )
        ends[end] = tuple(raw)
    props = c.properties(data.get("properties"))
    clash = sorted(set(props) & set(provenance))
    if clash:
        raise c.fail(f"properties.{clash[0]}", "与来源属性重名 (clashes with a provenance property)")
    key = data.get("key", [])
    if not isinstance(key, list):
        raise c.fail("key", "应为属性名列表 (expected a list of property names)")
    for name in key:
        if name not in props or not props[name].required:
            raise c.fail("key", f"{name!r} 须为已声明且 required 的属性 (key must name required properties)")
    derived = data.get("derived", False)
    if not isinstance(derived, bool):
        raise c.fail("derived", "应为 true 或 false (expected a boolean)")
    return RelType(
        type=rel_type,
        zh=str(c.require(data, "zh", str)),
        description=str(data.get("description", "")),
        from_labels=ends["from"],
        to_labels=ends["to"],
        properties={**props, **provenance},
        file=path.name,
        key=tuple(key),
        derived=derived,
    )


def load_schema_from(directory: Path) -> Schema:
    """Load and check a schema directory holding ``provenance.yaml``, ``nodes/`` and ``relationships/``."""
    prov_file = directory / "provenance.yaml"
    if not prov_file.is_file():
        raise SchemaError(f"缺少 {prov_file} (provenance.yaml missing)")
    pc = _FileChecker(prov_file)
    prov_data = pc.load()
    pc.only(prov_data, {"properties"}, "")
    provenance = pc.properties(prov_data.get("properties"), provenance=True)

    nodes: dict[str, NodeType] = {}
    for path in sorted((directory / "nodes").glob("*.yaml")):
        # file names must match labels, so two files can never declare the same label
        node = _load_node(path, provenance)
        nodes[node.label] = node
    if not nodes:
        raise SchemaError(f"{directory / 'nodes'} 中没有节点类型 (no node types found)")

    relationships: dict[str, RelType] = {}
    for path in sorted((directory / "relationships").glob("*.yaml")):
        rel = _load_relationship(path, set(nodes), provenance)
        relationships[rel.type] = rel
    return Schema(nodes=nodes, relationships=relationships, provenance=provenance)


@lru_cache
def load_schema() -> Schema:
    """The schema shipped with the package (cached)."""
    return load_schema_from(SCHEMA_DIR)
