"""Ledger locations: a SQLite file path or a postgresql:// URL, and how a URL is shown (password masked).

Outside `ledger/` on purpose: `config` and path resolution use it without importing the ledger or a driver."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from huntaze_cli.redaction import URL_MASK as MASK
from huntaze_cli.redaction import mask_credentials

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD = r"(?i)^(?P<scheme>[a-z]+://)(?P<user>[^:@/]*):(?P<password>[^@/]*)@"


def is_postgres_url(location: str | Path | None) -> bool:
    return isinstance(location, str) and location.lower().startswith(POSTGRES_SCHEMES)


_SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.\-]*)://", re.IGNORECASE)


def location_problem(location: str) -> str | None:
    """Why a --db / HUNTAZE_DB / ledger_url value cannot be a ledger, as one sentence (URL masked), or None.
    A URL of another scheme is not taken for a file path, and a PostgreSQL URL must name a host and a
    database: libpq would otherwise fill them in (local socket, a database named after the OS user)."""
    scheme = _SCHEME.match(location)
    if scheme is None:
        return None  # a file path
    shown = mask_url(location)
    if not is_postgres_url(location):
        return (f"The ledger location {shown} is neither a file path nor a postgresql:// URL; "
                f"{scheme['scheme']}:// is not supported.")
    try:
        parts = urlsplit(location)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:  # urllib's reason quotes parts of the URL, the password among them: not shown
        return f"The ledger URL {shown} is malformed; check its host, port and brackets."
    query = parse_qs(parts.query)
    missing = [what for what, given in (("a host", parts.hostname or query.get("host")),
                                        ("a database", parts.path.strip("/") or query.get("dbname")))
               if not given]
    if missing:
        return (f"The ledger URL {shown} names no {' and no '.join(m[2:] for m in missing)}; "
                "write it as postgresql://user@host:5432/database.")
    return None


def mask_url(url: str) -> str:
    """`postgresql://ops:***@db.agency.lan/huntaze`: the password never reaches output, logs or errors
    (also a `password=` query parameter); redaction.mask_credentials is the one masking rule."""
    return mask_credentials(url)


def mask_secrets(text: str) -> str:
    """`text` with every URL-shaped credential masked: the one function every error message and traceback
    passes through (cli/main.py, render.py), so a new message cannot forget it (redaction.mask_credentials)."""
    return mask_credentials(text)


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
    raw = re.match(_PASSWORD, url)
    for secret in {url_password(url), raw["password"] if raw else None} - {None, ""}:
        text = text.replace(secret, MASK)  # type: ignore[arg-type]
    return text


def check_postgres_url(url: str) -> None:
    """Refuse (exit 2) a location that says less than it seems (location_problem): `postgresql://` alone
    would connect through the local socket as the OS user to a database named after them."""
    from huntaze_cli.errors import InvalidInput

    problem = location_problem(url)
    if problem is not None:
        raise InvalidInput(problem)


def describe(location: str | Path) -> str:
    """How `ledger info` and errors name a ledger."""
    return mask_url(location) if is_postgres_url(location) else str(location)
