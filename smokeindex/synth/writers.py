"""File sinks that count lines and hash their output; the XLSX sink is made byte-reproducible."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

_FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


class CsvSink:
    """A UTF-8 CSV with a Chinese header; line 1 is the header, data starts at line 2."""

    fmt = "csv"

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.columns = list(columns)
        self._f: TextIO = path.open("w", encoding="utf-8", newline="")
        self._w = csv.writer(self._f, lineterminator="\n")
        self._w.writerow(self.columns)
        self.line = 1
        self.rows = 0

    def write(self, row: dict[str, Any]) -> int:
        """Write one row (by column name) and return its line number."""
        self._w.writerow([row.get(c, "") for c in self.columns])
        self.line += 1
        self.rows += 1
        return self.line

    def write_raw(self, text: str, n_lines: int) -> None:
        """Append pre-formatted lines (the bulk path)."""
        self._f.write(text)
        self.line += n_lines
        self.rows += n_lines

    def close(self) -> None:
        """Flush and close."""
        self._f.close()


class JsonlSink:
    """One JSON object per line (UTF-8, not ASCII-escaped); line 1 is the first record."""

    fmt = "jsonl"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._f: TextIO = path.open("w", encoding="utf-8", newline="\n")
        self.line = 0
        self.rows = 0

    def write(self, row: dict[str, Any]) -> int:
        """Write one record and return its line number."""
        self._f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.line += 1
        self.rows += 1
        return self.line

    def close(self) -> None:
        """Flush and close."""
        self._f.close()


class XlsxSink:
    """A single-sheet workbook written in openpyxl write-only mode; row 1 is the header."""

    fmt = "xlsx"

    def __init__(self, path: Path, sheet: str, columns: Sequence[str]) -> None:
        from openpyxl import Workbook

        self.path = path
        self.columns = list(columns)
        self._wb = Workbook(write_only=True)
        fixed = dt.datetime(2024, 1, 1)
        self._wb.properties.created = fixed
        self._wb.properties.modified = fixed
        self._wb.properties.creator = "smokeindex.synth"
        self._ws = self._wb.create_sheet(sheet)
        self._ws.append(self.columns)
        self.line = 1
        self.rows = 0

    def write(self, row: dict[str, Any]) -> int:
        """Append one row and return its sheet row number."""
        self._ws.append([row.get(c, None) for c in self.columns])
        self.line += 1
        self.rows += 1
        return self.line

    def close(self) -> None:
        """Save, then rewrite the zip with fixed entry timestamps so equal content gives equal bytes."""
        tmp = self.path.with_suffix(".tmp.xlsx")
        self._wb.save(tmp)
        with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o644 << 16
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the current time
                    data = _MODIFIED.sub(b"\\g<1>2024-01-01T00:00:00Z\\g<2>", data)
                dst.writestr(fixed, data)
        tmp.unlink()
