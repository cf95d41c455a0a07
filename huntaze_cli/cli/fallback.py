"""The words that explain who answered: one line naming each provider that failed and why, and who answered
instead ("openai rejected the key (401); answered by the rules engine"), read from the result's
providersTried. The "Set OPENAI_API_KEY" hint is only for a machine where no model provider has a key."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings

_STATUS = re.compile(r"\bHTTP (\d{3})\b")
# Outcomes of a link that tried and failed (runner.py records them); no_credentials and cached are not failures.
_WHY = {"auth": "rejected the key", "timeout": "did not answer in time", "network": "could not be reached",
        "server": "had a server error", "rate_limit": "was rate limited", "bad_request": "refused the request",
        "invalid_output": "answered outside the expected format", "incomplete": "cut its answer short",
        "breaker_open": "is paused after repeated failures (circuit breaker open)",
        "deadline": "was not tried: the request's deadline had passed"}
NO_KEY_HINT = ("Answered by the built-in rules engine (offline). Set OPENAI_API_KEY or GEMINI_API_KEY, or pass "
               "--base-url for a local model, to use an AI model.")


def _status(link: dict[str, Any]) -> str:
    if link.get("status"):
        return str(link["status"])
    match = _STATUS.search(str(link.get("error") or ""))
    return match.group(1) if match else ""


def failed_links(tried: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in tried if t.get("outcome") in _WHY]


def fallback_line(tried: list[dict[str, Any]], answered_by: str,
                  key_places: dict[str, str] | None = None) -> str | None:
    """One line when an earlier link failed and a later one answered; None when nothing failed.
    `key_places` maps a provider to where its key is set ("OPENAI_API_KEY"), for the rejected-key advice."""
    failures = failed_links(tried)
    if not failures:
        return None
    reasons = []
    for link in failures:
        status = _status(link)
        reasons.append(f"{link['provider']} {_WHY[link['outcome']]}{f' ({status})' if status else ''}")
    who = "the rules engine" if answered_by == "rules" else answered_by
    line = f"{'; '.join(reasons)}; answered by {who}."
    rejected = [link["provider"] for link in failures if link["outcome"] == "auth"]
    places = [key_places[p] for p in rejected if key_places and key_places.get(p)]
    if places:
        line += f" Check {' and '.join(dict.fromkeys(places))}: the key is set but was refused."
    return line


def no_key_at_all(tried: list[dict[str, Any]]) -> bool:
    """Every model provider in the chain was skipped for want of a key (so the hint to set one is right)."""
    models = [t for t in tried if t.get("provider") != "rules"]
    return bool(models) and all(t.get("outcome") == "no_credentials" for t in models)


def key_places(settings: Settings, providers: list[str]) -> dict[str, str]:
    """Where each provider's key comes from, as a user would look for it."""
    out = {}
    for name in providers:
        try:
            source = settings.key_source(name)
        except (KeyError, AttributeError):
            continue
        if source.startswith("env:"):
            out[name] = source[4:]
        elif source == "config":
            out[name] = f"providers.{name}.api_key in the config"
    return out
