"""Viewer.narrow: the one rule every list uses to limit itself to a region inside the user's jurisdiction."""

from __future__ import annotations

import pytest

from smokeindex.errors import Forbidden, ValidationFailed
from smokeindex.query.viewer import Viewer

CITY = Viewer("hz", "regulator", prefix="3301")
NATIONAL = Viewer("admin", "admin")


@pytest.mark.parametrize(
    ("viewer", "region", "prefix"),
    [
        (NATIONAL, None, ""),
        (NATIONAL, "330100", "3301"),  # a city code stands for every district under it
        (NATIONAL, "330000", "33"),
        (NATIONAL, "330106", "330106"),
        (NATIONAL, "330106001000", "330106001"),  # a street written with 12 digits
        (CITY, None, "3301"),
        (CITY, "330106", "330106"),
        (CITY, "330100", "3301"),
        (CITY, "330000", "3301"),  # wider than the jurisdiction: narrowed to it
    ],
)
def test_narrow_turns_a_region_code_into_the_prefix_of_everything_inside_it(
    viewer: Viewer, region: str | None, prefix: str
) -> None:
    assert viewer.narrow(region) == prefix


def test_narrow_refuses_a_region_elsewhere_and_a_malformed_code() -> None:
    with pytest.raises(Forbidden):
        CITY.narrow("330200")
    with pytest.raises(Forbidden):
        CITY.narrow("110100")
    with pytest.raises(ValidationFailed):
        CITY.narrow("3301")
