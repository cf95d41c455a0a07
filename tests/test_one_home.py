"""One home for each shared constant: the provider names, the hook event names, the UTC text format and
the default local URL are written once in the package, and every other place uses them."""

from __future__ import annotations

import re
from pathlib import Path

import huntaze_cli
from huntaze_cli.events import EVENTS
from huntaze_cli.providers.known import DEFAULT_LOCAL_BASE_URL, PROVIDERS

PACKAGE = Path(huntaze_cli.__file__).parent


def places(pattern: str) -> list[str]:
    """Package files (relative) whose source matches the regex."""
    found = re.compile(pattern)
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                  if found.search(p.read_text(encoding="utf-8")))


def test_the_default_local_url_is_written_once():
    assert places(re.escape(DEFAULT_LOCAL_BASE_URL.removesuffix("/v1"))) == ["providers/known.py"]


def test_the_list_of_providers_is_written_once():
    # Any tuple or list literal naming two or more model providers is a second copy of the list.
    names = "|".join(PROVIDERS)
    listing = rf"[(\[]\s*(?:[\"'](?:{names}|auto|rules)[\"']\s*,\s*){{2,}}"
    assert places(listing) == ["providers/known.py"]


def test_the_hook_event_names_are_listed_once():
    assert places(r'"quota\.threshold",\s*"quota\.exceeded"') == []   # events.py names them as constants
    assert places(r"QUOTA_THRESHOLD, QUOTA_EXCEEDED") == ["events.py"]


def test_every_event_fired_is_a_known_event():
    fired = set()
    for path in PACKAGE.rglob("*.py"):
        fired.update(re.findall(r"\bemit\(\s*\"([a-z]+\.[a-z]+)\"", path.read_text(encoding="utf-8")))
    assert fired and fired <= set(EVENTS)


def test_utc_text_is_formatted_in_one_place():
    # `isoformat().replace("+00:00", "Z")` and hand-written Z formats live in huntaze_cli/utc.py (and the
    # ledger's fixed-width storage format in ledger/clock.py).
    assert places(r"replace\(\s*\"\+00:00\",\s*\"Z\"\s*\)") == ["utc.py"]
    assert places(r"%SZ\"|%fZ\"") == ["ledger/clock.py"]
