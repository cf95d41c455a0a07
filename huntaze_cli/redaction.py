"""Keeping API keys out of anything that may reach output, logs or the ledger.

Servers echo keys back in error messages, and not always whole: without the `sk-` prefix, masked in the
middle, or cut. So besides the exact key, any run of MIN_FRAGMENT or more of its characters is masked, as
is anything shaped like a key (OpenAI `sk-...`, Google `AIza...`) even when it is not the configured one.
Pure stdlib: importing it costs nothing.
"""

from __future__ import annotations

import re

MASK = "[redacted]"
# Shorter runs would mask ordinary words that happen to occur in a key; 8 characters of a random key are
# already more than a guessable hint.
MIN_FRAGMENT = 8
MAX_MESSAGE_CHARS = 300
_KEY_PATTERN = re.compile(r"\b(?:sk-[A-Za-z0-9_\-*.]{6,}|AIza[0-9A-Za-z_\-]{20,})")


def _fragment_spans(text: str, secret: str) -> list[tuple[int, int]]:
    """[start, end) ranges of `text` covered by some run of >= MIN_FRAGMENT consecutive characters of
    `secret` (each window of MIN_FRAGMENT characters is looked up among the secret's windows)."""
    size = MIN_FRAGMENT
    windows = {secret[i:i + size] for i in range(len(secret) - size + 1)}
    spans: list[tuple[int, int]] = []
    for i in range(len(text) - size + 1):
        if text[i:i + size] in windows:
            if spans and spans[-1][1] >= i:
                spans[-1] = (spans[-1][0], i + size)
            else:
                spans.append((i, i + size))
    return spans


def redact(text: str, *secrets: str | None) -> str:
    """`text` with every secret, every long fragment of one, and every key-shaped token masked."""
    for secret in secrets:
        if not secret:
            continue
        text = text.replace(secret, MASK)
        if len(secret) >= MIN_FRAGMENT:
            spans = _fragment_spans(text, secret)
            for start, end in reversed(spans):
                text = text[:start] + MASK + text[end:]
    return _KEY_PATTERN.sub(MASK, text)


def redact_message(text: str, *secrets: str | None) -> str:
    """redact(), on one line, cut to MAX_MESSAGE_CHARS (an error message, not a dump)."""
    text = " ".join(redact(text, *secrets).split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


_TOKEN_SEGMENT = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~]{12,}$")


def mask_url(url: str) -> str:
    """A webhook URL fit to print: its password, query and token-like path segments (Slack's
    /services/T0/B0/XXXX, a ?token=) masked, so that `hooks list` and hook errors never show a secret."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    host = parts.netloc.rpartition("@")[2]
    path = "/".join("…" if _TOKEN_SEGMENT.match(seg) else seg for seg in parts.path.split("/"))
    return urlunsplit((parts.scheme, host, path, "…" if parts.query else "", ""))
