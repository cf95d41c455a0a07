"""A real PostgreSQL server for the ledger's second backend: each test gets a fresh schema, dropped after.

The server is HUNTAZE_TEST_PG (`.ci/run` sets it, and then an unreachable server fails the run), else
the usual local one at 127.0.0.1:5432 if it answers; with neither, the PostgreSQL half of the suite skips
with a sentence saying how to start one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "HUNTAZE_TEST_PG"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Trust authentication ignores it, so every ledger URL in the tests carries a password that output, errors
# and the ledger must never show (checked like the planted API key).
PLANTED_PG_PASSWORD = "pg-planted-SECRET-4e8b1d"
HOW_TO_START = ("No PostgreSQL server for the ledger's PostgreSQL tests: start one with `docker run -d -p 5432:5432 "
                "-e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16` (or the distribution's "
                f"postgresql package) and set {ENV}=postgresql://postgres@127.0.0.1:5432/test.")

_server: tuple[str | None, str] | None = None  # (admin URL or None, why not)


def server_url() -> str | None:
    """The admin URL of a reachable server (checked once per test process), else None."""
    global _server
    if _server is None:
        url = os.environ.get(ENV) or DEFAULT_URL
        try:
            import psycopg

            psycopg.connect(url, connect_timeout=3).close()
            _server = (url, "")
        except Exception as exc:  # any failure to connect means "no server" here
            _server = (None, f"{exc.__class__.__name__}: {str(exc).strip()[:200]}")
    return _server[0]


def require_server() -> str:
    url = server_url()
    if url is not None:
        return url
    if os.environ.get(ENV):  # CI asked for this server: its absence is a failure, not a skip
        pytest.fail(f"{ENV} is set but the server does not answer ({_server[1] if _server else ''}). "
                    + HOW_TO_START)
    pytest.skip(HOW_TO_START)


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


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL ledger URL in a schema of its own (with the planted password), dropped at the end."""
    schema = Schema(require_server())
    try:
        yield schema.url
    finally:
        schema.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Each ledger test runs twice: on a SQLite file and on a PostgreSQL schema, so the backends never drift."""
    if request.param == "sqlite":
        yield tmp_path / "ledger.db"
        return
    schema = Schema(require_server())
    try:
        yield schema.url
    finally:
        schema.drop()


def query(location: Path | str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Raw SQL on a ledger, outside the Ledger facade (`?` placeholders on both backends); the rows it
    returns, none for a write."""
    from huntaze_cli.config.dburl import is_postgres_url

    if is_postgres_url(location):
        from huntaze_cli.ledger.postgres.connection import connect

        pg = connect(str(location))
        try:
            cursor = pg.conn.execute(sql, params)
            return cursor.fetchall() if cursor.description is not None else []
        finally:
            pg.close()
    import sqlite3

    with sqlite3.connect(location) as conn:
        return conn.execute(sql, params).fetchall()


def pg_ledger_holds(url: str, needle: str) -> bool:
    """Whether any row of any table of the ledger's schema contains `needle` (the secret check)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]
        return any(conn.execute(f'SELECT 1 FROM "{table}" t WHERE t::text LIKE %s LIMIT 1',
                                (f"%{needle}%",)).fetchone() for table in tables)


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
