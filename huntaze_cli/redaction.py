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
# Patterns are kept as text: re compiles and caches each at its first use, so a start-up that masks nothing
# compiles none of them (~1 ms).
_KEY_PATTERN = r"\b(?:sk-[A-Za-z0-9_\-*.]{6,}|AIza[0-9A-Za-z_\-]{20,})"


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
    return re.sub(_KEY_PATTERN, MASK, text)


def redact_message(text: str, *secrets: str | None) -> str:
    """redact(), on one line, cut to MAX_MESSAGE_CHARS (an error message, not a dump)."""
    text = " ".join(redact(text, *secrets).split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


URL_MASK = "***"
# `scheme://user:password@` anywhere in a text, whatever the scheme (mysql://, sqlite://), also after Path()
# folded `//` into `/`, and in a malformed URL (`...@[::1`): the password is whatever stands between the
# first `:` after the user and the next `@`.
_URL_PASSWORD = r"(?i)\b(?P<head>[a-z][a-z0-9+.\-]*:/+[^\s:@/]*):(?P<password>[^\s@]+)@"
# libpq keyword style (`password=x`), alone or as a URL query parameter.
_PASSWORD_PARAM = r"(?i)\b(password=)[^&\s'\"]+"


def mask_credentials(text: str) -> str:
    """`text` with the password of every URL in it masked (`postgresql://ops:***@db/huntaze`), whatever the
    scheme and even when the URL is malformed. The one function every error message, JSON error envelope and
    --debug traceback goes through (render.error_line, render.error_envelope, cli.main)."""
    text = re.sub(_URL_PASSWORD, lambda m: f"{m['head']}:{URL_MASK}@", text)
    return re.sub(_PASSWORD_PARAM, rf"\g<1>{URL_MASK}", text)


_TOKEN_SEGMENT = r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~]{12,}$"


def mask_url(url: str) -> str:
    """A webhook URL fit to print: its password, query and token-like path segments (Slack's
    /services/T0/B0/XXXX, a ?token=) masked, so that `hooks list` and hook errors never show a secret."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    host = parts.netloc.rpartition("@")[2]
    path = "/".join("…" if re.match(_TOKEN_SEGMENT, seg) else seg for seg in parts.path.split("/"))
    return urlunsplit((parts.scheme, host, path, "…" if parts.query else "", ""))
