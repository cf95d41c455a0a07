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


@dataclass(frozen=True)
class Table:
    rows: list[dict[str, Any]]
    columns: list[str]  # as the file spells them, in order (for JSON: every key met, in order of appearance)
    layout: str  # how it was read, for error sentences: "comma-separated CSV", "a JSON array"


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
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = detect_delimiter(header_line)
    layout = f"{DELIMITERS[delimiter]}-separated CSV"
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        header: list[str] | None = None
        width = 0
        rows: list[dict[str, Any]] = []
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
            if header is None:
                header = [c.strip() for c in cells]
                width = len(header)
                continue
            if len(cells) > width:
                raise InvalidInput(f"{path}, row {len(rows) + 1}: {len(cells)} cells where the header names "
                                   f"{width} columns ({layout}); quote cells that hold a "
                                   f"{DELIMITERS[delimiter]}, or remove the extra cells.")
            rows.append(dict(zip(header, cells, strict=False)))  # a short row: the missing cells are absent
    except csv.Error as exc:  # a cell over the csv module's 128 KB limit, a NUL byte...
        raise InvalidInput(f"{path} is not a CSV export this can read ({exc}).") from None
    return Table(rows, header or [], layout)


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
    return Table(data, list(columns), "a JSON array")


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
