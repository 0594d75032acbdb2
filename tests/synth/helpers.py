"""Readers used by the synth tests."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path
from typing import Any


def read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row; line 1 is the header."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(i, row) for i, row in enumerate(csv.DictReader(f), start=2)]


def read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, record) for every line."""
    with path.open(encoding="utf-8") as f:
        return [(i, json.loads(line)) for i, line in enumerate(f, start=1)]


def nfkc(s: str) -> str:
    """NFKC with whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def dirt_lines(world_dir: Path) -> dict[str, dict[int, tuple[str, str]]]:
    """ground_truth/dirt.csv as source -> line -> (kind, field)."""
    out: dict[str, dict[int, tuple[str, str]]] = {}
    for _, row in read_csv(world_dir / "ground_truth" / "dirt.csv"):
        out.setdefault(row["source"], {})[int(row["line"])] = (row["kind"], row["field"])
    return out
