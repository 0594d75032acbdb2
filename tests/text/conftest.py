"""Shared text fixtures: a hand-made registry with an honest company next to the one complained about."""

from __future__ import annotations

import pytest

from smokeindex.text.link import Linker
from smokeindex.text.pipeline import TextAnalyzer

DINGSHENG = "91330106MA2H0AB3XY"
HONEST = "91330106MA2H0AC4XM"
REGISTRY = [
    (DINGSHENG, "杭州鼎盛网络科技有限公司", "330106", None),
    (HONEST, "杭州恒泰进出口有限公司", "330106", None),
    ("91330108MA2H0AD5X9", "宁波华众电子商务有限公司", "330212", None),
]


@pytest.fixture(scope="session")
def linker() -> Linker:
    return Linker.from_records(REGISTRY, places=["浙江省", "杭州市", "西湖区"], aliases={DINGSHENG: ["鼎盛优选APP"]})


@pytest.fixture(scope="session")
def analyzer(linker: Linker) -> TextAnalyzer:
    return TextAnalyzer(linker=linker)
