"""The versioned risk-expression lexicon (``lexicon.yaml``) and its negation-aware matcher.

Terms are found with a HanLP trie (``hanlp_trie.Trie``, longest match) and variants with the category's regular
expressions, both on the compact text (whitespace removed), so 保 本 保 息 and ＂保本保息＂ are hits. A hit preceded,
within ``negation.window`` characters of the same clause, by a negation cue (并未承诺保本, 没说过高额回报, 谨防…) is
kept but marked ``negated`` and carries no weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from hanlp_trie import Trie

from smokeindex.errors import ConfigError
from smokeindex.text.normalize import Compact

_CLAUSE_BREAK = re.compile(r"[，。；！？、,;!?：:\n“”\"]")


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    zh: str
    kind: str
    typology: str
    weight: float
    terms: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class RiskHit:
    """One risk expression: span in the input text, the category, and whether the text denies it."""

    start: int
    end: int
    text: str
    category: str
    zh: str
    kind: str
    weight: float
    negated: bool

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "category": self.category, "zh": self.zh,
                "kind": self.kind, "weight": self.weight, "negated": self.negated}  # fmt: skip


class Lexicon:
    """Categories, terms and negation cues loaded from YAML; :meth:`find` returns the hits of one text."""

    def __init__(self, data: dict[str, Any], *, origin: str = "lexicon.yaml") -> None:
        try:
            self.version = str(data["version"])
            neg = data.get("negation") or {}
            self.window = int(neg.get("window", 6))
            self.negation_cues = tuple(sorted((str(x) for x in neg.get("cues", ())), key=len, reverse=True))
            cats = []
            for name, raw in (data.get("categories") or {}).items():
                cats.append(
                    Category(
                        name=str(name),
                        zh=str(raw.get("zh", name)),
                        kind=str(raw.get("kind", "other")),
                        typology=str(raw.get("typology", "other")),
                        weight=float(raw.get("weight", 0.5)),
                        terms=tuple(str(t).replace(" ", "") for t in raw.get("terms", ())),
                        patterns=tuple(re.compile(str(p)) for p in raw.get("patterns", ())),
                    )
                )
        except (KeyError, TypeError, ValueError, AttributeError, re.error) as e:
            raise ConfigError(f"风险词典格式错误 ({origin}): {e} (invalid lexicon file)") from e
        self.categories = {c.name: c for c in cats}
        self._trie = Trie()
        for c in cats:
            for term in c.terms:
                if term and term not in self._trie:
                    self._trie[term] = c.name

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """Load a lexicon file; without ``path`` the one shipped in the package."""
        if path is None:
            text = resources.files("smokeindex.text").joinpath("lexicon.yaml").read_text(encoding="utf-8")
            origin = "smokeindex/text/lexicon.yaml"
        else:
            text, origin = path.read_text(encoding="utf-8"), str(path)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise ConfigError(f"风险词典不是合法 YAML ({origin}): {e}") from e
        if not isinstance(data, dict):
            raise ConfigError(f"风险词典应为映射 ({origin}) (lexicon must be a mapping)")
        return cls(data, origin=origin)

    def _negated(self, s: str, start: int) -> bool:
        before = s[max(0, start - self.window) : start]
        parts = _CLAUSE_BREAK.split(before)
        window = parts[-1] if parts else before
        return any(cue in window for cue in self.negation_cues)

    def find(self, c: Compact, original: str) -> list[RiskHit]:
        """Risk expressions in a text (compact view + the input it maps to), longest first, no overlaps."""
        s = c.text
        raw: list[tuple[int, int, str]] = []
        for cat in self.categories.values():
            for p in cat.patterns:
                raw.extend((m.start(), m.end(), cat.name) for m in p.finditer(s) if m.end() > m.start())
        raw.extend((a, b, str(v)) for a, b, v in self._trie.parse_longest(s))
        raw.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken = bytearray(len(s))
        hits: list[RiskHit] = []
        for a, b, name in raw:
            if any(taken[a:b]):
                continue
            taken[a:b] = b"\x01" * (b - a)
            cat = self.categories[name]
            x, y = c.span(a, b)
            hits.append(RiskHit(x, y, original[x:y], cat.name, cat.zh, cat.kind, cat.weight, self._negated(s, a)))
        hits.sort(key=lambda h: h.start)
        return hits

    def scores(self, hits: list[RiskHit]) -> dict[str, float]:
        """Per-typology risk score in [0, 1): 1 − ∏(1 − weight) over the non-negated hits pointing to it."""
        keep: dict[str, float] = {}
        for h in hits:
            if h.negated:
                continue
            t = self.categories[h.category].typology
            keep[t] = 1 - (1 - keep.get(t, 0.0)) * (1 - h.weight)
        return {k: round(v, 4) for k, v in sorted(keep.items())}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with the package (parsed once)."""
    return Lexicon.load()
