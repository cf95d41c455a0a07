"""Each fan's running totals (m030's `fan_totals`): what their purchase history sums to, kept current by every
writer of `purchases` inside its own transaction, so readers get one row per fan instead of every offer.

The totals of a creator are recomputed from their history, not added to: the stored figures are then what a
from-scratch aggregation gives (the same sums over the same rows; on SQLite in the same order, to the last
bit), whatever imports, re-imports and merges came before, and a write that fails rolls them back with the
purchases.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huntaze_cli.ledger.db import LedgerDB

COLUMNS = ("creator_id", "fan_id", "purchases", "declined", "spent", "first_at", "last_at")
# m030's backfill, for one creator: one pass over their rows of the unique key's index (which holds every
# column read). {at} orders timestamps by code point on either database (they are ISO texts of one format).
SUMS_SQL = """
    SELECT creator_id, fan_id, sum(bought), count(*) - sum(bought), sum(CASE WHEN bought = 1 THEN price_usd ELSE 0 END),
        min(CASE WHEN bought = 1 THEN {at} END), max(CASE WHEN bought = 1 THEN {at} END)
    FROM purchases WHERE creator_id = ? GROUP BY creator_id, fan_id"""


# m032's backfill, for one creator: how many times each price was paid.
PRICES_SQL = """
    INSERT INTO creator_prices (creator_id, price_usd, bought)
    SELECT creator_id, price_usd, count(*) FROM purchases WHERE creator_id = ? AND bought = 1
    GROUP BY creator_id, price_usd"""


def refresh(db: LedgerDB, creator_ids: Iterable[int]) -> None:
    """Recompute the creators' fan totals and price counts (m032's `creator_prices`) from their purchases.
    Call it inside the transaction that wrote the purchases (its lock keeps other writers out until both are
    committed)."""
    for creator_id in sorted(set(creator_ids)):
        db.conn.execute("DELETE FROM fan_totals WHERE creator_id = ?", (creator_id,))
        db.conn.execute(f"INSERT INTO fan_totals ({', '.join(COLUMNS)})"
                        + SUMS_SQL.format(at=db.bytewise("purchased_at")), (creator_id,))
        db.conn.execute("DELETE FROM creator_prices WHERE creator_id = ?", (creator_id,))
        db.conn.execute(PRICES_SQL, (creator_id,))
