"""Purchase history and experiments in a real ledger: idempotent imports, per-creator data, all-or-nothing
records, timestamps from the injected clock."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.ledger import Ledger

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def _offer(fan: str, day: int, price: float, bought: bool = True, item: str = "set") -> dict:
    return {"fan_id": fan, "purchased_at": datetime(2026, 11, day, tzinfo=timezone.utc), "item": item,
            "price_usd": price, "bought": bought}


def test_purchases_import_once_per_creator_and_create_fans(ledger: Ledger) -> None:
    mia, zoe = ledger.add_creator("mia").id, ledger.add_creator("zoe").id
    offers = [_offer("7", 1, 12.5), _offer("7", 2, 15, bought=False), _offer("8", 3, 9.99)]
    assert ledger.import_purchases(mia, offers, now=NOW) == (3, 0)
    assert ledger.import_purchases(mia, offers + [_offer("7", 4, 20)], now=NOW) == (1, 3)
    assert ledger.import_purchases(zoe, offers[:1], now=NOW) == (1, 0)
    rows = ledger.list_purchases(mia)
    assert [(r["fan_id"], r["price_usd"], r["bought"]) for r in rows] == [
        ("7", 12.5, True), ("7", 15.0, False), ("8", 9.99, True), ("7", 20.0, True)]  # oldest first
    assert rows[0]["purchased_at"] == datetime(2026, 11, 1, tzinfo=timezone.utc)
    assert [r["price_usd"] for r in ledger.list_purchases(mia, "8")] == [9.99]
    assert {f["fan_id"] for f in ledger.list_fans(mia)} == {"7", "8"}
    assert len(ledger.list_purchases(zoe)) == 1


def test_a_creators_first_import_keeps_the_files_order_and_a_later_one_adds_only_new_rows(ledger: Ledger) -> None:
    # A creator's first import goes straight in on PostgreSQL (nothing stored can match); the rows keep the
    # file's order (same day: ties are listed in the order stored), and re-importing still adds nothing.
    mia, zoe = ledger.add_creator("mia").id, ledger.add_creator("zoe").id
    assert ledger.import_purchases(zoe, [_offer("7", 1, 5)], now=NOW) == (1, 0)
    offers = [_offer("9", 1, 30), _offer("7", 1, 20), _offer("8", 1, 10, bought=False), _offer("7", 1, 15)]
    assert ledger.import_purchases(mia, offers, now=NOW) == (4, 0)
    assert [(r["fan_id"], r["price_usd"]) for r in ledger.list_purchases(mia)] == [
        ("9", 30.0), ("7", 20.0), ("8", 10.0), ("7", 15.0)]
    assert ledger.import_purchases(mia, offers, now=NOW) == (0, 4)
    assert ledger.import_purchases(mia, [*offers, _offer("9", 2, 30)], now=NOW) == (1, 4)
    assert len(ledger.list_purchases(mia)) == 5 and len(ledger.list_purchases(zoe)) == 1
    assert sorted(f["fan_id"] for f in ledger.list_fans(mia)) == ["7", "8", "9"]
    assert [f["fan_id"] for f in ledger.list_fans(zoe)] == ["7"]


def test_history_import_keeps_a_fans_stored_profile(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    ledger.upsert_fans(mia, [{"fan_id": "7", "name": "Rio", "total_spent_usd": 300.0}])
    ledger.import_purchases(mia, [_offer("7", 1, 12.5)], now=NOW)
    rio = ledger.get_fan(mia, "7")
    assert (rio["name"], rio["total_spent_usd"]) == ("Rio", 300.0)


def test_experiments_store_variants_and_add_up_results(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    ledger.create_experiment(mia, "beach", [("A", "one"), ("B", "two")], now=NOW)
    with pytest.raises(InvalidInput, match="already exists"):
        ledger.create_experiment(mia, "beach", [("A", "x"), ("B", "y")], now=NOW)
    ledger.record_experiment(mia, "beach", [{"label": "A", "sent": 100, "bought": 7, "revenue_usd": 175.0}], now=NOW)
    ledger.record_experiment(mia, "beach", [{"label": "A", "sent": 20, "bought": 2, "revenue_usd": 50.0},
                                            {"label": "B", "sent": 120, "bought": 5, "revenue_usd": 125.0}], now=NOW)
    totals = ledger.experiment_totals(mia, "beach")
    assert totals["created_at"] == "2026-11-25T12:00:00.000000Z"
    assert [(v["label"], v["text"], v["sent"], v["bought"], v["revenue_usd"], v["records"])
            for v in totals["variants"]] == [("A", "one", 120, 9, 225.0, 2), ("B", "two", 120, 5, 125.0, 1)]
    assert ledger.list_experiments(mia) == [{"name": "beach", "created_at": "2026-11-25T12:00:00.000000Z",
                                             "variants": 2, "sent": 240}]


def test_a_bad_result_records_nothing_and_experiments_are_per_creator(ledger: Ledger) -> None:
    mia, zoe = ledger.add_creator("mia").id, ledger.add_creator("zoe").id
    ledger.create_experiment(mia, "beach", [("A", "one"), ("B", "two")], now=NOW)
    with pytest.raises(InvalidInput, match="no variant 'C'"):
        ledger.record_experiment(mia, "beach", [{"label": "A", "sent": 10, "bought": 1, "revenue_usd": 5.0},
                                                {"label": "C", "sent": 10, "bought": 1, "revenue_usd": 5.0}])
    assert [v["sent"] for v in ledger.experiment_totals(mia, "beach")["variants"]] == [0, 0]
    with pytest.raises(NotFound):
        ledger.experiment_totals(zoe, "beach")
    assert ledger.list_experiments(zoe) == []
