"""Bulk bank transfers: vectorised background traffic merged with the planted flows, written in chunks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from smokeindex.synth.dirt import DirtConfig, amount_yuan_variant, date_variant, to_fullwidth
from smokeindex.synth.model import ACTIVITY_END, ACTIVITY_START, MEMO, MEMOS, World
from smokeindex.synth.writers import CsvSink

TRANSFER_COLUMNS = ("交易流水号", "付款账号", "收款账号", "交易金额(元)", "交易时间", "摘要")
# (share, source kind, target kind, log-mean yuan, log-sd, memos)
_CATEGORIES = (
    (0.45, "E", "E", 9.6, 1.3, ("货款", "货款", "服务费", "")),
    (0.20, "E", "P", 8.6, 0.6, ("工资", "工资", "报销")),
    (0.15, "P", "E", 6.3, 1.1, ("货款", "消费", "房租", "服务费")),
    (0.20, "P", "P", 6.8, 1.2, ("转账", "转账", "还款", "")),
)
_HOURS = np.array([8, 9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 16, 17, 18, 20, 21, 22, 1])


@dataclass
class TransferTable:
    """All transfers, sorted by time: account indices, amount in cents, unix seconds, memo code."""

    src: np.ndarray
    dst: np.ndarray
    cents: np.ndarray
    ts: np.ndarray
    memo: np.ndarray

    def __len__(self) -> int:
        return len(self.src)


def build_transfers(w: World, rng: np.random.Generator, total: int) -> TransferTable:
    """Background traffic (heavy-tailed account activity) topped up to ``total`` rows, plus planted flows."""
    kinds = np.array(w.accounts.kinds)
    is_ent = kinds == "E"
    activity = rng.lognormal(0.0, 1.0, size=len(kinds))
    pools = {"E": np.flatnonzero(is_ent), "P": np.flatnonzero(~is_ent)}
    f = w.flows
    n_bg = max(0, total - len(f.src))
    start = int(dt.datetime.combine(ACTIVITY_START, dt.time(), dt.UTC).timestamp())
    n_days = (ACTIVITY_END - ACTIVITY_START).days + 1
    parts_src, parts_dst, parts_cents, parts_ts, parts_memo = [], [], [], [], []
    for share, sk, dk, mu, sd, memos in _CATEGORIES:
        c = int(round(n_bg * share))
        sp, dp = pools[sk], pools[dk]
        if c == 0 or len(sp) == 0 or len(dp) < 2:
            continue
        ps = activity[sp] / activity[sp].sum()
        pd = activity[dp] / activity[dp].sum()
        s = sp[rng.choice(len(sp), size=c, p=ps)]
        d_idx = rng.choice(len(dp), size=c, p=pd)
        d = dp[d_idx]
        same = s == d
        d[same] = dp[(d_idx[same] + 1) % len(dp)]
        yuan = rng.lognormal(mu, sd, size=c)
        cents = np.maximum(100, np.round(yuan * 100)).astype(np.int64)
        if sk == "E" and dk == "E":
            cents = (cents // 100) * 100
        days = rng.integers(0, n_days, size=c)
        secs = _HOURS[rng.integers(0, len(_HOURS), size=c)] * 3600 + rng.integers(0, 3600, size=c)
        memo_codes = np.array([MEMO.get(m, 8) for m in memos], dtype=np.int16)
        parts_src.append(s.astype(np.int32))
        parts_dst.append(d.astype(np.int32))
        parts_cents.append(cents)
        parts_ts.append(start + days.astype(np.int64) * 86_400 + secs)
        parts_memo.append(memo_codes[rng.integers(0, len(memo_codes), size=c)])
    parts_src.append(np.array(f.src, dtype=np.int32))
    parts_dst.append(np.array(f.dst, dtype=np.int32))
    parts_cents.append(np.array(f.cents, dtype=np.int64))
    parts_ts.append(np.array(f.ts, dtype=np.int64))
    parts_memo.append(np.array(f.memo, dtype=np.int16))
    ts = np.concatenate(parts_ts)
    order = np.argsort(ts, kind="stable")
    return TransferTable(
        src=np.concatenate(parts_src)[order],
        dst=np.concatenate(parts_dst)[order],
        cents=np.concatenate(parts_cents)[order],
        ts=ts[order],
        memo=np.concatenate(parts_memo)[order],
    )


def txn_id(i: int) -> str:
    """The transaction serial of the i-th transfer (time order)."""
    return f"T{i + 1:012d}"


def write_transfers(
    table: TransferTable,
    numbers: list[str],
    sink: CsvSink,
    cfg: DirtConfig,
    rng: random.Random,
    log: Callable[[int, str, str | None], None],
    progress: Callable[[int], None],
    chunk: int = 100_000,
) -> None:
    """Write all transfers in chunks, planting dirt on a few rows (recorded through ``log``)."""
    memos = list(MEMOS)
    kinds = ("fullwidth", "date_format", "amount_format", "duplicate", "missing_key")
    rates = np.cumsum([cfg.fullwidth, cfg.date_format, cfg.amount_format, cfg.duplicate, cfg.missing_key])
    nrng = np.random.Generator(np.random.PCG64(rng.getrandbits(63)))
    for lo in range(0, len(table), chunk):
        hi = min(lo + chunk, len(table))
        src = table.src[lo:hi].tolist()
        dst = table.dst[lo:hi].tolist()
        yuan, frac = np.divmod(table.cents[lo:hi], 100)
        stamps = np.datetime_as_string(table.ts[lo:hi].astype("datetime64[s]"), unit="s").tolist()
        memo = table.memo[lo:hi].tolist()
        lines = [
            f"T{lo + i + 1:012d},{numbers[s]},{numbers[d]},{y}.{fr:02d},{t[:10]} {t[11:]},{memos[m]}\n"
            for i, (s, d, y, fr, t, m) in enumerate(
                zip(src, dst, yuan.tolist(), frac.tolist(), stamps, memo, strict=True)
            )
        ]
        u = nrng.random(hi - lo)
        which = np.searchsorted(rates, u, side="right")
        dirty = np.flatnonzero(which < len(kinds))
        inserts: dict[int, str] = {}
        for j in dirty.tolist():
            kind = kinds[int(which[j])]
            row = lines[j].rstrip("\n").split(",")
            if kind == "fullwidth":
                k = rng.choice((1, 2))
                row[k] = to_fullwidth(row[k])
                lines[j] = _csv_line(row)
                inserts[j] = f"{kind}:{TRANSFER_COLUMNS[k]}"
            elif kind == "date_format":
                row[4] = date_variant(rng, row[4])
                lines[j] = _csv_line(row)
                inserts[j] = f"{kind}:{TRANSFER_COLUMNS[4]}"
            elif kind == "amount_format":
                row[3] = amount_yuan_variant(rng, row[3])
                lines[j] = _csv_line(row)
                inserts[j] = f"{kind}:{TRANSFER_COLUMNS[3]}"
            else:
                inserts[j] = kind
        buf: list[str] = []
        line = sink.line
        for j, text in enumerate(lines):
            buf.append(text)
            line += 1
            tag = inserts.get(j)
            if tag is None:
                continue
            if tag == "duplicate":
                buf.append(text)
                line += 1
                log(line, "duplicate", None)
            elif tag == "missing_key":
                row = text.rstrip("\n").split(",")
                row[1] = ""
                buf.append(_csv_line(row))
                line += 1
                log(line, "missing_key", TRANSFER_COLUMNS[1])
            else:
                kind, _, fld = tag.partition(":")
                log(line, kind, fld)
        sink.write_raw("".join(buf), line - sink.line)
        progress(hi)


def _csv_line(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue()
