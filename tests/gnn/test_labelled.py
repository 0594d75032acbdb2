"""Any labelled graph as CSV: features, labels, the split column, edge directions, types and weights, and every kind
of bad input refused with a message that says where."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from smokeindex.errors import ValidationFailed
from smokeindex.gnn.labelled import read_labelled_graph, write_labelled_graph

NODES = """id,label,split,age,score
a,1,train,30,0.5
b,0,val,40,
c,,test,50,1.5
d,0,train,60,2.5
e,1,test,70,3.5
"""
EDGES = """src,dst,type,weight
a,b,knows,2.5
b,c,knows,
c,d,pays,4
a,e,,
"""


def write(directory: Path, nodes: str = NODES, edges: str = EDGES) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "nodes.csv").write_text(nodes, encoding="utf-8")
    (directory / "edges.csv").write_text(edges, encoding="utf-8")
    return directory


def edge_set(graph, rel: str) -> dict[tuple[str, str], float]:  # type: ignore[no-untyped-def]
    keys = graph.keys["node"]
    store = graph.data[("node", rel, "node")]
    ei, w = store.edge_index.numpy(), store.edge_weight.numpy()
    out: dict[tuple[str, str], float] = {}
    for j in range(ei.shape[1]):
        pair = (keys[ei[0, j]], keys[ei[1, j]])
        assert pair not in out, f"edge {pair} of {rel} appears twice"
        out[pair] = float(w[j])
    return out


def test_features_labels_and_split(tmp_path: Path) -> None:
    graph, labels, split = read_labelled_graph(write(tmp_path))
    assert graph.targets == ("node",) and graph.node_types == ["node"]
    assert graph.keys["node"] == ["a", "b", "c", "d", "e"]
    assert graph.feature_names["node"] == ["age", "score"]  # id, label and split are not features
    assert graph.num_nodes("node") == 5
    np.testing.assert_allclose(graph.x("node"), [[30, 0.5], [40, 0], [50, 1.5], [60, 2.5], [70, 3.5]])
    assert labels.y["node"].tolist() == [1, 0, -1, 0, 1]
    assert labels.group["node"].tolist() == [-1] * 5
    assert split is not None
    assert split.train["node"].tolist() == [0, 3]
    assert split.val["node"].tolist() == [1]
    assert split.test["node"].tolist() == [4]  # c is in test but unlabelled: nothing to score it against


def test_no_split_column_means_no_split(tmp_path: Path) -> None:
    nodes = "id,label,f\nx,1,1\ny,0,2\n"
    _, labels, split = read_labelled_graph(write(tmp_path, nodes, "src,dst\nx,y\n"))
    assert split is None and labels.y["node"].tolist() == [1, 0]


def test_undirected_edges_are_doubled_with_types_and_weights(tmp_path: Path) -> None:
    graph, _, _ = read_labelled_graph(write(tmp_path))
    assert sorted(rel for _, rel, _ in graph.edge_types) == ["edge", "knows", "pays"]
    assert edge_set(graph, "knows") == {("a", "b"): 2.5, ("b", "a"): 2.5, ("b", "c"): 1.0, ("c", "b"): 1.0}
    assert edge_set(graph, "pays") == {("c", "d"): 4.0, ("d", "c"): 4.0}
    assert edge_set(graph, "edge") == {("a", "e"): 1.0, ("e", "a"): 1.0}  # no type: "edge"; no weight: 1


def test_directed_edges_get_reverse_types(tmp_path: Path) -> None:
    graph, _, _ = read_labelled_graph(write(tmp_path), directed=True)
    rels = sorted(rel for _, rel, _ in graph.edge_types)
    assert rels == ["edge", "knows", "pays", "rev_edge", "rev_knows", "rev_pays"]
    assert edge_set(graph, "knows") == {("a", "b"): 2.5, ("b", "c"): 1.0}
    assert edge_set(graph, "rev_knows") == {("b", "a"): 2.5, ("c", "b"): 1.0}
    assert edge_set(graph, "pays") == {("c", "d"): 4.0}
    assert edge_set(graph, "rev_pays") == {("d", "c"): 4.0}


def test_header_only_edges_give_a_graph_without_relationships(tmp_path: Path) -> None:
    graph, _, _ = read_labelled_graph(write(tmp_path, edges="src,dst\n"))
    assert graph.edge_types == [] and graph.num_nodes("node") == 5


@pytest.mark.parametrize(
    ("nodes", "edges", "file", "where"),
    [
        ("label,f\n1,2\n", EDGES, "nodes.csv", "id"),  # missing id column
        ("id,f\na,2\n", EDGES, "nodes.csv", "label"),  # missing label column
        ("id,label,f\na,1,1\nb,0,2\na,0,3\n", "src,dst\na,b\n", "nodes.csv", ":4"),  # duplicate id on line 4
        ("id,label,f\na,1,1\nb,,2\nc,2,3\n", "src,dst\na,b\n", "nodes.csv", ":4"),  # label 2
        ("id,label,f\na,1,1\nb,yes,2\n", "src,dst\na,b\n", "nodes.csv", ":3"),  # label yes
        ("id,label,split,f\na,1,train,1\nb,0,holdout,2\n", "src,dst\na,b\n", "nodes.csv", ":3"),  # bad split
        ("id,label,f,g\na,1,1,2\nb,0,2,abc\n", "src,dst\na,b\n", "nodes.csv", ":3"),  # non-numeric feature
        ("id,label,f\na,1,1\nb,0,2\n", "src,dst\na,b\nb,zz\n", "edges.csv", ":3"),  # unknown endpoint
        ("id,label,f\na,1,1\nb,0,2\n", "src,dst,weight\na,b,1\nb,a,-0.5\n", "edges.csv", ":3"),  # negative weight
        ("id,label,f\na,1,1\nb,0,2\n", "src,dst,weight\na,b,heavy\n", "edges.csv", ":2"),  # non-numeric weight
        ("id,label,f\na,1,1\nb,0,2\n", "from,to\na,b\n", "edges.csv", "src"),  # missing src/dst columns
        ("id,label,f\n", "src,dst\n", "nodes.csv", "nodes.csv"),  # no nodes at all
    ],
)
def test_bad_input_names_the_file_and_line(tmp_path: Path, nodes: str, edges: str, file: str, where: str) -> None:
    directory = write(tmp_path, nodes, edges)
    with pytest.raises(ValidationFailed) as err:
        read_labelled_graph(directory)
    message, path = str(err.value), str(directory / file)
    if where.startswith(":"):  # a row: file:line
        assert f"{path}{where}" in message
    else:  # the header or the whole file: the file and what is wrong with it
        assert path in message and where in message


def test_row_errors_carry_the_line_number(tmp_path: Path) -> None:
    directory = write(tmp_path, "id,label,f\na,1,1\nb,0,2\nc,0,3\nd,0,x\n", "src,dst\na,b\n")
    with pytest.raises(ValidationFailed, match=r"nodes\.csv:5:f"):
        read_labelled_graph(directory)
    directory = write(tmp_path / "e", "id,label\na,1\nb,0\n", "src,dst\na,b\nb,a\na,ghost\n")
    with pytest.raises(ValidationFailed, match=r"edges\.csv:4"):
        read_labelled_graph(directory)


@pytest.mark.parametrize("missing", ["nodes.csv", "edges.csv"])
def test_missing_file(tmp_path: Path, missing: str) -> None:
    directory = write(tmp_path)
    (directory / missing).unlink()
    with pytest.raises(ValidationFailed, match=missing):
        read_labelled_graph(directory)


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n = 30
    x = rng.normal(size=(n, 3)) * np.array([1.0, 1000.0, 0.001])
    y = rng.choice([-1, 0, 1], size=n)
    edges = np.array([[i, (i * 7 + 3) % n] for i in range(n) if i != (i * 7 + 3) % n])
    weights = rng.uniform(0.1, 5.0, size=len(edges))
    split = np.array(["train", "val", "test"])[np.arange(n) % 3]
    write_labelled_graph(tmp_path, x, y, edges, feature_names=["a", "b", "c"], weights=weights, split=split)
    graph, labels, parts = read_labelled_graph(tmp_path)
    assert graph.keys["node"] == [str(i) for i in range(n)]
    assert graph.feature_names["node"] == ["a", "b", "c"]
    np.testing.assert_allclose(graph.x("node"), x, rtol=1e-5, atol=1e-9)
    assert labels.y["node"].tolist() == y.tolist()
    ei = graph.data[("node", "edge", "node")].edge_index.numpy()
    w = graph.data[("node", "edge", "node")].edge_weight.numpy()
    got = {(int(a), int(b)): float(v) for a, b, v in zip(ei[0], ei[1], w, strict=True)}
    want = {(int(a), int(b)): float(v) for (a, b), v in zip(edges, weights, strict=True)}
    want |= {(b, a): v for (a, b), v in list(want.items())}
    assert got.keys() == want.keys()
    np.testing.assert_allclose([got[k] for k in want], [want[k] for k in want], rtol=1e-5)
    assert parts is not None
    for name, idx in (("train", parts.train), ("val", parts.val), ("test", parts.test)):
        assert idx["node"].tolist() == [i for i in range(n) if split[i] == name and y[i] >= 0]


def test_write_without_weights_or_split(tmp_path: Path) -> None:
    x = np.arange(8, dtype=float).reshape(4, 2)
    write_labelled_graph(tmp_path, x, np.array([1, 0, 0, -1]), np.array([[0, 1], [2, 3]]))
    graph, labels, split = read_labelled_graph(tmp_path, directed=True)
    assert split is None and graph.feature_names["node"] == ["f0", "f1"]
    assert labels.y["node"].tolist() == [1, 0, 0, -1]
    assert edge_set(graph, "edge") == {("0", "1"): 1.0, ("2", "3"): 1.0}
    assert edge_set(graph, "rev_edge") == {("1", "0"): 1.0, ("3", "2"): 1.0}
