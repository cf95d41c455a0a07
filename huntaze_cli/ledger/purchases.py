"""Purchase history: one row per offer made to a fan (bought or declined), imported from exports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows, transaction

_COLUMNS = ("creator_id", "fan_id", "purchased_at", "item", "price_usd", "bought", "order_ref", "imported_at")


def import_purchases(db: LedgerDB, creator_id: int, offers: list[dict[str, Any]],
                     now: datetime | None = None) -> tuple[int, int]:
    """Store offers (fan_id, purchased_at, item, price_usd, bought, order_ref); a row already stored is
    skipped. A fan met for the first time gets a fan row, so `fans show` and segments know them. One
    transaction, rows sent in bulk (an agency's export holds hundreds of thousands).
    Returns (stored, skipped as duplicates)."""
    stamp = to_iso(utc(now))
    texts: dict[datetime, str] = {}  # exports repeat dates: each is formatted once
    values = []
    for o in offers:
        at = o["purchased_at"]
        text = texts.get(at)
        if text is None:
            text = texts[at] = to_iso(at)
        values.append((creator_id, o["fan_id"], text, o.get("item") or "", float(o["price_usd"]),
                       1 if o["bought"] else 0, o.get("order_ref") or "", stamp))
    fan_ids = dict.fromkeys(o["fan_id"] for o in offers)
    with transaction(db):
        stored = db.insert_many("purchases", _COLUMNS, values)
        db.insert_many("fans", ("creator_id", "fan_id", "updated_at"), [(creator_id, f, stamp) for f in fan_ids])
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
