"""Ledger locations: a SQLite file path or a postgresql:// URL, and how a URL is shown (password masked).

Outside `ledger/` on purpose: `config` and path resolution use it without importing the ledger or a driver."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD = re.compile(r"^(?P<scheme>[a-z]+://)(?P<user>[^:@/]*):(?P<password>[^@/]*)@", re.IGNORECASE)
MASK = "***"


def is_postgres_url(location: str | Path | None) -> bool:
    return isinstance(location, str) and location.lower().startswith(POSTGRES_SCHEMES)


def mask_url(url: str) -> str:
    """`postgresql://ops:***@db.agency.lan/huntaze`: the password never reaches output, logs or errors
    (also a `password=` query parameter)."""
    masked = _PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", url)
    return re.sub(r"(?i)(password=)[^&\s]*", rf"\g<1>{MASK}", masked)


# Any scheme, one or two slashes (a Path collapses `//`), anywhere in a text: `mysql:/bob:pw@h` too.
_CREDENTIALS_IN_TEXT = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*:/{1,2}[^:@/\s]*):[^@/\s]*@", re.IGNORECASE)


def mask_secrets(text: str) -> str:
    """`text` with every URL-shaped credential masked: the one function every error message and traceback
    passes through (cli/main.py, render.py), so a new message cannot forget it."""
    masked = _CREDENTIALS_IN_TEXT.sub(lambda m: f"{m['head']}:{MASK}@", text)
    return re.sub(r"(?i)(password=)[^&\s'\"]*", rf"\g<1>{MASK}", masked)


def url_password(url: str) -> str | None:
    """The password written in a URL (decoded), so that error texts can be scrubbed of it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.password:
        return unquote(parts.password)
    found = re.search(r"(?i)password=([^&\s]*)", url)
    return unquote(found.group(1)) if found and found.group(1) else None


def scrub(text: str, url: str) -> str:
    """`text` with the URL shown masked and its password replaced, wherever a driver echoed it."""
    text = text.replace(url, mask_url(url))
    raw = _PASSWORD.match(url)
    for secret in {url_password(url), raw["password"] if raw else None} - {None, ""}:
        text = text.replace(secret, MASK)  # type: ignore[arg-type]
    return text


def check_postgres_url(url: str) -> None:
    """Refuse (exit 2) a PostgreSQL URL that says less than it seems: `postgresql://` alone would connect
    through the local socket as the OS user to a database named after them."""
    from urllib.parse import parse_qs

    from huntaze_cli.errors import InvalidInput

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a bad port raises here, not later in the driver
    except ValueError:
        raise InvalidInput(f"The ledger URL {mask_secrets(url)} is malformed; write "
                           "postgresql://user@host:5432/database.") from None
    query = parse_qs(parts.query)
    missing = [what for what, present in (("host", parts.hostname or query.get("host")),
                                           ("database", parts.path.strip("/") or query.get("dbname")))
               if not present]
    if missing:
        raise InvalidInput(f"The ledger URL {mask_secrets(url)} names no {' and no '.join(missing)}; "
                           "write postgresql://user@host:5432/database.")


def describe(location: str | Path) -> str:
    """How `ledger info` and errors name a ledger."""
    return mask_url(location) if is_postgres_url(location) else str(location)
