"""The response cache: identical requests within the TTL are answered from the ledger."""

from __future__ import annotations

from datetime import datetime, timedelta

from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, scalar, transaction


def get(db: LedgerDB, key: str, now: datetime | None = None) -> str | None:
    return scalar(db, "SELECT payload FROM response_cache WHERE key = ? AND expires_at > ?",
                  (key, to_iso(utc(now))))


def put(db: LedgerDB, key: str, *, creator_id: int, feature: str, provider: str, model: str,
        payload: str, ttl_s: float, now: datetime | None = None) -> None:
    moment = utc(now)
    stamp = to_iso(moment)
    with transaction(db, lock=None):  # an upsert: no read-then-write to order
        # Purge here rather than on read: reads stay lock-free and the table never grows unbounded.
        db.conn.execute("DELETE FROM response_cache WHERE expires_at <= ?", (stamp,))
        db.conn.execute(
            "INSERT INTO response_cache (key, creator_id, feature, provider, model, payload,"
            " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET creator_id = excluded.creator_id, feature = excluded.feature,"
            " provider = excluded.provider, model = excluded.model, payload = excluded.payload,"
            " created_at = excluded.created_at, expires_at = excluded.expires_at",
            (key, creator_id, feature, provider, model, payload, stamp,
             to_iso(moment + timedelta(seconds=ttl_s))))
