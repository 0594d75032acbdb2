"""Shared fixtures for the network-model tests: one thread for torch (the machine is shared), a synthetic graph whose
labels live only in the neighbours' features, and one small model trained on it once per session."""

from __future__ import annotations

import pytest
import torch

from smokeindex.gnn.split import grouped_split
from smokeindex.gnn.train import Trained, train
from tests.gnn.synthetic import Synthetic, neighbour_signal_graph, small_config

torch.set_num_threads(1)


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def synthetic() -> Synthetic:
    graph, labels, signal, neighbours = neighbour_signal_graph(seed=0)
    return Synthetic(graph, labels, grouped_split(labels, 0), signal, neighbours)


@pytest.fixture(scope="session")
def trained_camo(synthetic: Synthetic) -> Trained:
    return train(synthetic.graph, synthetic.labels, synthetic.split, small_config("camo"))
