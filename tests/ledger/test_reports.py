"""Cost reports, totals, request-log browsing and pruning."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.ledger import Ledger, open_ledger
from huntaze_cli.ledger.clock import to_iso
from tests.fakes.postgres import query

UTC = timezone.utc


def call(ledger: Ledger, creator: str, feature: str, provider: str, model: str, cost: float | None,
         at: datetime, *, status: str = "ok", tokens: tuple[int, int] = (100, 50)) -> int:
    usage_id = ledger.reserve(creator, feature=feature, provider=provider, model=model, reserve_usd=0.1,
                              correlation_id="c", now=at)
    ledger.settle(usage_id, status=status, input_tokens=tokens[0], output_tokens=tokens[1], cost_usd=cost,
                  latency_ms=5)
    return usage_id


@pytest.fixture
def seeded(ledger: Ledger) -> Ledger:
    """Two creators over three days in two ISO weeks (2026-11-29 is a Sunday, 11-30 a Monday)."""
    ledger.add_creator("mia", "business")
    ledger.add_creator("zoe", "business")
    sat, sun, mon = (datetime(2026, 11, day, 12, tzinfo=UTC) for day in (28, 29, 30))
    call(ledger, "mia", "chat", "openai", "gpt-4o-mini", 0.002, sat)
    call(ledger, "mia", "caption", "openai", "gpt-4o-mini", 0.003, sun)
    call(ledger, "mia", "analyze", "gemini", "gemini-2.5-flash", 0.010, mon, tokens=(1000, 400))
    call(ledger, "zoe", "chat", "local", "llama3", None, mon)  # unpriced
    call(ledger, "zoe", "chat", "openai", "gpt-4o-mini", 0.0, mon, status="error", tokens=(0, 0))
    ledger.record("zoe", feature="chat", provider="openai", model="gpt-4o-mini", status="ok", cached=True,
                  correlation_id="hit", now=mon)
    ledger.record("mia", feature="caption", provider="rules", model="rules", status="ok", cached=False,
                  correlation_id="rules", now=sun)
    return ledger


def test_report_by_creator(seeded: Ledger) -> None:
    assert seeded.cost_report(by="creator") == [
        {"key": "mia", "requests": 4, "providerRequests": 3, "cached": 0, "errors": 0, "inputTokens": 1200,
         "outputTokens": 500, "costUsd": 0.015, "unpriced": 0},
        {"key": "zoe", "requests": 3, "providerRequests": 2, "cached": 1, "errors": 1, "inputTokens": 100,
         "outputTokens": 50, "costUsd": 0.0, "unpriced": 1},
    ]


@pytest.mark.parametrize(("by", "expected"), [
    ("feature", [("analyze", 0.01), ("caption", 0.003), ("chat", 0.002)]),
    ("provider", [("gemini", 0.01), ("openai", 0.005), ("local", 0.0), ("rules", 0.0)]),
    ("model", [("gemini-2.5-flash", 0.01), ("gpt-4o-mini", 0.005), ("llama3", 0.0), ("rules", 0.0)]),
    ("day", [("2026-11-28", 0.002), ("2026-11-29", 0.003), ("2026-11-30", 0.01)]),
    ("week", [("2026-11-23", 0.005), ("2026-11-30", 0.01)]),
    ("month", [("2026-11", 0.015)]),
])
def test_report_groupings_and_order(seeded: Ledger, by: str, expected: list[tuple[str, float]]) -> None:
    report = seeded.cost_report(by=by)
    assert [(row["key"], row["costUsd"]) for row in report] == expected
    assert sum(row["requests"] for row in report) == 7


def test_report_date_filters_since_inclusive_until_exclusive_and_creator(seeded: Ledger) -> None:
    sun = datetime(2026, 11, 29, 12, tzinfo=UTC)
    mon = datetime(2026, 11, 30, tzinfo=UTC)
    by_day = seeded.cost_report(by="day", since=sun, until=mon)
    assert [(row["key"], row["requests"]) for row in by_day] == [("2026-11-29", 2)]
    only_zoe = seeded.cost_report(by="feature", creator="zoe")
    assert [(row["key"], row["requests"], row["errors"], row["cached"]) for row in only_zoe] == [("chat", 3, 1, 1)]
    assert seeded.cost_report(by="creator", since=datetime(2027, 1, 1, tzinfo=UTC)) == []
    with pytest.raises(NotFound):
        seeded.cost_report(by="day", creator="ghost")


def test_totals_match_the_report(seeded: Ledger) -> None:
    totals = seeded.cost_totals()
    assert totals == {"requests": 7, "providerRequests": 5, "cached": 1, "errors": 1, "inputTokens": 1300,
                      "outputTokens": 550, "costUsd": 0.015, "unpriced": 1}
    assert seeded.cost_totals(creator="zoe")["costUsd"] == 0.0
    empty = seeded.cost_totals(until=datetime(2020, 1, 1, tzinfo=UTC))
    assert empty["requests"] == 0 and empty["costUsd"] == 0.0


def test_unknown_grouping_is_refused(seeded: Ledger) -> None:
    with pytest.raises(InvalidInput) as caught:
        seeded.cost_report(by="planet")
    assert "creator, feature, model, provider, day, week, month" in caught.value.message


def test_list_usage_newest_first_with_filters(seeded: Ledger) -> None:
    rows = seeded.list_usage(limit=100)
    assert len(rows) == 7
    assert [row["created_at"] for row in rows] == sorted((row["created_at"] for row in rows), reverse=True)
    assert {row["creator"] for row in rows} == {"mia", "zoe"}
    assert "request_json" not in rows[0]
    assert [row["feature"] for row in seeded.list_usage(creator="mia", limit=2)] == ["analyze", "caption"]
    assert [row["provider"] for row in seeded.list_usage(status="error")] == ["openai"]
    assert len(seeded.list_usage(model="gpt-4o-mini", limit=100)) == 4
    assert len(seeded.list_usage(feature="chat", since=datetime(2026, 11, 30, tzinfo=UTC))) == 3
    assert seeded.get_usage(10_000) is None


def test_prune_dry_run_then_delete_keeps_monthly_totals(seeded: Ledger) -> None:
    cutoff = datetime(2026, 11, 30, tzinfo=UTC)
    before = seeded.quota_status("mia", now=cutoff)
    assert seeded.prune_usage(older_than=cutoff, dry_run=True) == 3
    assert len(seeded.list_usage(limit=100)) == 7
    assert seeded.prune_usage(older_than=cutoff, dry_run=False) == 3
    assert len(seeded.list_usage(limit=100)) == 4
    assert seeded.quota_status("mia", now=cutoff).spend_month_usd == before.spend_month_usd


def _bulk_rows(path: Path, count: int) -> None:
    """White-box bulk load: 100k realistic rows, spread over 90 days, 20 creators, 6 features."""
    rng = random.Random(7)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO creators (name, plan, created_at) VALUES (?, 'pro', ?)",
                         [(f"c{i}", to_iso(start)) for i in range(20)])
        features = ["chat", "caption", "suggest", "analyze", "ideas", "optimize-sale"]
        models = [("openai", "gpt-4o-mini"), ("gemini", "gemini-2.5-flash"), ("local", "llama3")]
        rows = []
        for i in range(count):
            provider, model = rng.choice(models)
            cached = int(rng.random() < 0.1)
            rows.append((rng.randint(1, 20), rng.choice(features), provider, model, rng.randint(10, 2000),
                         rng.randint(10, 800), 0.0 if cached else rng.random() / 100, "ok", cached, 1 - cached,
                         f"c{i}", to_iso(start + timedelta(seconds=i * 77.76))))
        conn.executemany(
            "INSERT INTO usage_logs (creator_id, feature, provider, model, input_tokens, output_tokens, cost_usd,"
            " status, cached, counted, correlation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("ANALYZE")


def test_cost_report_on_100k_rows_uses_the_covering_index(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"  # SQLite's query plan; bench/ledger.py measures PostgreSQL
    with open_ledger(path):
        pass
    _bulk_rows(path, 100_000)
    with open_ledger(path) as ledger:
        plan = " ".join(str(row[-1]) for row in ledger._db.conn.execute(  # white-box: the query plan
            "EXPLAIN QUERY PLAN SELECT feature, count(*), sum(cost_usd) FROM usage_logs"
            " WHERE created_at >= '' AND created_at < '~' GROUP BY 1"))
        assert "COVERING INDEX idx_usage_logs_report" in plan
        report = ledger.cost_report(by="creator")
        assert sum(row["requests"] for row in report) == 100_000
        for by in ("creator", "feature", "model", "day", "week", "month"):  # every grouping answers
            assert sum(row["requests"] for row in ledger.cost_report(by=by)) == 100_000
    # How fast, against a full scan measured in the same run: bench/reports.py.


def _naive_report(path: Path, by: str, since: datetime | None, until: datetime | None) -> dict[str, tuple]:
    """The truth, recomputed from every usage row in Python."""
    columns = ("u.created_at", "c.name", "u.feature", "u.counted", "u.cached", "u.status", "u.input_tokens",
               "u.output_tokens", "u.cost_usd", "u.unpriced")
    found = [dict(zip((column[2:] for column in columns), row, strict=True)) for row in query(
        path, f"SELECT {', '.join(columns)} FROM usage_logs u JOIN creators c ON c.id = u.creator_id")]
    totals: dict[str, list[float]] = {}
    for row in found:
        if (since and row["created_at"] < to_iso(since)) or (until and row["created_at"] >= to_iso(until)):
            continue
        key = {"creator": row["name"], "feature": row["feature"], "day": row["created_at"][:10]}[by]
        total = totals.setdefault(key, [0, 0, 0, 0, 0, 0, 0.0, 0])
        for i, value in enumerate((1, row["counted"], row["cached"], row["status"] == "error", row["input_tokens"],
                                   row["output_tokens"], row["cost_usd"], row["unpriced"])):
            total[i] += value
    return {key: (*total[:6], round(total[6], 6), total[7]) for key, total in totals.items()}


def test_rollup_matches_the_raw_rows_for_any_range_after_settles_records_and_prunes(ledger: Ledger,
                                                                                    path: Path) -> None:
    rng = random.Random(11)
    for name in ("mia", "zoe", "ada"):
        ledger.add_creator(name, "business")
    start = datetime(2026, 11, 20, tzinfo=UTC)
    for i in range(400):
        at = start + timedelta(minutes=rng.randint(0, 8 * 24 * 60), microseconds=i)
        creator, feature = rng.choice(["mia", "zoe", "ada"]), rng.choice(["chat", "caption", "analyze"])
        if rng.random() < 0.2:
            ledger.record(creator, feature=feature, provider="rules", model="rules", status="ok",
                          cached=rng.random() < 0.5, correlation_id="r", now=at)
            continue
        usage_id = ledger.reserve(creator, feature=feature, provider="openai", model="gpt-4o-mini",
                                  reserve_usd=0.01, correlation_id="c", now=at)
        if rng.random() < 0.9:  # the rest stay pending with their reservation
            ledger.settle(usage_id, status=rng.choice(["ok", "ok", "error"]), input_tokens=rng.randint(0, 900),
                          output_tokens=rng.randint(0, 300), cost_usd=rng.choice([None, rng.random() / 1000]),
                          latency_ms=1, provider=rng.choice([None, "gemini"]))
    windows = [(None, None), (start + timedelta(days=2), start + timedelta(days=5)),
               (start + timedelta(days=2, hours=7, minutes=13), start + timedelta(days=6, hours=1)),
               (start + timedelta(days=3, hours=1), start + timedelta(days=3, hours=9)),
               (None, start + timedelta(days=4, seconds=1)), (start + timedelta(hours=40), None)]
    # The truth is taken before pruning: `logs prune` must never change cost history. The cut-off is
    # rounded down to midnight (start + 1 day), so no window above has a partial day in pruned time.
    truth = {(since, until, by): _naive_report(path, by, since, until)
             for since, until in windows for by in ("creator", "feature", "day")}
    assert ledger.prune_usage(older_than=start + timedelta(days=1, hours=5), dry_run=False) > 0
    assert _naive_report(path, "day", None, None) != truth[(None, None, "day")]  # rows really went
    for since, until in windows:
        for by in ("creator", "feature", "day"):
            report = ledger.cost_report(by=by, since=since, until=until)
            got = {row["key"]: tuple(row[field] for field in ("requests", "providerRequests", "cached", "errors",
                                                               "inputTokens", "outputTokens", "costUsd", "unpriced"))
                   for row in report}
            assert got == truth[(since, until, by)], (by, since, until)
        totals = ledger.cost_totals(since=since, until=until)
        assert totals["requests"] == sum(v[0] for v in truth[(since, until, "day")].values())
