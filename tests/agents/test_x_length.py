"""X's weighted length as X counts it (twitter-text v3: URLs 23 with or without a scheme, an emoji sequence 2,
CJK 2), and cutting that never returns an empty caption nor splits a character. The expected values are
worked out by hand from X's published counting rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huntaze_cli.agents.platforms import ELLIPSIS, compose_post, enforce_caption
from huntaze_cli.agents.x_length import X_MAX_WEIGHTED, fitting_prefix_bound, weighted_length

FLAG_FR = "\U0001F1EB\U0001F1F7"
KEYCAP_ONE = "1\ufe0f\u20e3"
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
THUMB_DARK = "\U0001F44D\U0001F3FF"


@pytest.mark.parametrize("text,expected", [
    ("hello", 5),
    ("see https://example.com/a/very/long/path?x=1", 4 + 23),
    ("see example.com/a/very/long/path", 4 + 23),          # no scheme: still a URL
    ("see www.example.org", 4 + 23),
    ("two links a.co and https://b.io/x", 10 + 23 + 5 + 23),
    (FLAG_FR, 2), (KEYCAP_ONE, 2), (FAMILY, 2), (THUMB_DARK, 2),
    (f"go {FLAG_FR}{FLAG_FR}", 3 + 4),
    ("日本語", 6), ("カフェ", 6),
    ("e\u0301", 1),                                        # normalised to é before counting
    ("— “quotes” ‘single’", 1 + 1 + 8 + 1 + 8),            # general punctuation weighs 1
])
def test_weighted_length(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


def test_fitting_prefix_bound_is_an_upper_bound() -> None:
    text = "word " * 100 + "https://example.com/" + "a" * 500 + " 日本" * 50
    bound = fitting_prefix_bound(text, X_MAX_WEIGHTED)
    assert bound < len(text)
    assert all(weighted_length(text[:i]) > X_MAX_WEIGHTED for i in range(bound + 1, len(text) + 1, 5))


def test_a_161_character_japanese_caption_is_cut_not_emptied() -> None:
    caption = ("今日は海辺で夕日を見ながら走りました。風が気持ちよくて最高の一日でした！" * 5)[:161]
    assert len(caption) == 161 and weighted_length(caption) == 322
    for tags in ([], ["#ランニング", "#夕日"]):
        text, kept = enforce_caption(caption, tags, "x")
        assert text and weighted_length(compose_post(text, kept)) <= X_MAX_WEIGHTED
        assert kept == tags  # CJK is cut between characters: no need to give up the hashtags
        core = text.removesuffix(ELLIPSIS)
        assert caption.startswith(core) and len(core) >= 120


@pytest.mark.parametrize("unit", [FLAG_FR, KEYCAP_ONE, FAMILY, THUMB_DARK, "e\u0301"])
def test_cuts_never_split_a_character(unit: str) -> None:
    caption = unit * 300
    text, _ = enforce_caption(caption, [], "x")
    core = text.removesuffix(ELLIPSIS)
    assert core and len(core) % len(unit) == 0 and caption.startswith(core)
    assert weighted_length(text) <= X_MAX_WEIGHTED


def test_a_latin_word_too_long_for_the_post_is_cut_as_a_last_resort() -> None:
    # Word boundaries come first (hashtags are given up before a word is cut); only when the first word alone
    # cannot fit is it cut, so that the caption is never empty.
    word = "x" * 400
    text, tags = enforce_caption(word, ["#one", "#two"], "x")
    assert tags == [] and text and word.startswith(text.removesuffix(ELLIPSIS))
    assert weighted_length(text) <= X_MAX_WEIGHTED
    text, tags = enforce_caption("x" * 260, ["#abcdefghij", "#klmnopqrstu"], "x")
    assert text == "x" * 260 and len(tags) == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "\n", "example.com", "https://x.co/a?b=1", "www.site.org/path",
                                 "a.b", "http://", ".", "#tag", "@me", "3.14", "e-mail@host.io", "t.co/x"]),
                max_size=40).map("".join))
def test_the_ascii_shortcut_counts_exactly_as_the_parser(text: str) -> None:
    from twitter_text import parse_tweet

    assert weighted_length(text) == parse_tweet(text).weightedLength
