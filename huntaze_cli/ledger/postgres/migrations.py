"""The ledger schema on PostgreSQL: the migrations of `ledger/schema.py` with the `POSTGRESQL` dialect.

Migrations run in one transaction behind an advisory lock: when several hosts start at once, one migrates
and the others wait, then find nothing left to do.
"""

from __future__ import annotations

from huntaze_cli.ledger.postgres.connection import PostgresDB
from huntaze_cli.ledger.postgres.dialect import POSTGRESQL
from huntaze_cli.ledger.schema import apply_pending, bind


def _execute(db: PostgresDB, statement: str) -> None:
    db.conn.raw.execute(statement)  # type: ignore[arg-type]  # DDL: no parameters, no translation


MIGRATIONS = bind(POSTGRESQL, _execute)


def applied_names(db: PostgresDB) -> set[str]:
    if db.conn.raw.execute("SELECT to_regclass('_migrations')").fetchone()[0] is None:  # type: ignore[index]
        return set()
    return {row[0] for row in db.conn.raw.execute("SELECT name FROM _migrations")}


# Ledgers (by URL) this process has found fully migrated: a batch's 32 worker connections skip the two
# reads of the check (schemas only move forward, so what was current stays current for this process).
_CURRENT: set[str] = set()


def migrate(db: PostgresDB) -> list[str]:
    """Apply pending migrations; returns the names applied by this call."""
    if db.url in _CURRENT:
        return []
    applied_now = apply_pending(db, MIGRATIONS, applied_names)
    _CURRENT.add(db.url)
    return applied_now
