"""The named ranges of io/limits.py: each one fits the ledger columns on both backends, and a property test
drives the same values through the real command line on SQLite and on PostgreSQL (both accept exactly the
same ones, with the same sentence for the rest) and then through `ledger migrate`, which carries every value
SQLite stored."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import count
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from huntaze_cli.errors import InvalidInput
from huntaze_cli.io import limits
from tests.fakes.postgres import Database, require_server

WHOLE = [name for name in dir(limits) if isinstance(getattr(limits, name), limits.Range)
         and getattr(limits, name).kind == "whole"]


def test_every_whole_range_fits_a_postgresql_column():
    # Counts land in INTEGER columns, ids in BIGINT ones: nothing a range admits can overflow either backend.
    for name in WHOLE:
        r = getattr(limits, name)
        assert r.high <= (limits.PG_BIGINT_MAX if name == "ROW_ID" else limits.PG_INTEGER_MAX), name


def test_money_stays_exact_in_cents():
    # Sums of cents are exact in a double below 2**53 cents; a million maximal amounts still are.
    assert limits.MAX_USD * 100 * 1_000_000 < 2**53 * 1_000


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 2**64, 10**9 + 1, 0, -1, 1.5, "12x", True])
def test_refused_with_one_sentence_naming_the_option(value):
    with pytest.raises(InvalidInput) as caught:
        limits.SENT.check(value, "--sent")
    message = caught.value.message
    assert message.startswith("--sent must be a whole number from 1 to 1,000,000,000, not ")
    assert message.count(".") == 1 + message.count("1.5")  # one sentence


def test_bounds_are_inclusive_unless_above():
    assert limits.SENT.check(1, "--sent") == 1 and limits.SENT.check(10**9, "--sent") == 10**9
    assert limits.SENT.check("120", "sent") == 120  # a file's cell
    assert limits.PRICE_USD.check(10_000, "--price") == 10_000
    with pytest.raises(InvalidInput, match=r"above \$0 and at most \$10,000, not 0"):
        limits.PRICE_USD.check(0, "--price")


# ---- the same values through both ledgers and through migrate ----------------------------------------------

@pytest.fixture(scope="module")
def pg_database() -> Iterator[Database]:
    """A fresh PostgreSQL database for this run: one schema is the PostgreSQL ledger the values are driven
    through, another the empty target of `ledger migrate`."""
    database = Database(require_server(), prefix="hz_limits")
    try:
        yield database
    finally:
        database.drop()


def _number(draw_ints: bool) -> st.SearchStrategy[str]:
    """What a user may type for a number: small, boundary, huge, negative, fractional, nan, inf."""
    edges = [0, 1, 2, 100, 10**9, 10**9 + 1, 2**31 - 1, 2**31, 3_000_000_000, 2**63, 99999999999999999999]
    ints = st.one_of(st.sampled_from(edges), st.integers(min_value=-10, max_value=2**70)).map(str)
    if draw_ints:
        return ints
    floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
    return st.one_of(ints, floats, st.sampled_from(["nan", "inf", "-inf", "1e300", "0.005", "25.5", "1e9"]))


def _run(cli: Any, db: str, *args: str) -> tuple[int, str]:
    r = cli("--db", db, *args)
    assert "Traceback" not in r.stdout + r.stderr
    assert r.code in (0, 2), (args, r.code, r.stderr)  # accepted, or bad input: never 1 or 6
    if r.code:
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
        return r.code, lines[0]
    return r.code, ""


_EXPERIMENT_ROWS = ("SELECT e.name, v.label, r.sent, r.bought, r.revenue_usd FROM experiment_results r "
                    "JOIN experiment_variants v ON v.id = r.variant_id JOIN experiments e ON e.id = v.experiment_id "
                    "ORDER BY e.name, v.label, r.id")
_CREATOR_ROWS = ("SELECT name, requests_per_hour_override, monthly_usd_override FROM creators "
                 "WHERE name LIKE 'c%' ORDER BY name")
_HOOK_ROWS = "SELECT event, threshold, timeout_s FROM hooks ORDER BY id"


class _Reader:
    """The stored values of one ledger, read through one open connection (opening one per read would make
    the property test slow)."""

    def __init__(self, location: str) -> None:
        if location.startswith("postgresql://"):
            import psycopg

            self._conn: Any = psycopg.connect(location, autocommit=True)
        else:
            import sqlite3

            self._conn = sqlite3.connect(location, isolation_level=None)

    def __call__(self) -> dict[str, list[tuple[Any, ...]]]:
        return {sql: [tuple(row) for row in self._conn.execute(sql).fetchall()]
                for sql in (_EXPERIMENT_ROWS, _CREATOR_ROWS, _HOOK_ROWS)}

    def close(self) -> None:
        self._conn.close()


def test_both_ledgers_accept_the_same_values_and_migrate_carries_them(cli, tmp_path, pg_database):
    sqlite = str(tmp_path / "ledger.db")
    direct = pg_database.schema()
    target = pg_database.schema()
    ledgers = (sqlite, direct.url)
    serial = count()
    try:
        for db in ledgers:
            assert _run(cli, db, "creators", "add", "mia")[0] == 0
        readers = [_Reader(db) for db in ledgers]

        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
        @given(sent=_number(True), bought=_number(True), revenue=_number(False), per_hour=_number(True),
               monthly=_number(False), threshold=_number(False), timeout=_number(False))
        @example(sent="3000000000", bought="1", revenue="0", per_hour="3000000000", monthly="1e300",
                 threshold="nan", timeout="inf")
        @example(sent="99999999999999999999", bought="0", revenue="nan", per_hour="99999999999999999999",
                 monthly="nan", threshold="100", timeout="300")
        @example(sent="1000000000", bought="1000000000", revenue="1000000000", per_hour="1000000000",
                 monthly="1000000000", threshold="0.5", timeout="0.001")
        def same_on_both(sent: str, bought: str, revenue: str, per_hour: str, monthly: str, threshold: str,
                         timeout: str) -> None:
            n = next(serial)
            lines = [("experiments", "new", f"e{n}", "--variant", "A=hi", "--variant", "B=yo", "-c", "mia"),
                     ("experiments", "record", f"e{n}", "--variant", "A", f"--sent={sent}", f"--bought={bought}",
                      f"--revenue={revenue}", "-c", "mia"),
                     ("creators", "add", f"c{n}", f"--requests-per-hour={per_hour}", f"--monthly-usd={monthly}"),
                     ("hooks", "add", "--event", "quota.threshold", "--command", "true", f"--threshold={threshold}",
                      f"--timeout={timeout}")]
            for args in lines:
                before = [read() for read in readers]
                outcomes = [_run(cli, db, *args) for db in ledgers]
                assert outcomes[0] == outcomes[1], (args, outcomes)  # the same code and the same sentence
                if outcomes[0][0]:  # refused: nothing changed, on either ledger
                    assert [read() for read in readers] == before, args
            assert readers[0]() == readers[1]()

        same_on_both()
        stored = readers[0]()
        for read in readers:
            read.close()
        assert stored[_EXPERIMENT_ROWS] and stored[_CREATOR_ROWS] and stored[_HOOK_ROWS]  # some were accepted

        r = cli("--db", sqlite, "ledger", "migrate", "--to", target.url)
        assert r.code == 0, r.stderr
        migrated = _Reader(target.url)
        assert migrated() == stored  # whatever SQLite holds, migrate carries
        migrated.close()
    finally:
        direct.drop()
        target.drop()


def test_every_number_option_of_the_command_line_has_a_range():
    """A new int or float option without a range from io/limits.py would take nan or a number too big for a
    ledger column: every one has a callback (in_range), none relies on click's own min/max (nan passes those)."""
    import click
    import typer

    from huntaze_cli.cli.app import build

    def walk(command: click.Command, path: str) -> Iterator[tuple[str, click.Parameter]]:
        for param in command.params:
            yield path, param
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    numeric = [(path, p) for path, p in walk(typer.main.get_command(build()), "huntaze")
               if isinstance(p.type, (click.types.IntParamType, click.types.FloatParamType))]
    assert len(numeric) >= 20  # the walk sees the options
    bare = [f"{path} {p.name}" for path, p in numeric
            if p.callback is None or isinstance(p.type, (click.IntRange, click.FloatRange))]
    assert bare == []
