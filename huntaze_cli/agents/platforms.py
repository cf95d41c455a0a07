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
        return twitter_weighted_length(text) if self.weighted else len(text)


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


# --- X weighting -------------------------------------------------------------------------------------
# twitter-text v3: code points in these ranges weigh 1, everything else (CJK, emoji...) weighs 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_URL_WEIGHT = 23
_ZWJ = 0x200D


def _is_light(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _LIGHT_RANGES)


def _joins_previous(cp: int, prev: int | None) -> bool:
    # Parts of one emoji sequence (variation selector, skin tone, ZWJ and what follows it) add nothing.
    return prev is not None and (cp in (0xFE0F, 0xFE0E, _ZWJ) or 0x1F3FB <= cp <= 0x1F3FF or prev == _ZWJ)


def _weigh_plain(text: str) -> int:
    total, prev = 0, None
    for char in text:
        cp = ord(char)
        if not _joins_previous(cp, prev):
            total += 1 if _is_light(cp) else 2
        prev = cp
    return total


def twitter_weighted_length(text: str) -> int:
    """X's weighted length: a URL counts 23, an emoji (sequence) or CJK character 2, the rest 1."""
    total, pos = 0, 0
    for match in _URL.finditer(text):
        total += _weigh_plain(text[pos:match.start()]) + _URL_WEIGHT
        pos = match.end()
    return total + _weigh_plain(text[pos:])


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


def _boundaries(text: str) -> list[int]:
    """Cut points at word boundaries: before each whitespace run, plus the full length."""
    cuts = [i for i in range(1, len(text)) if text[i].isspace() and not text[i - 1].isspace()]
    cuts.append(len(text))
    return cuts


def shorten_caption(caption: str, hashtags: list[str], rule: PlatformRule) -> str:
    """Longest word-boundary prefix of `caption` that fits beside the hashtags ("…" added if it fits)."""
    if rule.measure(compose_post(caption, hashtags)) <= rule.max_length:
        return caption
    cuts = _boundaries(caption)
    lo, hi, best = 0, len(cuts) - 1, ""
    while lo <= hi:  # the measure grows with the prefix, so binary search is exact
        mid = (lo + hi) // 2
        candidate = caption[:cuts[mid]].rstrip()
        if rule.measure(compose_post(candidate, hashtags)) <= rule.max_length:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
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
    return text, tags
