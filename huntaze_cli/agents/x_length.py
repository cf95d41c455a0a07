"""X's weighted length, as X counts it.

X (twitter-text v3) weighs each character 1 or 2 (CJK and most symbols 2), counts every URL as 23 whether
or not it has a scheme (`example.com/x` too, recognised by its top-level domain), and an emoji sequence
(a flag, a keycap, a ZWJ family, a skin tone) as 2. That is the maintained `twitter-text-parser` package, a
port of X's own twitter-text checked against its conformance tests; it compiles large regular expressions
on import, so it is imported only when an X post is measured (tests/cli/test_startup_imports.py).
"""

from __future__ import annotations

import unicodedata

X_MAX_WEIGHTED = 280


URL_WEIGHT = 23  # twitter-text v3's transformedURLLength


def weighted_length(text: str) -> int:
    if text.isascii():
        # Every ASCII character weighs 1 and none is part of an emoji: only URLs need finding, which skips
        # the parser's emoji scan (most of its cost; bench/x_length.py). Same result (tests/agents/test_x_length.py).
        from twitter_text import extract_urls_with_indices

        urls = extract_urls_with_indices(text)
        return len(text) - sum(end - start for start, end in (u["indices"] for u in urls)) + URL_WEIGHT * len(urls)
    from twitter_text import parse_tweet

    return int(parse_tweet(text).weightedLength)


def fitting_prefix_bound(text: str, limit: int) -> int:
    """An upper bound on the length of any prefix of `text` whose weighted length is at most `limit`, found
    without the parser: every character weighs at least 1 except inside URLs (a 1,000-character URL weighs
    23) and combining marks (Unicode normalisation may merge them). Lets a cut skip measuring a huge text."""
    url_chars = sum(len(token) for token in text.split() if "." in token)
    marks = sum(1 for char in text if unicodedata.combining(char))
    return limit + url_chars + marks
