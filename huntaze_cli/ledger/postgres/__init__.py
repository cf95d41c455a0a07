"""The PostgreSQL ledger an agency's hosts share (a `postgresql://` --db, HUNTAZE_DB or `ledger_url`).

Importing this package imports psycopg: only `open_ledger` does, and only for such a URL."""

from __future__ import annotations

from huntaze_cli.ledger.postgres.connection import PostgresDB, connect
from huntaze_cli.ledger.postgres.migrations import migrate

__all__ = ["PostgresDB", "open_database"]


def open_database(url: str) -> PostgresDB:
    """Connect and apply pending migrations (one host migrates, the others wait for it)."""
    database = connect(url)
    try:
        migrate(database)
    except database.errors as exc:
        database.close()
        error = database.translate(exc)
        raise error from error.__cause__
    except BaseException:
        database.close()
        raise
    return database
