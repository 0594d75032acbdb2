"""Same seed ⇒ byte-identical files; different seed ⇒ different files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import SEED, N

from smokeindex.synth import Manifest, generate_world
from smokeindex.synth.writers import sha256_file


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_is_byte_identical(world: tuple[Path, Manifest], tmp_path: Path) -> None:
    first, _ = world
    generate_world(tmp_path, enterprises=N, seed=SEED)
    a, b = _hashes(first), _hashes(tmp_path)
    assert a.keys() == b.keys()
    assert a == b


def test_different_seed_differs(world: tuple[Path, Manifest], tmp_path: Path) -> None:
    _, m1 = world
    m2 = generate_world(tmp_path, enterprises=N, seed=SEED + 1)
    for name in ("registry", "transfers", "complaints", "accounts"):
        assert m1.sources[name].sha256 != m2.sources[name].sha256, name


def test_manifest_hashes_match_files(world: tuple[Path, Manifest]) -> None:
    root, m = world
    assert Manifest.read(root).to_json() == m.to_json()
    assert m.seed == SEED and m.enterprises == N and m.generator_version
    for name, info in m.sources.items():
        assert sha256_file(root / info.file) == info.sha256, name
