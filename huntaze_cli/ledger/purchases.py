"""Purchase history: one row per offer made to a fan (bought or declined), imported from exports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows, transaction

_KEY = ("creator_id", "fan_id", "purchased_at", "item", "price_usd", "bought", "order_ref")  # m027's unique key
_COLUMNS = (*_KEY, "imported_at")


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
    unique = list(dict.fromkeys(values))  # a row repeated in the file (one order id twice) is stored once
    with transaction(db):
        stored = db.insert_many("purchases", _COLUMNS, unique, _KEY)
        db.insert_many("fans", ("creator_id", "fan_id", "updated_at"), [(creator_id, f, stamp) for f in fan_ids],
                       ("creator_id", "fan_id"))
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


def fan_totals(db: LedgerDB, creator_id: int, since: datetime) -> list[dict[str, Any]]:
    """Every fan of the creator with their export's figures and their history's sums: purchases, declined,
    spent (Σ bought), spent_since (Σ bought from `since`), first_at/last_at (bought). One pass over the
    history in the order of its unique key, whose index holds every column read (SQL never visits the table);
    fans are joined here, as a join in SQL had SQLite build a temporary index of the sums first."""
    sums = {row[0]: row[1:] for row in db.conn.execute("""
        SELECT fan_id, sum(bought), count(*) - sum(bought), sum(CASE WHEN bought = 1 THEN price_usd ELSE 0 END),
            sum(CASE WHEN bought = 1 AND purchased_at >= ? THEN price_usd ELSE 0 END),
            min(CASE WHEN bought = 1 THEN purchased_at END), max(CASE WHEN bought = 1 THEN purchased_at END)
        FROM purchases WHERE creator_id = ? GROUP BY fan_id""", (to_iso(since), creator_id)).fetchall()}
    none = (0, 0, 0.0, 0.0, None, None)
    moments: dict[str, datetime] = {}  # a few hundred distinct days: each parsed once

    def moment(text: str | None) -> datetime | None:
        if text is None:
            return None
        found = moments.get(text)
        if found is None:
            found = moments[text] = from_iso(text)
        return found

    out = []
    for fan_id, total_spent, last_purchase_at in db.conn.execute(
            "SELECT fan_id, total_spent_usd, last_purchase_at FROM fans WHERE creator_id = ?", (creator_id,)):
        purchases, declined, spent, spent_since, first_at, last_at = sums.get(fan_id, none)
        out.append({"fan_id": fan_id, "total_spent_usd": total_spent, "last_purchase_at": last_purchase_at,
                    "purchases": purchases, "declined": declined, "spent": spent, "spent_since": spent_since,
                    "first_at": moment(first_at), "last_at": moment(last_at)})
    return out


def price_counts(db: LedgerDB, creator_id: int) -> list[tuple[str, float, int]]:
    """(fan id, price paid, how many times) over the creator's purchases: medians without every row."""
    cursor = db.conn.execute("SELECT fan_id, price_usd, count(*) FROM purchases WHERE creator_id = ? AND bought = 1"
                             " GROUP BY fan_id, price_usd", (creator_id,))
    return [(fan_id, float(price), int(n)) for fan_id, price, n in cursor.fetchall()]


def window_sales(db: LedgerDB, creator_id: int, since: datetime, until: datetime) -> dict[str, Any]:
    """Offers bought in [since, until): revenue, how many, and how many fans bought."""
    revenue, sold, buyers = db.conn.execute(
        "SELECT coalesce(sum(price_usd), 0), count(*), count(DISTINCT fan_id) FROM purchases"
        " WHERE creator_id = ? AND bought = 1 AND purchased_at >= ? AND purchased_at < ?",
        (creator_id, to_iso(since), to_iso(until))).fetchone()
    return {"revenue_usd": float(revenue or 0.0), "purchases": int(sold or 0), "buying_fans": int(buyers or 0)}


def top_buyers(db: LedgerDB, creator_id: int, since: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
    """The fans who spent most in [since, until), most first (ties by fan id): spend and purchases."""
    return rows(db, "SELECT fan_id, sum(price_usd) AS spend, count(*) AS bought FROM purchases"
                    " WHERE creator_id = ? AND bought = 1 AND purchased_at >= ? AND purchased_at < ?"
                    " GROUP BY fan_id ORDER BY spend DESC, fan_id LIMIT ?",
                (creator_id, to_iso(since), to_iso(until), limit))


def count_offers(db: LedgerDB, creator_id: int) -> int:
    return int(db.conn.execute("SELECT count(*) FROM purchases WHERE creator_id = ?", (creator_id,)).fetchone()[0])
