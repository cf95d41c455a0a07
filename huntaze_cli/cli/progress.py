"""A batch's progress bar on a terminal's stderr, drawn by hand: `batch ━━━━━━╺━━━━━━━━ 523/1000 0:00:02`.

rich's Progress looks the same but costs a batch CPU it needs for its items: importing rich's console and
live display (~50 ms of a run's start, before the first request), and a refresh thread taking the GIL ten
times a second to render the whole line. This one redraws only when an item ends, at most ten times a
second, on the thread that already writes the output; it is erased when the batch ends (as rich's transient
bar was), so the summary line takes its place.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import IO

# rich's default bar colours (bar.complete, bar.back), as 256-colour codes; none under NO_COLOR.
_DONE_STYLE, _LEFT_STYLE, _RESET = "\x1b[38;5;197m", "\x1b[38;5;237m", "\x1b[0m"
_BAR_WIDTH = 40     # rich's BarColumn default
_REDRAW_S = 0.1     # rich's refresh rate (10 per second)


def clock(seconds: float | None) -> str:
    """H:MM:SS as rich's TimeRemainingColumn writes it; -:--:-- while unknown."""
    if seconds is None:
        return "-:--:--"
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def bar_line(done: int, total: int, elapsed: float, width: int, color: bool) -> str:
    """The line for `done` of `total` items after `elapsed` seconds, fitted to a terminal `width` columns wide."""
    remaining = elapsed / done * (total - done) if done and elapsed > 0 else None
    count = f"{done}/{total}"
    tail = f" {count:>{2 * len(str(total)) + 1}} {clock(remaining)}"
    size = max(0, min(_BAR_WIDTH, width - 1 - len("batch ") - len(tail)))
    filled = size * done // total if total else size
    bar = "━" * filled + ("╺" if filled < size else "") + "━" * max(0, size - filled - 1)
    if color and size:
        bar = f"{_DONE_STYLE}{bar[:filled]}{_LEFT_STYLE}{bar[filled:]}{_RESET}"
    return f"batch {bar}{tail}"


class ProgressBar:
    """`advance` after each item; `stop` erases the bar. `clear` erases it for a line of text (redrawn later)."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.color = "NO_COLOR" not in os.environ
        self.started = time.monotonic()
        self.drawn_at = -_REDRAW_S
        self._draw()

    def advance(self) -> None:
        self.done += 1
        if time.monotonic() - self.drawn_at >= _REDRAW_S or self.done == self.total:
            self._draw()

    def clear(self) -> None:
        self.stream.write("\r\x1b[2K")
        self.stream.flush()
        self.drawn_at = -_REDRAW_S   # the next advance draws it again

    def stop(self) -> None:
        self.clear()

    def _draw(self) -> None:
        now = time.monotonic()
        self.drawn_at = now
        width = shutil.get_terminal_size().columns
        self.stream.write("\r" + bar_line(self.done, self.total, now - self.started, width, self.color) + "\x1b[K")
        self.stream.flush()
