"""Purchase history: one row per offer made to a fan (bought or declined), imported from exports."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from huntaze_cli.bulk import collector_paused
from huntaze_cli.errors import LedgerError
from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows, transaction
from huntaze_cli.ledger.fan_totals import refresh as refresh_fan_totals

_KEY = ("creator_id", "fan_id", "purchased_at", "item", "price_usd", "bought", "order_ref")  # m027's unique key
_COLUMNS = (*_KEY, "imported_at")


def import_purchases(db: LedgerDB, creator_id: int, offers: list[dict[str, Any]],
                     now: datetime | None = None) -> tuple[int, int]:
    """Store offers (fan_id, purchased_at, item, price_usd, bought, order_ref); a row already stored is
    skipped. A fan met for the first time gets a fan row, so `fans show` and segments know them, and the
    creator's fan totals are recomputed when a row was stored. One transaction, rows sent in bulk (an agency's
    export holds hundreds of thousands): a failure leaves purchases and totals as they were.
    Returns (stored, skipped as duplicates)."""
    with collector_paused():
        return _import(db, creator_id, offers, to_iso(utc(now)))


class _IsoTexts(dict[datetime, str]):
    """Exports repeat dates: each is formatted once (a lookup that misses formats it)."""

    def __missing__(self, at: datetime) -> str:
        text = self[at] = to_iso(at)
        return text


def _import(db: LedgerDB, creator_id: int, offers: list[dict[str, Any]], stamp: str) -> tuple[int, int]:
    texts = _IsoTexts()
    values = [(creator_id, o["fan_id"], texts[o["purchased_at"]], o.get("item") or "", float(o["price_usd"]),
               1 if o["bought"] else 0, o.get("order_ref") or "", stamp) for o in offers]
    unique = list(dict.fromkeys(values))  # a row repeated in the file (one order id twice) is stored once
    fan_ids = dict.fromkeys(v[1] for v in unique)
    with transaction(db):
        # The one check of the creator that stands for m031's former foreign key check of every row.
        if db.conn.execute("SELECT 1 FROM creators WHERE id = ?" + db.key_share, (creator_id,)).fetchone() is None:
            raise LedgerError(f"No creator has id {creator_id} in {db.path}; nothing was imported.")
        scope = ("creator_id", creator_id)  # a creator's first import: nothing stored can match
        stored = db.insert_many("purchases", _COLUMNS, unique, _KEY, scope)
        new_fans = db.insert_many("fans", ("creator_id", "fan_id", "updated_at"),
                                  [(creator_id, f, stamp) for f in fan_ids], ("creator_id", "fan_id"), scope)
        if stored:
            refresh_fan_totals(db, (creator_id,))
            db.analyze_after_bulk({"purchases": stored, "fans": new_fans, "fan_totals": len(fan_ids)})
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


# Each fan's totals (the running `fan_totals`, ledger/fan_totals.py) with their 90-day spend, their segment,
# then per segment: its figures, and how many times each price was paid (its median needs no more). The
# segment rules are agents/revenue/segments.py's (assign_totals); the parameters carry its windows and whale
# count. A whale's place is its rank among the fans who spent in the window, numbered by a window over every
# fan partitioned on that (a ranking joined back to the fans cost SQLite an automatic index, and PostgreSQL
# misjudged the join's size, then hashed 175,000 purchases rather than 20,000 fans for the prices). The 90-day
# spend is the one sum that depends on the moment asked about: one pass over the creator's rows of the unique
# key's index, in its order (each fan's sum adds the same rows in the same order as a sum over their whole
# history would). The prices are read fan by fan (segmented first, each fan's rows a range of the unique key's
# index): CROSS JOIN fixes that order on SQLite, which otherwise scanned every purchase and looked its fan up
# in an automatic index built for the query (twice as slow); PostgreSQL plans a CROSS JOIN ... WHERE as the
# inner join it is.
_SEGMENTED_SQL = """
WITH recent AS (
    SELECT fan_id, sum(price_usd) AS spent_90d FROM purchases
    WHERE bought = 1 AND {at} >= ? AND creator_id = ? GROUP BY fan_id),
totals AS (
    SELECT f.fan_id, coalesce(f.total_spent_usd, 0) AS exported, f.last_purchase_at AS exported_last,
        coalesce(s.purchases, 0) AS purchases, coalesce(s.declined, 0) AS declined, coalesce(s.spent, 0) AS spent,
        coalesce(r.spent_90d, 0) AS spent_90d, s.first_at, s.last_at
    FROM fans f LEFT JOIN fan_totals s ON s.creator_id = f.creator_id AND s.fan_id = f.fan_id
    LEFT JOIN recent r ON r.fan_id = f.fan_id WHERE f.creator_id = ?),
segmented AS (
    SELECT t.*, CASE
        WHEN t.purchases = 0 THEN CASE WHEN t.exported > 0 THEN
            CASE WHEN {exported_last} < ? THEN 'lapsed' ELSE 'regulars' END ELSE 'never-bought' END
        WHEN t.spent_90d > 0 AND row_number() OVER (PARTITION BY t.spent_90d > 0
                                                    ORDER BY t.spent_90d DESC, {t_fan_order}) <= ? THEN 'whales'
        WHEN {first_at} >= ? THEN 'new'
        WHEN {last_at} < ? THEN 'lapsed'
        ELSE 'regulars' END AS segment
    FROM totals t)
"""
_FIGURES_SQL = """
SELECT segment, NULL, count(*), sum(purchases), sum(declined), sum(round(max(exported, spent), 2)),
    sum(max(0, exported - spent)), sum(spent_90d)
FROM segmented GROUP BY segment
UNION ALL
SELECT g.segment, p.price_usd, count(*), 0, 0, 0, 0, 0
FROM segmented g CROSS JOIN purchases p
WHERE p.creator_id = ? AND p.fan_id = g.fan_id AND p.bought = 1
    AND g.segment <> (SELECT segment FROM segmented GROUP BY segment ORDER BY sum(purchases) DESC LIMIT 1)
GROUP BY g.segment, p.price_usd"""
# One segment's prices, from its fans' purchases (when the creator's counts cannot stand for the largest's).
_PRICES_OF_SQL = """
SELECT g.segment, p.price_usd, count(*)
FROM segmented g CROSS JOIN purchases p
WHERE p.creator_id = ? AND p.fan_id = g.fan_id AND p.bought = 1 AND g.segment = ?
GROUP BY g.segment, p.price_usd"""
_MEMBERS_SQL = "SELECT segment, fan_id FROM segmented ORDER BY {fan_order}"


def _segmented(db: LedgerDB, creator_id: int, final: str, cuts: SegmentCuts, more: tuple[Any, ...] = ()) -> list[Any]:
    fans = int(db.conn.execute("SELECT count(*) FROM fans WHERE creator_id = ?", (creator_id,)).fetchone()[0])
    # ISO texts of one format order as their moments, byte by byte: PostgreSQL's "C" collation spares it
    # a locale comparison per row (a third of the query there).
    names = {name: db.bytewise(sql) for name, sql in (
        ("fan_order", "fan_id"), ("t_fan_order", "t.fan_id"), ("at", "purchased_at"),
        ("exported_last", "t.exported_last"), ("first_at", "t.first_at"), ("last_at", "t.last_at"))}
    params = (to_iso(cuts.window_since), creator_id, creator_id, cuts.exported_lapsed_before,
              math.ceil(cuts.whale_share * fans), to_iso(cuts.new_since), to_iso(cuts.lapsed_before))
    return db.conn.execute((_SEGMENTED_SQL + final).format(**names),
                           params + ((creator_id, *more) if "?" in final else ())).fetchall()


@dataclass(frozen=True)
class SegmentCuts:
    """segments.assign_totals' windows as moments, and its whale share. `exported_lapsed_before` is the cut
    for a fan export's last purchase, in the text the importer stores it as (ISO seconds, Z)."""

    window_since: datetime
    new_since: datetime
    lapsed_before: datetime
    exported_lapsed_before: str
    whale_share: float


def segment_figures(db: LedgerDB, creator_id: int, cuts: SegmentCuts
                    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[float, int]]]:
    """Per segment, computed in SQL (the history's rows never leave the database): fans, purchases, declined,
    revenue (Σ lifetime spend, each fan's rounded to cents), from_export and revenue_90d (unrounded sums);
    and the prices its fans paid, each with how many times. The largest segment's prices (by purchases) are
    the creator's price counts (m032) less the other segments': SQL reads and sorts the rest only."""
    figures: dict[str, dict[str, Any]] = {}
    prices: dict[str, dict[float, int]] = {}
    for segment, price, n, purchases, declined, revenue, from_export, revenue_90d in _segmented(
            db, creator_id, _FIGURES_SQL, cuts):
        if price is None:
            figures[segment] = {"fans": int(n), "purchases": int(purchases or 0), "declined": int(declined or 0),
                                "revenue": float(revenue or 0), "from_export": float(from_export or 0),
                                "revenue_90d": float(revenue_90d or 0)}
        else:
            prices.setdefault(segment, {})[float(price)] = int(n)
    skipped = [name for name, f in figures.items() if f["purchases"] and name not in prices]
    whole = dict(db.conn.execute("SELECT price_usd, bought FROM creator_prices WHERE creator_id = ?",
                                 (creator_id,)).fetchall()) if skipped else {}
    # Every purchase counted belongs to a fan of a segment (none of a fan missing from `fans`): the creator's
    # counts less the others' are the largest segment's, exactly.
    if len(skipped) == 1 and sum(whole.values()) == sum(f["purchases"] for f in figures.values()):
        rest = {float(price): int(n) - sum(counts.get(float(price), 0) for counts in prices.values())
                for price, n in whole.items()}
        prices[skipped[0]] = {price: n for price, n in rest.items() if n}
    else:
        for name in skipped:
            prices[name] = {float(price): int(n) for _, price, n in _segmented(
                db, creator_id, _PRICES_OF_SQL, cuts, (name,))}
    return figures, prices


def segment_members(db: LedgerDB, creator_id: int, cuts: SegmentCuts) -> dict[str, list[str]]:
    """segment → its fans' ids, in code point order."""
    out: dict[str, list[str]] = {}
    for segment, fan_id in _segmented(db, creator_id, _MEMBERS_SQL, cuts):
        out.setdefault(segment, []).append(fan_id)
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
