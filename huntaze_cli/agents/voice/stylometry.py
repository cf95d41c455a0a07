"""A stylometric distance: character n-gram profiles compared by cosine.

Character 1- to 3-grams, case kept and whitespace collapsed, capture what a reader hears as a voice:
emojis and their density, "!!!", "…", lowercase-only writing, contractions, the language's own letters and
short function words. Each text's n-gram frequencies are normalised (they sum to 1) before texts are averaged,
so that a long text does not outweigh fifty short ones. Pure functions, no dependencies.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

ORDERS = (1, 2, 3)
_SPACE = re.compile(r"\s+")

Profile = Mapping[str, float]


def ngrams(text: str, orders: tuple[int, ...] = ORDERS) -> Counter[str]:
    """Every character n-gram of the text (padded with a space at both ends, so word starts and ends count)."""
    clean = f" {_SPACE.sub(' ', text).strip()} "
    grams: Counter[str] = Counter()
    for n in orders:
        grams.update(clean[i:i + n] for i in range(len(clean) - n + 1))
    return grams


def _normalised(grams: Counter[str]) -> dict[str, float]:
    total = sum(grams.values())
    return {g: c / total for g, c in grams.items()} if total else {}


def profile_of(texts: Iterable[str], orders: tuple[int, ...] = ORDERS) -> dict[str, float]:
    """The mean of the texts' normalised n-gram frequencies (each text weighs the same)."""
    summed: Counter[str] = Counter()
    count = 0
    for text in texts:
        for gram, share in _normalised(ngrams(text, orders)).items():
            summed[gram] += share
        count += 1
    return {g: s / count for g, s in summed.items()} if count else {}


def norm(a: Profile) -> float:
    return math.sqrt(sum(v * v for v in a.values()))


def cosine(a: Profile, b: Profile, b_norm: float | None = None) -> float:
    """Cosine similarity of two sparse vectors, 0 when either is empty (`b_norm`: b's norm, when known)."""
    dot = sum(v * b.get(k, 0.0) for k, v in a.items()) if len(a) <= len(b) else \
        sum(v * a.get(k, 0.0) for k, v in b.items())
    both = norm(a) * (norm(b) if b_norm is None else b_norm)
    return dot / both if both else 0.0


def distance(text: str, history: Profile) -> float:
    """1 − cosine between a text's n-gram profile and a history's: 0 for the same style, 1 for nothing shared."""
    return 1.0 - cosine(profile_of([text]), history)


def closest(text: str, histories: Mapping[str, Profile]) -> str:
    """The name of the history the text is closest to (ties: the first name in sorted order)."""
    return min(sorted(histories), key=lambda name: distance(text, histories[name]))


def attribution_rate(drafts: Iterable[tuple[str, str]], histories: Mapping[str, Profile]) -> float:
    """Share of (author, draft) pairs whose draft is closest to its own author's history."""
    pairs = list(drafts)
    if not pairs:
        return 0.0
    return sum(1 for author, draft in pairs if closest(draft, histories) == author) / len(pairs)
