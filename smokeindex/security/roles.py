"""Roles and regional jurisdiction.

A user's ``region_code`` (GB/T 2260: 6-digit province/city/district, 9-digit street, 12-digit community) bounds what
they may see: a party is inside the jurisdiction when its own code starts with the user's jurisdiction prefix. A user
with no region code is national and sees everything.
"""

from __future__ import annotations

import re
from enum import StrEnum

from smokeindex.errors import ValidationFailed

_REGION = re.compile(r"[0-9]{6}|[0-9]{9}|[0-9]{12}")  # not \d, which matches full-width digits too


class Role(StrEnum):
    """What a user is; the API maps each route to the roles that may call it."""

    ADMIN = "admin"
    REGULATOR = "regulator"
    POLICE = "police"
    INVESTIGATOR = "investigator"
    GRID_WORKER = "grid_worker"
    PUBLIC = "public"


ROLE_ZH: dict[Role, str] = {
    Role.ADMIN: "系统管理员",
    Role.REGULATOR: "金融监管",
    Role.POLICE: "公安经侦",
    Role.INVESTIGATOR: "调查分析",
    Role.GRID_WORKER: "网格员",
    Role.PUBLIC: "公众",
}

# Roles that may see personal identifiers (ID numbers, phones, accounts) unmasked.
UNMASKED_ROLES: frozenset[Role] = frozenset({Role.ADMIN, Role.POLICE})


def parse_role(value: str) -> Role:
    """A role from its English name, or ``ValidationFailed`` listing the valid ones."""
    try:
        return Role(value)
    except ValueError as e:
        names = ", ".join(f"{r.value} ({ROLE_ZH[r]})" for r in Role)
        raise ValidationFailed(
            f"未知角色 {value!r}，可选：{names} (unknown role)", errors=[{"loc": ["role"], "msg": "unknown role"}]
        ) from e


def check_region_code(code: str) -> str:
    """The code itself if it has 6, 9 or 12 digits, else ``ValidationFailed``."""
    if not _REGION.fullmatch(code):
        raise ValidationFailed(
            f"区划代码须为 6、9 或 12 位数字：{code!r} (region code must have 6, 9 or 12 digits)",
            errors=[{"loc": ["region_code"], "msg": "region code must have 6, 9 or 12 digits", "input": code}],
        )
    return code


def jurisdiction_prefix(code: str | None) -> str:
    """The prefix every code inside this jurisdiction starts with: 330000→"33", 330100→"3301", None→"" (national)."""
    if code is None:
        return ""
    check_region_code(code)
    if len(code) == 6:
        for _ in range(2):
            if code.endswith("00"):
                code = code[:-2]
        return code
    if len(code) == 12 and code.endswith("000"):
        return code[:-3]  # a street written with 12 digits
    return code


def region_code_of(prefix: str) -> str:
    """The region code a prefix stands for (33 → 330000, 3301 → 330100); 9- and 12-digit prefixes are codes."""
    return prefix.ljust(6, "0") if len(prefix) < 6 else prefix


def in_jurisdiction(user_code: str | None, party_code: str | None) -> bool:
    """Whether a party lies inside the user's jurisdiction; a party with no region is visible only to national users."""
    prefix = jurisdiction_prefix(user_code)
    if party_code is None:
        return prefix == ""
    return check_region_code(party_code).startswith(prefix)
