"""The network-score file: round trip, and bad lines refused with their line number."""

from __future__ import annotations

from pathlib import Path

import pytest

from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.graph import NodeRef
from smokeindex.index.inputs import NetworkScore, read_network_scores, write_network_scores


def test_round_trip(tmp_path: Path) -> None:
    scores = {
        NodeRef("Enterprise", "91330106MA2H0AB3XY"): NetworkScore(
            0.83, [{"label": "Person", "key": "P-1", "name": "王某强", "weight": 0.4}]
        ),
        NodeRef("Person", "P-1"): NetworkScore(0.2),
    }
    path = tmp_path / "net.jsonl"
    assert write_network_scores(path, scores) == 2
    back = read_network_scores(path)
    assert back == scores
    assert back[NodeRef("Enterprise", "91330106MA2H0AB3XY")].via_refs() == ["Person:P-1"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not json", "第 2 行"),
        ('{"label": "Enterprise", "key": "A", "probability": 1.5}', "0–1"),
        ('{"label": "Enterprise", "key": "A"}', "probability"),
        ('{"label": "Product", "key": "A", "probability": 0.5}', "Enterprise 或 Person"),
        ('{"label": "Person", "key": "", "probability": 0.5}', "非空"),
        ('{"label": "Person", "key": "A", "probability": 0.5, "via": [{"key": "B"}]}', "label 与 key"),
        ("[1, 2]", "JSON 对象"),
    ],
)
def test_bad_lines_name_the_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "net.jsonl"
    path.write_text('{"label": "Person", "key": "P", "probability": 0.1}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="第 2 行") as info:
        read_network_scores(path)
    assert problem in info.value.detail


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_network_scores(tmp_path / "none.jsonl")
