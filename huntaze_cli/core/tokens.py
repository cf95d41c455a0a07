"""`huntaze serve`'s bearer tokens: made here, shown once, kept in the ledger only as their SHA-256.

A scope covers the scopes below it: `read` (quota, lists), `draft` (also the AI drafts and quick replies),
`admin` (also agency-wide costs, hooks, config, every creator).
"""

from __future__ import annotations

import hashlib
import secrets

SCOPES = ("read", "draft", "admin")
PREFIX = "hz_"
SHOWN_PREFIX_CHARS = 10  # what `tokens list` shows of a token to tell them apart: "hz_" and 7 of its 43 characters


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def shown_prefix(token: str) -> str:
    return token[:SHOWN_PREFIX_CHARS]


def covers(scope: str, needed: str) -> bool:
    return scope in SCOPES and SCOPES.index(scope) >= SCOPES.index(needed)
