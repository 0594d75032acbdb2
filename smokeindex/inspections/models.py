"""Data of on-site inspections (现场排查): checklist templates, plans, inspections, findings and results, with the
Chinese names of every code."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from smokeindex.complaints.models import check_date, check_prefix
from smokeindex.errors import NotFound, SchemaError
from smokeindex.index.grades import GRADE_ZH, GRADES

CHECKLIST_DIR = Path(__file__).parent / "checklists"
Scope = Literal["area", "building"]
Answer = Literal["yes", "no", "na"]
Conclusion = Literal["normal", "risk", "suspected"]
Severity = Literal["low", "medium", "high"]
InspectionStatus = Literal["planned", "in_progress", "done"]

SCOPE_ZH = {"area": "区域风险排名", "building": "楼宇排查"}
ANSWER_ZH = {"yes": "是", "no": "否", "na": "不适用"}
CONCLUSION_ZH = {"normal": "未见异常", "risk": "存在风险隐患", "suspected": "涉嫌非法金融活动"}
SEVERITY_ZH = {"low": "低", "medium": "中", "high": "高"}
STATUS_ZH = {"planned": "待排查", "in_progress": "排查中", "done": "已完成"}
PLAN_STATUS_ZH = {"not_started": "未开始", "in_progress": "进行中", "completed": "已完成"}
DEFAULT_GRADES = ["红", "橙", "黄", "蓝"]


# -- checklists -------------------------------------------------------------------------------------------------------
class ChecklistItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$", description="检查项编号")
    category: str = Field(min_length=1, max_length=20, description="检查类别（经营场所、宣传材料 …）")
    question: str = Field(min_length=1, max_length=200, description="检查内容")
    risk_answer: Literal["yes", "no"] = Field(description="哪个回答提示风险")
    hint: str | None = Field(default=None, max_length=200, description="检查要点")


class Checklist(BaseModel):
    """A checklist template (检查表模板); one YAML file per template under ``checklists/``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    name: str = Field(min_length=1, max_length=100)
    description: str | None = None
    items: list[ChecklistItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Checklist:
        ids = [i.id for i in self.items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"检查项编号重复 (duplicate item ids): {', '.join(dupes)}")
        return self

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(i.category for i in self.items))


def load_checklists(directory: Path = CHECKLIST_DIR) -> dict[str, Checklist]:
    """Every template in ``directory``; ``SchemaError`` naming the file for a broken one."""
    out: dict[str, Checklist] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            checklist = Checklist.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as e:
            raise SchemaError(f"检查表模板 {path.name} 无效 (invalid checklist): {e}") from e
        if checklist.id != path.stem:
            raise SchemaError(f"检查表模板 {path.name}: id 须与文件名一致 (id must match the file name)")
        out[checklist.id] = checklist
    return out


def checklist(checklist_id: str) -> Checklist:
    found = load_checklists().get(checklist_id)
    if found is None:
        raise NotFound(f"检查表模板不存在 (checklist not found): {checklist_id}")
    return found


# -- plans ------------------------------------------------------------------------------------------------------------
class PlanCreate(BaseModel):
    """A plan: the top ``top_n`` enterprises by 冒烟指数 in an area, or every enterprise at one address (楼宇排查)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="计划名称，如 2024 年第二季度西湖区重点企业排查")
    scope: Scope = Field(description="area 区域风险排名 / building 楼宇排查")
    region_code: str | None = Field(
        default=None, description="区域排查的区划代码（含下级），默认本人辖区；全国用户必填"
    )
    top_n: int = Field(default=20, ge=1, le=500, description="区域排查选取冒烟指数最高的家数")
    grades: list[str] = Field(
        default_factory=lambda: list(DEFAULT_GRADES), description="区域排查只选这些预警等级（默认红橙黄蓝）"
    )
    address_id: str | None = Field(default=None, max_length=64, description="楼宇排查的地址标识")
    checklist_id: str = Field(default="standard", max_length=32, description="检查表模板")
    due_on: date | None = Field(default=None, description="完成期限")

    @field_validator("grades")
    @classmethod
    def _grades(cls, values: list[str]) -> list[str]:
        out = []
        for v in values:
            g = GRADE_ZH.get(v, v)
            if g not in GRADES:
                raise ValueError(f"未知的预警等级 {v!r}；可选 {', '.join(GRADES)}")
            out.append(g)
        if not out:
            raise ValueError("至少选择一个预警等级")
        return sorted(set(out), key=GRADES.index)

    @model_validator(mode="after")
    def _scope(self) -> PlanCreate:
        if self.scope == "building" and not self.address_id:
            raise ValueError("楼宇排查须给出 address_id (address_id is required for a building sweep)")
        if self.scope == "area" and self.address_id:
            raise ValueError("区域排查不用 address_id (address_id is only for a building sweep)")
        return self


class InspectionPublic(BaseModel):
    inspection_id: str
    plan_id: str
    uscc: str
    enterprise_name: str | None = None
    region_code: str | None = None
    score_at_plan: float | None = None
    grade_at_plan: str | None = None
    status: InspectionStatus
    status_zh: str
    inspected_at: str | None = None
    inspector: str | None = None
    conclusion: Conclusion | None = None
    conclusion_zh: str | None = None
    summary: str | None = None
    finding_count: int = 0
    lead_id: str | None = None


class PlanPublic(BaseModel):
    plan_id: str
    name: str
    scope: Scope
    scope_zh: str
    region_code: str
    address_id: str | None = None
    address_text: str | None = None
    top_n: int | None = None
    scoring_run_id: str | None = None
    checklist_id: str
    due_on: str | None = None
    created_by: str
    created_at: str
    target_count: int = 0
    done_count: int = 0
    status: Literal["not_started", "in_progress", "completed"]
    status_zh: str


class PlanDetail(PlanPublic):
    checklist: Checklist
    inspections: list[InspectionPublic]


class PlanPage(BaseModel):
    total: int
    items: list[PlanPublic]
    next_cursor: str | None


class Building(BaseModel):
    """An address several enterprises share: a candidate for a building sweep."""

    address_id: str
    text: str
    region_code: str | None = None
    enterprises: int
    top_score: float | None = Field(default=None, description="楼内企业最高冒烟指数（最近一次评分）")


# -- findings and results ---------------------------------------------------------------------------------------------
class FindingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: str | None = Field(default=None, max_length=32, description="对应的检查项编号（选填）")
    severity: Severity = Field(description="low 低 / medium 中 / high 高")
    description: str = Field(min_length=1, max_length=2000, description="问题描述")
    photos: list[str] = Field(default_factory=list, max_length=20, description="现场照片的 SHA-256（先上传照片）")

    @field_validator("photos")
    @classmethod
    def _photos(cls, values: list[str]) -> list[str]:
        for v in values:
            if len(v) != 64 or any(c not in "0123456789abcdef" for c in v):
                raise ValueError("照片须为上传后返回的 64 位 SHA-256")
        return list(dict.fromkeys(values))


class FindingPublic(BaseModel):
    finding_id: str
    inspection_id: str
    item_id: str | None = None
    category: str | None = None
    severity: Severity
    severity_zh: str
    description: str
    photos: list[str] = Field(default_factory=list)
    recorded_by: str
    recorded_at: str


class PhotoPublic(BaseModel):
    sha256: str
    media_type: str
    size: int


class ItemAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Answer = Field(description="yes 是 / no 否 / na 不适用")
    note: str | None = Field(default=None, max_length=500)


class ResultCreate(BaseModel):
    """The result of an inspection: the checklist answers, the conclusion, and whether to hand it over as a lead."""

    model_config = ConfigDict(extra="forbid")

    conclusion: Conclusion = Field(description="normal 未见异常 / risk 存在风险隐患 / suspected 涉嫌非法金融活动")
    summary: str = Field(min_length=1, max_length=2000, description="情况摘要")
    answers: dict[str, ItemAnswer] = Field(default_factory=dict, description="检查项编号 → 回答")
    raise_lead: bool | None = Field(default=None, description="是否移交线索；默认结论不是“未见异常”时移交")


class AnsweredItem(BaseModel):
    item_id: str
    category: str
    question: str
    answer: Answer
    answer_zh: str
    risk: bool = Field(description="该回答是否提示风险")
    note: str | None = None


class InspectionDetail(InspectionPublic):
    plan_name: str | None = None
    checklist: Checklist | None = None
    answers: list[AnsweredItem] = Field(default_factory=list)
    findings: list[FindingPublic] = Field(default_factory=list)


class InspectionPage(BaseModel):
    total: int
    items: list[InspectionPublic]
    next_cursor: str | None


class InspectionFilter(BaseModel):
    plan_id: str | None = Field(default=None, max_length=40)
    uscc: str | None = Field(default=None, max_length=18, description="企业统一社会信用代码：该企业的排查记录")
    status: list[InspectionStatus] = Field(default_factory=list)
    conclusion: list[Conclusion] = Field(default_factory=list)
    region: str | None = Field(default=None, description="区划代码前缀（限于辖区内）")
    inspected_from: str | None = Field(default=None, description="排查日期不早于 YYYY-MM-DD")
    inspected_to: str | None = Field(default=None, description="排查日期不晚于 YYYY-MM-DD")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return check_prefix(value)

    @field_validator("inspected_from", "inspected_to")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return check_date(value)
