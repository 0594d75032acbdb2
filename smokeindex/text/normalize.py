"""Normalisation and sentence splitting, with offsets that point into the caller's text.

:func:`normalize` is length-preserving (one character in, one character out: full-width → half-width, odd spaces →
space, control characters → space), so every span found on its output is also a span of the input. Matching that must
ignore spacing (保 本 保 息) runs on :class:`Compact`, the text with whitespace removed plus a map back to positions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = {0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF}
_KEEP = {"\n", "\t"}
# full-width punctuation that reads better kept as is in Chinese text (NFKC would turn 。 into nothing similar anyway)
_KEEP_FULL = set("，。！？；：、（）【】“”‘’《》")


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII block → ASCII
        ch = chr(cp)
        if ch not in _KEEP_FULL:
            table[cp] = chr(cp - 0xFEE0)
    for cp in _SPACES:
        table[cp] = " "
    for cp in range(0x20):
        if chr(cp) not in _KEEP:
            table[cp] = " "
    table[0x7F] = " "
    table[0xFFFD] = " "
    return table


_TABLE = _table()


def normalize(text: str) -> str:
    """Full-width digits/letters/symbols → half-width, odd spaces and control characters → space; same length."""
    out = text.translate(_TABLE)
    if out.isascii():
        return out
    # other compatibility forms (①, ㎡ …) only where NFKC keeps the length of that character
    chars = list(out)
    for i, ch in enumerate(chars):
        if ord(ch) > 0x2000 and not ("\u4e00" <= ch <= "\u9fff"):
            n = unicodedata.normalize("NFKC", ch)
            if len(n) == 1:
                chars[i] = n
    return "".join(chars)


@dataclass(frozen=True, slots=True)
class Compact:
    """``text`` with whitespace removed; ``pos[i]`` is where compact character ``i`` sits in the original."""

    text: str
    pos: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Compact:
        """The compact view of an (already normalised) text."""
        if not any(ch.isspace() for ch in text):
            return cls(text, tuple(range(len(text))))
        kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
        return cls("".join(ch for _, ch in kept), tuple(i for i, _ in kept))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a compact span [start, end) back to the original text."""
        if end <= start:
            p = self.pos[start] if start < len(self.pos) else (self.pos[-1] + 1 if self.pos else 0)
            return p, p
        return self.pos[start], self.pos[end - 1] + 1


_SENT_END = re.compile(r"[。！？!?；;…]+[”’」』）)]*|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of a text: split after 。！？；… and at line breaks; blank pieces are dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
