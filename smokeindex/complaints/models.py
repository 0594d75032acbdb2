"""Data of complaints from the public (投诉举报) and of rewards (举报奖励): request and response models, the Chinese
names of every code, and the translation of validation problems into messages a member of the public understands.

Every free-text field goes through the ETL's text pipeline (``smokeindex.etl.clean``): NFKC, whitespace folded,
amounts such as ``20万元`` turned into 元, phone numbers and e-mail addresses made canonical, the reported enterprise
name made canonical for entity resolution.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from smokeindex.errors import ValidationFailed
from smokeindex.etl import clean
from smokeindex.etl.clean import CleanError
from smokeindex.schema.types import PROPERTY_TYPES

Kind = Literal["illegal_fundraising", "pyramid_scheme", "illegal_lending", "other"]
Status = Literal["submitted", "accepted", "verifying", "closed", "rejected"]
RewardStatus = Literal["submitted", "verified", "approved", "paid", "rejected"]

KIND_ZH: dict[str, str] = {
    "illegal_fundraising": "非法集资",
    "pyramid_scheme": "网络传销",
    "illegal_lending": "非法放贷",
    "other": "其他",
}
STATUS_ZH: dict[str, str] = {
    "submitted": "已提交",
    "accepted": "已受理",
    "verifying": "核查中",
    "closed": "已办结",
    "rejected": "不予受理",
}
REWARD_STATUS_ZH: dict[str, str] = {
    "submitted": "已申请",
    "verified": "已核实",
    "approved": "已批准",
    "paid": "已发放",
    "rejected": "不予奖励",
}
LINK_METHOD_ZH: dict[str, str] = {
    "uscc": "统一社会信用代码",
    "exact": "名称完全一致",
    "canonical": "名称规范化后一致",
    "loose": "去除地名与组织形式后一致",
    "fuzzy": "名称相近",
    "none": "未找到登记企业",
    "ambiguous": "多家企业难以区分",
}
#: Suggested 宣传方式 for the form's picker; other short texts are accepted too.
CHANNEL_OPTIONS = (
    "微信群/朋友圈",
    "电话推销",
    "线下讲座/推介会",
    "传单/海报",
    "网站/APP",
    "短视频/直播",
    "熟人介绍",
    "其他",
)
FIELD_ZH: dict[str, str] = {
    "subject_name": "被举报主体",
    "subject_uscc": "被举报主体统一社会信用代码",
    "kind": "举报类型",
    "amount": "涉及金额",
    "victims": "涉及人数",
    "channels": "宣传方式",
    "promised_return": "承诺收益",
    "region_code": "发生地区",
    "description": "情况说明",
    "reporter_name": "举报人姓名",
    "contact": "联系方式",
}
MAX_AMOUNT = 1e12
MAX_VICTIMS = 10_000_000


def _text(value: Any) -> Any:
    """Free text through the pipeline (NFKC, whitespace folded); blank becomes ``None``."""
    return clean.text(value) if isinstance(value, str) else value


class ComplaintCreate(BaseModel):
    """The standard complaint template (标准举报模板). Only 被举报主体, 举报类型 and 发生地区 are required; a contact
    is optional (anonymous reports are accepted, but a reward needs a way to reach the reporter)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    subject_name: str = Field(
        min_length=2,
        max_length=100,
        title="被举报主体",
        description="企业、平台或个人名称，如 杭州某某财富管理有限公司",
    )
    subject_uscc: str | None = Field(default=None, title="统一社会信用代码", description="知道时填写（18 位）")
    kind: Kind = Field(
        title="举报类型",
        description="illegal_fundraising 非法集资 / pyramid_scheme 网络传销 / illegal_lending 非法放贷 / other 其他"
        "（也接受中文名称）",
    )
    amount: float | None = Field(
        default=None, ge=0, le=MAX_AMOUNT, title="涉及金额（元）", description="数字，或带单位的文字，如 20万元"
    )
    victims: int | None = Field(default=None, ge=0, le=MAX_VICTIMS, title="涉及人数")
    channels: list[str] = Field(
        default_factory=list, max_length=10, title="宣传方式", description="可多选，如 " + "、".join(CHANNEL_OPTIONS)
    )
    promised_return: str | None = Field(
        default=None, max_length=100, title="承诺收益", description="如 年化18%、保本保息"
    )
    region_code: str = Field(title="发生地区", description="行政区划代码（6、9 或 12 位），如 330106")
    description: str | None = Field(default=None, max_length=2000, title="情况说明")
    reporter_name: str | None = Field(default=None, max_length=30, title="举报人姓名（选填）")
    contact: str | None = Field(
        default=None, max_length=100, title="联系方式（选填）", description="手机号、固定电话（区号-号码）或电子邮箱"
    )

    @field_validator("subject_name", "promised_return", "description", "reporter_name", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> Any:
        return _text(value)

    @field_validator("subject_name")
    @classmethod
    def _subject(cls, value: str) -> str:
        name = clean.enterprise_name(value)
        if not name or len(name) < 2:
            raise ValueError("请填写被举报的企业、平台或个人名称")
        return name

    @field_validator("subject_uscc", mode="before")
    @classmethod
    def _uscc(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return clean.uscc(value)
        except CleanError as e:
            raise ValueError("统一社会信用代码无效：须为 18 位，且校验码正确；不清楚可不填") from e

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = clean.compact(value) or value
            by_zh = {zh: code for code, zh in KIND_ZH.items()} | {"传销": "pyramid_scheme", "套路贷": "illegal_lending"}
            return by_zh.get(value, value)
        return value

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("须为金额数字，如 200000 或 20万元")
        if isinstance(value, str):
            try:
                return clean.amount_yuan(value)
            except CleanError as e:
                raise ValueError("须为金额数字，如 200000 或 20万元") from e
        return value

    @field_validator("victims", mode="before")
    @classmethod
    def _victims(cls, value: Any) -> Any:
        if isinstance(value, str):
            digits = (clean.compact(value) or "").removesuffix("人").removesuffix("余").removesuffix("多")
            if not digits:
                return None
            if not digits.isdigit():
                raise ValueError("须为整数人数，如 30")
            return int(digits)
        return value

    @field_validator("channels", mode="before")
    @classmethod
    def _channels(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("，", ",").replace("、", ",").split(",")
        if isinstance(value, list):
            out = []
            for v in value:
                t = _text(v) if isinstance(v, str) else v
                if t is None:
                    continue
                if not isinstance(t, str) or len(t) > 30:
                    raise ValueError("每项宣传方式须为不超过 30 个字的文字")
                if t not in out:
                    out.append(t)
            return out
        return value

    @field_validator("region_code", mode="before")
    @classmethod
    def _region(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            try:
                code = clean.region_code(value)
            except CleanError as e:
                raise ValueError("须为 6、9 或 12 位行政区划代码，如 330106（杭州市西湖区）") from e
            if code is None:
                raise ValueError("请选择案件发生的地区")
            return code
        return value

    @field_validator("contact", mode="before")
    @classmethod
    def _contact(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = clean.compact(value)
        if not text:
            return None
        try:
            return clean.email(text) if "@" in text or "＠" in text else clean.phone(text)
        except CleanError as e:
            raise ValueError("须为手机号、固定电话（区号-号码）或电子邮箱；不愿留下可不填") from e

    @property
    def contact_kind(self) -> Literal["phone", "email"] | None:
        if self.contact is None:
            return None
        return "email" if "@" in self.contact else "phone"


# -- validation messages ----------------------------------------------------------------------------------------------
def _problem(err: dict[str, Any]) -> str:
    """One pydantic problem in plain Chinese."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "必填，请填写"
    if kind == "extra_forbidden":
        return "模板中没有这一项"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length", 1) <= 1 else f"至少填写 {ctx['min_length']} 个字"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {_num(ctx.get('ge', ctx.get('gt')))}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {_num(ctx.get('le', ctx.get('lt')))}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "须为整数"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return "须为数字"
    if kind in ("string_type",):
        return "须为文字"
    if kind in ("list_type",):
        return "须为列表"
    if kind == "literal_error":
        return "取值无效，可选：" + "、".join(f"{code}（{zh}）" for code, zh in KIND_ZH.items())
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])


def _num(value: Any) -> str:
    return f"{value:.15g}" if isinstance(value, int | float) else str(value)


def validation_failed(e: ValidationError, labels: dict[str, str], what: str) -> ValidationFailed:
    """A 422 whose ``errors`` name each field (code and Chinese label) and say what is wrong, in Chinese."""
    errors = []
    for err in e.errors(include_input=False, include_url=False):
        loc = [str(p) for p in err["loc"]]
        field = ".".join(loc) or "<body>"
        label = labels.get(loc[0], loc[0]) if loc else "请求"
        errors.append({"field": field, "field_zh": label, "problem": _problem(dict(err))})
    first = errors[0] if errors else {"field_zh": "请求", "problem": "格式不正确"}
    return ValidationFailed(
        f"{what}有 {len(errors)} 处需要修改：{first['field_zh']}{first['problem']} (invalid request)", errors=errors
    )


def parse_complaint(raw: Any) -> ComplaintCreate:
    """The submitted template, validated and cleaned; ``ValidationFailed`` (422) with per-field Chinese messages."""
    if not isinstance(raw, dict):
        raise ValidationFailed(
            "请求体须为 JSON 对象 (body must be a JSON object)",
            errors=[{"field": "<body>", "field_zh": "请求", "problem": "须为 JSON 对象"}],
        )
    try:
        return ComplaintCreate.model_validate(raw)
    except ValidationError as e:
        raise validation_failed(e, FIELD_ZH, "举报内容") from e


# -- public answers ---------------------------------------------------------------------------------------------------
class ComplaintReceipt(BaseModel):
    """What the reporter gets back once: the receipt code is shown only here and never stored in clear."""

    receipt_code: str = Field(description="查询码：凭此查询办理进度、补充证据附件；请妥善保存，遗失无法找回")
    status: Status
    status_zh: str
    submitted_at: str
    max_attachments: int = Field(description="可上传的证据附件数")
    attachment_types: list[str] = Field(description="可上传的附件类型")
    max_attachment_bytes: int = Field(description="单个附件大小上限（字节）")
    message: str


class ProgressStep(BaseModel):
    at: str = Field(description="时间（UTC）")
    status: str
    status_zh: str
    note: str | None = Field(default=None, description="对外说明")


class ComplaintStatusPublic(BaseModel):
    """What anyone holding the receipt code may see: status and public progress, nothing about who handles it or
    which enterprise it was linked to."""

    status: Status
    status_zh: str
    kind_zh: str
    submitted_on: str = Field(description="提交日期")
    updated_at: str | None = None
    progress: list[ProgressStep]
    attachment_count: int
    reward_status_zh: str | None = Field(default=None, description="举报奖励进度（如有）")


class AttachmentPublic(BaseModel):
    sha256: str
    media_type: str
    size: int
    uploaded_at: str
    by: str = Field(description="上传者：public 公众，或工作人员用户名")


def check_prefix(value: str | None) -> str | None:
    """A region-code prefix filter: 2–12 ASCII digits."""
    if value is not None and not (value.isascii() and value.isdigit() and 2 <= len(value) <= 12):
        raise ValueError("区划代码前缀须为 2–12 位数字")
    return value


def check_date(value: str | None) -> str | None:
    """A ``YYYY-MM-DD`` date filter."""
    if value is not None:
        check = PROPERTY_TYPES["date"].check
        assert check is not None
        check(value)
    return value


# -- staff answers ----------------------------------------------------------------------------------------------------
class LinkedEnterprise(BaseModel):
    uscc: str
    name: str | None = None
    method: str
    method_zh: str
    score: float | None = None


class ComplaintPublic(BaseModel):
    """One complaint as staff lists show it; reporter fields are masked unless the role may see the reporter."""

    complaint_id: str
    submitted_at: str
    status: Status
    status_zh: str
    kind: Kind
    kind_zh: str
    subject_name: str
    subject_uscc: str | None = None
    enterprise: LinkedEnterprise | None = Field(default=None, description="实体解析关联到的登记企业")
    link_method: str | None = None
    region_code: str
    amount: float | None = None
    victims: int | None = None
    channels: list[str] = Field(default_factory=list)
    promised_return: str | None = None
    attachment_count: int = 0
    lead_id: str | None = None
    reporter_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    reporter_visible: bool = Field(description="举报人身份是否明文显示（仅公安经侦与系统管理员）")


class HandlingStep(BaseModel):
    at: str
    by: str
    status: str
    status_zh: str
    note: str | None = None
    public_note: str | None = None


class ComplaintDetail(ComplaintPublic):
    description: str | None = None
    updated_at: str | None = None
    progress: list[ProgressStep] = Field(default_factory=list)
    handling: list[HandlingStep] = Field(default_factory=list)
    attachments: list[AttachmentPublic] = Field(default_factory=list)
    rewards: list[RewardPublic] = Field(default_factory=list)


class ComplaintPage(BaseModel):
    total: int
    items: list[ComplaintPublic]
    next_cursor: str | None


class ComplaintTransition(BaseModel):
    """A step in handling a complaint."""

    model_config = ConfigDict(extra="forbid")

    to: Literal["accepted", "verifying", "closed", "rejected"] = Field(
        description="accepted 受理 / verifying 核查中 / closed 办结 / rejected 不予受理"
    )
    public_note: str | None = Field(default=None, max_length=200, description="对举报人公开的说明（凭查询码可见）")
    note: str | None = Field(default=None, max_length=2000, description="内部意见（举报人不可见）")


class ComplaintLink(BaseModel):
    """Link a complaint to a registered enterprise by hand."""

    model_config = ConfigDict(extra="forbid")

    uscc: str = Field(min_length=18, max_length=18, description="企业统一社会信用代码")

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, value: str) -> str:
        check = PROPERTY_TYPES["uscc"].check
        assert check is not None
        return str(check(value.upper()))


class ComplaintFilter(BaseModel):
    status: list[Status] = Field(default_factory=list, description="办理状态，可多选")
    kind: Kind | None = Field(default=None, description="举报类型")
    region: str | None = Field(default=None, description="区划代码前缀（限于辖区内）")
    uscc: str | None = Field(default=None, max_length=18, description="关联企业统一社会信用代码")
    q: str | None = Field(default=None, min_length=1, max_length=50, description="被举报主体名称包含")
    submitted_from: str | None = Field(default=None, description="提交日期不早于 YYYY-MM-DD")
    submitted_to: str | None = Field(default=None, description="提交日期不晚于 YYYY-MM-DD")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return check_prefix(value)

    @field_validator("submitted_from", "submitted_to")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return check_date(value)


# -- rewards ----------------------------------------------------------------------------------------------------------
class RewardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    complaint_id: str = Field(min_length=1, max_length=40, description="举报编号")
    proposed_amount: float | None = Field(default=None, ge=0, le=1e9, description="申请（建议）金额，元")
    note: str | None = Field(default=None, max_length=2000, description="说明")


class RewardStep(BaseModel):
    """A step on a reward: the amount where the step sets one, a payment reference for 发放, a note or reason."""

    model_config = ConfigDict(extra="forbid")

    amount: float | None = Field(default=None, ge=0, le=1e9, description="批准或发放金额，元")
    payment_ref: str | None = Field(default=None, max_length=100, description="支付凭证号（发放时）")
    note: str | None = Field(default=None, max_length=2000, description="说明；不予奖励时为理由（必填）")


class RewardEvent(BaseModel):
    action: str
    action_zh: str
    status: RewardStatus
    at: str
    by: str
    amount: float | None = None
    note: str | None = None


class RewardPublic(BaseModel):
    reward_id: str
    complaint_id: str
    region_code: str
    status: RewardStatus
    status_zh: str
    proposed_amount: float | None = None
    approved_amount: float | None = None
    paid_amount: float | None = None
    payment_ref: str | None = None
    submitted_by: str
    submitted_at: str
    verified_by: str | None = None
    verified_at: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    paid_by: str | None = None
    paid_at: str | None = None
    rejected_by: str | None = None
    rejected_at: str | None = None
    note: str | None = None
    updated_at: str | None = None
    history: list[RewardEvent] = Field(default_factory=list)


class RewardPage(BaseModel):
    total: int
    items: list[RewardPublic]
    next_cursor: str | None
    totals: dict[str, float] = Field(description="本筛选条件下的批准与发放金额合计（元）")


class RewardFilter(BaseModel):
    status: list[RewardStatus] = Field(default_factory=list, description="奖励状态，可多选")
    region: str | None = Field(default=None, description="区划代码前缀（限于辖区内）")
    complaint_id: str | None = Field(default=None, max_length=40)
    submitted_from: str | None = Field(default=None, description="申请日期不早于 YYYY-MM-DD")
    submitted_to: str | None = Field(default=None, description="申请日期不晚于 YYYY-MM-DD")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return check_prefix(value)

    @field_validator("submitted_from", "submitted_to")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return check_date(value)


ComplaintDetail.model_rebuild()
