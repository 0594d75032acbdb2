"""Quarantine: every record or value the ETL could not use, with source, line, field and reason.

One CSV per source (UTF-8 with BOM, so Excel opens the Chinese text correctly) under the delivery's state directory;
re-running a source rewrites its file, so a resumed load does not list a record twice.
"""

from __future__ import annotations

import csv
import json
import threading
from collections import Counter
from pathlib import Path
from typing import IO, Any

COLUMNS = ["来源 source", "行号 line", "字段 field", "原因 reason", "处理 action", "原始记录 raw"]
REJECTED = "rejected"  # the whole record was not loaded
VALUE_DROPPED = "value_dropped"  # the record was loaded without this value
UNLINKED = "unlinked"  # a relationship was not loaded: its other end is not in the graph


class Quarantine:
    """Writes quarantine rows for one source and counts them by action."""

    def __init__(self, directory: Path, source: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{source}.csv"
        self.source = source
        self.counts: Counter[str] = Counter()
        self._fh: IO[str] = self.path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(COLUMNS)
        self._lock = threading.Lock()  # the loader thread and the cleaning thread both report

    def add(self, line: int, field: str, reason: str, action: str = REJECTED, raw: Any = None) -> None:
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str) if raw else ""
        with self._lock:
            self._writer.writerow([self.source, line, field, reason, action, text[:2000]])
            self.counts[action] += 1

    def close(self) -> None:
        self._fh.close()


def merge_files(directory: Path, out: Path) -> int:
    """Concatenate the per-source files into one ``quarantine.csv``; returns its row count."""
    rows = 0
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for path in sorted(directory.glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as src:
                reader = csv.reader(src)
                next(reader, None)
                for row in reader:
                    writer.writerow(row)
                    rows += 1
    return rows
