"""Graded warnings: 红 red, 橙 orange, 黄 yellow, 蓝 blue, 正常 normal, by configurable cut-offs on the 0–100 index.

A score at or above a grade's cut-off gets that grade (the highest that applies); below the blue cut-off it is normal.
The cut-offs come from ``SMOKEINDEX_GRADE_CUTOFFS`` (JSON, e.g. ``{"red": 85, "orange": 65}``; grades left out keep
their defaults; Chinese keys 红/橙/黄/蓝 are accepted too) and must descend strictly from red to blue within (0, 100].
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

#: The grades from most to least severe, as stored on Warning nodes.
GRADES: tuple[str, ...] = ("红", "橙", "黄", "蓝", "正常")
NORMAL = "正常"
#: English identifiers of the grades (GLOSSARY.md) and back.
GRADE_EN: dict[str, str] = {"红": "red", "橙": "orange", "黄": "yellow", "蓝": "blue", "正常": "normal"}
GRADE_ZH: dict[str, str] = {en: zh for zh, en in GRADE_EN.items()}
#: The grade's rank, 4 for red down to 0 for normal (to tell an upgrade from a downgrade).
SEVERITY: dict[str, int] = {g: len(GRADES) - 1 - i for i, g in enumerate(GRADES)}
DEFAULT_CUTOFFS: dict[str, float] = {"red": 80.0, "orange": 60.0, "yellow": 40.0, "blue": 20.0}


def check_cutoffs(values: Mapping[str, Any]) -> dict[str, float]:
    """The full cut-offs (English keys, defaults filled in) after checking them; ``ValueError`` with a readable
    Chinese and English message otherwise (the settings turn it into ``ConfigError``)."""
    if not isinstance(values, Mapping):
        raise ValueError(f"预警分级阈值须为 JSON 对象 (grade cut-offs must be a JSON object): {values!r}")
    out = dict(DEFAULT_CUTOFFS)
    for raw_key, value in values.items():
        key = GRADE_EN.get(raw_key, raw_key)
        if key not in DEFAULT_CUTOFFS:
            raise ValueError(f"未知的预警等级 {raw_key!r} (unknown grade); 可选 red/orange/yellow/blue 或 红/橙/黄/蓝")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"预警等级 {raw_key} 的阈值须为数值 (cut-off must be a number): {value!r}")
        if not 0 < value <= 100:
            raise ValueError(f"预警等级 {raw_key} 的阈值须在 (0, 100] 之内 (cut-off must lie in (0, 100]): {value}")
        out[key] = float(value)
    ordered = [out[k] for k in DEFAULT_CUTOFFS]
    if any(a <= b for a, b in pairwise(ordered)):
        shown = ", ".join(f"{GRADE_ZH[k]} {v:g}" for k, v in out.items())
        raise ValueError(
            f"预警分级阈值须按 红 > 橙 > 黄 > 蓝 严格递减 (cut-offs must descend strictly red > orange > yellow > "
            f"blue): {shown}"
        )
    return out


@dataclass(frozen=True)
class Cutoffs:
    """The lowest score of each warning grade."""

    red: float = DEFAULT_CUTOFFS["red"]
    orange: float = DEFAULT_CUTOFFS["orange"]
    yellow: float = DEFAULT_CUTOFFS["yellow"]
    blue: float = DEFAULT_CUTOFFS["blue"]

    def __post_init__(self) -> None:
        check_cutoffs(self.to_dict())

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Cutoffs:
        """From settings or JSON (English or Chinese keys, defaults for those left out); ``ValueError`` if invalid."""
        return cls(**check_cutoffs(values))

    def to_dict(self) -> dict[str, float]:
        return {"red": self.red, "orange": self.orange, "yellow": self.yellow, "blue": self.blue}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    def grade(self, score: float) -> str:
        """The grade of one score (红 … 正常)."""
        for zh, cut in zip(GRADES, (self.red, self.orange, self.yellow, self.blue), strict=False):
            if score >= cut:
                return zh
        return NORMAL

    def grades(self, scores: Iterable[float]) -> list[str]:
        """The grade of every score."""
        cuts = [self.blue, self.yellow, self.orange, self.red]
        return [GRADES[len(GRADES) - 1 - bisect_right(cuts, float(s))] for s in scores]
