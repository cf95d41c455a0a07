"""What a creator can read (agents/readable.py): the word test, the blank test, and the walk over every text
field of every agent's answer."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.readable import MAX_WORD_CHARS, is_blank, not_a_word, tag_problem, unreadable
from huntaze_cli.agents.schemas import (
    AnalyzeOutput,
    CaptionOutput,
    ChatOutput,
    IdeasOutput,
    SaleOutput,
)

SEEN = "9104AABRGYPZYTALKBIGMADARGUARD"  # SmolLM2-135M's hashtag, on Instagram and OnlyFans


@pytest.mark.parametrize("word", [SEEN, "X" * (MAX_WORD_CHARS + 1), "a" * 31, "ABCDEFGHJKLMNPQRS",
                                  "1234567890ABCDEF", "xkcdqzt", "BRGPZTLK", "thrwbckthrsd"])
def test_noise_is_not_a_word(word: str) -> None:
    assert not_a_word(word)


@pytest.mark.parametrize("word", ["sunset", "SunsetRun", "legday", "NYC", "GRWM", "OOTD", "nsfw", "https", "fyp",
                                  "hmmmmm", "pfffft", "brrrrr", "rhythm", "CONGRATULATIONS", "LA2028", "SAVE20",
                                  "couchersoleil", "été", "mañana", "straße", "x" * MAX_WORD_CHARS, "2026", "日本語",
                                  "Donaudampfschiff", "fit_life"])
def test_words_are_words(word: str) -> None:
    assert not_a_word(word) is None


def test_each_rule_at_its_edge() -> None:
    assert not_a_word("A" * 15) is None and not_a_word("A" * 16) == "a run of capitals and digits"
    assert not_a_word("1" * 16) is None  # digits alone are a number, which finalize drops as a tag
    assert not_a_word("bcdfg") is None and not_a_word("bcdfgh") == "no vowel"   # five letters vs six
    assert not_a_word("bcbcbc") is None                                          # three different letters
    assert not_a_word("w" * 30) is None and not_a_word("w" * 31).startswith("longer than 30")


@pytest.mark.parametrize("text", ["", " \n\t", "...", "!!", "—", "« » ?"])
def test_blank_texts(text: str) -> None:
    assert is_blank(text)


def test_a_text_with_letters_or_digits_is_not_blank() -> None:
    assert not is_blank("ok") and not is_blank("5") and not is_blank("日本") and not is_blank("🔥🔥")


def test_a_tag_is_judged_without_its_hash_and_an_empty_tag_is_left_to_finalize() -> None:
    assert "not a word" in (tag_problem(f"#{SEEN}") or "")
    assert tag_problem("#") is None and tag_problem("") is None and tag_problem("#sunsetrun") is None


def test_the_seen_caption_is_unreadable_on_both_counts() -> None:
    answer = CaptionOutput.model_validate({"caption": "", "hashtags": [f"#{SEEN}"]})
    assert unreadable(answer) == "`caption` is blank"
    answer = CaptionOutput.model_validate({"caption": "Golden hour", "hashtags": ["#sunset", f"#{SEEN}"]})
    assert unreadable(answer) == f"`hashtags` has the hashtag '#{SEEN}', which is not a word " \
                                 "(a run of capitals and digits)"
    # Blank-only (after finalize): the creator's own tags are not judged.
    assert unreadable(answer, words=False) is None


@pytest.mark.parametrize(("model", "raw", "where"), [
    (CaptionOutput, {"caption": "ok", "performanceInsights": ["  "]}, "`performance_insights[0]` is blank"),
    (CaptionOutput, {"caption": "ok", "variants": [{"caption": "\n", "hashtags": []}]}, "`variants[0].caption`"),
    (IdeasOutput, {"ideas": [{"title": "Beach run", "description": "", "platform": "tiktok",
                              "contentType": "video", "basedOn": "top posts"}]}, "`ideas[0].description` is blank"),
    (IdeasOutput, {"ideas": [{"title": SEEN, "description": "a run", "platform": "tiktok",
                              "contentType": "video", "basedOn": "top posts"}]}, "`ideas[0].title` has"),
    (AnalyzeOutput, {"insights": [{"text": "...", "impact": "high"}]}, "`insights[0].text` is blank"),
    (AnalyzeOutput, {"recommendations": [{"text": f"Post {SEEN}", "priority": "low"}]}, "`recommendations[0].text`"),
    (SaleOutput, {"optimizedMessage": "Hi", "tactics": [{"name": "scarcity", "rationale": " "}]},
     "`tactics[0].rationale` is blank"),
    (SaleOutput, {"optimizedMessage": "Hi", "alternativeMessages": ["xkcdqzt now"]}, "`alternative_messages[0]`"),
    (ChatOutput, {"reply": f"hey {SEEN}"}, "`reply` has"),
])
def test_every_text_field_a_creator_reads_is_guarded(model, raw, where: str) -> None:
    problem = unreadable(model.model_validate(raw))
    assert problem is not None and problem.startswith(where), problem


def test_labels_and_numbers_are_not_prose() -> None:
    answer = IdeasOutput.model_validate({"ideas": [{"title": "Beach run", "description": "Film the run",
                                                    "platform": "", "contentType": "", "basedOn": "top posts"}]})
    assert unreadable(answer) is None
    assert unreadable(ChatOutput.model_validate({"reply": "Hey you", "tactics": ["scarcity"]})) is None


def test_the_rules_engine_fallback_is_always_readable() -> None:
    """The fallback must pass the guard it stands in for, on every platform and for every agent."""
    from huntaze_cli.agents.content.agent import ContentAgent
    from huntaze_cli.agents.platforms import PLATFORMS
    from huntaze_cli.agents.schemas import CaptionInput
    from tests.agents.test_schema_bounds import CASES

    cases = [*CASES, *((ContentAgent(), CaptionInput(description=d, platform=p, lang=lang))
                       for p in PLATFORMS for d, lang in (("sunset run on the beach", "en"),
                                                          ("coucher de soleil à la plage", "fr")))]
    for agent, data in cases:
        answer = agent.finalize(data, agent.rules(data, []))
        assert unreadable(answer) is None, (type(agent).__name__, data)
