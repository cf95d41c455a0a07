"""Circuit-breaker state per provider and server (the key is `providers.base.breaker_key`), shared by
every process through the ledger.

Transitions run under BEGIN IMMEDIATE so two processes never both "open" the breaker or both
half-open it. Half-open admits exactly one probe: the process that moves the breaker there; every other
one still sees it open, until the probe settles it (closed or open again) or, if the probe's process
died, a cool-down later, when one new probe is admitted.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction
from huntaze_cli.ledger.records import BreakerState


def _lock(provider: str) -> str:
    return f"breaker:{provider}"  # transitions of one breaker in turn; other breakers and writers run on


def to_state(row: dict[str, Any]) -> BreakerState:
    return BreakerState(provider=row["provider"], state=row["state"],
                        consecutive_failures=row["consecutive_failures"],
                        opened_at=from_iso(row["opened_at"]) if row["opened_at"] else None)


def get(db: LedgerDB, provider: str) -> BreakerState:
    row = one(db, "SELECT * FROM breaker_state WHERE provider = ?", (provider,))
    return to_state(row) if row else BreakerState(provider, "closed", 0, None)


def list_all(db: LedgerDB) -> list[BreakerState]:
    return [to_state(row) for row in rows(db, "SELECT * FROM breaker_state ORDER BY provider")]


def _write(db: LedgerDB, provider: str, state: str, failures: int, opened_at: str | None,
           stamp: str) -> None:
    db.conn.execute(
        "INSERT INTO breaker_state (provider, state, consecutive_failures, opened_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET state = excluded.state,"
        " consecutive_failures = excluded.consecutive_failures, opened_at = excluded.opened_at,"
        " updated_at = excluded.updated_at",
        (provider, state, failures, opened_at, stamp))


def allow(db: LedgerDB, provider: str, *, cooldown_s: float, now: datetime | None = None) -> bool:
    """May this caller send a request? True when closed, and for exactly one probe once half-open."""
    moment = utc(now)
    current = get(db, provider)
    if current.state == "closed":
        return True  # the common path takes no lock
    with transaction(db, lock=_lock(provider)):
        row = one(db, "SELECT * FROM breaker_state WHERE provider = ?", (provider,))  # re-read under the lock
        if row is None or row["state"] == "closed":
            return True
        # Open: wait out the cool-down from the opening. Half-open: a probe is out; wait out a cool-down
        # from when it left (its process may have died without settling it).
        since = from_iso(row["opened_at"] if row["state"] == "open" and row["opened_at"] else row["updated_at"])
        if moment - since < timedelta(seconds=cooldown_s):
            return False
        _write(db, provider, "half_open", row["consecutive_failures"], row["opened_at"] or to_iso(moment),
               to_iso(moment))
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
