"""The manifest written beside the raw files: provenance, hashes, planted dirt and the expected clean graph."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "1.0.0"


@dataclass
class SourceInfo:
    """One raw file."""

    file: str
    format: str
    rows: int
    records: int
    sha256: str = ""


@dataclass
class Manifest:
    """Everything a consumer needs to check a generated world."""

    seed: int
    enterprises: int
    generator_version: str = GENERATOR_VERSION
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    dirt: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected_graph: dict[str, dict[str, int]] = field(default_factory=dict)
    ground_truth: dict[str, str] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Stable JSON text."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    def write(self, out_dir: Path) -> Path:
        """Write ``manifest.json`` into the world directory."""
        path = out_dir / "manifest.json"
        path.write_text(self.to_json() + "\n", encoding="utf-8")
        return path

    @classmethod
    def read(cls, out_dir: Path) -> Manifest:
        """Load ``manifest.json`` from a world directory."""
        raw = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        raw["sources"] = {k: SourceInfo(**v) for k, v in raw["sources"].items()}
        return cls(**raw)
