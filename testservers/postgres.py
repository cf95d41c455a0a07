"""A fresh schema on a real PostgreSQL server, and the ledger URL that lives in it (tests and benchmarks)."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

# Trust authentication ignores it, so every ledger URL in the tests carries a password that output, errors
# and the ledger must never show (checked like the planted API key).
PLANTED_PG_PASSWORD = "pg-planted-SECRET-4e8b1d"


def with_password(url: str, password: str = PLANTED_PG_PASSWORD) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url
    user = parts.username or "postgres"
    netloc = f"{user}:{password}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def in_schema(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


class Schema:
    """A fresh schema on the server, and the ledger URL that lives in it: with the planted password for
    tests (trust authentication ignores it), or the admin URL's own credentials (the benchmarks)."""

    def __init__(self, admin_url: str, *, prefix: str = "hz_test", plant_password: bool = True) -> None:
        import psycopg

        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self._admin = psycopg.connect(admin_url, autocommit=True)
        self._admin.execute(f"CREATE SCHEMA {self.name}")
        self.url = in_schema(with_password(admin_url) if plant_password else admin_url, self.name)

    def drop(self) -> None:
        self._admin.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")
        self._admin.close()


class Database:
    """A fresh database on the server (for a whole test run, where a schema per test is not enough: a
    `ledger migrate --to` target and a ledger side by side), with the planted password; dropped after."""

    def __init__(self, admin_url: str, *, prefix: str = "hz_test") -> None:
        import psycopg

        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self._admin_url = admin_url
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {self.name}")
        parts = urlsplit(with_password(admin_url))
        self.url = urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", parts.query, parts.fragment))

    def schema(self) -> Schema:
        """A fresh schema in this database (its URL carries the planted password)."""
        return Schema(urlunsplit(urlsplit(self._admin_url)._replace(path=f"/{self.name}")))

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
