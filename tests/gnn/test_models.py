"""The two network architectures: what a node's score can depend on, for every node type and relationship."""

from __future__ import annotations

import pytest
import torch

from smokeindex.gnn.models import MODELS, build_model
from smokeindex.gnn.sampler import full_adjacency
from smokeindex.gnn.train import inputs
from tests.gnn.synthetic import NODE, hetero_graph, plain_graph


def make(name: str, graph, layers: int = 2, seed: int = 0) -> torch.nn.Module:  # type: ignore[no-untyped-def]
    torch.manual_seed(seed)
    x = inputs(graph)
    model = build_model(name, {t: v.size(1) for t, v in x.items()}, graph.edge_types, graph.targets, 8, layers, 0.0)
    model.inputs.set_stats(x)
    return model.eval()


@pytest.mark.parametrize("name", MODELS)
def test_scores_every_node_of_every_target_type(name: str) -> None:
    graph = hetero_graph(5, 4, [(0, 0, 0.5), (1, 0, 0.5), (2, 1, 1.0), (3, 2, 0.2), (4, 3, 0.7)], links=[(0, 1)])
    model = make(name, graph)
    with torch.no_grad():
        out = model(inputs(graph), full_adjacency(graph))
    assert set(out) == {"Enterprise", "Person"}
    assert out["Enterprise"].shape == (4,) and out["Person"].shape == (5,)
    assert all(bool(torch.isfinite(v).all()) for v in out.values())


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("layers", [1, 2])
def test_a_score_depends_on_the_neighbourhood_up_to_the_number_of_layers(name: str, layers: int) -> None:
    n = 8
    graph = plain_graph(n, [(i, i + 1) for i in range(n - 1)])  # a path 0-1-...-7
    model = make(name, graph, layers)
    adj = full_adjacency(graph)
    base = inputs(graph)[NODE]
    with torch.no_grad():
        ref = model({NODE: base}, adj)[NODE]
        for far in range(1, n):
            moved = base.clone()
            moved[far, 0] += 5.0
            changed = not torch.allclose(model({NODE: moved}, adj)[NODE][0], ref[0])
            assert changed == (far <= layers), f"node at distance {far}, {layers} layer(s)"


@pytest.mark.parametrize("name", MODELS)
def test_messages_flow_along_the_relationship_direction(name: str) -> None:
    # only Person -> Enterprise edges, no reverse type: an enterprise reads its holders, a person reads nobody
    graph = hetero_graph(2, 2, [(0, 0, 1.0), (1, 1, 1.0)])
    for et in [et for et in graph.edge_types if et[1].startswith("rev_")]:
        del graph.data[et]
    model = make(name, graph)
    x, adj = inputs(graph), full_adjacency(graph)
    with torch.no_grad():
        ref = model(x, adj)
        moved = {t: v.clone() for t, v in x.items()}
        moved["Person"][0, 0] += 3.0
        out = model(moved, adj)
    assert not torch.allclose(out["Enterprise"][0], ref["Enterprise"][0])  # its holder changed
    assert torch.allclose(out["Enterprise"][1], ref["Enterprise"][1])  # not its holder
    assert torch.allclose(out["Person"][1], ref["Person"][1])
    moved = {t: v.clone() for t, v in x.items()}
    moved["Enterprise"][0, 0] += 3.0
    with torch.no_grad():
        out = model(moved, adj)
    assert torch.allclose(out["Person"][0], ref["Person"][0])  # nothing flows back without a reverse type


@pytest.mark.parametrize("name", MODELS)
def test_a_node_type_without_features_still_gets_an_input(name: str) -> None:
    graph = hetero_graph(3, 2, [(0, 0, 1.0), (1, 1, 1.0), (2, 1, 1.0)])
    graph.data["Person"].x = torch.zeros(3, 0)
    graph.feature_names["Person"] = []
    model = make(name, graph)
    with torch.no_grad():
        out = model(inputs(graph), full_adjacency(graph))
    assert out["Person"].shape == (3,) and bool(torch.isfinite(out["Person"]).all())


def test_standardisation_statistics_are_buffers() -> None:
    graph = plain_graph(4, [(0, 1), (2, 3)], torch.tensor([[1.0], [3.0], [5.0], [7.0]]).numpy())
    model = make("camo", graph)
    x = inputs(graph)[NODE]
    assert torch.allclose(model.inputs.mean_node, x.mean(0))
    spread = model.inputs.std_node
    assert x[:, 1].std() == 0 and 0 < spread[1] <= 1e-3  # a constant column (every degree is 1) is not divided by 0
    assert min(x[:, 0].std(unbiased=False), x[:, 0].std()) - 1e-6 <= spread[0] <= x[:, 0].std() + 1e-6
    assert "inputs.mean_node" in model.state_dict() and "inputs.std_node" in model.state_dict()


def test_unknown_model_name() -> None:
    with pytest.raises(ValueError, match="unknown model"):
        build_model("gat", {NODE: 1}, [], (NODE,), 8, 2, 0.0)


@pytest.mark.parametrize("name", MODELS)
def test_relationship_weights_shape_the_neighbour_mean(name: str) -> None:
    # the same two holders of enterprise 0, with the shares swapped: the enterprise reads a different mixture
    heavy_first = hetero_graph(3, 2, [(0, 0, 0.9), (1, 0, 0.1), (2, 1, 1.0)])
    heavy_second = hetero_graph(3, 2, [(0, 0, 0.1), (1, 0, 0.9), (2, 1, 1.0)])
    model = make(name, heavy_first, layers=1)
    with torch.no_grad():
        a = model(inputs(heavy_first), full_adjacency(heavy_first))["Enterprise"]
        b = model(inputs(heavy_second), full_adjacency(heavy_second))["Enterprise"]
        same = model(inputs(heavy_first), full_adjacency(heavy_first))["Enterprise"]
    assert torch.equal(a, same)
    assert not torch.allclose(a[0], b[0])
    assert torch.allclose(a[1], b[1])
