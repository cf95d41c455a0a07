"""The ledger schema on SQLite: the migrations of `ledger/schema.py` with the `SQLITE` dialect.

Never edit a migration that has shipped; append a new one to `ledger/schema.py` (its docstring says how).
tests/ledger/test_schema.py pins the resulting schema.
"""

from __future__ import annotations

from huntaze_cli.ledger.db import LedgerDB
from huntaze_cli.ledger.dialect import SQLITE
from huntaze_cli.ledger.schema import apply_pending, bind


def _execute(db: LedgerDB, statement: str) -> None:
    db.conn.execute(statement)


MIGRATIONS = bind(SQLITE, _execute)


def applied_names(db: LedgerDB) -> set[str]:
    # Plain SQL on every open (the common case applies nothing).
    exists = db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone()
    if not exists:
        return set()
    return {row[0] for row in db.conn.execute("SELECT name FROM _migrations")}


def migrate(db: LedgerDB) -> list[str]:
    """Apply pending migrations; returns the names applied by this call."""
    return apply_pending(db, MIGRATIONS, applied_names)
