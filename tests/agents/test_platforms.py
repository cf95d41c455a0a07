"""Platform rules: X weighting, word-boundary truncation, hashtag normalisation, and a hypothesis sweep."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huntaze_cli.agents.platforms import (
    ELLIPSIS,
    PLATFORMS,
    compose_post,
    enforce_caption,
    normalize_hashtags,
    normalize_platform,
    rules_for,
    split_inline_hashtags,
)
from huntaze_cli.agents.x_length import weighted_length as twitter_weighted_length

TAG = re.compile(r"#\w+")
INLINE = re.compile(r"(?<!\w)#\w")


def test_twitter_weighting() -> None:
    assert twitter_weighted_length("hello") == 5
    assert twitter_weighted_length("see https://example.com/a/very/long/path?x=1") == 4 + 23
    assert twitter_weighted_length("hi 🔥") == 3 + 2
    assert twitter_weighted_length("👍🏽") == 2          # emoji + skin tone = one emoji
    assert twitter_weighted_length("👨‍👩‍👧") == 2   # ZWJ family sequence = one emoji
    assert twitter_weighted_length("日本") == 4          # CJK weighs 2


def test_x_alias_and_unknown_platform() -> None:
    assert normalize_platform("X") == "twitter"
    assert rules_for("x").max_length == 280
    with pytest.raises(ValueError, match="unknown platform"):
        normalize_platform("myspace")


def test_overrides() -> None:
    rule = rules_for("instagram", {"instagram": {"max_length": 50, "max_hashtags": 1}, "tiktok": {"max_length": 9}})
    assert (rule.max_length, rule.max_hashtags) == (50, 1)
    assert rules_for("tiktok", {"x": {"max_length": 100}}).max_length == 4000


def test_hashtags_normalised_and_deduplicated() -> None:
    assert normalize_hashtags(["Sunset", "#sunset", "##SUNSET!", "#beach-life", "#", "  ", "#été"]) == [
        "#Sunset", "#beachlife", "#été"]


def test_truncation_at_word_boundary_x() -> None:
    caption = "word " * 100
    text, tags = enforce_caption(caption, ["#one", "#two", "#three"], "x")
    assert tags == ["#one", "#two"]
    # budget 280 − len("\n\n#one #two") = 269 = 54 words and 53 spaces exactly: no room for "…" (weighs 2)
    assert text == " ".join(["word"] * 54)
    assert twitter_weighted_length(compose_post(text, tags)) == 280


def test_ellipsis_added_when_it_fits() -> None:
    text, _ = enforce_caption("alpha beta gamma delta", [], "onlyfans", {"onlyfans": {"max_length": 13}})
    assert text == "alpha beta…"  # "alpha beta gamma" is 16 > 13; "alpha beta…" is 11


def test_url_counts_23_when_fitting() -> None:
    url = "https://example.com/" + "a" * 300
    text, _ = enforce_caption(f"look {url}", [], "twitter")
    assert text == f"look {url}"  # 5 + 23 = 28 weighted characters: fits


def test_inline_hashtags_moved_out_of_caption() -> None:
    text, tags = enforce_caption("Loving this #sunset run\n#beach #Sunset #summer", ["#run"], "instagram")
    assert text == "Loving this sunset run"
    assert tags == ["#run", "#sunset", "#beach", "#summer"]


def test_hashtags_alone_overflowing_are_dropped() -> None:
    # lowest-ranked first: the giant tag is last, so only it goes
    text, tags = enforce_caption("short", ["#ok", "#" + "a" * 300], "twitter")
    assert text == "short" and tags == ["#ok"]
    text, tags = enforce_caption("short", ["#" + "a" * 300, "#ok"], "twitter")
    assert tags == []


def test_caption_wins_over_hashtags_when_no_word_fits() -> None:
    word = "x" * 260
    text, tags = enforce_caption(word, ["#abcdefghij", "#klmnopqrstu"], "twitter")
    assert text == word and len(tags) == 1


@settings(max_examples=200, deadline=None)
@given(caption=st.one_of(st.text(max_size=400),
                         st.lists(st.sampled_from(["word", "🔥", "日本語", "#tag", "https://x.co/abc", " ", "\n",
                                                   "##", "#Tag", "é", "a" * 50, "..."]),
                                  max_size=600).map("".join)),
       hashtags=st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["#a", "#A", "b", "#", "#x-y", "🔥"])),
                         max_size=30),
       platform=st.sampled_from(PLATFORMS + ("x",)))
def test_enforce_caption_obeys_every_rule(caption: str, hashtags: list[str], platform: str) -> None:
    rule = rules_for(platform)
    text, tags = enforce_caption(caption, hashtags, platform)
    assert rule.measure(compose_post(text, tags)) <= rule.max_length
    assert len(tags) <= rule.max_hashtags
    assert all(TAG.fullmatch(t) for t in tags)
    assert len({t.casefold() for t in tags}) == len(tags)
    body, found = split_inline_hashtags(caption)
    allowed = normalize_hashtags([*hashtags, *found])
    assert tags == allowed[:len(tags)]  # kept in rank order, dropped from the bottom
    assert not INLINE.search(text)      # hashtags only in the appended block
    core = text[:-1] if text.endswith(ELLIPSIS) and not body.startswith(text) else text
    assert body.startswith(core)        # a prefix of the original body...
    # ...cut at a word boundary (a space, or between CJK characters), or inside the first word when not even
    # that fits alone
    cut = len(core)
    assert (cut == len(body) or core == "" or body[cut].isspace() or not any(c.isspace() for c in core)
            or unicodedata.east_asian_width(body[cut]) in "WF" or unicodedata.east_asian_width(body[cut - 1]) in "WF")
    assert text or not body.strip()     # a caption that runs over never comes back empty


@settings(max_examples=20, deadline=None)
@given(word=st.sampled_from(["love", "🔥🔥", "日本"]), n=st.integers(min_value=1000, max_value=40000))
def test_huge_inputs(word: str, n: int) -> None:
    for platform in PLATFORMS:
        rule = rules_for(platform)
        text, tags = enforce_caption(f"{word} " * n, [f"#{word}{i}" for i in range(50)], platform)
        assert rule.measure(compose_post(text, tags)) <= rule.max_length
