"""The public labelled graphs in ``shared/datasets`` brought into the benchmark's CSV layout."""

from __future__ import annotations

import csv
import io
import tarfile
from pathlib import Path

import numpy as np
import pytest

from smokeindex.errors import ValidationFailed
from smokeindex.gnn.labelled import read_labelled_graph
from smokeindex.gnn.public import convert_amlsim, convert_tolokers

CANDIDATES = [Path("/work/shared/datasets"), Path(__file__).resolve().parents[3] / "shared" / "datasets"]


def dataset(name: str) -> Path:
    for directory in CANDIDATES:
        if (directory / name).is_file():
            return directory / name
    pytest.skip(f"{name} is not in {' or '.join(map(str, CANDIDATES))} (public datasets absent on this machine)")


def test_tolokers_slice(tmp_path: Path) -> None:
    npz = dataset("tolokers.npz")
    raw = np.load(npz)
    out = convert_tolokers(npz, tmp_path / "tolokers", limit=1500)
    graph, labels, split = read_labelled_graph(out)
    assert split is None
    assert graph.num_nodes("node") == 1500 and graph.keys["node"] == [str(i) for i in range(1500)]
    np.testing.assert_allclose(graph.x("node"), raw["node_features"][:1500], rtol=1e-5, atol=1e-6)
    assert labels.y["node"].tolist() == raw["node_labels"][:1500].astype(int).tolist()
    inside = raw["edges"][(raw["edges"][:, 0] < 1500) & (raw["edges"][:, 1] < 1500)]
    assert len(inside) > 1000
    ei = graph.data[("node", "edge", "node")].edge_index.numpy()
    assert ei.shape[1] == 2 * len(inside)  # undirected: stored both ways
    got = set(zip(ei[0].tolist(), ei[1].tolist(), strict=True))
    assert got == {(int(a), int(b)) for a, b in inside} | {(int(b), int(a)) for a, b in inside}


def amlsim_tables(tgz: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with tarfile.open(tgz) as tar:
        files = {Path(m.name).name: m for m in tar.getmembers() if m.isfile()}
        read = [tar.extractfile(files[n]) for n in ("nodes.csv", "transactions.csv")]
        return tuple(list(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8"))) for fh in read if fh)  # type: ignore[return-value]


def test_amlsim(tmp_path: Path) -> None:
    tgz = dataset("amlsim-20K_fanin200cycle200.tgz")
    nodes, transfers = amlsim_tables(tgz)
    assert "fraudStep" in nodes[0]  # present in the source, and only set for fraud accounts
    out = convert_amlsim(tgz, tmp_path / "amlsim")
    header = (out / "nodes.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header == "id,label,init_balance"  # fraudStep would leak the label
    graph, labels, _ = read_labelled_graph(out, directed=True)
    assert graph.num_nodes("node") == 20_000 == len(nodes)
    assert graph.feature_names["node"] == ["init_balance"]
    assert int(labels.y["node"].sum()) == sum(int(r["isFraud"]) for r in nodes)
    np.testing.assert_allclose(graph.x("node")[:, 0], [float(r["init_balance"]) for r in nodes], rtol=1e-5)
    rels = sorted(rel for _, rel, _ in graph.edge_types)
    assert rels == ["edge", "rev_edge"]
    forward = graph.data[("node", "edge", "node")]
    assert forward.edge_index.size(1) == len(transfers)
    back = graph.data[("node", "rev_edge", "node")]
    assert back.edge_index.equal(forward.edge_index.flip(0)) and back.edge_weight.equal(forward.edge_weight)
    ids = {r["nodeid"]: i for i, r in enumerate(nodes)}
    first = transfers[0]
    assert forward.edge_index[:, 0].tolist() == [ids[first["sourceNodeId"]], ids[first["targetNodeId"]]]
    assert float(forward.edge_weight[0]) == pytest.approx(float(first["value"]), rel=1e-5)  # amount as the weight


def test_amlsim_archive_without_the_tables(tmp_path: Path) -> None:
    tgz = tmp_path / "empty.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        data = b"nodeid,isFraud,init_balance\n"
        info = tarfile.TarInfo("sample/nodes.csv")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ValidationFailed, match="transactions.csv"):
        convert_amlsim(tgz, tmp_path / "out")
