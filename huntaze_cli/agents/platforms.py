"""Platform rules (PRODUCT.md "Platform rules") and the one place a caption is made to fit them.

`enforce_caption` runs on every caption whoever wrote it (model or rules engine). Decisions:
- Hashtags live only in the appended block. A run of hashtag-only words at the END of the caption body is
  moved to the hashtag list; a hashtag inside a sentence ("loving this #sunset run") keeps its word in the
  text without the `#` and its tag joins the list. So the post's hashtag count is exactly `len(hashtags)`.
- Ranking: the explicit hashtag list first (in order), then tags found in the body (in reading order).
- Length counts the whole post: caption + "\n\n" + hashtags joined by spaces. Hashtags that cannot fit
  even alone are dropped lowest-ranked first; then the caption is cut at a word boundary (never
  mid-word) and gets "…" only if that still fits. If not a single word of the caption fits beside the
  hashtags, hashtags are dropped (lowest-ranked first) to make room: the caption matters more.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

PLATFORMS: tuple[str, ...] = ("instagram", "tiktok", "twitter", "onlyfans", "facebook")
ALIASES: dict[str, str] = {"x": "twitter", "twitter/x": "twitter", "ig": "instagram", "fb": "facebook",
                          "of": "onlyfans"}
ELLIPSIS = "…"
SEPARATOR = "\n\n"


@dataclass(frozen=True)
class PlatformRule:
    name: str
    max_length: int
    max_hashtags: int
    recommended_hashtags: tuple[int, int]
    style: str
    weighted: bool = False  # X counts weighted characters (URL 23, emoji/CJK 2)

    def measure(self, text: str) -> int:
        if not self.weighted:
            return len(text)
        from huntaze_cli.agents.x_length import weighted_length

        return weighted_length(text)

    def prefix_bound(self, text: str) -> int:
        """No prefix of `text` longer than this fits in max_length (lets a cut skip measuring huge texts)."""
        if not self.weighted:
            return self.max_length
        from huntaze_cli.agents.x_length import fitting_prefix_bound

        return fitting_prefix_bound(text, self.max_length)


DEFAULT_RULES: dict[str, PlatformRule] = {
    "instagram": PlatformRule("instagram", 2200, 5, (3, 5), "visual storytelling, emojis"),
    "tiktok": PlatformRule("tiktok", 4000, 10, (3, 5),
                           "trending hashtags, a hook in the first line, a call to action"),
    "twitter": PlatformRule("twitter", 280, 2, (1, 2), "concise", weighted=True),
    "onlyfans": PlatformRule("onlyfans", 1000, 3, (0, 3), "exclusive teasers, engagement prompts"),
    "facebook": PlatformRule("facebook", 63206, 3, (1, 3), "long-form, community focus"),
}


def normalize_platform(name: str) -> str:
    """Canonical platform name; raises ValueError with the accepted names (pydantic shows it as is)."""
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key not in DEFAULT_RULES:
        raise ValueError(f"unknown platform {name!r}: use one of instagram, tiktok, twitter (or x), "
                         "onlyfans, facebook")
    return key


def rules_for(platform: str, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> PlatformRule:
    """The rule for a platform with config overrides `{platform: {max_length, max_hashtags}}` applied."""
    name = normalize_platform(platform)
    rule = DEFAULT_RULES[name]
    for key, values in (overrides or {}).items():
        if normalize_platform(key) != name or not values:
            continue
        changes: dict[str, int] = {}
        for field in ("max_length", "max_hashtags"):
            if values.get(field) is not None:
                value = int(values[field])
                if value < (1 if field == "max_length" else 0):
                    raise ValueError(f"platforms.{name}.{field} must be a positive number, got {value}")
                changes[field] = value
        rule = replace(rule, **changes)
    return rule


def platform_rules(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, PlatformRule]:
    return {name: rules_for(name, overrides) for name in PLATFORMS}


# --- hashtags ----------------------------------------------------------------------------------------
_NON_WORD = re.compile(r"\W+")
_INLINE_TAG = re.compile(r"(?<!\w)#+(\w+)")
_TAG_TOKEN = re.compile(r"(?:#+\w+)+")


def normalize_hashtag(raw: str) -> str | None:
    """`#` + letters/digits/underscores; other characters are stripped; None when nothing is left."""
    word = _NON_WORD.sub("", str(raw))
    return f"#{word}" if word else None


def normalize_hashtags(raw: list[str]) -> list[str]:
    """Normalised, de-duplicated case-insensitively, first occurrence (highest ranked) kept."""
    seen: set[str] = set()
    out: list[str] = []
    for item in raw:
        tag = normalize_hashtag(item)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


def split_inline_hashtags(caption: str) -> tuple[str, list[str]]:
    """Caption body without hashtags, and the hashtags it held (reading order). See module docstring."""
    text = caption.strip()
    trailing: list[str] = []
    while text:
        start = len(text)
        while start > 0 and not text[start - 1].isspace():  # last word, scanned by hand: linear time
            start -= 1
        word = text[start:]
        if not _TAG_TOKEN.fullmatch(word):
            break
        trailing = [f"#{w}" for w in _INLINE_TAG.findall(word)] + trailing
        text = text[:start].rstrip()
    inline: list[str] = []

    def _unhash(match: re.Match[str]) -> str:
        inline.append(f"#{match.group(1)}")
        return match.group(1)

    text = _INLINE_TAG.sub(_unhash, text)
    return text, inline + trailing


# --- fitting -----------------------------------------------------------------------------------------
def compose_post(caption: str, hashtags: list[str]) -> str:
    """The post as published: caption, a blank line, then the hashtags."""
    return SEPARATOR.join(part for part in (caption, " ".join(hashtags)) if part)


def _wide(char: str) -> bool:
    # Chinese, Japanese (and emoji) text runs without spaces: a cut between two wide characters is a word
    # boundary there, as line breaking treats it.
    return unicodedata.east_asian_width(char) in ("W", "F")


def _boundaries(text: str) -> list[int]:
    """Cut points at word boundaries: before each whitespace run, and between characters of CJK text, plus
    the full length. Never inside a user-perceived character."""
    starts = set(_grapheme_boundaries(text))
    cuts = [i for i in range(1, len(text))
            if (text[i].isspace() and not text[i - 1].isspace())
            or (i in starts and not text[i].isspace() and not text[i - 1].isspace()
                and (_wide(text[i]) or _wide(text[i - 1])) and not _continues_grapheme(text[i], text[i - 1]))]
    cuts.append(len(text))
    return cuts


_ZWJ = 0x200D


def _continues_grapheme(char: str, prev: str) -> bool:
    """True when `char` belongs to the same user-perceived character as `prev`: a combining mark, a variation
    selector, a skin tone, a keycap or tag character, anything after a zero-width joiner. An approximation of
    Unicode's grapheme clusters that covers what captions contain (flags are paired by the caller)."""
    cp, before = ord(char), ord(prev)
    if before == _ZWJ or cp == _ZWJ or unicodedata.category(char) in ("Mn", "Me", "Mc"):
        return True
    return cp in (0xFE0E, 0xFE0F, 0x20E3) or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


def _grapheme_boundaries(text: str) -> list[int]:
    """Cut points between user-perceived characters, plus the full length."""
    cuts: list[int] = []
    flag_half = False  # regional indicators pair up into flags
    for i in range(1, len(text)):
        if 0x1F1E6 <= ord(text[i]) <= 0x1F1FF and 0x1F1E6 <= ord(text[i - 1]) <= 0x1F1FF and not flag_half:
            flag_half = True
            continue
        flag_half = False
        if not _continues_grapheme(text[i], text[i - 1]):
            cuts.append(i)
    cuts.append(len(text))
    return cuts


def _longest_fitting(caption: str, cuts: list[int], hashtags: list[str], rule: PlatformRule) -> str:
    lo, hi, best = 0, len(cuts) - 1, ""
    while lo <= hi:  # the measure grows with the prefix, so binary search finds the longest that fits
        mid = (lo + hi) // 2
        candidate = caption[:cuts[mid]].rstrip()
        if rule.measure(compose_post(candidate, hashtags)) <= rule.max_length:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best


def shorten_caption(caption: str, hashtags: list[str], rule: PlatformRule, *, any_character: bool = False) -> str:
    """Longest word-boundary prefix of `caption` that fits beside the hashtags ("…" added if it fits).
    any_character: cut between any two characters (the last resort when not even the first word fits)."""
    bound = rule.prefix_bound(caption)
    if len(caption) <= bound and rule.measure(compose_post(caption, hashtags)) <= rule.max_length:
        return caption
    # Only the head that could fit is examined: a 200 KB caption costs no more than a long one.
    head = caption[:bound + 2]
    cuts = _grapheme_boundaries(head) if any_character else _boundaries(head)
    if len(head) < len(caption):
        cuts.pop()  # the end of the head is not the end of the caption
    cuts = [c for c in cuts if c <= bound]
    best = _longest_fitting(caption, cuts, hashtags, rule)
    if best and rule.measure(compose_post(best + ELLIPSIS, hashtags)) <= rule.max_length:
        return best + ELLIPSIS
    return best


def enforce_caption(caption: str, hashtags: list[str], platform: str,
                    overrides: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[str, list[str]]:
    """Make (caption, hashtags) obey the platform's rules. See the module docstring for the decisions."""
    rule = rules_for(platform, overrides)
    body, found = split_inline_hashtags(caption)
    tags = normalize_hashtags([*hashtags, *found])[:rule.max_hashtags]
    while tags and rule.measure(" ".join(tags)) > rule.max_length:
        tags.pop()
    text = shorten_caption(body, tags, rule)
    while body and not text and tags:
        tags.pop()
        text = shorten_caption(body, tags, rule)
    if body and not text:
        # Not even the first word fits alone: cut inside it rather than return an empty caption.
        text = shorten_caption(body, tags, rule, any_character=True)
    return text, tags
