"""Chinese identifiers: USCC 统一社会信用代码 (GB 32100-2015) and ID numbers 居民身份证号 (GB 11643-1999)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUES = {c: (ord(c) - 55 if c.isalpha() else int(c)) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"
_ID_WEIGHTS_NP = np.array(_ID_WEIGHTS, dtype=np.int64)
_MA_SPACE = 31**6
_DIGIT_SPACE = 10**8


def uscc_check_char(first17: str) -> str:
    """Check character of a USCC from its first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """Check character of an 8-character organisation code (GB 11714)."""
    c = 11 - sum(_ORG_VALUES[ch] * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def is_valid_uscc(code: str) -> bool:
    """Whether a string is a well-formed USCC with a correct check character."""
    if len(code) != 18 or not code[:8].isdigit() or any(c not in USCC_ALPHABET for c in code[8:]):
        return False
    return code[17] == uscc_check_char(code[:17])


def id_check_char(first17: str) -> str:
    """Check character of an 18-digit ID number."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def is_valid_id(code: str) -> bool:
    """Whether a string is a well-formed 18-digit ID number with a correct check character."""
    if len(code) != 18 or not code[:17].isdigit() or code[17] not in "0123456789X":
        return False
    return code[17] == id_check_char(code[:17])


def _coprime_multiplier(space: int, seed: int) -> int:
    """A multiplier coprime with ``space`` for an affine bijection, derived from the seed."""
    a = int(space * 0.6180339887) + (seed % 9973) * 2 + 1
    while math.gcd(a, space) != 1:
        a += 1
    return a


def make_usccs(indices: Sequence[int], districts: Sequence[str], new_style: Sequence[bool], seed: int) -> list[str]:
    """Unique USCCs for enterprise indices: ``91`` + district + organisation code + check character.

    Enterprises registered since 2015 get ``MA``-style organisation codes, older ones numeric codes; a
    seeded affine bijection of the index keeps them unique.
    """
    a_ma, a_dig = _coprime_multiplier(_MA_SPACE, seed), _coprime_multiplier(_DIGIT_SPACE, seed + 1)
    b = seed * 7919
    out: list[str] = []
    for i, district, new in zip(indices, districts, new_style, strict=True):
        if new:
            j = (i * a_ma + b) % _MA_SPACE
            chars = []
            for _ in range(6):
                j, r = divmod(j, 31)
                chars.append(USCC_ALPHABET[r])
            body = "MA" + "".join(chars)
        else:
            body = f"{(i * a_dig + b) % _DIGIT_SPACE:08d}"
        first17 = "91" + district + body + org_code_check_char(body)
        out.append(first17 + uscc_check_char(first17))
    return out


BIRTH_FIRST = np.datetime64("1940-01-01")
BIRTH_LAST = np.datetime64("2004-12-31")


def make_id_numbers(
    indices: np.ndarray, birthplaces: Sequence[tuple[str, int]], seed: int
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Unique valid ID numbers for person indices, with their birth dates and sex (1 = male).

    ``birthplaces`` holds (code, first valid birth year); a seeded affine bijection maps each index into the
    disjoint union of (birthplace, valid birth day, sequence), so no two indices collide and every number
    passes ``stdnum.cn.ric`` (whose birthplace table is year-aware).
    """
    firsts = np.array(
        [max(BIRTH_FIRST, np.datetime64(f"{year:04d}-01-01")) if year else BIRTH_FIRST for _, year in birthplaces]
    ).astype("datetime64[D]")
    n_days = ((BIRTH_LAST - firsts).astype(np.int64) + 1).astype(np.int64)
    sizes = n_days * 1000
    cum = np.cumsum(sizes)
    space = int(cum[-1])
    a = _coprime_multiplier(space, seed + 2)
    q = (indices.astype(np.int64) * a + (seed * 104729) % space) % space  # no overflow: index < 1e9, a < 1e9
    region = np.searchsorted(cum, q, side="right")
    off = q - (cum[region] - sizes[region])
    day = off % n_days[region]
    seq = off // n_days[region]
    births = firsts[region] + day.astype("timedelta64[D]")
    years = births.astype("datetime64[Y]")
    months = births.astype("datetime64[M]")
    y = years.astype(np.int64) + 1970
    m = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    d = (births - months.astype("datetime64[D]")).astype(np.int64) + 1
    code_num = np.array([int(c) for c, _ in birthplaces], dtype=np.int64)[region]
    body = code_num * 10**11 + y * 10**7 + m * 10**5 + d * 10**3 + seq
    total = np.zeros(len(body), dtype=np.int64)
    rest = body.copy()
    for w in reversed(_ID_WEIGHTS):
        rest, digit = np.divmod(rest, 10)
        total += digit * w
    checks = (total % 11).tolist()
    ids = [f"{b:017d}{_ID_CHECK[c]}" for b, c in zip(body.tolist(), checks, strict=True)]
    return ids, births, (seq % 2).astype(np.int8)


def corrupt_check(code: str, alphabet: str) -> str:
    """Replace the check character with a different one from ``alphabet`` (deterministically)."""
    last = code[-1]
    idx = alphabet.index(last) if last in alphabet else 0
    return code[:-1] + alphabet[(idx + 1 + (ord(code[-2]) % (len(alphabet) - 1))) % len(alphabet)]


ID_ALPHABET = "0123456789X"
