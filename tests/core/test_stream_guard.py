"""core/stream_guard.py: loops and overlong streams are stopped, normal text passes untouched."""

from __future__ import annotations

import pytest

from huntaze_cli.core.stream_guard import StreamGuard, repeated_tail
from huntaze_cli.providers.base import StopStream


def feed(text: str, size: int = 1) -> tuple[str, StreamGuard, StopStream | None]:
    shown: list[str] = []
    guard = StreamGuard(shown.append, max_chars=500)
    try:
        for i in range(0, len(text), size):
            guard(text[i:i + size])
        guard.finish()
    except StopStream as stop:
        return "".join(shown), guard, stop
    return "".join(shown), guard, None


@pytest.mark.parametrize("size", [1, 3, 1000])
def test_an_emoji_loop_is_cut_back_to_one_copy(size: int) -> None:
    shown, guard, stop = feed("Sunset vibes " + "🌅" * 200 + " never seen", size)
    assert stop is not None and stop.reason == "the model kept repeating itself"
    assert shown == guard.kept == stop.kept == "Sunset vibes 🌅"


def test_a_phrase_loop_is_cut_back_to_one_copy() -> None:
    shown, _, stop = feed("Hi! " + "love you so much, " * 30, size=4)
    assert stop is not None and shown.rstrip() == "Hi! love you so much,"


def test_the_length_cap_stops_a_long_reply() -> None:
    text = " ".join(f"w{i}" for i in range(400))
    shown, _, stop = feed(text, size=7)
    assert stop is not None and stop.reason == "the reply passed 500 characters" and shown == text[:500]


def test_normal_text_with_some_repetition_passes_whole() -> None:
    text = "Haha yes!! See you tonight, babe. So so so excited... " * 2 + "xoxo"
    shown, guard, stop = feed(text, size=5)
    assert stop is None and shown == text and guard.reason is None


def test_repeated_tail_needs_span_and_repeats() -> None:
    assert repeated_tail("ab" * 23) is None        # 46 characters: under the span
    assert repeated_tail("ab" * 24) == (2, 48)
    assert repeated_tail(" " * 60) is None          # whitespace is not a loop worth stopping
