from __future__ import annotations

import pytest

from tests.audio.wer import wer, word_errors, words


def test_words_fold_case_and_punctuation_but_keep_accents_and_apostrophes():
    assert words("Bonjour, l’été arrive!") == ["bonjour", "l'été", "arrive"]


@pytest.mark.parametrize("ref, hyp, expected", [
    ("the cat sat", "the cat sat", (0, 3)),
    ("the cat sat", "the bat sat", (1, 3)),        # one substitution
    ("the cat sat", "the sat", (1, 3)),            # one deletion
    ("the cat sat", "the fat cat sat down", (2, 3)),  # two insertions
    ("", "noise", (1, 0)),
])
def test_word_errors_count_edits_by_hand(ref, hyp, expected):
    assert word_errors(ref, hyp) == expected


def test_a_set_s_wer_weighs_sentences_by_their_length():
    assert wer(["a b c d", "e f"], ["a b c d", "x y"]) == pytest.approx(2 / 6)
