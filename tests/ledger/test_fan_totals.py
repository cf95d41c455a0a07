"""`fan_totals` (m030, ledger/fan_totals.py) and `creator_prices` (m032) on both backends: after every path
that writes purchases (imports, re-imports, a second creator, `ledger migrate --to` and `--merge`, the upgrade
of a ledger that held purchases before them) they are exactly what summing the history from scratch gives,
and an import that fails midway changes neither."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from huntaze_cli.errors import LedgerError
from huntaze_cli.ledger import Ledger, open_ledger
from tests.fakes.postgres import query, require_server
from tests.ledger.test_one_schema import migrate_upto

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
DAY = datetime(2026, 11, 1, tzinfo=timezone.utc)

# The history summed from scratch, as `fans segments` summed it on every run before m030.
FROM_SCRATCH = """
    SELECT creator_id, fan_id, sum(bought), count(*) - sum(bought), sum(CASE WHEN bought = 1 THEN price_usd ELSE 0 END),
        min(CASE WHEN bought = 1 THEN purchased_at END), max(CASE WHEN bought = 1 THEN purchased_at END)
    FROM purchases GROUP BY creator_id, fan_id ORDER BY creator_id, fan_id"""
STORED = ("SELECT creator_id, fan_id, purchases, declined, spent, first_at, last_at FROM fan_totals"
          " ORDER BY creator_id, fan_id")


def _rows(location: Path | str, sql: str) -> list[tuple[Any, ...]]:
    # Sums of float prices: PostgreSQL may add a fan's rows in another order than a later plan does.
    return [(int(c), f, int(n), int(d), round(float(s), 9), a, b) for c, f, n, d, s, a, b in query(location, sql)]


PRICES_FROM_SCRATCH = ("SELECT creator_id, price_usd, count(*) FROM purchases WHERE bought = 1"
                       " GROUP BY creator_id, price_usd ORDER BY creator_id, price_usd")
PRICES_STORED = "SELECT creator_id, price_usd, bought FROM creator_prices ORDER BY creator_id, price_usd"


def _assert_agree(location: Path | str) -> None:
    stored = _rows(location, STORED)
    assert stored == _rows(location, FROM_SCRATCH)
    assert stored  # something was compared
    assert query(location, PRICES_STORED) == query(location, PRICES_FROM_SCRATCH)


def _offers(n: int, *, fans: int = 7, start: int = 0) -> list[dict[str, Any]]:
    return [{"fan_id": f"f{(start + i) % fans}", "purchased_at": DAY + timedelta(days=(start + i) % 40),
             "item": ("set", "video", "bundle")[i % 3], "price_usd": (5.0, 9.99, 25.0, 0.1)[i % 4],
             "bought": i % 5 != 4, "order_ref": ""} for i in range(n)]


def test_totals_agree_after_imports_re_imports_and_a_second_creator(ledger: Ledger, path: Path | str) -> None:
    mia = ledger.add_creator("mia", "pro")
    zoe = ledger.add_creator("zoe", "pro")
    assert ledger.import_purchases(mia.id, _offers(60), now=NOW) == (60, 0)
    _assert_agree(path)
    assert ledger.import_purchases(mia.id, _offers(60), now=NOW) == (0, 60)  # every row already stored
    _assert_agree(path)
    assert ledger.import_purchases(mia.id, _offers(90, start=30, fans=11), now=NOW)[0] > 0  # some new, some not
    _assert_agree(path)
    assert ledger.import_purchases(zoe.id, _offers(20, fans=3), now=NOW) == (20, 0)
    _assert_agree(path)
    # only declined offers: counted, with no spend and no purchase dates
    ledger.import_purchases(zoe.id, [{**o, "fan_id": "shy", "bought": False} for o in _offers(3)], now=NOW)
    _assert_agree(path)
    assert query(path, "SELECT purchases, declined, spent, first_at FROM fan_totals WHERE fan_id = 'shy'") == [
        (0, 3, 0, None)]


def test_an_import_that_fails_midway_leaves_purchases_and_totals_as_they_were(
        ledger: Ledger, path: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    mia = ledger.add_creator("mia", "pro")
    ledger.import_purchases(mia.id, _offers(30), now=NOW)
    before = (_rows(path, STORED), query(path, "SELECT count(*) FROM purchases"))

    def fail(*args: Any) -> None:  # the rows are inserted; then the totals cannot be written
        raise RuntimeError("disk gone")

    monkeypatch.setattr("huntaze_cli.ledger.purchases.refresh_fan_totals", fail)
    with pytest.raises(RuntimeError):
        ledger.import_purchases(mia.id, _offers(50, start=100, fans=9), now=NOW)
    assert (_rows(path, STORED), query(path, "SELECT count(*) FROM purchases")) == before
    _assert_agree(path)


def test_an_import_for_a_creator_the_ledger_lacks_stores_nothing(ledger: Ledger, path: Path | str) -> None:
    """m031 dropped the foreign key checked on every row: the import checks its creator once instead."""
    with pytest.raises(LedgerError, match="No creator has id 42"):
        ledger.import_purchases(42, _offers(5), now=NOW)
    assert query(path, "SELECT count(*) FROM purchases")[0][0] == 0
    assert query(path, "SELECT count(*) FROM fans")[0][0] == 0


def test_a_ledger_with_purchases_from_before_m030_gets_their_totals(ledger_location: Path | str) -> None:
    migrate_upto(ledger_location, "m029_api_tokens")
    query(ledger_location, "INSERT INTO creators (name, plan, created_at)"
                           " VALUES ('mia', 'starter', '2026-11-01T00:00:00.000000Z')")
    for i, o in enumerate(_offers(40)):
        query(ledger_location, "INSERT INTO fans (creator_id, fan_id, updated_at) VALUES (1, ?, ?)"
                               " ON CONFLICT DO NOTHING", (o["fan_id"], "2026-11-02T00:00:00.000000Z"))
        query(ledger_location, "INSERT INTO purchases (creator_id, fan_id, purchased_at, item, price_usd, bought,"
                               " imported_at, order_ref) VALUES (1, ?, ?, ?, ?, ?, '2026-11-02T00:00:00.000000Z', ?)",
              (o["fan_id"], o["purchased_at"].strftime("%Y-%m-%dT%H:%M:%S.000000Z"), o["item"], o["price_usd"],
               int(o["bought"]), str(i)))
    ids = query(ledger_location, "SELECT fan_id, purchased_at, order_ref FROM purchases ORDER BY id")
    with open_ledger(ledger_location) as ledger:  # applies m030 and m031
        _assert_agree(ledger_location)
        mia = ledger.get_creator("mia")
        assert mia is not None
        assert query(ledger_location, "SELECT fan_id, purchased_at, order_ref FROM purchases ORDER BY id") == ids
        assert ledger.import_purchases(mia.id, _offers(10, start=50), now=NOW) == (10, 0)  # ids go on after them
        _assert_agree(ledger_location)
        figures, _ = ledger.segment_figures(mia.id, _cuts())
    assert sum(f["purchases"] for f in figures.values()) == query(
        ledger_location, "SELECT count(*) FROM purchases WHERE bought = 1")[0][0]


def _cuts() -> Any:
    from huntaze_cli.agents.revenue.figures import segment_cuts

    return segment_cuts(NOW)


@pytest.fixture
def hub_database() -> Iterator[str]:
    """A fresh PostgreSQL database: `ledger migrate --to` into a schema of it, `--merge` into its public one."""
    from testservers.postgres import Database

    database = Database(require_server())
    try:
        yield database.url
    finally:
        database.drop()


def _laptop(path: Path, fans: int, start: int) -> None:
    with open_ledger(path) as ledger:
        mia = ledger.add_creator("mia", "business")
        ledger.import_purchases(mia.id, _offers(40, fans=fans, start=start), now=NOW)


def test_totals_agree_after_ledger_migrate_to_and_merge(cli: Any, tmp_path: Path, hub_database: str) -> None:
    from testservers.postgres import Schema

    _laptop(tmp_path / "a.db", fans=5, start=0)
    _laptop(tmp_path / "b.db", fans=8, start=20)  # overlaps a's history: shared rows are stored once
    copy = Schema(hub_database)
    try:
        assert cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", copy.url).code == 0
        _assert_agree(copy.url)
        assert _rows(copy.url, STORED) == _rows(tmp_path / "a.db", STORED)
    finally:
        copy.drop()
    hub = hub_database
    with open_ledger(hub) as ledger:  # the hub already holds history of its own for mia
        ledger.import_purchases(ledger.add_creator("mia", "business").id, _offers(15, fans=4, start=7), now=NOW)
    for laptop in ("a.db", "b.db", "a.db"):
        assert cli("--db", str(tmp_path / laptop), "ledger", "migrate", "--to", hub, "--merge").code == 0
        _assert_agree(hub)
    assert query(hub, "SELECT count(DISTINCT fan_id) FROM fan_totals")[0][0] == 8


def _prices_by_segment(ledger: Ledger, creator_id: int) -> dict[str, dict[float, int]]:
    """Each segment's prices counted from its members' purchases, one row at a time."""
    segment_of = {fan: name for name, fans in ledger.segment_members(creator_id, _cuts()).items() for fan in fans}
    out: dict[str, dict[float, int]] = {}
    for row in ledger.list_purchases(creator_id):
        if row["bought"] and row["fan_id"] in segment_of:
            counts = out.setdefault(segment_of[row["fan_id"]], {})
            counts[row["price_usd"]] = counts.get(row["price_usd"], 0) + 1
    return out


def test_the_largest_segment_s_prices_are_the_creator_s_less_the_others(ledger: Ledger, path: Path | str) -> None:
    mia = ledger.add_creator("mia", "pro")
    ledger.import_purchases(mia.id, _offers(200, fans=23), now=NOW)
    ledger.import_purchases(mia.id, _offers(60, start=300, fans=9), now=NOW)
    figures, prices = ledger.segment_figures(mia.id, _cuts())
    assert prices == _prices_by_segment(ledger, mia.id)
    assert len([name for name, f in figures.items() if f["purchases"]]) > 1
    # Purchases of a fan that `fans` lacks (written outside huntaze) are no segment's: the largest segment's
    # prices are then counted from its own fans' rows, not derived.
    query(path, "INSERT INTO purchases (creator_id, fan_id, purchased_at, item, price_usd, bought, imported_at)"
                " VALUES (?, 'stranger', '2026-11-03T00:00:00.000000Z', 'set', 77.0, 1, '2026-11-04T00:00:00.000000Z')",
          (mia.id,))
    ledger.import_purchases(mia.id, _offers(1, start=999), now=NOW)  # recounts the creator's prices, 77 included
    _, prices = ledger.segment_figures(mia.id, _cuts())
    assert prices == _prices_by_segment(ledger, mia.id)
    assert 77.0 not in {price for counts in prices.values() for price in counts}
