"""A table described once, printed by rich on a terminal and, off one, as the very text rich would print there
without importing rich (its import is ~25-35 ms of a command that prints a few rows into a pipe).

The plain writer covers what huntaze's list commands print: a left-justified title, a header, rows, an optional
footer, left or right justified columns in rich's default box (HEAVY_HEAD), each column as wide as its widest
cell. Whenever rich would do more than that, the table goes to rich: a table wider than the console (rich
shrinks and folds it), a character whose width rich measures its own way (anything outside printable ASCII but
a few known one-column signs), text rich would read as an emoji code, or an output encoding that cannot write
the box. tests/cli/test_plain_table.py checks the two against each other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, Literal

# Non-ASCII signs huntaze puts in cells or titles whose width rich measures as one column.
_ONE_COLUMN = frozenset("→…·—–")
_STD_STREAMS = (0, 1, 2)  # rich asks stdin, stdout then stderr for the terminal's size


class Column:
    """One column: what rich's Table.add_column is given. (Plain classes: a dataclass costs ~0.5 ms to create at
    import, on a path whose whole point is start-up.)"""

    __slots__ = ("header", "justify", "footer", "no_wrap", "overflow")

    def __init__(self, header: str, justify: Literal["left", "right"] = "left", *, footer: str = "",
                 no_wrap: bool = False, overflow: Literal["fold", "ellipsis"] = "ellipsis") -> None:
        self.header, self.justify, self.footer = header, justify, footer
        self.no_wrap, self.overflow = no_wrap, overflow


class TableSpec:
    """A titled table; a cell is literal text, or a tuple of render.Piece runs of styled text."""

    __slots__ = ("title", "columns", "rows", "show_footer")

    def __init__(self, title: str, columns: list[Column], *, show_footer: bool = False) -> None:
        self.title, self.columns, self.show_footer = title, columns, show_footer
        self.rows: list[list[Any]] = []

    def add_row(self, *cells: Any) -> None:
        self.rows.append(["" if cell is None else cell for cell in cells])  # rich prints None as ""

    def to_rich(self) -> Any:  # -> rich.table.Table
        from rich.table import Table
        from rich.text import Text

        # Text throughout: what the table says is printed literally, never read as markup.
        grid = Table(title=Text(self.title, style="table.title"), title_justify="left", show_footer=self.show_footer)
        for col in self.columns:
            grid.add_column(Text(col.header), justify=col.justify, footer=Text(col.footer), no_wrap=col.no_wrap,
                            overflow=col.overflow)
        for row in self.rows:
            grid.add_row(*(Text(cell) if isinstance(cell, str) else Text.assemble(*cell) for cell in row))
        return grid


def cell_text(cell: Any) -> str:
    return cell if isinstance(cell, str) else "".join(text for text, _ in cell)


def _plain_safe(text: str) -> bool:
    return all(" " <= ch <= "~" or ch in _ONE_COLUMN for ch in text)


def _may_be_markup(title: str) -> bool:
    """Whether rich could read part of a title as markup or an emoji code (`:name:` needs two colons with no
    space between them; a regex would cost its compilation at every start-up)."""
    return "[" in title or any(word.count(":") > 1 for word in title.split())


def console_width() -> int:
    """The width rich's Console gives stdout off a terminal: COLUMNS, else the size of the first standard
    stream that is a terminal, else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    width = 0
    for fd in _STD_STREAMS:
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return width or 80


def natural_width(table: TableSpec) -> int:
    return sum(w + 2 for w in _widths(table)) + len(table.columns) + 1


def _widths(table: TableSpec) -> list[int]:
    widths = [len(col.header) for col in table.columns]
    if table.show_footer:
        widths = [max(w, len(col.footer)) for w, col in zip(widths, table.columns, strict=True)]
    for row in table.rows:
        widths = [max(w, len(cell_text(cell))) for w, cell in zip(widths, row, strict=True)]
    return widths


def plain_text(table: TableSpec, width: int) -> str | None:
    """The table as rich prints it off a terminal at `width` columns, or None when only rich can say."""
    texts = [[cell_text(cell) for cell in row] for row in table.rows]
    everything = [table.title, *(c.header for c in table.columns), *(c.footer for c in table.columns),
                  *(t for row in texts for t in row)]
    if not all(_plain_safe(t) for t in everything) or _may_be_markup(table.title):
        return None
    if any("  " in t or t != t.strip() for row in texts for t in row):
        return None  # rich's wrapping treats runs of spaces its own way; leave them to it
    if not utf8_stdout():
        return None
    widths = _widths(table)
    if natural_width(table) > width or len(table.title) > width:
        return None

    def line(cells: Sequence[str], bar: str) -> str:
        padded = [f" {t.rjust(w) if col.justify == 'right' else t.ljust(w)} "
                  for t, w, col in zip(cells, widths, table.columns, strict=True)]
        return bar + bar.join(padded) + bar

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    out = [table.title] if table.title else []
    out += [rule("┏", "━", "┳", "┓"), line([c.header for c in table.columns], "┃"), rule("┡", "━", "╇", "┩")]
    out += [line(row, "│") for row in texts]
    if table.show_footer:
        out += [rule("├", "─", "┼", "┤"), line([c.footer for c in table.columns], "│")]
    out.append(rule("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"


def utf8_stdout() -> bool:
    """Whether stdout can take any text: a UTF-8 stream, or one with no encoding (an in-memory one)."""
    encoding = getattr(sys.stdout, "encoding", None)
    return encoding is None or encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")
