"""Deterministic random streams: one independent stream per named part of the world."""

from __future__ import annotations

import hashlib
import random

import numpy as np


def _key(seed: int, name: str) -> int:
    """Derive a 64-bit key from the world seed and a stream name."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def np_stream(seed: int, name: str) -> np.random.Generator:
    """A numpy generator for bulk draws, independent per (seed, name)."""
    return np.random.Generator(np.random.PCG64(_key(seed, name)))


def py_stream(seed: int, name: str) -> random.Random:
    """A stdlib generator for per-row scalar draws, independent per (seed, name)."""
    return random.Random(_key(seed, name))
