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


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any connection or name look-up beyond this machine raises (and is recorded): HanLP must not download."""
    import socket

    tried: list[object] = []
    local = {"127.0.0.1", "::1", "localhost"}
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: object) -> None:
        if isinstance(address, tuple) and address[0] not in local:
            tried.append(address)
            raise OSError(f"network disabled in tests: {address}")
        connect(self, address)  # type: ignore[arg-type]

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host not in local and host is not None:
            tried.append(host)
            raise OSError(f"network disabled in tests: {host}")
        return getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return tried
