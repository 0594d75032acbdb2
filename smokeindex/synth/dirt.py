"""Real-export dirt: full-width characters, name variants, gaps, duplicates, bad check characters, formats.

Every row gets at most one kind of dirt. Repairable kinds rewrite a value in place; ``duplicate`` adds an
exact copy of the row; the invalid-beyond-repair kinds (``bad_check``, ``missing_key``) add an EXTRA corrupted
copy of a clean row, so quarantining them loses no entity. Canonical forms (what a correct ETL recovers) are
defined by the ``canonical_*`` functions here.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from smokeindex.synth.identifiers import ID_ALPHABET, USCC_ALPHABET, corrupt_check

INVALID_KINDS = frozenset({"bad_check", "missing_key"})
KIND_ORDER = (
    "fullwidth",
    "name_variant",
    "missing",
    "date_format",
    "amount_format",
    "phone_format",
    "duplicate",
    "bad_check",
    "missing_key",
)


@dataclass(frozen=True)
class DirtConfig:
    """Per-row probabilities of each kind of dirt (each row gets at most one)."""

    fullwidth: float = 0.01
    name_variant: float = 0.02
    missing: float = 0.02
    date_format: float = 0.03
    amount_format: float = 0.03
    phone_format: float = 0.03
    duplicate: float = 0.01
    bad_check: float = 0.003
    missing_key: float = 0.002

    @classmethod
    def clean(cls) -> DirtConfig:
        """No dirt at all."""
        return cls(**{f.name: 0.0 for f in fields(cls)})

    def rate(self, kind: str) -> float:
        """The probability of one kind."""
        return float(getattr(self, kind))


# -- transformations -------------------------------------------------------------------------------------
def to_fullwidth(s: str) -> str:
    """ASCII letters and digits to their full-width forms (ＡＢＣ１２３)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)


def has_fullwidth_alnum(s: str) -> bool:
    """Whether a string contains full-width letters or digits."""
    return any("０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ" for c in s)


def name_variant(rng: random.Random, name: str) -> str:
    """有限公司 → 有限责任公司, （）→ (), or stray spaces."""
    options = []
    if "有限公司" in name and "股份有限公司" not in name:
        options.append("llc")
    if "（" in name:
        options.append("paren")
    options.append("space")
    pick = rng.choice(options)
    if pick == "llc":
        return name.replace("有限公司", "有限责任公司", 1)
    if pick == "paren":
        return name.replace("（", "(").replace("）", ")")
    cut = rng.randint(1, max(1, len(name) - 1))
    return rng.choice((" ", "", "  ")) + name[:cut] + rng.choice((" ", "  ", "\u3000")) + name[cut:] + " "


def date_variant(rng: random.Random, iso: str) -> str:
    """2023-01-05 (optionally with a time) as 2023/1/5, 2023年1月5日 or 20230105."""
    day, _, time = iso.partition(" ")
    d = dt.date.fromisoformat(day)
    style = rng.randrange(3)
    if style == 0:
        out = f"{d.year}/{d.month}/{d.day}"
    elif style == 1:
        out = f"{d.year}年{d.month}月{d.day}日"
    else:
        out = d.strftime("%Y%m%d")
        if time:
            return out + time.replace(":", "")
    return f"{out} {time}" if time else out


def amount_wan_variant(rng: random.Random, wan: str) -> str:
    """An amount in 万元 written as 50万元, 500000元 or 50.0."""
    value = float(wan)
    style = rng.randrange(3)
    if style == 0:
        return f"{wan}万元"
    if style == 1:
        yuan = value * 10_000
        return f"{yuan:.0f}元" if abs(yuan - round(yuan)) < 1e-6 else f"{yuan:.2f}元"
    return f"{wan}.0" if "." not in wan else f"{wan}0"


def amount_yuan_variant(rng: random.Random, yuan: str) -> str:
    """An amount in 元 written as 12,345.67, ¥12345.67 or 12345.67元."""
    value = float(yuan)
    style = rng.randrange(3) if value >= 1000 else rng.randrange(1, 3)
    if style == 0:
        return f"{value:,.2f}"
    if style == 1:
        return f"¥{yuan}"
    return f"{yuan}元"


def phone_variant(rng: random.Random, phone: str) -> str:
    """+86 138-1234-5678, 138 1234 5678, (0571)88776655, +86-571-88776655 ..."""
    if phone.startswith("1"):
        return rng.choice(
            (f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}", f"{phone[:3]} {phone[3:7]} {phone[7:]}", f"+86{phone}")
        )
    area, _, num = phone.partition("-")
    return rng.choice((f"({area}){num}", f"+86-{area[1:]}-{num}", f"{area}{num}"))


# -- canonical forms (what a correct ETL recovers) -------------------------------------------------------
_WS = re.compile(r"\s+")


def canonical_text(s: str) -> str:
    """NFKC, all whitespace removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", s))


def canonical_name(s: str) -> str:
    """Enterprise name: NFKC (so （） become ()), no whitespace, 有限责任公司 → 有限公司."""
    return canonical_text(s).replace("有限责任公司", "有限公司")


def canonical_phone(s: str) -> str:
    """Digits only, country code 86 dropped, landlines keep the leading 0 of the area code."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", s))
    if digits.startswith("86") and len(digits) > 11:
        digits = digits[2:]
    if digits and not digits.startswith(("0", "1")):
        digits = "0" + digits
    return digits


def canonical_email(s: str) -> str:
    """NFKC, stripped, lower case."""
    return canonical_text(s).lower()


def canonical_site(s: str) -> str:
    """Website or app name: NFKC, no whitespace, lower case."""
    return canonical_text(s).lower()


# -- the per-source engine ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """Which fields of a source each kind of dirt may touch."""

    fullwidth: tuple[str, ...] = ()
    name_variant: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    date_format: tuple[str, ...] = ()
    amount_wan: tuple[str, ...] = ()
    amount_yuan: tuple[str, ...] = ()
    phone_format: tuple[str, ...] = ()
    duplicate: bool = True
    uscc_fields: tuple[str, ...] = ()
    id_fields: tuple[str, ...] = ()
    key_fields: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What to write for one clean row, and which field (if any) was blanked."""

    rows: list[tuple[dict[str, Any], str | None, str | None]] = field(default_factory=list)
    blanked: str | None = None


class Dirtifier:
    """Applies at most one kind of dirt to each row of one source, deterministically."""

    def __init__(self, profile: Profile, cfg: DirtConfig, rng: random.Random) -> None:
        self.p = profile
        self.cfg = cfg
        self.rng = rng
        amounts = profile.amount_wan + profile.amount_yuan
        self._kinds: list[tuple[str, tuple[str, ...]]] = [
            ("fullwidth", profile.fullwidth),
            ("name_variant", profile.name_variant),
            ("missing", profile.missing),
            ("date_format", profile.date_format),
            ("amount_format", amounts),
            ("phone_format", profile.phone_format),
            ("duplicate", ("*",) if profile.duplicate else ()),
            ("bad_check", profile.uscc_fields + profile.id_fields),
            ("missing_key", ("*",) if profile.key_fields else ()),
        ]

    def process(self, row: Mapping[str, Any]) -> Outcome:
        """Decide the dirt for one clean row."""
        out = Outcome()
        clean = dict(row)
        u = self.rng.random()
        acc = 0.0
        for kind, flds in self._kinds:
            rate = self.cfg.rate(kind) if flds else 0.0
            acc += rate
            if u < acc:
                applied = self._apply(kind, flds, clean, out)
                if applied:
                    return out
                break
        out.rows.append((clean, None, None))
        return out

    def _apply(self, kind: str, flds: tuple[str, ...], clean: dict[str, Any], out: Outcome) -> bool:
        rng = self.rng
        if kind == "duplicate":
            out.rows += [(clean, None, None), (dict(clean), "duplicate", None)]
            return True
        if kind == "missing_key":
            bad = dict(clean)
            for k in self.p.key_fields:
                bad[k] = ""
            out.rows += [(clean, None, None), (bad, "missing_key", ",".join(self.p.key_fields))]
            return True
        candidates = [f for f in flds if isinstance(clean.get(f), str) and clean[f]]
        if kind == "fullwidth":
            candidates = [f for f in candidates if any(c.isascii() and c.isalnum() for c in clean[f])]
        if not candidates:
            return False
        f = candidates[rng.randrange(len(candidates))]
        value: str = clean[f]
        if kind == "bad_check":
            alphabet = USCC_ALPHABET if f in self.p.uscc_fields else ID_ALPHABET
            bad = dict(clean)
            bad[f] = corrupt_check(value, alphabet)
            out.rows += [(clean, None, None), (bad, "bad_check", f)]
            return True
        dirty = dict(clean)
        if kind == "fullwidth":
            dirty[f] = to_fullwidth(value)
        elif kind == "name_variant":
            dirty[f] = name_variant(rng, value)
        elif kind == "missing":
            dirty[f] = ""
            out.blanked = f
        elif kind == "date_format":
            dirty[f] = date_variant(rng, value)
        elif kind == "amount_format":
            dirty[f] = amount_wan_variant(rng, value) if f in self.p.amount_wan else amount_yuan_variant(rng, value)
        elif kind == "phone_format":
            dirty[f] = phone_variant(rng, value)
        out.rows.append((dirty, kind, f))
        return True


def fmt_wan(value: float) -> str:
    """A clean 万元 amount: shortest decimal, no trailing zeros (50, 12.5, 0.3333)."""
    s = f"{value:.4f}".rstrip("0").rstrip(".")
    return s or "0"
