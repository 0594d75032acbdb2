"""The "read" stage: stream raw records from CSV, JSONL and XLSX files with their line numbers.

A line that cannot be parsed (broken JSON, a CSV row with the wrong number of cells) is yielded with ``record=None``
and the reason, so the pipeline quarantines it instead of losing it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class RawRecord:
    line: int
    record: dict[str, Any] | None
    error: str = ""
    raw: str = ""


def read_csv(path: Path) -> Iterator[RawRecord]:
    """Rows of a UTF-8 CSV with a header line; ``line`` is the physical line where the row starts."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return
        width = len(header)
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not cells:
                continue
            if len(cells) != width:
                yield RawRecord(
                    line,
                    None,
                    f"列数不符：应为 {width} 列，实为 {len(cells)} 列 (wrong number of cells)",
                    ",".join(cells),
                )
                continue
            yield RawRecord(line, dict(zip(header, cells, strict=True)))


def read_jsonl(path: Path) -> Iterator[RawRecord]:
    """Objects of a JSON-lines file, one per line; blank lines are skipped."""
    with path.open(encoding="utf-8-sig") as fh:
        for line, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                yield RawRecord(line, None, f"JSON 解析失败 (invalid JSON): {e.msg} at column {e.colno}", text[:500])
                continue
            if not isinstance(obj, dict):
                yield RawRecord(line, None, "不是 JSON 对象 (not a JSON object)", text[:500])
                continue
            yield RawRecord(line, obj)


def read_xlsx(path: Path) -> Iterator[RawRecord]:
    """Rows of the first sheet of an XLSX workbook (header on row 1); cells become strings."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for line, cells in enumerate(rows, start=2):
            if cells is None or all(c is None or str(c).strip() == "" for c in cells):
                continue
            values = ["" if c is None else str(c) for c in cells]
            values += [""] * (len(header) - len(values))
            yield RawRecord(line, dict(zip(header, values[: len(header)], strict=True)))
    finally:
        workbook.close()


READERS = {"csv": read_csv, "jsonl": read_jsonl, "xlsx": read_xlsx}


def read_source(path: Path, fmt: str) -> Iterator[RawRecord]:
    """Records of one source file in its declared format."""
    return READERS[fmt](path)
