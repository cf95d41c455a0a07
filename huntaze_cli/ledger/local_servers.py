"""What each local model server (by base URL) supports, remembered across processes.

`structured_mode` is the way the server accepted structured output (json_schema, or json_object after it
rejected json_schema), so later calls skip the failed attempt. `total_slots` and `n_ctx` are what the
server last reported (llama.cpp's /props), shown by `providers check`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction


def get(db: LedgerDB, base_url: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM local_servers WHERE base_url = ?", (base_url,))


def list_all(db: LedgerDB) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM local_servers ORDER BY base_url")


def set_mode(db: LedgerDB, base_url: str, mode: str, *, now: datetime | None = None) -> None:
    with transaction(db):
        db.conn.execute(
            "INSERT INTO local_servers (base_url, structured_mode, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (base_url) DO UPDATE SET structured_mode = excluded.structured_mode,"
            " updated_at = excluded.updated_at", (base_url, mode, to_iso(utc(now))))


def set_props(db: LedgerDB, base_url: str, *, total_slots: int | None, n_ctx: int | None,
              now: datetime | None = None) -> None:
    with transaction(db):
        db.conn.execute(
            "INSERT INTO local_servers (base_url, total_slots, n_ctx, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (base_url) DO UPDATE SET total_slots = excluded.total_slots, n_ctx = excluded.n_ctx,"
            " updated_at = excluded.updated_at", (base_url, total_slots, n_ctx, to_iso(utc(now))))
