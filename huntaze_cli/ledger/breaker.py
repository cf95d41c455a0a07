"""Circuit-breaker state per provider, shared by every process through the ledger.

Transitions run under BEGIN IMMEDIATE so two processes never both "open" the breaker or both
half-open it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction
from huntaze_cli.ledger.records import BreakerState


def _to_state(row: dict[str, Any]) -> BreakerState:
    return BreakerState(provider=row["provider"], state=row["state"],
                        consecutive_failures=row["consecutive_failures"],
                        opened_at=from_iso(row["opened_at"]) if row["opened_at"] else None)


def _lock(provider: str) -> str:
    return f"breaker:{provider}"


def get(db: LedgerDB, provider: str) -> BreakerState:
    row = one(db, "SELECT * FROM breaker_state WHERE provider = ?", (provider,))
    return _to_state(row) if row else BreakerState(provider, "closed", 0, None)


def list_all(db: LedgerDB) -> list[BreakerState]:
    return [_to_state(row) for row in rows(db, "SELECT * FROM breaker_state ORDER BY provider")]


def _write(db: LedgerDB, provider: str, state: str, failures: int, opened_at: str | None,
           stamp: str) -> None:
    db.conn.execute(
        "INSERT INTO breaker_state (provider, state, consecutive_failures, opened_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET state = excluded.state,"
        " consecutive_failures = excluded.consecutive_failures, opened_at = excluded.opened_at,"
        " updated_at = excluded.updated_at",
        (provider, state, failures, opened_at, stamp))


def allow(db: LedgerDB, provider: str, *, cooldown_s: float, now: datetime | None = None) -> bool:
    moment = utc(now)
    current = get(db, provider)
    if current.state != "open":
        return True  # the common path takes no lock
    with transaction(db, lock=_lock(provider)):
        current = get(db, provider)  # re-read under the lock
        if current.state != "open":
            return True
        opened = current.opened_at or moment
        if moment - opened < timedelta(seconds=cooldown_s):
            return False
        _write(db, provider, "half_open", current.consecutive_failures, to_iso(opened), to_iso(moment))
        return True


def success(db: LedgerDB, provider: str, now: datetime | None = None) -> None:
    current = get(db, provider)
    if current.state == "closed" and current.consecutive_failures == 0:
        return  # nothing to write on the hot path
    with transaction(db, lock=_lock(provider)):
        _write(db, provider, "closed", 0, None, to_iso(utc(now)))


def failure(db: LedgerDB, provider: str, *, threshold: int, now: datetime | None = None) -> bool:
    """Count a failure; returns True only for the call that moved the breaker to open."""
    stamp = to_iso(utc(now))
    with transaction(db, lock=_lock(provider)):
        current = get(db, provider)
        failures = current.consecutive_failures + 1
        if current.state == "open":
            _write(db, provider, "open", failures, to_iso(current.opened_at) if current.opened_at else stamp,
                   stamp)
            return False
        if current.state == "half_open" or failures >= threshold:
            _write(db, provider, "open", failures, stamp, stamp)
            return True
        _write(db, provider, "closed", failures, None, stamp)
        return False
