"""Start-up benchmark: median wall time of `huntaze --help`, `huntaze quota` and `huntaze costs` (on an empty
ledger and on one of 100,000 usage rows), against `python -c pass` measured in the same run.

    python bench/startup.py [--runs 15] [--rows 100000]

Targets: each command under 0.25 s; `costs` on 100,000 rows within 1.5x of `costs` on an empty ledger.
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
from datetime import datetime, timedelta, timezone
from pathlib import Path


def median_time(cmd: list[str], env: dict[str, str], runs: int) -> float:
    subprocess.run(cmd, env=env, capture_output=True, check=False)  # warm the page cache
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
        samples.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-400:]}")
    return statistics.median(samples)


def fill_ledger(db: Path, rows: int) -> None:
    from huntaze_cli.ledger import open_ledger

    rng = random.Random(7)
    ledger = open_ledger(db, create_dir=True)
    creators = [ledger.add_creator(f"creator{i}", "business") for i in range(20)]
    ledger.close()
    # Bulk insert straight into the file: going through reserve/settle 100,000 times would measure the
    # writer, not the reader. Columns come from the real schema.
    import sqlite3

    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("pragma table_info(usage_logs)")]
    now = datetime.now(timezone.utc)
    features = ["caption", "chat", "suggest", "analyze", "optimize-sale", "ideas", "test-prompt"]
    models = [("openai", "gpt-4o-mini"), ("gemini", "gemini-2.5-flash"), ("rules", "rules")]
    batch = []
    for i in range(rows):
        provider, model = rng.choice(models)
        created = (now - timedelta(minutes=rng.randint(0, 60 * 24 * 60))).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        row = {"creator_id": rng.choice(creators).id, "feature": rng.choice(features), "provider": provider,
               "model": model, "input_tokens": rng.randint(50, 2000), "output_tokens": rng.randint(20, 800),
               "cost_usd": 0.0 if provider == "rules" else rng.random() / 500, "reserved_usd": 0.0, "unpriced": 0,
               "status": "ok", "cached": 0, "counted": int(provider != "rules"), "latency_ms": rng.randint(100, 3000),
               "correlation_id": f"req_{i}", "created_at": created}
        batch.append(tuple(row[c] for c in cols if c in row))
    # Columns this row sets; the others (added by later migrations) keep their defaults.
    placeholders = ",".join("?" for c in cols if c in row)
    names = ",".join(c for c in cols if c in row)
    con.executemany(f"insert into usage_logs ({names}) values ({placeholders})", batch)
    con.commit()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    huntaze = [sys.executable, "-m", "huntaze_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        empty_home, full_home = Path(tmp, "empty"), Path(tmp, "full")
        empty_home.mkdir()
        full_home.mkdir()
        base_env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        empty_env = {**base_env, "HUNTAZE_HOME": str(empty_home)}
        full_env = {**base_env, "HUNTAZE_HOME": str(full_home)}
        print(f"filling a ledger with {args.rows:,} usage rows...", file=sys.stderr)
        fill_ledger(full_home / "huntaze.db", args.rows)
        subprocess.run([*huntaze, "quota"], env=empty_env, capture_output=True, check=True)  # create empty ledger

        ref = median_time([sys.executable, "-c", "pass"], base_env, args.runs)
        cases = [
            ("huntaze --help", [*huntaze, "--help"], empty_env),
            ("huntaze quota (empty ledger)", [*huntaze, "quota"], empty_env),
            (f"huntaze quota ({args.rows:,} rows)", [*huntaze, "quota", "--creator", "creator3"], full_env),
            ("huntaze costs (empty ledger)", [*huntaze, "costs"], empty_env),
            (f"huntaze costs ({args.rows:,} rows)", [*huntaze, "costs"], full_env),
            (f"huntaze costs --by day ({args.rows:,} rows)", [*huntaze, "costs", "--by", "day"], full_env),
        ]
        print(f"{'command':<42} {'median':>9} {'x python -c pass':>17}")
        print(f"{'python -c pass (reference)':<42} {ref * 1000:>7.1f}ms {1.0:>16.1f}x")
        results = {}
        for name, cmd, env in cases:
            t = median_time(cmd, env, args.runs)
            results[name] = t
            flag = "" if t < 0.25 else "  (over 0.25 s target)"
            print(f"{name:<42} {t * 1000:>7.1f}ms {t / ref:>16.1f}x{flag}")
        empty = results["huntaze costs (empty ledger)"]
        full = results[f"huntaze costs ({args.rows:,} rows)"]
        print(f"\ncosts on {args.rows:,} rows / costs on empty ledger: {full / empty:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
