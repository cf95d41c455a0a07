"""Word error rate: (substitutions + deletions + insertions) / reference words, over words folded to lower
case without punctuation or accents' case differences (Levenshtein distance on word lists)."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[\w']+", re.UNICODE)


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    return _WORD.findall(folded)


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance in words, reference word count)."""
    ref, hyp = words(reference), words(hypothesis)
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1], len(ref)


def wer(references: list[str], hypotheses: list[str]) -> float:
    """The set's WER: total word errors over total reference words."""
    errors = total = 0
    for ref, hyp in zip(references, hypotheses, strict=True):
        e, n = word_errors(ref, hyp)
        errors, total = errors + e, total + n
    return errors / total if total else 0.0
