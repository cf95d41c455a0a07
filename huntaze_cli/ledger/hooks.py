"""Hook definitions, their run log, and once-per-month threshold claims."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows, transaction


def add_hook(db: LedgerDB, *, event: str, command: str | None = None, url: str | None = None,
             threshold: float | None = None, timeout_s: float = 10.0, now: datetime | None = None) -> int:
    if (command is None) == (url is None):
        raise InvalidInput("A hook runs either a command or a URL; give exactly one of --command or --url.")
    if not timeout_s > 0:
        raise InvalidInput(f"A hook timeout must be more than 0 seconds, not {timeout_s}.")
    with transaction(db):
        cursor = db.conn.execute(
            "INSERT INTO hooks (event, command, url, threshold, timeout_s, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (event, command, url, threshold, timeout_s, to_iso(utc(now))))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def list_hooks(db: LedgerDB, event: str | None = None) -> list[dict[str, Any]]:
    if event is None:
        return rows(db, "SELECT * FROM hooks ORDER BY id")
    return rows(db, "SELECT * FROM hooks WHERE event = ? ORDER BY id", (event,))


def delete_hook(db: LedgerDB, hook_id: int) -> bool:
    with transaction(db):
        return db.conn.execute("DELETE FROM hooks WHERE id = ?", (hook_id,)).rowcount > 0


def claim_threshold(db: LedgerDB, creator_id: int, month: str, event: str, threshold: float,
                    now: datetime | None = None) -> bool:
    """True only for the one process whose INSERT created the claim: a threshold fires once a month."""
    with transaction(db, lock=None):
        return db.conn.execute(
            "INSERT INTO hook_firings (creator_id, month, event, threshold, fired_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (creator_id, month, event, threshold, to_iso(utc(now)))).rowcount == 1


def log_hook_run(db: LedgerDB, hook_id: int | None, event: str, status: str, detail: str | None,
                 now: datetime | None = None) -> int:
    with transaction(db, lock=None):
        cursor = db.conn.execute(
            "INSERT INTO hook_runs (hook_id, event, status, detail, created_at) VALUES (?, ?, ?, ?, ?)",
            (hook_id, event, status, detail, to_iso(utc(now))))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def list_hook_runs(db: LedgerDB, hook_id: int | None = None, limit: int = 20) -> list[dict[str, Any]]:
    if hook_id is None:
        return rows(db, "SELECT * FROM hook_runs ORDER BY created_at DESC, id DESC LIMIT ?", (limit,))
    return rows(db, "SELECT * FROM hook_runs WHERE hook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                (hook_id, limit))
