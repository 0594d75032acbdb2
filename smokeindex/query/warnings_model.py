"""The public shape of a warning in lists and exports, shared by the query layer and the run views."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from smokeindex.index.grades import GRADE_EN
from smokeindex.rules.model import DIMENSIONS

#: Dimensions a list can filter on: the ten rule dimensions and the network model.
FILTER_DIMENSIONS: dict[str, str] = {**DIMENSIONS, "network": "网络模型风险"}
TYPOLOGY_ZH = {"illegal_fundraising": "非法集资", "pyramid_scheme": "传销", "illegal_lending": "非法放贷"}


class WarningPublic(BaseModel):
    """One warning as lists and exports show it."""

    warning_id: str
    run_id: str
    subject_label: str
    subject_key: str
    subject_name: str | None = None
    region_code: str | None = None
    industry_code: str | None = None
    score: float
    grade: str = Field(description="红/橙/黄/蓝/正常")
    grade_en: str
    previous_grade: str | None = None
    previous_score: float | None = None
    grade_changed: bool | None = None
    change_causes: str | None = None
    first_warned_at: str | None = None
    typologies: list[str] = Field(default_factory=list)
    top_dimension: str | None = None
    rule_ids: list[str] = Field(default_factory=list)
    network_probability: float | None = None
    contributions: dict[str, float] = Field(default_factory=dict, description="各维度对指数的贡献 (index points)")

    @classmethod
    def from_node(cls, w: dict[str, Any]) -> WarningPublic:
        body: dict[str, Any] = {k: w[k] for k in _PLAIN if w.get(k) is not None}
        body.update(
            grade_en=GRADE_EN.get(str(w.get("grade")), "normal"),
            typologies=list(w.get("typologies") or []),
            rule_ids=list(w.get("rule_ids") or []),
            contributions={d: float(w.get(f"c_{d}") or 0.0) for d in FILTER_DIMENSIONS},
        )
        return cls.model_validate(body)


_PLAIN = (
    "warning_id", "run_id", "subject_label", "subject_key", "subject_name", "region_code", "industry_code", "score",
    "grade", "previous_grade", "previous_score", "grade_changed", "change_causes", "first_warned_at", "top_dimension",
    "network_probability",
)  # fmt: skip
