"""Property types of the schema: how each is validated, masked and mapped to RDF.

Dates and datetimes are stored as ISO-8601 strings so that both stores compare them the same way (lexicographic order
equals time order for ``YYYY-MM-DD`` and for datetimes written in one timezone offset).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from stdnum.cn import ric

# [0-9], not \d: \d also matches full-width digits (３３０１０２), which must be normalised before they are stored

_PHONE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})$")
_EMAIL = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$")
_REGION = re.compile(r"^[0-9]{6}([0-9]{3}([0-9]{3})?)?$")
_ACCOUNT = re.compile(r"^[0-9]{8,30}$")


def _check_date(value: str) -> str:
    date.fromisoformat(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("日期须为 YYYY-MM-DD (date must be YYYY-MM-DD)")
    return value


def _check_datetime(value: str) -> str:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("时间须带时区，如 2024-01-05T08:30:00+08:00 (datetime needs a timezone offset)")
    return value


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_USCC_INDEX = {c: i for i, c in enumerate(USCC_ALPHABET)}


def uscc_check_char(body: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters of a USCC."""
    total = sum(_USCC_INDEX[c] * w for c, w in zip(body[:17], _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _check_uscc(value: str) -> str:
    # written out rather than stdnum's is_valid: this runs on every enterprise row of every bulk load
    if not _USCC.match(value) or uscc_check_char(value) != value[17]:
        raise ValueError("统一社会信用代码无效（18 位，校验码须正确）(invalid USCC)")
    return value


def _check_id_number(value: str) -> str:
    # Format, birth date and check digit (GB 11643). The birth-place code is not checked against a code list:
    # numbers issued under since-renamed divisions stay valid for life.
    if not re.fullmatch(r"\d{17}[\dX]", value) or ric.calc_check_digit(value) != value[17]:
        raise ValueError("居民身份证号无效（18 位，校验码须正确）(invalid ID number)")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as e:
        raise ValueError("居民身份证号中的出生日期无效 (invalid birth date in ID number)") from e
    return value


def _regex(pattern: re.Pattern[str], message: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise ValueError(message)
        return value

    return check


def _mask_middle(value: str, keep_head: int, keep_tail: int) -> str:
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[len(value) - keep_tail :]


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"


def _mask_name(value: str) -> str:
    return value[:1] + "*" * max(len(value) - 1, 1)


@dataclass(frozen=True)
class PropertyType:
    """A property type: its Python base type, an optional value check, a mask for personal data, and its XSD name."""

    name: str
    python: type
    check: Callable[[Any], Any] | None = None
    mask: Callable[[str], str] | None = None
    xsd: str = "string"
    description: str = ""


PROPERTY_TYPES: dict[str, PropertyType] = {
    t.name: t
    for t in [
        PropertyType("string", str, description="短文本"),
        PropertyType("text", str, description="长文本"),
        PropertyType("integer", int, xsd="integer", description="整数"),
        PropertyType("number", float, xsd="decimal", description="数值"),
        PropertyType("boolean", bool, xsd="boolean", description="布尔值"),
        PropertyType("date", str, _check_date, xsd="date", description="日期 YYYY-MM-DD"),
        PropertyType("datetime", str, _check_datetime, xsd="dateTime", description="带时区的 ISO-8601 时间"),
        PropertyType("enum", str, description="取值限定在 values 列表中"),
        PropertyType("string_list", list, description="字符串列表"),
        PropertyType("uscc", str, _check_uscc, lambda v: _mask_middle(v, 8, 4), description="统一社会信用代码"),
        PropertyType("id_number", str, _check_id_number, lambda v: _mask_middle(v, 6, 4), description="居民身份证号"),
        PropertyType(
            "phone",
            str,
            _regex(_PHONE, "电话号码须为 11 位手机号或 区号-号码 (invalid phone number)"),
            lambda v: _mask_middle(v, 3, 4),
            description="电话号码",
        ),
        PropertyType("email", str, _regex(_EMAIL, "邮箱格式无效 (invalid email)"), _mask_email, description="电子邮箱"),
        PropertyType(
            "region_code",
            str,
            _regex(_REGION, "区划代码须为 6、9 或 12 位数字 (invalid region code)"),
            description="GB/T 2260 区划代码",
        ),
        PropertyType(
            "account_number",
            str,
            _regex(_ACCOUNT, "银行账号须为 8–30 位数字 (invalid account number)"),
            lambda v: _mask_middle(v, 0, 4),
            description="银行账号",
        ),
    ]
}


def mask_value(type_name: str, value: Any) -> Any:
    """Mask a personal value for roles that may not see it; non-strings and unknown types become ``***``."""
    if value is None:
        return None
    ptype = PROPERTY_TYPES[type_name]
    if isinstance(value, str):
        return ptype.mask(value) if ptype.mask else _mask_name(value)
    return "***"
