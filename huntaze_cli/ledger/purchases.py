"""Purchase history: one row per offer made to a fan (bought or declined), imported from exports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows, transaction


def import_purchases(db: LedgerDB, creator_id: int, offers: list[dict[str, Any]],
                     now: datetime | None = None) -> tuple[int, int]:
    """Store offers (fan_id, purchased_at, item, price_usd, bought); a row already stored is skipped.
    A fan met for the first time gets a fan row, so `fans show` and segments know them.
    Returns (stored, skipped as duplicates)."""
    stamp = to_iso(utc(now))
    stored = 0
    with transaction(db):
        for offer in offers:
            cursor = db.conn.execute(
                "INSERT INTO purchases (creator_id, fan_id, purchased_at, item, price_usd, bought, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (creator_id, offer["fan_id"], to_iso(offer["purchased_at"]), offer.get("item") or "",
                 float(offer["price_usd"]), 1 if offer["bought"] else 0, stamp))
            stored += cursor.rowcount
            db.conn.execute("INSERT INTO fans (creator_id, fan_id, updated_at) VALUES (?, ?, ?)"
                            " ON CONFLICT (creator_id, fan_id) DO NOTHING", (creator_id, offer["fan_id"], stamp))
    return stored, len(offers) - stored


def list_purchases(db: LedgerDB, creator_id: int, fan_id: str | None = None) -> list[dict[str, Any]]:
    """Oldest first; `purchased_at` as an aware datetime and `bought` as a bool."""
    sql = "SELECT fan_id, purchased_at, item, price_usd, bought FROM purchases WHERE creator_id = ?"
    params: list[Any] = [creator_id]
    if fan_id is not None:
        sql += " AND fan_id = ?"
        params.append(fan_id)
    out = rows(db, sql + " ORDER BY purchased_at, id", params)
    for row in out:
        row["purchased_at"] = from_iso(row["purchased_at"])
        row["bought"] = bool(row["bought"])
    return out
