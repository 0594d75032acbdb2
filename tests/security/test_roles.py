from __future__ import annotations

import pytest

from smokeindex.errors import ValidationFailed
from smokeindex.security.roles import ROLE_ZH, UNMASKED_ROLES, Role, in_jurisdiction, jurisdiction_prefix, parse_role


def test_every_role_has_a_chinese_label_and_only_admin_and_police_see_identifiers() -> None:
    assert set(ROLE_ZH) == set(Role)
    assert ROLE_ZH[Role.POLICE] == "公安经侦"
    assert UNMASKED_ROLES == {Role.ADMIN, Role.POLICE}
    assert parse_role("grid_worker") is Role.GRID_WORKER
    with pytest.raises(ValidationFailed, match="未知角色"):
        parse_role("root")


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        (None, ""),  # national
        ("330000", "33"),  # province
        ("110000", "11"),
        ("330100", "3301"),  # city
        ("330102", "330102"),  # district
        ("330102001", "330102001"),  # street
        ("330102001000", "330102001"),  # a street written with 12 digits
        ("330102001001", "330102001001"),  # community
    ],
)
def test_jurisdiction_prefix(code: str | None, prefix: str) -> None:
    assert jurisdiction_prefix(code) == prefix


@pytest.mark.parametrize(
    ("user", "party", "inside"),
    [
        (None, "330102001001", True),
        (None, None, True),
        ("330000", None, False),
        ("330000", "330102", True),
        ("330000", "320102", False),
        ("330100", "330102001", True),
        ("330100", "330200", False),
        ("330102", "330102001001", True),
        ("330102", "330100", False),  # a city-level party is outside a district
        ("330102001", "330102001001", True),
        ("330102001", "330102002001", False),
        ("330102001000", "330102001001", True),
    ],
)
def test_in_jurisdiction(user: str | None, party: str | None, inside: bool) -> None:
    assert in_jurisdiction(user, party) is inside


@pytest.mark.parametrize("bad", ["3301", "33010", "3301020010", "33010a", "", "３３０１０２"])
def test_bad_region_codes_are_refused(bad: str) -> None:
    with pytest.raises(ValidationFailed, match="6、9 或 12 位数字"):
        jurisdiction_prefix(bad)
    with pytest.raises(ValidationFailed):
        in_jurisdiction(None, bad)
