"""Learning a voice profile from hand-made histories: every measure the issue names, on texts whose
answer is known."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.voice.profile import MAX_EXAMPLES, MIN_TEXTS, VoiceText, emojis, learn, unique
from testservers.voice_creators import casual_english, casual_french, formal_english


def test_casual_french_profile() -> None:
    p = learn(casual_french())
    assert p.texts == 30 and p.main_language == "fr" and p.languages["fr"] == 1.0
    assert p.emoji_text_share == 1.0 and p.emoji_per_text == 4.0
    assert set(p.favourite_emojis[:6]) == {"😍", "😘", "💕", "🔥", "✨", "🌊"}
    assert p.multi_exclamation_share == 1.0 and p.question_share == 1.0
    assert p.lowercase_only_share == 1.0 and p.capitalised_share == 0.0
    assert {o.text for o in p.openers} == {"coucou mes chéris", "hello mes amours", "coucou toi"}
    assert {o.lang for o in p.openers} == {"fr"}
    assert {c.text for c in p.closers} == {"bisous", "je vous aime", "bisous mon cœur"}
    assert {"mes chéris", "mon cœur", "mes amours"} <= {n.text for n in p.pet_names}
    assert p.address["fr"] in ("informal", "mixed")
    assert p.formality == "casual"
    assert any("trop contente" in ph.text for ph in p.phrases)
    assert set(p.length_by_platform) == {"instagram", "onlyfans"}


def test_formal_english_profile() -> None:
    p = learn(formal_english())
    assert p.main_language == "en"
    assert p.emoji_per_text == 0.0 and p.favourite_emojis == []
    assert p.exclamation_share == 0.0 and p.lowercase_only_share == 0.0 and p.capitalised_share == 1.0
    assert p.contraction_share == 0.0
    assert p.formality == "formal"
    assert {c.text for c in p.closers} == {"Kind regards", "Thank you for your support", "With gratitude"}
    assert p.pet_names == [] and p.hashtag_placement == "none"
    # "is available" is function words only... "pleased to share" stands out against the reference
    phrases = {ph.text for ph in p.phrases}
    assert any("pleased to share" in ph for ph in phrases)
    assert not phrases & {"with you", "it is", "from today", "on my"}


def test_casual_english_contractions_and_pet_names() -> None:
    p = learn(casual_english())
    assert p.contraction_share == 1.0 and p.formality == "casual"
    assert p.pet_names[0].text == "babe" and p.pet_name_share == 1.0


def test_length_median_and_spread() -> None:
    texts = [VoiceText("x" * n) for n in (10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110)]
    p = learn(texts)
    assert p.length.median_chars == 60 and p.length.p25_chars == 35 and p.length.p75_chars == 85


def test_hashtag_habits() -> None:
    texts = [VoiceText(f"Post number {w} of the week #fitness #mia{i % 2}") for i, w in
             enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"))]
    p = learn(texts)
    assert p.hashtags_per_text == 2.0 and p.hashtag_placement == "end"
    assert p.favourite_hashtags[0] == "#fitness" and set(p.favourite_hashtags) == {"#fitness", "#mia0", "#mia1"}


def test_examples_by_engagement_then_bounded() -> None:
    p = learn(casual_french())
    assert len(p.examples) == MAX_EXAMPLES
    assert [e.engagement for e in p.examples[:4]] == [6.0, 6.0, 6.0, 6.0]
    p2 = learn(formal_english())  # no engagement column: the most typical texts
    assert len(p2.examples) == MAX_EXAMPLES and all(e.engagement is None for e in p2.examples)


def test_too_few_and_repeated_texts() -> None:
    texts = [VoiceText(f"text {i}") for i in range(MIN_TEXTS - 1)]
    with pytest.raises(ValueError, match=f"at least {MIN_TEXTS}"):
        learn(texts + [VoiceText("TEXT 0 "), VoiceText("text   1")])  # repeats count once
    assert len(unique([VoiceText("Hi  there"), VoiceText("hi there"), VoiceText(" ")])) == 1


def test_emoji_detection_keeps_sequences_whole() -> None:
    assert emojis("ok ❤️ 👍🏽 👩‍💻 🇫🇷 ©") == ["❤️", "👍🏽", "👩‍💻", "🇫🇷"]


def test_same_texts_same_profile() -> None:
    assert learn(casual_french()) == learn(casual_french())
