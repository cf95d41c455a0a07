"""The stylometric distance on hand-made texts: the same voice is near, a different one is far."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.voice.stylometry import attribution_rate, closest, cosine, distance, ngrams, profile_of

CASUAL_FR = ["coucou mes chéris 😍😍 trop hâte de vous montrer ça !!!", "omg la plage ce matin 🌊☀️😘 bisous !!!",
             "vous êtes les meilleurs 💕💕 je vous aime !!!", "petit shooting tout doux 😘✨ bisous mes amours !!!"]
FORMAL_EN = ["Thank you for your continued support. I am preparing new material for this week.",
             "The new photo set is now available. I hope you will enjoy it.",
             "I would like to thank everyone who attended the session yesterday.",
             "Please find the schedule for the coming month below. Thank you for reading."]


def test_ngrams_count_case_emoji_and_word_edges() -> None:
    grams = ngrams("Hi!! 😍")
    assert grams["H"] == 1 and grams["h"] == 0          # case is kept: capitals are a habit
    assert grams["!!"] == 1 and grams["😍"] == 1
    assert grams[" Hi"] == 1 and grams["😍 "] == 1      # padded: word starts and ends count


def test_cosine_bounds() -> None:
    a = profile_of(["hello there"])
    assert cosine(a, a) == pytest.approx(1.0)
    assert cosine(a, {}) == 0.0
    assert cosine({"x": 1.0}, {"y": 1.0}) == 0.0


def test_each_text_weighs_the_same_whatever_its_length() -> None:
    long = "a" * 1000
    profile = profile_of([long, "b"])
    # counted by characters, the short text would weigh 1/3000; as one text of two it weighs half
    assert profile["b"] == pytest.approx(profile_of(["b"])["b"] / 2)
    assert profile["a"] == pytest.approx(profile_of([long])["a"] / 2)


def test_a_text_is_nearer_its_own_voice() -> None:
    fr, en = profile_of(CASUAL_FR), profile_of(FORMAL_EN)
    casual = "coucou 😍 nouvelle vidéo ce soir, bisous !!!"
    formal = "Thank you for your patience. The new video will be available tonight."
    assert distance(casual, fr) < distance(casual, en)
    assert distance(formal, en) < distance(formal, fr)
    assert 0.0 <= distance(casual, fr) < 1.0
    assert closest(casual, {"fr": fr, "en": en}) == "fr"


def test_style_not_only_language_tells_two_english_voices_apart() -> None:
    casual = profile_of(["omg babe 😍😍 new pics tonight!!!", "miss u babe 😘💕 come say hi!!!",
                         "soooo excited 🔥🔥 dropping it now!!!", "ur the best babe 💕😍!!!"])
    formal = profile_of(FORMAL_EN)
    assert closest("hey babe 😍🔥 new set is up!!!", {"casual": casual, "formal": formal}) == "casual"
    assert closest("The new set is available. Thank you for your support.",
                   {"casual": casual, "formal": formal}) == "formal"


def test_attribution_rate() -> None:
    histories = {"fr": profile_of(CASUAL_FR), "en": profile_of(FORMAL_EN)}
    drafts = [("fr", "bisous mes chéris 😘 !!!"), ("en", "Thank you for your support."),
              ("en", "coucou 😍😍 !!!")]  # the last is misattributed on purpose
    assert attribution_rate(drafts, histories) == pytest.approx(2 / 3)
    assert attribution_rate([], histories) == 0.0
