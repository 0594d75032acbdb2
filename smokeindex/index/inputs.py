"""The network model's scores as the index reads them: one ``NetworkScore`` per party, and the JSONL file that
carries them from ``smokeindex gnn score`` to ``smokeindex index run``.

File format, one JSON object per line (blank lines ignored)::

    {"label": "Enterprise", "key": "91330106MA2H0AB3XY", "probability": 0.83,
     "via": [{"label": "Person", "key": "P-01", "name": "王某强", "weight": 0.41}, ...]}

``probability`` is the model's calibrated probability that the party is part of a scheme (0–1); ``via`` lists the
related parties through which the model spread the risk, strongest first. This module needs only the standard
library (the model side imports it without pulling in the index's numerical code).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smokeindex.graph.base import NodeRef

SUBJECT_LABELS = ("Enterprise", "Person")


@dataclass
class NetworkScore:
    """The network model's risk of one party.

    Attributes:
        probability: calibrated probability in [0, 1].
        via: related parties the risk came through, each ``{"label", "key", "name", "weight"}``, strongest first.
    """

    probability: float
    via: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        p = self.probability
        if isinstance(p, bool) or not isinstance(p, int | float) or not math.isfinite(p) or not 0.0 <= p <= 1.0:
            raise ValueError(f"网络模型概率须为 0–1 之间的数 (probability must be a number in [0, 1]): {p!r}")
        self.probability = float(p)
        clean = []
        for item in self.via:
            if not isinstance(item, Mapping) or not isinstance(item.get("label"), str) or item.get("key") is None:
                raise ValueError(f"via 每项须含 label 与 key (each via entry needs label and key): {item!r}")
            weight = item.get("weight", 0.0)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
                raise ValueError(f"via 的 weight 须为数值 (via weight must be a number): {item!r}")
            clean.append({
                "label": item["label"],
                "key": str(item["key"]),
                "name": str(item.get("name") or item["key"]),
                "weight": float(weight),
            })  # fmt: skip
        self.via = clean

    def via_refs(self) -> list[str]:
        """The related parties as ``"Label:key"`` strings, in order."""
        return [f"{v['label']}:{v['key']}" for v in self.via]


def read_network_scores(path: Path | str) -> dict[NodeRef, NetworkScore]:
    """Read a network-score JSONL file.

    Args:
        path: the file ``smokeindex gnn score`` wrote.

    Returns:
        The score of every party in the file, keyed by ``NodeRef``; a party listed twice keeps its last line.

    Raises:
        ValidationFailed: a line is not JSON or not a valid score; the message names the file and the line.
        NotFound: the file does not exist.
    """
    from smokeindex.errors import NotFound, ValidationFailed
    from smokeindex.graph.base import NodeRef

    file = Path(path)
    if not file.is_file():
        raise NotFound(f"找不到网络模型评分文件 {file} (network score file not found)")
    scores: dict[NodeRef, NetworkScore] = {}
    with file.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("每行须为一个 JSON 对象 (each line must be a JSON object)")
                label, key = obj.get("label"), obj.get("key")
                if label not in SUBJECT_LABELS:
                    raise ValueError(f"label 须为 Enterprise 或 Person (label must be Enterprise or Person): {label!r}")
                if not isinstance(key, str) or not key:
                    raise ValueError(f"key 须为非空字符串 (key must be a non-empty string): {key!r}")
                via = obj.get("via") or []
                if not isinstance(via, list):
                    raise ValueError("via 须为列表 (via must be a list)")
                probability = obj.get("probability")
                if probability is None:
                    raise ValueError("缺少 probability (probability missing)")
                scores[NodeRef(label, key)] = NetworkScore(probability, via)
            except ValueError as e:  # json.JSONDecodeError is a ValueError
                raise ValidationFailed(
                    f"网络模型评分文件 {file.name} 第 {n} 行无效 (invalid line {n}): {e}",
                    errors=[{"file": str(file), "line": n, "problem": str(e)}],
                ) from e
    return scores


def write_network_scores(path: Path | str, scores: Mapping[NodeRef, NetworkScore]) -> int:
    """Write scores in the format ``read_network_scores`` reads (sorted by label and key); returns the line count."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("w", encoding="utf-8") as f:
        for ref in sorted(scores, key=lambda r: (r.label, r.key)):
            s = scores[ref]
            line = {"label": ref.label, "key": ref.key, "probability": s.probability, "via": s.via}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(scores)
