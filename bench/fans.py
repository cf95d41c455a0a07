"""The revenue commands at agency size, SQLite against PostgreSQL in one run (not a timed test: machines differ).

    python bench/fans.py [--pg URL] [--rows 200000] [--fans 20000] [--runs 3]

Writes a purchases export of --rows offers by --fans fans (a year of dates, one offer in eight declined,
some identical genuine purchases), then times, as whole commands in fresh processes, on a SQLite file and
on a PostgreSQL schema: `huntaze fans import FILE` (targets: at most 3 s), `fans import FILE` again (every
row already stored) and `fans segments` (at most 0.5 s). Printed beside them, measured in the same run: the
start-up of `python -c pass`, `huntaze --help`, and reading the file with the csv module alone.
Medians of --runs; each import run starts from an empty ledger. The PostgreSQL server is --pg, else
HUNTAZE_TEST_PG, else postgresql://postgres@127.0.0.1:5432/test; it runs in a schema of its own, dropped
at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testservers.postgres import Schema  # noqa: E402

IMPORT_TARGET_S = 3.0
SEGMENTS_TARGET_S = 0.5
FIRST_DAY = date(2026, 1, 1)
ITEMS = ("beach photo set", "shower video", "custom video", "lingerie set", "gym video", "photo + video bundle")


def write_export(path: Path, rows: int, fans: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["fan_id", "date", "item", "price", "outcome"])
        last: list[str] = []
        for n in range(rows):
            fan = rng.randrange(fans)
            date = (FIRST_DAY + timedelta(days=rng.randrange(365))).isoformat()
            if n % 50 == 49:  # the same purchase again: a genuine second sale, kept as a row of its own
                out.writerow(last)
                continue
            last = [str(100000 + fan), date, rng.choice(ITEMS), f"{rng.choice((5, 9.99, 15, 20, 25, 30, 45, 60))}",
                    "declined" if rng.random() < 0.125 else "bought"]
            out.writerow(last)


CPU: list[float] = []  # CPU seconds (user + system) of each command timed, in order


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of fn; the CPU seconds its child processes used go to CPU (on a loaded machine the
    wall time mostly measures the queue for a core, the CPU time what the command itself costs)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def both(runs: list[float], cpus: list[float]) -> str:
    return f"{statistics.median(runs):6.3f} s wall, {statistics.median(cpus):6.3f} s CPU"


def run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])} failed ({done.returncode}): {done.stderr.strip()[:500]}")


# Reading the export with the csv module and nothing else: the floor of any import of it in Python.
CSV_ALONE = "import csv, sys\nfor _ in csv.reader(open(sys.argv[1], newline='')): pass"


def load() -> str:
    """The machine's load average (1, 5, 15 min) on its cores: wall times under load measure the queue."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("HUNTAZE_TEST_PG") or "postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--fans", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    huntaze = [sys.executable, "-m", "huntaze_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "purchases.csv"
        write_export(export, opts.rows, opts.fans)
        # PYTHONDONTWRITEBYTECODE off: an installed huntaze has its .pyc files; without them each command here
        # would compile huntaze's modules from source (~45 ms) on top of what is measured.
        base_env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "HUNTAZE_HOME": tmp}
        base_env.pop("HUNTAZE_DB", None)
        print(f"purchases export: {opts.rows:,} rows, {opts.fans:,} fans ({export.stat().st_size / 1e6:.1f} MB); "
              f"{load()}")
        for what, args in (("python -c pass", [sys.executable, "-c", "pass"]), ("huntaze --help", [*huntaze, "--help"]),
                           ("csv module alone (a process)", [sys.executable, "-c", CSV_ALONE, str(export)])):
            del CPU[:]
            walls = [timed(lambda args=args: run(args, base_env)) for _ in range(opts.runs)]
            print(f"  reference  {what:<30} {both(walls, CPU)}")
        for backend in ("sqlite", "postgresql"):
            imports, again, segments = [], [], []
            cpu_import, cpu_again, cpu_segments = [], [], []
            for n in range(opts.runs):
                schema = None
                if backend == "sqlite":
                    env = {**base_env, "HUNTAZE_DB": str(Path(tmp) / f"ledger-{n}.db")}
                else:
                    schema = Schema(opts.pg, prefix="hz_bench", plant_password=False)
                    env = {**base_env, "HUNTAZE_DB": schema.url}
                try:
                    run([*huntaze, "creators", "list"], env)  # the ledger made and migrated: not what is timed
                    imports.append(timed(lambda env=env: run([*huntaze, "fans", "import", str(export)], env)))
                    cpu_import.append(CPU[-1])
                    again.append(timed(lambda env=env: run([*huntaze, "fans", "import", str(export)], env)))
                    cpu_again.append(CPU[-1])
                    segments.append(timed(lambda env=env: run([*huntaze, "fans", "segments", "--as-of", "2026-12-31"],
                                                              env)))
                    cpu_segments.append(CPU[-1])
                finally:
                    if schema is not None:
                        schema.drop()
            first, seg = statistics.median(imports), statistics.median(segments)
            print(f"{backend}:")
            print(f"  fans import          {both(imports, cpu_import)}  (target {IMPORT_TARGET_S} s: "
                  f"{'ok' if first <= IMPORT_TARGET_S else 'MISSED'})")
            print(f"  fans import again    {both(again, cpu_again)}  (every row already stored)")
            print(f"  fans segments        {both(segments, cpu_segments)}  (target {SEGMENTS_TARGET_S} s: "
                  f"{'ok' if seg <= SEGMENTS_TARGET_S else 'MISSED'})")
    print("CPU is the command's own process; on PostgreSQL the server's work is in the wall time only.")
    print(f"at the end: {load()}")


if __name__ == "__main__":
    main()
