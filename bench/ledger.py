"""Ledger benchmark, SQLite against PostgreSQL in one run (not a timed test: machines differ).

    python bench/ledger.py [--pg URL] [--ops 2000] [--rows 1000000] [--items 1000] [--concurrency 32]
                           [--runs 3] [--part 1|2|3 ...]

1. reserve and settle, p50 and p99 over --ops calls each, on a SQLite file and on a PostgreSQL schema;
2. `costs` and `quota` over --rows usage rows on PostgreSQL: the ledger calls, and the whole command
   (start-up included) against the same command on an empty SQLite ledger as the reference: target < 0.5 s;
3. batch throughput: --items captions at --concurrency against a local OpenAI-compatible server that
   answers after 100 ms, with a SQLite ledger and with PostgreSQL taking turns --runs times each, side
   by side: target PostgreSQL's median >= 80 % of SQLite's.
The PostgreSQL server is --pg, else HUNTAZE_TEST_PG, else postgresql://postgres@127.0.0.1:5432/test;
everything runs in a schema of its own, dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from batch import start_server  # noqa: E402  (bench/batch.py: the fake server in its own process)

from huntaze_cli.ledger import open_ledger  # noqa: E402
from testservers.postgres import Schema  # noqa: E402

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
CLI_TARGET_S = 0.5
BATCH_TARGET = 0.80


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_schema(admin: str) -> Schema:
    """A schema of its own on the server, reached with the admin URL's own credentials."""
    return Schema(admin, prefix="hz_bench", plant_password=False)


def reserve_settle(location: Path | str, ops: int) -> tuple[list[float], list[float]]:
    reserves, settles = [], []
    with open_ledger(location) as ledger:
        ledger.add_creator("bench", "business", requests_per_hour=10 * ops)
        for n in range(ops):
            at = NOW + timedelta(milliseconds=n)
            t0 = time.perf_counter()
            usage_id = ledger.reserve("bench", feature="chat", provider="openai", model="gpt-4o-mini",
                                      reserve_usd=0.01, correlation_id=f"b{n}", now=at)
            t1 = time.perf_counter()
            ledger.settle(usage_id, status="ok", input_tokens=100, output_tokens=50, cost_usd=0.004, latency_ms=1,
                          now=at)
            t2 = time.perf_counter()
            reserves.append(t1 - t0)
            settles.append(t2 - t1)
    return reserves, settles


def load_rows(url: str, rows: int) -> float:
    """Bulk-load `rows` usage rows over 90 days and 20 creators, white-box: the rollup trigger is paused and
    usage_daily rebuilt with the migration's own backfill query (row by row it would take minutes)."""
    import psycopg

    open_ledger(url).close()
    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO creators (name, plan, created_at)"
                     " SELECT 'c' || i, 'pro', '2026-09-01T00:00:00.000000Z' FROM generate_series(1, 20) i")
        conn.execute("ALTER TABLE usage_logs DISABLE TRIGGER USER")
        conn.execute(
            "INSERT INTO usage_logs (creator_id, feature, provider, model, input_tokens, output_tokens, cost_usd,"
            " status, cached, counted, correlation_id, created_at)"
            " SELECT (SELECT id FROM creators WHERE name = 'c' || (1 + i %% 20)),"
            " (ARRAY['chat','caption','suggest','analyze','ideas','optimize-sale'])[1 + i %% 6],"
            " (ARRAY['openai','gemini','local'])[1 + i %% 3],"
            " (ARRAY['gpt-4o-mini','gemini-2.5-flash','llama3'])[1 + i %% 3],"
            " 10 + i %% 1990, 10 + i %% 790, CASE WHEN i %% 10 = 0 THEN 0 ELSE (i %% 1000) / 100000.0 END, 'ok',"
            " CASE WHEN i %% 10 = 0 THEN 1 ELSE 0 END, CASE WHEN i %% 10 = 0 THEN 0 ELSE 1 END, 'c' || i,"
            " to_char(timestamp '2026-09-01' + (i * (7776000.0 / %s)) * interval '1 second',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
            " FROM generate_series(1, %s) i", (rows, rows))
        conn.execute("ALTER TABLE usage_logs ENABLE TRIGGER USER")
        conn.execute(
            "INSERT INTO usage_daily SELECT substr(created_at, 1, 10), creator_id, feature, provider, model, count(*),"
            " sum(counted), sum(cached), sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END), sum(input_tokens),"
            " sum(output_tokens), sum(cost_usd), sum(unpriced) FROM usage_logs GROUP BY 1, 2, 3, 4, 5")
        conn.execute(
            "INSERT INTO monthly_charges (creator_id, month, total_cost_usd, request_count, plan)"
            " SELECT creator_id, substr(created_at, 1, 7), sum(cost_usd), sum(counted), 'pro' FROM usage_logs"
            " GROUP BY 1, 2")
        conn.execute("ANALYZE")
    return time.perf_counter() - t0


def best(runs: int, fn: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - t0)
    return statistics.median(timings)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GEMINI_", "AZURE_", "HUNTAZE_"))}
    env.update(PYTHONPATH=str(ROOT), **extra)
    return env


def command_time(env: dict[str, str], *args: str, runs: int = 5) -> float:
    def once() -> None:
        proc = subprocess.run([sys.executable, "-m", "huntaze_cli", *args], env=env, cwd=ROOT, capture_output=True,
                              text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"huntaze {' '.join(args)} failed: {proc.stderr[-400:]}")
    return best(runs, once)


def batch(port: int, location: str | None, items: int, concurrency: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="huntaze-bench-") as tmp:
        home = Path(tmp)
        env = clean_env(HUNTAZE_HOME=str(home), OPENAI_API_KEY="sk-bench", HUNTAZE_CREATOR="bench")
        if location:
            env["HUNTAZE_DB"] = location
        (home / "config.toml").write_text(f'[providers.openai]\nbase_url = "http://127.0.0.1:{port}/v1"\n')
        for args in (("creators", "add", "bench", "--plan", "business"),
                     ("creators", "set-limits", "bench", "--requests-per-hour", "100000")):
            subprocess.run([sys.executable, "-m", "huntaze_cli", *args], env=env, cwd=ROOT, check=True,
                           capture_output=True)
        source = home / "in.jsonl"
        source.write_text("".join(json.dumps({"id": f"c{i}", "description": f"post {i}: sunset run",
                                              "platform": "instagram"}) + "\n" for i in range(items)))
        out = home / "out.jsonl"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "huntaze_cli", "caption", "--input", str(source), "--concurrency",
                               str(concurrency), "--provider", "openai", "--no-cache", "-o", str(out)],
                              env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"the batch failed ({proc.returncode}): {proc.stderr[-800:]}")
        ok = sum(1 for line in out.read_text().splitlines() if json.loads(line).get("success"))
        info = subprocess.run([sys.executable, "-m", "huntaze_cli", "ledger", "info", "--json"], env=env, cwd=ROOT,
                              capture_output=True, text=True, check=True)
        rows = json.loads(info.stdout)["data"]["rows"]["usage_logs"]
        return {"wall": wall, "rps": items / wall, "ok": ok, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default=os.environ.get("HUNTAZE_TEST_PG") or "postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3, help="batch runs per backend (part 3), medians compared")
    parser.add_argument("--part", type=int, choices=(1, 2, 3), action="append",
                        help="run only this part (repeatable); all three by default")
    args = parser.parse_args()
    parts = set(args.part or (1, 2, 3))
    failed = False
    if 1 in parts:
        reserve_settle_table(args.pg, args.ops)
    if 2 in parts:
        failed = reports_table(args.pg, args.rows) or failed
    if 3 in parts:
        failed = batch_table(args.pg, args.items, args.concurrency, args.runs) or failed
    sys.exit(1 if failed else 0)


def reserve_settle_table(pg: str, ops: int) -> None:
    print(f"1. reserve + settle, {ops} each, one process (ms)")
    print(f"   {'backend':<11} {'reserve p50':>11} {'p99':>7} {'settle p50':>11} {'p99':>7}")
    with tempfile.TemporaryDirectory(prefix="huntaze-bench-") as tmp:
        for name in ("sqlite", "postgresql"):
            schema = bench_schema(pg) if name == "postgresql" else None
            try:
                reserves, settles = reserve_settle(schema.url if schema else Path(tmp) / "l.db", ops)
            finally:
                if schema:
                    schema.drop()
            print(f"   {name:<11} {pct(reserves, .5) * 1e3:>11.2f} {pct(reserves, .99) * 1e3:>7.2f}"
                  f" {pct(settles, .5) * 1e3:>11.2f} {pct(settles, .99) * 1e3:>7.2f}")



def reports_table(pg: str, rows: int) -> bool:
    """Part 2; True when a command missed its target."""
    failed = False
    schema = bench_schema(pg)
    try:
        loaded = load_rows(schema.url, rows)
        print(f"\n2. costs and quota over {rows:,} usage rows on PostgreSQL (loaded in {loaded:.1f} s)")
        with open_ledger(schema.url) as ledger:
            calls = {f"cost_report(by={by})": (lambda by=by: ledger.cost_report(by=by))
                     for by in ("creator", "feature", "model", "day", "week", "month")}
            calls["cost_report(by=feature, one month)"] = lambda: ledger.cost_report(
                by="feature", since=datetime(2026, 10, 1, 7, 30, tzinfo=timezone.utc),
                until=datetime(2026, 11, 1, tzinfo=timezone.utc))
            late = datetime(2026, 11, 29, tzinfo=timezone.utc)
            calls["quota_status(c3)"] = lambda: ledger.quota_status("c3", now=late)
            total = ledger.cost_totals()["requests"]
            for label, fn in calls.items():
                print(f"   {label:<38} {best(5, fn) * 1e3:8.1f} ms")
        assert total == rows, total
        env = clean_env(HUNTAZE_HOME=tempfile.mkdtemp(prefix="huntaze-bench-"), HUNTAZE_DB=schema.url)
        # The reference, in the same run: the same commands on an empty SQLite ledger with the same 20 creators
        # (the interpreter, typer and rich cost the same on both; what is left is the backend and the rows).
        sqlite_env = clean_env(HUNTAZE_HOME=tempfile.mkdtemp(prefix="huntaze-bench-"))
        with open_ledger(Path(sqlite_env["HUNTAZE_HOME"]) / "huntaze.db", create_dir=True) as local:
            for n in range(1, 21):
                local.add_creator(f"c{n}", "pro")
        print(f"   {'command':<38} {'PostgreSQL':>10} {'SQLite, empty':>14} {'difference':>11}")
        for label, cmd in (("huntaze costs --by creator", ("costs", "--by", "creator")),
                           ("huntaze costs --by day --json", ("costs", "--by", "day", "--json")),
                           ("huntaze quota --creator c3", ("quota", "--creator", "c3")),
                           ("huntaze quota --all", ("quota", "--all"))):
            seconds = command_time(env, *cmd)
            reference = command_time(sqlite_env, *cmd)
            good = seconds < CLI_TARGET_S
            failed = failed or not good
            print(f"   {label:<38} {seconds * 1e3:7.0f} ms {reference * 1e3:11.0f} ms"
                  f" {(seconds - reference) * 1e3:8.0f} ms  {'PASS' if good else 'MISS'}"
                  f" (< {CLI_TARGET_S * 1e3:.0f} ms)")
    finally:
        schema.drop()
    return failed


def batch_table(pg: str, items: int, concurrency: int, runs: int) -> bool:
    """Part 3; True when PostgreSQL's throughput missed its target. The backends take turns, `runs` times
    each, and the medians are compared: one run of a few seconds on a 2-core machine varies by +-5 %."""
    print(f"\n3. batch: {items} captions, --concurrency {concurrency}, server answers after 100 ms,"
          f" {runs} run(s) per backend taking turns")
    server, port = start_server(0.1)
    results: dict[str, list[dict[str, float]]] = {"sqlite": [], "postgresql": []}
    try:
        for _ in range(runs):
            results["sqlite"].append(batch(port, None, items, concurrency))
            schema = bench_schema(pg)  # a fresh ledger each time, as the SQLite run gets
            try:
                results["postgresql"].append(batch(port, schema.url, items, concurrency))
            finally:
                schema.drop()
    finally:
        server.kill()
        server.wait()
    for name, done in results.items():
        walls = ", ".join(f"{run['wall']:.2f}" for run in done)
        median = statistics.median(run["rps"] for run in done)
        complete = all(run["ok"] == run["rows"] == items for run in done)
        print(f"   {name:<11} median {median:6.1f} items/s · wall {walls} s · "
              f"{'every run' if complete else 'NOT every run'}: {items} ok and {items} usage rows")
    ratio = statistics.median(run["rps"] for run in results["postgresql"]) / statistics.median(
        run["rps"] for run in results["sqlite"])
    good = ratio >= BATCH_TARGET and all(run["ok"] == run["rows"] == items for run in results["postgresql"])
    print(f"   PostgreSQL / SQLite median throughput: {ratio:.0%} {'PASS' if good else 'MISS'}"
          f" (>= {BATCH_TARGET:.0%})")
    return not good

if __name__ == "__main__":
    main()
