"""Shared fixtures: one small world generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from smokeindex.synth import Manifest, generate_world

N = 1000
SEED = 1


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    """A 1,000-enterprise world (seed 1) and its manifest."""
    out = tmp_path_factory.mktemp("world")
    return out, generate_world(out, enterprises=N, seed=SEED)
