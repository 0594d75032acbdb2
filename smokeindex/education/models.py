"""The education API's models: ``XBase / XCreate / XUpdate / XPublic`` families, validated at the edge.

Phone numbers and region codes are checked with the schema's own property types, so the API refuses exactly what a
write would refuse. Quiz answers live only in the staff models (``QuestionIn``, ``QuizStaff``); what residents see
before they submit (``QuizPublic``) has none.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, field_validator, model_validator

from smokeindex.schema.types import PROPERTY_TYPES

ContentKind = Literal["law", "case", "tip"]
KIND_ZH: dict[str, str] = {"law": "法规政策", "case": "典型案例", "tip": "防骗提示"}
Status = Literal["published", "withdrawn"]
STATUS_ZH = {"published": "已发布", "withdrawn": "已撤回"}
ACTIVITY_KINDS = ("进社区", "进农村", "进校园", "进单位")
#: English names accepted for the activity kinds (stored and shown in Chinese).
ACTIVITY_KIND_EN = {"community": "进社区", "rural": "进农村", "campus": "进校园", "workplace": "进单位"}
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{2,39}")


def _check(type_name: str) -> Any:
    """The schema type's own check, on ASCII digits only (``\\d`` in its pattern also takes full-width digits)."""
    check = PROPERTY_TYPES[type_name].check
    assert check is not None

    def ascii_then_type(value: str) -> str:
        if not value.isascii():
            raise ValueError(f"{PROPERTY_TYPES[type_name].description}须为半角字符 (ASCII digits only)")
        return str(check(value))

    return AfterValidator(ascii_then_type)


RegionCode = Annotated[str, _check("region_code"), Field(description="区划代码，6、9 或 12 位 (region code)")]
PhoneNumber = Annotated[str, _check("phone"), Field(description="手机号 11 位或 区号-号码 (phone number)")]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
ItemId = Annotated[str, StringConstraints(pattern=_ID.pattern), Field(description="编号：3–40 位字母、数字、_ 或 -")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def activity_kind(value: str) -> str:
    """An activity kind in Chinese from its Chinese or English name; ``ValueError`` listing both otherwise."""
    kind = ACTIVITY_KIND_EN.get(value, value)
    if kind not in ACTIVITY_KINDS:
        names = ", ".join(f"{zh}/{en}" for en, zh in ACTIVITY_KIND_EN.items())
        raise ValueError(f"未知的活动类型 {value!r} (unknown activity kind); 可选 {names}")
    return kind


# -- content ----------------------------------------------------------------------------------------------------------
class ContentBase(BaseModel):
    kind: ContentKind = Field(description="类别：law 法规政策 / case 典型案例 / tip 防骗提示")
    title: Title = Field(description="标题 (title)")
    summary: str | None = Field(default=None, max_length=500, description="摘要 (summary)")
    body: str = Field(min_length=1, max_length=20_000, description="正文 (body)")
    tags: list[Tag] = Field(default_factory=list, max_length=10, description="标签 (tags)")
    region_code: RegionCode | None = Field(default=None, description="投放区划（含下级），空为全国通用")


class ContentCreate(ContentBase):
    content_id: ItemId | None = Field(default=None, description="内容编号，不填则自动生成 (content id)")
    status: Status = Field(default="published", description="published 已发布 / withdrawn 已撤回")


class ContentUpdate(BaseModel):
    """Only the fields given change; a content cannot be moved back to national once it has a region."""

    kind: ContentKind | None = None
    title: Title | None = None
    summary: str | None = Field(default=None, max_length=500)
    body: str | None = Field(default=None, min_length=1, max_length=20_000)
    tags: list[Tag] | None = Field(default=None, max_length=10)
    region_code: RegionCode | None = None
    status: Status | None = None


class ContentSummary(BaseModel):
    content_id: str
    kind: str
    kind_zh: str
    title: str
    summary: str | None = None
    tags: list[str] = Field(default_factory=list)
    region_code: str | None = Field(default=None, description="投放区划，空为全国通用")
    published_at: str | None = None

    @classmethod
    def from_node(cls, n: dict[str, Any]) -> ContentSummary:
        return cls.model_validate({**_fields(cls, n), "kind_zh": KIND_ZH.get(str(n.get("kind")), "")})


class ContentPublic(ContentSummary):
    body: str
    status: str
    updated_at: str | None = None

    @classmethod
    def from_node(cls, n: dict[str, Any]) -> ContentPublic:
        return cls.model_validate({**_fields(cls, n), "kind_zh": KIND_ZH.get(str(n.get("kind")), "")})


class ContentPage(BaseModel):
    total: int = Field(description="符合条件的总数 (matching items)")
    offset: int
    limit: int
    items: list[ContentSummary]


class ContentStaffPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ContentPublic]


# -- quizzes ----------------------------------------------------------------------------------------------------------
class QuestionIn(BaseModel):
    """One question with its answer: ``answer`` lists the 0-based numbers of the right options (several: multi-choice)."""

    question: str = Field(min_length=1, max_length=500, description="题干 (question)")
    options: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = Field(
        min_length=2, max_length=6, description="选项 (options)"
    )
    answer: list[int] = Field(min_length=1, max_length=6, description="正确选项序号，从 0 开始 (right options)")
    explanation: str | None = Field(default=None, max_length=1000, description="解析，提交后显示 (explanation)")

    @model_validator(mode="after")
    def _answers_point_at_options(self) -> QuestionIn:
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("正确选项序号重复 (duplicate answer)")
        if any(not 0 <= a < len(self.options) for a in self.answer):
            raise ValueError(f"正确选项序号须在 0–{len(self.options) - 1} 之间 (answer out of range)")
        self.answer = sorted(self.answer)
        return self


class QuizBase(BaseModel):
    title: Title
    description: str | None = Field(default=None, max_length=1000)
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    region_code: RegionCode | None = Field(default=None, description="投放区划（含下级），空为全国通用")
    content_ids: list[ItemId] = Field(default_factory=list, max_length=10, description="考查的宣教内容")


class QuizCreate(QuizBase):
    quiz_id: ItemId | None = Field(default=None, description="测验编号，不填则自动生成 (quiz id)")
    questions: list[QuestionIn] = Field(min_length=1, max_length=50)
    status: Status = "published"


class QuizUpdate(BaseModel):
    title: Title | None = None
    description: str | None = Field(default=None, max_length=1000)
    tags: list[Tag] | None = Field(default=None, max_length=10)
    region_code: RegionCode | None = None
    content_ids: list[ItemId] | None = Field(default=None, max_length=10)
    questions: list[QuestionIn] | None = Field(default=None, min_length=1, max_length=50)
    status: Status | None = None


class QuestionPublic(BaseModel):
    """A question as residents see it before submitting: no answer, no explanation."""

    number: int = Field(description="题号，从 1 开始 (question number)")
    question: str
    options: list[str]
    multiple: bool = Field(description="是否多选 (several right options)")


class QuizSummary(BaseModel):
    quiz_id: str
    title: str
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    region_code: str | None = None
    question_count: int
    published_at: str | None = None


class QuizPublic(QuizSummary):
    content_ids: list[str] = Field(default_factory=list)
    questions: list[QuestionPublic]


class QuizStaff(QuizSummary):
    """A quiz with its answers, for the staff who maintain it."""

    content_ids: list[str] = Field(default_factory=list)
    questions: list[QuestionIn]
    status: str
    updated_at: str | None = None


class QuizPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[QuizSummary]


class QuizSubmit(BaseModel):
    answers: list[list[int]] = Field(
        min_length=1,
        max_length=50,
        description="每题所选选项序号（从 0 开始），顺序同题目 (chosen options per question)",
    )


class QuestionResult(BaseModel):
    number: int
    correct: bool
    chosen: list[int]
    answer: list[int] = Field(description="正确选项序号 (right options), 提交后才公开")
    explanation: str | None = None


# -- residents --------------------------------------------------------------------------------------------------------
class LiteracyPublic(BaseModel):
    """A resident's financial-literacy score and its parts (formula in ``docs/education.md``)."""

    score: float = Field(description="金融素养分数 0–100 (literacy score)")
    quiz_part: float = Field(description="测验成绩 Q，0–1")
    confidence: float = Field(description="测验数量系数 C，0–1")
    breadth: float = Field(description="学习广度 B，0–1")
    quizzes_counted: int = Field(description="计入的测验数 (distinct quizzes in the window)")
    contents_read: int = Field(description="有效阅读的内容数 (distinct contents read)")
    kinds_read: list[str] = Field(description="读过的内容类别 (kinds read)")
    window_days: int
    explanation: str = Field(description="中文说明 (explanation)")


class ResidentRegister(BaseModel):
    phone: PhoneNumber
    region_code: RegionCode = Field(description="居住地区划代码，建议到社区（村）12 位 (home region)")


class ResidentToken(BaseModel):
    resident_id: str
    token: str = Field(description="居民令牌，请求头 X-Resident-Token 携带 (resident token)")
    token_type: Literal["resident"] = "resident"
    expires_in: int = Field(description="有效期（秒）(seconds)")
    region_code: str = Field(description="登记的区划；已注册的手机号保持原区划 (the registered region)")


class ResidentMe(BaseModel):
    resident_id: str
    phone: str = Field(description="脱敏手机号 (masked phone)")
    region_code: str
    registered_at: str
    readings: int = Field(description="学习记录数 (learning records)")
    attempts: int = Field(description="测验作答次数 (quiz attempts)")
    literacy: LiteracyPublic


class ResidentStaff(BaseModel):
    resident_id: str
    phone: str = Field(description="手机号，除公安与管理员外脱敏 (masked unless police/admin)")
    region_code: str
    registered_at: str
    literacy_score: float | None = None
    last_active_at: str | None = None


class ResidentPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ResidentStaff]


class ReadIn(BaseModel):
    seconds: int = Field(default=0, ge=0, le=14_400, description="本次阅读时长（秒），≥10 秒计为有效阅读")


class ReadResult(BaseModel):
    learning_id: str
    content_id: str
    seconds: int
    literacy: LiteracyPublic


class QuizResult(BaseModel):
    attempt_id: str
    quiz_id: str
    score: float = Field(description="本次得分 0–100")
    correct: int
    total: int
    results: list[QuestionResult]
    literacy: LiteracyPublic


# -- activities (the ledger) ------------------------------------------------------------------------------------------
class ActivityCreate(BaseModel):
    kind: str = Field(description="进社区/进农村/进校园/进单位（或 community/rural/campus/workplace）")
    title: Title
    place: str = Field(min_length=1, max_length=200, description="地点 (place)")
    held_at: datetime = Field(description="活动时间；不带时区按北京时间 (when; naive means +08:00)")
    audience: int = Field(ge=0, le=1_000_000, description="受众人数 (audience size)")
    region_code: RegionCode
    media_sha256: list[str] = Field(default_factory=list, max_length=50, description="照片、视频的 SHA-256")
    content_ids: list[ItemId] = Field(default_factory=list, max_length=10, description="宣讲的宣教内容")
    notes: str | None = Field(default=None, max_length=2000)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return activity_kind(value)

    @field_validator("media_sha256")
    @classmethod
    def _sha256(cls, values: list[str]) -> list[str]:
        out = [v.lower() for v in values]
        bad = [v for v in out if not _SHA256.fullmatch(v)]
        if bad:
            raise ValueError("SHA-256 须为 64 位十六进制 (a SHA-256 is 64 hex digits)")
        return list(dict.fromkeys(out))


class ActivityPublic(BaseModel):
    activity_id: str
    kind: str
    title: str
    place: str
    held_at: str
    audience: int
    region_code: str
    media_sha256: list[str] = Field(default_factory=list)
    content_ids: list[str] = Field(default_factory=list)
    notes: str | None = None
    recorded_by: str
    recorded_at: str


class ActivityFilter(BaseModel):
    """Ledger filters (all optional, combined with AND)."""

    region: RegionCode | None = Field(default=None, description="区划，含下级 (region, includes all below)")
    kind: str | None = Field(default=None, description="活动类型 (kind)")
    held_from: date | None = Field(default=None, description="活动日期不早于 (held on or after)")
    held_to: date | None = Field(default=None, description="活动日期不晚于 (held on or before)")
    recorded_by: str | None = Field(default=None, max_length=32, description="登记人 (recorded by)")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str | None) -> str | None:
        return None if value is None else activity_kind(value)


class ActivityPage(BaseModel):
    total: int
    items: list[ActivityPublic]
    next_cursor: str | None = Field(description="下一页游标，无则为最后一页 (next page cursor)")


# -- statistics and targeting -----------------------------------------------------------------------------------------
class RegionEducation(BaseModel):
    region_code: str
    region_name: str | None = None
    residents: int = Field(description="注册居民数 (registered residents)")
    active_residents: int = Field(description="期间有学习或答题的居民数 (active residents)")
    readings: int = Field(description="学习（阅读）次数 (readings)")
    reading_seconds: int = Field(description="阅读总时长（秒）")
    quiz_attempts: int
    quiz_avg_score: float | None = None
    literacy_avg: float | None = Field(default=None, description="注册居民平均金融素养分数")
    literacy_distribution: dict[str, int] = Field(description="金融素养分数分布 (score distribution)")
    activities: int = Field(description="宣教活动场次 (activities)")
    activities_by_kind: dict[str, int]
    audience: int = Field(description="活动受众人次 (audience)")
    reach: int = Field(description="触达人次 = 活动受众 + 活跃居民 (reach)")
    covered_subregions: int | None = Field(default=None, description="期间开展过活动的下级区划数")
    known_subregions: int | None = Field(default=None, description="图中已知的下级区划数")
    coverage_rate: float | None = Field(default=None, description="活动覆盖率 = 覆盖下级区划 / 已知下级区划")


class ContentReads(BaseModel):
    content_id: str
    title: str | None = None
    readings: int


class EducationStats(BaseModel):
    region_prefix: str = Field(description="统计范围的区划前缀，空为全国 (region prefix; empty is national)")
    since: date | None = None
    until: date | None = None
    totals: RegionEducation
    by_region: list[RegionEducation] = Field(description="按下一级区划 (by the next region level down)")
    top_contents: list[ContentReads] = Field(description="阅读最多的内容 (most read)")


class DistrictPriority(BaseModel):
    rank: int
    region_code: str
    region_name: str | None = None
    warnings: dict[str, int] = Field(description="各等级预警数 (warnings per grade)")
    warning_weight: float = Field(description="预警权重 W")
    activities: int
    audience: int
    active_residents: int
    reach: int = Field(description="近期触达人次 R")
    priority: float = Field(description="宣教优先度 P = W / (1 + R/100)")
    suggested: bool = Field(description="是否建议优先开展宣教 (suggested first)")
    focus_topics: list[str] = Field(description="建议宣讲的主题 (suggested topics)")
    reason: str = Field(description="中文说明 (explanation)")


class Targeting(BaseModel):
    run_id: str | None = Field(description="所用评分运行 (scoring run)")
    region_prefix: str
    window_days: int
    grade_weights: dict[str, float]
    formula: str
    items: list[DistrictPriority]


def _fields(model: type[BaseModel], props: dict[str, Any]) -> dict[str, Any]:
    """The node properties a model declares (provenance and other bookkeeping dropped)."""
    return {k: v for k, v in props.items() if k in model.model_fields and v is not None}
