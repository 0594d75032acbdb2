"""A tiny HanLP NER component for tests: same input and output contract as HanLP's character-level NER models
(a batch of character lists in, ``(text, label, start, end)`` tuples per sentence out), its entity list read from
``entities.json`` in the model directory by ``load`` — so ``hanlp.load`` runs its real loading code on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hanlp.common.component import Component


class GazetteerNer(Component):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.config: dict[str, Any] = {}
        self.entities: list[tuple[str, str]] = []

    def load(self, save_dir: str, **_: Any) -> None:
        self.entities = [tuple(e) for e in json.loads((Path(save_dir) / "entities.json").read_text("utf-8"))]

    def predict(self, sentences: list[list[str]], **_: Any) -> list[list[tuple[str, str, int, int]]]:
        out = []
        for chars in sentences:
            s = "".join(chars)
            row = []
            for surface, label in self.entities:
                at = s.find(surface)
                if at >= 0:
                    row.append((surface, label, at, at + len(surface)))
            out.append(row)
        return out


def write_model(
    path: Path, entities: list[tuple[str, str]], classpath: str = "tests.text.hanlp_ner.GazetteerNer"
) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "config.json").write_text(json.dumps({"classpath": classpath, "hanlp_version": "2.1.5"}), "utf-8")
    (path / "entities.json").write_text(json.dumps(entities, ensure_ascii=False), "utf-8")
    return path
