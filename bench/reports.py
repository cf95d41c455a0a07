"""Cost-report benchmark: `cost_report` (every grouping) and `cost_breakdown` on a ledger of N usage rows,
against a full scan of the same rows (SELECT every row, summed in Python) measured in the same run. The
tests assert the query plans (index, never a scan); this prints how much that buys.

    python bench/reports.py [--rows 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from huntaze_cli.ledger import open_ledger  # noqa: E402
from huntaze_cli.ledger.clock import to_iso  # noqa: E402

START = datetime(2026, 9, 1, tzinfo=timezone.utc)


def fill(path: Path, rows: int) -> None:
    with open_ledger(path, create_dir=True):
        pass
    rng = random.Random(7)
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO creators (name, plan, created_at) VALUES (?, 'pro', ?)",
                         [(f"c{i}", to_iso(START)) for i in range(20)])
        features = ["chat", "caption", "suggest", "analyze", "ideas", "optimize-sale"]
        models = [("openai", "gpt-4o-mini"), ("gemini", "gemini-2.5-flash"), ("local", "llama3")]
        conn.executemany(
            "INSERT INTO usage_logs (creator_id, feature, provider, model, input_tokens, output_tokens, cost_usd,"
            " status, cached, counted, correlation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'ok', 0, 1, ?, ?)",
            [(rng.randint(1, 20), rng.choice(features), *rng.choice(models), rng.randint(10, 2000),
              rng.randint(10, 800), rng.random() / 100, f"c{i}", to_iso(START + timedelta(seconds=i * 77.76)))
             for i in range(rows)])
        conn.execute("ANALYZE")


def median(fn: Any, runs: int) -> float:
    fn()  # warm the page cache
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def full_scan(path: Path) -> None:
    totals: dict[str, float] = {}
    with sqlite3.connect(path) as conn:
        for feature, cost in conn.execute("SELECT feature, cost_usd FROM usage_logs"):
            totals[feature] = totals.get(feature, 0.0) + cost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        fill(path, args.rows)
        reference = median(lambda: full_scan(path), args.runs)
        print(f"reference: full scan of {args.rows:,} rows summed in Python: {reference * 1000:.1f} ms")
        with open_ledger(path) as ledger:
            cases: dict[str, Any] = {f"cost_report by {by}": (lambda by=by: ledger.cost_report(by=by))
                                     for by in ("creator", "feature", "model", "day", "week", "month")}
            cases["cost_breakdown, 30 days"] = lambda: ledger.cost_breakdown(
                since=START + timedelta(days=10, hours=7), until=START + timedelta(days=40, hours=5))
            for name, fn in cases.items():
                took = median(fn, args.runs)
                print(f"{name:<28} {took * 1000:8.1f} ms   {took / reference:5.2f}x the full scan")


if __name__ == "__main__":
    main()
