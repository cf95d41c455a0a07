"""A real PostgreSQL server for the ledger's second backend: each test gets a fresh schema, dropped after.

The server is HUNTAZE_TEST_PG (`.ci/run` sets it, and then an unreachable server fails the run), else
the usual local one at 127.0.0.1:5432 if it answers; with neither, the PostgreSQL half of the suite skips
with a sentence saying how to start one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from testservers.postgres import PLANTED_PG_PASSWORD, Database, Schema, in_schema, with_password  # noqa: F401

ENV = "HUNTAZE_TEST_PG"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
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

