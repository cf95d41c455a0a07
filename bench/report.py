"""Report benchmark: `huntaze report` for one creator and for the agency, as processes, over a ledger of
1,000,000 usage rows and 200,000 purchases, on SQLite and on PostgreSQL; against `python -c pass` and
`huntaze --help` measured in the same run (the cost of starting at all). Target: under 3 s each.

    python bench/report.py [--rows 1000000] [--purchases 200000] [--runs 3] [--pg postgresql://...]

The PostgreSQL half runs in a schema of its own on --pg (default: HUNTAZE_TEST_PG, else the local server),
dropped at the end. Usage rows are bulk-inserted (executemany on SQLite, COPY on PostgreSQL) with the
rollup triggers on, as the ledger itself would leave them; purchases go through the ledger's own import.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from huntaze_cli.ledger import open_ledger  # noqa: E402
from huntaze_cli.ledger.clock import to_iso  # noqa: E402

AS_OF = datetime(2026, 11, 30, tzinfo=timezone.utc)
DAYS = 90  # usage spread over the report's period, the one before it and a month more
CREATORS = 20
FANS = 5000
TARGET_SECONDS = 3.0
COLUMNS = ("creator_id", "feature", "provider", "model", "input_tokens", "output_tokens", "cost_usd", "status",
           "cached", "counted", "latency_ms", "correlation_id", "providers_tried", "created_at")


def usage_rows(rows: int, creator_ids: list[int]) -> Iterator[tuple[object, ...]]:
    rng = random.Random(7)
    features = ("chat", "caption", "suggest", "analyze", "ideas", "optimize-sale")
    models = (("openai", "gpt-4o-mini"), ("gemini", "gemini-2.5-flash"), ("local", "llama3"))
    span = DAYS * 86400
    for i in range(rows):
        provider, model = models[rng.randrange(3)]
        failed = rng.random() < 0.01
        at = AS_OF - timedelta(seconds=span * (rows - i) / rows)
        yield (rng.choice(creator_ids), features[rng.randrange(6)], provider, model, rng.randint(10, 2000),
               rng.randint(10, 800), 0.0 if failed else rng.random() / 100, "error" if failed else "ok",
               int(rng.random() < 0.2), 1, rng.randint(100, 3000), f"r{i}",
               f"{provider}:server,gemini:ok" if rng.random() < 0.02 else None, to_iso(at))


def purchases(count: int) -> list[dict[str, object]]:
    rng = random.Random(11)
    return [{"fan_id": f"f{rng.randrange(FANS):05d}", "purchased_at": AS_OF - timedelta(minutes=rng.randrange(
        DAYS * 1440)), "item": rng.choice(("ppv", "tip", "bundle")), "price_usd": float(rng.randint(3, 60)),
        "bought": rng.random() < 0.6, "order_id": f"o{i}"} for i in range(count)]


def fill(location: str, rows: int, bought: int) -> float:
    """Create creators, usage rows and purchases; returns the seconds it took (not part of the figure)."""
    t0 = time.perf_counter()
    with open_ledger(location, create_dir=True) as ledger:
        ids = [ledger.add_creator(f"c{i}", "business").id for i in range(CREATORS)]
    names = ", ".join(COLUMNS)
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as conn, conn.cursor() as cur:
            with cur.copy(f"COPY usage_logs ({names}) FROM STDIN") as copy:
                for row in usage_rows(rows, ids):
                    copy.write_row(row)
            cur.execute("ANALYZE")
    else:
        import sqlite3

        with sqlite3.connect(location) as conn:
            conn.executemany(f"INSERT INTO usage_logs ({names}) VALUES ({', '.join('?' * len(COLUMNS))})",
                             usage_rows(rows, ids))
            conn.execute("ANALYZE")
    with open_ledger(location) as ledger:
        ledger.import_purchases(ids[0], purchases(bought), now=AS_OF)
    return time.perf_counter() - t0


def median_seconds(cmd: list[str], env: dict[str, str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


@contextmanager
def pg_schema(admin_url: str) -> Iterator[str]:
    import psycopg

    name = f"hz_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
        try:
            yield f"{admin_url}{'&' if '?' in admin_url else '?'}options=-csearch_path%3D{name}"
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def bench(label: str, location: str, args: argparse.Namespace, out: Path) -> None:
    seeded = fill(location, args.rows, args.purchases)
    env = {**os.environ, "HUNTAZE_DB": location, "HUNTAZE_HOME": str(out)}
    huntaze = [sys.executable, "-m", "huntaze_cli"]
    base = ["report", "--as-of", AS_OF.date().isoformat(), "--since", "30d"]
    floor = median_seconds([sys.executable, "-c", "pass"], env, args.runs)
    start = median_seconds([*huntaze, "--help"], env, args.runs)
    print(f"{label}: seeded {args.rows:,} usage rows and {args.purchases:,} purchases in {seeded:.1f} s")
    print(f"  reference: python -c pass {floor * 1000:.0f} ms, huntaze --help {start * 1000:.0f} ms")
    for name, extra in (("creator report (html)", ["-c", "c0", "--output", str(out / "c0.html")]),
                        ("creator report (json)", ["-c", "c0", "--format", "json", "--output", str(out / "c0.json")]),
                        ("agency report (html)", ["--all", "--output", str(out / "agency.html")])):
        took = median_seconds([*huntaze, *base, *extra], env, args.runs)
        verdict = "meets" if took < TARGET_SECONDS else "misses"
        print(f"  {name}: {took:.2f} s ({took / floor:.0f}x python -c pass, {took / start:.1f}x huntaze --help); "
              f"{verdict} the {TARGET_SECONDS:.0f} s target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("HUNTAZE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        bench("SQLite", str(out / "ledger.db"), args, out)
        if not args.no_pg:
            with pg_schema(args.pg) as url:
                bench("PostgreSQL", url, args, out)


if __name__ == "__main__":
    main()
