"""Natural persons: a growing pool with unique valid ID numbers and Chinese names."""

from __future__ import annotations

import numpy as np

from smokeindex.synth.identifiers import make_id_numbers
from smokeindex.synth.regions import RegionTree
from smokeindex.synth.rng import np_stream

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林晨阳建国志文斌海峰亮成东兵振"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀燕玲桂丹萍红琳雪梅莉婷慧颖倩洁佳琴云凤晶蕾欣怡璐嘉月兰英"
_SURNAME_WEIGHTS = np.array([1.0 / (i + 8) for i in range(len(SURNAMES))])
_SURNAME_WEIGHTS /= _SURNAME_WEIGHTS.sum()


class PersonPool:
    """All natural persons of a world; a person's index is stable and maps to a unique ID number."""

    def __init__(self, regions: RegionTree, seed: int) -> None:
        self._birthplaces = regions.birthplaces
        self._seed = seed
        self._rng = np_stream(seed, "people")
        self.ids: list[str] = []
        self.names: list[str] = []
        self.birth_years: list[int] = []
        self._next_index = 0

    def __len__(self) -> int:
        return len(self.ids)

    def _make(self, n: int) -> tuple[list[str], list[str], list[int]]:
        """Draw ``n`` fresh identities (not yet added)."""
        idx = np.arange(self._next_index, self._next_index + n, dtype=np.int64)
        self._next_index += n
        ids, births, sex = make_id_numbers(idx, self._birthplaces, self._seed)
        rng = self._rng
        surnames = rng.choice(len(SURNAMES), size=n, p=_SURNAME_WEIGHTS)
        two = rng.random(n) < 0.7
        g1 = rng.integers(0, 10_000, size=n)
        g2 = rng.integers(0, 10_000, size=n)
        names: list[str] = []
        for s, t, a, b, male in zip(
            surnames.tolist(), two.tolist(), g1.tolist(), g2.tolist(), sex.tolist(), strict=True
        ):
            pool = GIVEN_MALE if male else GIVEN_FEMALE
            given = pool[a % len(pool)] + (pool[b % len(pool)] if t else "")
            names.append(SURNAMES[s] + given)
        years = (births.astype("datetime64[Y]").astype(np.int64) + 1970).tolist()
        return ids, names, years

    def new(self, n: int, *, born_before: int | None = None, born_after: int | None = None) -> list[int]:
        """Add ``n`` new persons (optionally within a birth-year window) and return their pool indices."""
        out: list[int] = []
        while len(out) < n:
            want = n - len(out)
            batch = want if born_before is None and born_after is None else max(64, want * 6)
            ids, names, years = self._make(batch)
            for pid, name, year in zip(ids, names, years, strict=True):
                if (born_before is not None and year >= born_before) or (born_after is not None and year <= born_after):
                    continue
                out.append(len(self.ids))
                self.ids.append(pid)
                self.names.append(name)
                self.birth_years.append(year)
                if len(out) == n:
                    break
        return out
