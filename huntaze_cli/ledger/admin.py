"""What `huntaze ledger info` shows: backend, where (URL masked), schema version, row counts and size."""

from __future__ import annotations

from typing import Any

from huntaze_cli.ledger.db import LedgerDB, scalar


def info(db: LedgerDB) -> dict[str, Any]:
    tables = db.table_names()
    applied = [row[0] for row in db.conn.execute("SELECT name FROM _migrations ORDER BY name")]
    return {
        "backend": db.backend,
        "location": str(db.path),
        "schemaVersion": applied[-1] if applied else None,
        "migrations": len(applied),
        # Table names come from the catalogue, never from input.
        "rows": {table: int(scalar(db, f'SELECT count(*) FROM "{table}"')) for table in tables
                 if table != "_migrations"},
        "sizeBytes": db.size_bytes(),
    }
