"""Validation models generated from the schema reject bad values before any write; masking hides personal data."""

from __future__ import annotations

from typing import Any

import pytest

from smokeindex.errors import ValidationFailed
from smokeindex.schema.types import mask_value
from smokeindex.schema.validation import check, node_model, relationship_model, validate_rows
from tests.conftest import provenance

USCC = "91330106MA2H0AB3XY"
ID_NUMBER = "330106197503121237"


def enterprise(**overrides: Any) -> dict[str, Any]:
    return {"uscc": USCC, "name": "杭州鑫盛财富管理有限公司", **provenance(), **overrides}


def test_valid_enterprise_passes_and_drops_nulls() -> None:
    clean, errors = check(node_model("Enterprise"), enterprise(registered_capital=5000, status="存续", aliases=None))
    assert errors == []
    assert clean is not None and clean["registered_capital"] == 5000 and "aliases" not in clean


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"uscc": "91330106MA2H0AB3XA"}, "uscc"),  # wrong check character
        ({"uscc": "91330106ma2h0ab3xy"}, "uscc"),  # not in canonical form
        ({"registered_capital": "5000"}, "registered_capital"),  # string where a number belongs
        ({"registered_capital": -1}, "registered_capital"),
        ({"employees": 1.5}, "employees"),
        ({"employees": True}, "employees"),
        ({"status": "跑路"}, "status"),
        ({"founded_on": "2023/03/01"}, "founded_on"),
        ({"founded_on": "2023-02-30"}, "founded_on"),
        ({"ownership": "x"}, "ownership"),  # unknown property
        ({"name": ""}, "name"),
        ({"source": None}, "source"),  # provenance is required
        ({"ingested_at": "2024-01-01T00:00:00"}, "ingested_at"),  # datetime without timezone
    ],
)
def test_bad_enterprise_values_are_rejected(overrides: dict[str, Any], field: str) -> None:
    clean, errors = check(node_model("Enterprise"), enterprise(**overrides))
    assert clean is None
    assert any(e["field"].split(".")[0] == field for e in errors), errors


@pytest.mark.parametrize(
    ("value", "ok"),
    [(ID_NUMBER, True), ("11010519491231002X", True), ("330106197503121238", False), ("330106197513121231", False)],
)
def test_id_number_check_digit_and_birth_date(value: str, ok: bool) -> None:
    clean, _ = check(node_model("Person"), {"person_id": "p", "name": "张三", "id_number": value, **provenance()})
    assert (clean is not None) is ok


def test_relationship_properties_are_checked() -> None:
    model = relationship_model("SHAREHOLDER_OF")
    assert check(model, {"ratio": 0.35, "amount": 100, **provenance()})[1] == []
    assert check(model, {"ratio": 1.2, **provenance()})[0] is None
    assert check(relationship_model("TRANSFERRED_TO"), {"amount": 5, **provenance()})[0] is None  # txn_id, at missing


def test_validate_rows_is_all_or_nothing_and_lists_every_problem() -> None:
    rows = [enterprise(), enterprise(uscc="bad"), enterprise(status="x")]
    with pytest.raises(ValidationFailed) as info:
        validate_rows(node_model("Enterprise"), rows, "Enterprise 节点")
    assert [e["row"] for e in info.value.errors] == [1, 2]
    assert "未写入任何数据" in info.value.detail and info.value.status_code == 422


@pytest.mark.parametrize(
    ("type_name", "value", "masked"),
    [
        ("id_number", ID_NUMBER, "330106********1237"),
        ("phone", "13800001111", "138****1111"),
        ("phone", "0571-87654321", "057******4321"),
        ("account_number", "6222020200112233445", "***************3445"),
        ("email", "wang@example.com", "w***@example.com"),
        ("string", "王某强", "王**"),
    ],
)
def test_masking(type_name: str, value: str, masked: str) -> None:
    assert mask_value(type_name, value) == masked


def test_uscc_check_character_agrees_with_stdnum() -> None:
    import random

    from stdnum.cn import uscc

    from smokeindex.schema.types import USCC_ALPHABET, uscc_check_char

    rng = random.Random(3)
    for _ in range(2000):
        body = (
            "91"
            + "".join(rng.choice("0123456789") for _ in range(6))
            + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
        )
        assert uscc_check_char(body) == uscc.calc_check_digit(body)
        assert uscc.is_valid(body + uscc_check_char(body))


def test_numbers_must_be_finite() -> None:
    clean, errors = check(node_model("Enterprise"), enterprise(registered_capital=float("nan")))
    assert clean is None and errors[0]["field"] == "registered_capital"


def test_full_width_digits_are_refused_until_normalised() -> None:
    from smokeindex.schema.types import PROPERTY_TYPES

    for type_name, value in (
        ("region_code", "３３０１０２"),
        ("phone", "１３８００００１１１１"),
        ("account_number", "６２２２０２０２"),
    ):
        check = PROPERTY_TYPES[type_name].check
        assert check is not None
        with pytest.raises(ValueError):
            check(value)
        check(value.translate({0xFF10 + i: ord("0") + i for i in range(10)}))  # half-width passes
