"""The rows of an export: a CSV file (comma, semicolon, tab or pipe separated, detected from its header) or
a JSON array of objects (or an object holding one). A CSV row with more cells than the header names is
refused with its row number: the cells would otherwise land in no column, or in the wrong one."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huntaze_cli.errors import InvalidInput

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class Table:
    columns: list[str]  # as the file spells them, in order (for JSON: every key met, in order of appearance)
    layout: str  # how it was read, for error sentences: "comma-separated CSV", "a JSON array"
    cells: list[list[str]] | None = None  # a CSV file's rows as read (no dict per row: 200,000 rows are common)
    objects: list[dict[str, Any]] | None = None  # a JSON array's objects

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Every row as a dict of column → value (a short CSV row lacks its missing cells)."""
        if self.objects is None:
            self.objects = [dict(zip(self.columns, cells, strict=False)) for cells in self.cells or []]
        return self.objects

    def lists(self) -> list[list[Any]]:
        """Every row as a list of values in the order of `columns` (a short CSV row stays short)."""
        if self.cells is not None:
            return self.cells
        return [[obj.get(c) for c in self.columns] for obj in self.objects or []]

    def __len__(self) -> int:
        return len(self.cells) if self.cells is not None else len(self.objects or [])


def read_table(path: str, *keys: str, what: str = "it") -> Table:
    """`keys` are the names an object may hold its array under (besides "data"); `what` names the export
    in error sentences."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.__class__.__name__}).") from None
    if not text.strip():
        raise InvalidInput(f"{path} is empty; export {what} as CSV or a JSON array.")
    if text.lstrip().startswith(("[", "{")):
        return _json_table(text, path, keys, what)
    return _csv_table(text, path)


def read_records(path: str, *keys: str, what: str = "it") -> list[dict[str, Any]]:
    return read_table(path, *keys, what=what).rows


def detect_delimiter(header: str) -> str:
    """The separator the header line uses most (a one-column file: a comma)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_table(text: str, path: str) -> Table:
    header_line = next((line for line in io.StringIO(text) if line.strip()), "")  # lazily: not every line
    delimiter = detect_delimiter(header_line)
    layout = f"{DELIMITERS[delimiter]}-separated CSV"
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        lines = [cells for cells in reader if cells and (len(cells) > 1 or cells[0].strip())]  # no blank lines
    except csv.Error as exc:  # a cell over the csv module's 128 KB limit, a NUL byte...
        raise InvalidInput(f"{path} is not a CSV export this can read ({exc}).") from None
    header = [c.strip() for c in lines[0]] if lines else []
    width = len(header)
    rows = lines[1:]
    too_wide = bool(rows) and max(map(len, rows)) > width  # in C: the loop below only finds the row to name
    for index, cells in enumerate(rows if too_wide else (), 1):
        if len(cells) > width:
            raise InvalidInput(f"{path}, row {index}: {len(cells)} cells where the header names {width} columns "
                               f"({layout}); quote cells that hold a {DELIMITERS[delimiter]}, or remove the extra "
                               "cells.")
    return Table(header, layout, cells=rows)


def _json_table(text: str, path: str, keys: tuple[str, ...], what: str) -> Table:
    from huntaze_cli.io.jsonio import loads

    data = loads(text, path, f"export {what} again as CSV or a JSON array")
    if isinstance(data, dict):
        data = next((data[k] for k in (*keys, "data") if k in data), None)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidInput(f"{path}: expected a JSON array of objects.")
    columns: dict[str, None] = {}
    for index, row in enumerate(data, 1):
        finite_values(row, f"{path}, row {index}")
        columns.update(dict.fromkeys(str(k) for k in row))
    return Table(list(columns), "a JSON array", objects=data)


def finite_values(value: Any, where: str) -> None:
    """JSON's 1e400 parses as inf: refused anywhere in a row, or `--json` output could not print it."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{where}: {value} is not a finite number; fix the export and import again.")
    if isinstance(value, dict):
        for item in value.values():
            finite_values(item, where)
    elif isinstance(value, list):
        for item in value:
            finite_values(item, where)
