"""Bounds on free-text streaming (`chat --stream`), like the schema bounds on structured output.

A small local model can loop ("🌱🌱🌱…", "haha haha haha…") until max_tokens. The guard watches the text as
it arrives and stops the stream (StopStream: the provider closes it, so the server stops generating) when
the tail repeats one unit over and over, or when the text passes its length cap. What the user saw keeps
the first copy of the repeated unit; `reason` says why the stream was stopped.
"""

from __future__ import annotations

from collections.abc import Callable

from huntaze_cli.providers.base import StopStream

MAX_STREAM_CHARS = 2000      # a fan reply; max_tokens bounds the server, this bounds what we print
LOOP_MIN_SPAN = 48           # a loop is one unit repeated over at least this many characters...
LOOP_MIN_REPEATS = 4         # ...and at least this many times
LOOP_MAX_UNIT = 40           # longest repeated unit looked for (a short phrase)
# Text this close to the end is held back until it cannot be part of a loop, so no loop is printed (a
# looping phrase is found once it fills LOOP_MIN_REPEATS copies). About a second of a small model's output.
HOLD_BACK = LOOP_MAX_UNIT * LOOP_MIN_REPEATS


def repeated_tail(text: str) -> tuple[int, int] | None:
    """(unit length, span) when the end of `text` is one unit repeated (see the constants); else None."""
    for unit in range(1, LOOP_MAX_UNIT + 1):
        repeats = max(LOOP_MIN_REPEATS, -(-LOOP_MIN_SPAN // unit))
        span = unit * repeats
        if span > len(text):
            continue
        tail = text[-span:]
        if tail == tail[-unit:] * repeats and tail.strip():
            return unit, span
    return None


class StreamGuard:
    """Wraps a stream's on_text: forwards text, holds back a loop, stops the stream when it must."""

    def __init__(self, sink: Callable[[str], None], *, max_chars: int = MAX_STREAM_CHARS) -> None:
        self.sink = sink
        self.max_chars = max_chars
        self.text = ""       # everything received
        self.shown = 0       # how much of it reached the sink
        self.reason: str | None = None

    def __call__(self, chunk: str) -> None:
        before = len(self.text)
        self.text += chunk
        # Every end position the chunk added is checked: a server may send a whole loop in one chunk.
        for end in range(max(before + 1, LOOP_MIN_SPAN), len(self.text) + 1):
            loop = repeated_tail(self.text[:end])
            if loop is not None:
                unit, span = loop
                start = end - span
                while start > 0 and self.text[start - 1] == self.text[start - 1 + unit]:  # where the loop began
                    start -= 1
                self._stop(start + unit, "the model kept repeating itself")
        if len(self.text) > self.max_chars:
            self._stop(self.max_chars, f"the reply passed {self.max_chars:,} characters")
        # Hold back a tail that could still turn out to be a loop, so a loop is never printed in full.
        self._show(max(self.shown, len(self.text) - HOLD_BACK))

    @property
    def kept(self) -> str:
        """The text the answer keeps: all of it, or up to where it was stopped."""
        return self.text

    def finish(self) -> None:
        """The stream ended normally: show the held-back tail."""
        self._show(len(self.text))

    def _show(self, upto: int) -> None:
        if upto > self.shown:
            self.sink(self.text[self.shown:upto])
            self.shown = upto

    def _stop(self, keep: int, reason: str) -> None:
        self.text = self.text[:keep]
        self.reason = reason
        self._show(len(self.text))
        raise StopStream(reason, kept=self.text)
