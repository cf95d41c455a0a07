"""m027 on both backends: a ledger whose purchases were stored before it keeps them, and importing the
same history again after it stores nothing twice; two identical rows of one file are two purchases."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from huntaze_cli.ledger import open_ledger
from tests.fakes.postgres import query
from tests.ledger.test_one_schema import migrate_upto

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
DAY = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _offer(ref: str = "", price: float = 25.0) -> dict:
    return {"fan_id": "7", "purchased_at": DAY, "item": "set", "price_usd": price, "bought": True, "order_ref": ref}


def test_rows_stored_before_m027_are_the_first_of_their_kind(ledger_location: Path | str) -> None:
    migrate_upto(ledger_location, "m026_reserve_and_settle_in_one_statement")
    query(ledger_location, "INSERT INTO creators (name, plan, created_at)"
                           " VALUES ('mia', 'starter', '2026-11-01T00:00:00.000000Z')")
    for price in (25.0, 30.0):
        query(ledger_location, "INSERT INTO purchases (creator_id, fan_id, purchased_at, item, price_usd, bought,"
                               " imported_at) VALUES (1, '7', ?, 'set', ?, 1, '2026-11-02T00:00:00.000000Z')",
              ("2026-11-01T00:00:00.000000Z", price))
    with open_ledger(ledger_location) as ledger:  # applies m027
        mia = ledger.get_creator("mia")
        assert mia is not None
        assert [r["price_usd"] for r in ledger.list_purchases(mia.id)] == [25.0, 30.0]
        # the same export again: its first identical rows are the ones already stored
        assert ledger.import_purchases(mia.id, [_offer(), _offer(price=30.0)], now=NOW) == (0, 2)
        # a second genuine purchase of the same set that day is new
        assert ledger.import_purchases(mia.id, [_offer(), _offer("#2")], now=NOW) == (1, 1)
        assert len(ledger.list_purchases(mia.id)) == 3
        # ids go on after the rebuilt table's rows
        assert ledger.import_purchases(mia.id, [_offer("order-9")], now=NOW) == (1, 0)
    assert query(ledger_location, "SELECT count(DISTINCT id) FROM purchases")[0][0] == 4
