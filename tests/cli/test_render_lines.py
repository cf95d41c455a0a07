"""render.lines off a terminal: the plain text it writes without rich is what rich's console would print, and
where rich would rewrite the text (a tab, a carriage return, a stream that cannot take it) rich prints it."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console
from rich.text import Text

from huntaze_cli.cli import render

TRICKY = [
    "😄 Sunset run on the beach.",
    "a [bold]markup-looking[/] name and [/x]",
    "emoji code :fire: stays as written",
    "long " * 40,
    "two\nlines",
    "wide 日本語 text",
    "",
]


def _rich_prints(rows: list[list[render.Piece]]) -> str:
    buf = io.StringIO()
    console = Console(file=buf, highlight=False, soft_wrap=True, force_terminal=False)
    for row in rows:
        console.print(Text.assemble(*row))
    return buf.getvalue()


def _render(rows: list[list[render.Piece]], monkeypatch: pytest.MonkeyPatch, stream: io.TextIOBase) -> str:
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    render.reset_consoles()
    try:
        render.lines(rows)
    finally:
        render.reset_consoles()
    stream.seek(0)
    return stream.read()


@pytest.mark.parametrize("text", TRICKY)
def test_plain_lines_are_what_rich_prints(text, monkeypatch):
    rows = [[(text, None), (" #tag", "cyan")], [], [("Variant 1", "bold")]]
    assert _render(rows, monkeypatch, io.StringIO()) == _rich_prints(rows)


@pytest.mark.parametrize("text", ["a\ttab", "cr\rreturn", "bell\a", "feed\f"])
def test_text_rich_would_rewrite_is_printed_by_rich(text, monkeypatch):
    rows = [[(text, None)]]
    printed = _render(rows, monkeypatch, io.StringIO())
    assert printed == _rich_prints(rows)
    assert printed != text + "\n"  # rich did rewrite it: the plain writer would have been wrong here


def test_a_stream_that_cannot_take_the_text_gets_richs_own_error(monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    with pytest.raises(UnicodeEncodeError) as raised:
        _render([[("café ☕", None)]], monkeypatch, stream)
    assert "PYTHONIOENCODING=utf-8" in raised.value.reason  # rich says what to do; a bare write would not
