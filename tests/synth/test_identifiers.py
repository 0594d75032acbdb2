"""Check characters: clean identifiers valid, planted-invalid ones really invalid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from helpers import dirt_lines, nfkc, read_csv
from stdnum.cn import ric, uscc

from smokeindex.synth import Manifest
from smokeindex.synth.identifiers import (
    USCC_ALPHABET,
    corrupt_check,
    id_check_char,
    is_valid_id,
    is_valid_uscc,
    make_id_numbers,
    make_usccs,
    uscc_check_char,
)
from smokeindex.synth.regions import load_regions


def test_generators_agree_with_stdnum() -> None:
    codes = make_usccs(range(3000), ["330106"] * 3000, [i % 3 != 0 for i in range(3000)], seed=5)
    assert len(set(codes)) == 3000
    assert all(uscc.is_valid(c) and is_valid_uscc(c) for c in codes)
    assert all(uscc_check_char(c[:17]) == uscc.calc_check_digit(c[:17]) for c in codes[:200])
    ids, _, _ = make_id_numbers(np.arange(20_000), load_regions().birthplaces, seed=5)
    assert len(set(ids)) == 20_000
    assert all(ric.is_valid(i) and is_valid_id(i) for i in ids)
    assert all(id_check_char(i[:17]) == ric.calc_check_digit(i) for i in ids[:200])
    bad = corrupt_check(codes[0], USCC_ALPHABET)
    assert bad != codes[0] and not uscc.is_valid(bad)


SOURCES = {
    "registry": ("registry.csv", ("统一社会信用代码",), ("法定代表人证件号码",)),
    "shareholders": ("shareholders.csv", ("企业统一社会信用代码",), ()),
    "executives": ("executives.csv", ("企业统一社会信用代码",), ("证件号码",)),
    "accounts": ("accounts.csv", (), ()),
}


def test_clean_rows_valid_and_invalid_rows_invalid(world: tuple[Path, Manifest]) -> None:
    root, m = world
    dirt = dirt_lines(root)
    for source, (file, usccs, ids) in SOURCES.items():
        invalid = {i["line"]: i for i in m.dirt[source]["invalid"]}
        for line, row in read_csv(root / file):
            holder_cols: list[tuple[str, bool]] = [(c, True) for c in usccs] + [(c, False) for c in ids]
            if source == "shareholders":
                holder_cols.append(("股东证件号码", row["股东类型"] == "企业法人"))
            if source == "accounts":
                holder_cols.append(("证件号码", row["账户类型"] == "对公"))
            valid = all((uscc.is_valid if is_uscc else ric.is_valid)(nfkc(row[c])) for c, is_uscc in holder_cols)
            if line in invalid:
                reason = invalid[line]["reason"]
                assert dirt[source][line][0] == reason
                if reason == "bad_check":
                    assert not valid, (source, line)
                else:
                    assert all(row[k] == "" for k in invalid[line]["field"].split(",")), (source, line)
            else:
                assert valid, (source, line, row)
