"""Is a model's answer something a creator can read? A blank text or a token that is not a word makes the
whole answer invalid output, like a blank reply: it gets the repair turn, then the rules engine.

SmolLM2-135M on a real llama.cpp server answered one caption in five with
`{"caption": "", "hashtags": ["#9104AABRGYPZYTALKBIGMADARGUARD"]}`; shown as is, that was exit 0 and
`success: true`. The coordinator runs `unreadable()` on every model answer (never on the rules engine's,
which may quote the creator's own words), so no agent can forget it.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

# One home for the longest word a tag may be (schemas.HASHTAG_PATTERN is built from it).
MAX_WORD_CHARS = 30
# A run of capitals and digits longer than this is noise, not shouting: "CONGRATULATIONS" (15) is a word.
MAX_SHOUTED_RUN = 15
# A word with no vowel needs this many letters, of at least VOWELLESS_DISTINCT different ones, to be noise:
# "grwm", "nsfw", "https", "hmmmmm", "pfffft" and "brrrrr" stay words; "xkcdqzt" does not.
VOWELLESS_LETTERS = 6
VOWELLESS_DISTINCT = 4

_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ")
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")
_SHOUTED = re.compile(r"[A-Z0-9]+")
# Tokens of a text that the word test reads: runs of Latin letters and digits (CJK text has no spaces, so
# its runs are never measured).
_LATIN_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+")
# Model fields that are labels (checked by their own validators or overwritten by finalize), not prose.
_LABELS = frozenset({"platform", "content_type", "tone", "segment", "name", "tactic", "price_basis", "impact",
                     "priority", "metrics"})


def not_a_word(word: str) -> str | None:
    """Why `word` (a hashtag without its '#', or one Latin token of a text) is not a word, or None.

    Not a word: longer than MAX_WORD_CHARS characters; or a run of capitals and digits only (at least one
    capital) longer than MAX_SHOUTED_RUN; or, all its letters Latin, at least VOWELLESS_LETTERS letters of
    at least VOWELLESS_DISTINCT different ones and no vowel (y counts as one)."""
    if len(word) > MAX_WORD_CHARS:
        return f"longer than {MAX_WORD_CHARS} characters"
    if len(word) > MAX_SHOUTED_RUN and _SHOUTED.fullmatch(word) and any(c.isalpha() for c in word):
        return "a run of capitals and digits"
    letters = [c for c in word.lower() if c.isalpha()]
    if len(letters) >= VOWELLESS_LETTERS and len(set(letters)) >= VOWELLESS_DISTINCT \
            and all(_LATIN_LETTER.fullmatch(c) for c in letters) and not _VOWELS.intersection(letters):
        return "no vowel"
    return None


def is_blank(text: str) -> bool:
    """A text of nothing but spaces and punctuation says nothing ("", "\\n", "...", "!!"); a letter, a digit
    or an emoji is something ("🔥" is a reply a creator may send)."""
    import unicodedata

    return not any(c.isalnum() or unicodedata.category(c) == "So" for c in text)


def text_problem(text: str) -> str | None:
    if is_blank(text):
        return "is blank"
    for token in _LATIN_TOKEN.findall(text):
        why = not_a_word(token)
        if why:
            return f"has '{_short(token)}', which is not a word ({why})"
    return None


def tag_problem(tag: str) -> str | None:
    word = tag.strip().lstrip("#")
    why = not_a_word(word) if word else None  # an empty tag is dropped by finalize, never shown
    return f"has the hashtag '#{_short(word)}', which is not a word ({why})" if why else None


def unreadable(output: BaseModel, *, words: bool = True) -> str | None:
    """The first text field of a model's answer a creator could not use, said as "`ideas[1].title` is
    blank", or None. `words=False` checks blanks only (for an answer after finalize, which adds the
    creator's own tags and computed lines that are not the model's)."""
    return _walk(output.model_dump(), "", words)


def _walk(value: Any, path: str, words: bool) -> str | None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _LABELS:
                continue
            found = _walk(item, f"{path}.{key}" if path else key, words) if key != "hashtags" else \
                _tags(item, key, path, words)
            if found:
                return found
        return None
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _walk(item, f"{path}[{i}]", words)
            if found:
                return found
        return None
    if isinstance(value, str):
        problem = text_problem(value) if words else ("is blank" if is_blank(value) else None)
        return f"`{path}` {problem}" if problem else None
    return None


def _tags(tags: Any, key: str, path: str, words: bool) -> str | None:
    if not words or not isinstance(tags, list):
        return None
    for tag in tags:
        problem = tag_problem(str(tag))
        if problem:
            return f"`{f'{path}.{key}' if path else key}` {problem}"
    return None


def _short(token: str) -> str:
    return token if len(token) <= 40 else token[:37] + "…"
