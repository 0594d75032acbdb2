"""Warning grades: the default cut-offs, boundaries, and the setting's validation (readable ConfigError)."""

from __future__ import annotations

import pytest

from smokeindex.config import Settings, get_settings
from smokeindex.errors import ConfigError
from smokeindex.index.grades import DEFAULT_CUTOFFS, GRADES, Cutoffs, check_cutoffs


def test_default_cutoffs_and_boundaries() -> None:
    c = Cutoffs()
    assert c.to_dict() == DEFAULT_CUTOFFS == {"red": 80.0, "orange": 60.0, "yellow": 40.0, "blue": 20.0}
    cases = {100.0: "红", 80.0: "红", 79.99: "橙", 60.0: "橙", 59.9: "黄", 40.0: "黄", 39.9: "蓝", 20.0: "蓝",
             19.99: "正常", 0.0: "正常"}  # fmt: skip
    assert [c.grade(s) for s in cases] == list(cases.values())
    assert c.grades(list(cases)) == list(cases.values())
    assert GRADES == ("红", "橙", "黄", "蓝", "正常")


def test_partial_and_chinese_keys() -> None:
    c = Cutoffs.from_mapping({"红": 90, "orange": 70})
    assert c.to_dict() == {"red": 90.0, "orange": 70.0, "yellow": 40.0, "blue": 20.0}
    assert c.grade(85) == "橙" and c.grade(90) == "红"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"red": 50}, "严格递减"),
        ({"blue": 40}, "严格递减"),
        ({"red": 101}, r"\(0, 100\]"),
        ({"blue": 0}, r"\(0, 100\]"),
        ({"purple": 10}, "未知的预警等级"),
        ({"red": "90"}, "须为数值"),
        ({"red": True}, "须为数值"),
        ([80, 60], "JSON 对象"),
    ],
)
def test_bad_cutoffs_are_refused(values: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_cutoffs(values)  # type: ignore[arg-type]


def test_the_setting_reads_json_and_refuses_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMOKEINDEX_GRADE_CUTOFFS", '{"red": 85, "黄": 45}')
    assert Settings().grade_cutoffs == {"red": 85.0, "orange": 60.0, "yellow": 45.0, "blue": 20.0}
    monkeypatch.setenv("SMOKEINDEX_GRADE_CUTOFFS", '{"red": 30}')
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="cut-offs must descend strictly") as info:
            get_settings()
        assert "严格递减" in info.value.detail
    finally:
        get_settings.cache_clear()
    monkeypatch.delenv("SMOKEINDEX_GRADE_CUTOFFS")
    assert Settings().grade_cutoffs == DEFAULT_CUTOFFS
