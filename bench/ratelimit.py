"""Provider rate limits kept through the ledger (not a timed test: machines differ).

    python bench/ratelimit.py [--items 1000] [--concurrency 64] [--rpm 600] [--pg URL] [--adapt-only]

A local OpenAI-compatible server answers at most --rpm requests a minute (after 50 ms each) and answers
more with 429 + Retry-After, like a provider's per-key limit. huntaze is configured with the same
`[providers.openai] rpm`. Run 1: one batch of --items captions at --concurrency. Run 2: two batch
processes of --items / 2 each at once, on one ledger (SQLite here, or with --pg a PostgreSQL schema of
its own per run, dropped at the end), standing
for two hosts sharing one API key. Targets: every item ok, fewer than 5 % of the requests the server saw
answered 429, and wall time within 110 % of the ideal --items / --rpm minutes. With --adapt-only the
config names no rpm: only the batches' adaptation to the server's 429s and x-ratelimit-* headers keeps
them under the limit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from batch import start_server  # noqa: E402  (bench/batch.py: the fake server in its own process)

MAX_429 = 0.05
MAX_RATIO = 1.10


def stats(port: int) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=10) as answer:
        return json.loads(answer.read())


def setup(port: int, rpm: int | None, pg: str | None) -> dict[str, str]:
    home = Path(tempfile.mkdtemp(prefix="huntaze-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GEMINI_", "AZURE_", "HUNTAZE_"))}
    env.update(HUNTAZE_HOME=str(home), PYTHONPATH=str(ROOT), OPENAI_API_KEY="sk-bench", HUNTAZE_CREATOR="bench")
    if pg:
        env["HUNTAZE_DB"] = pg
    limit = f"rpm = {rpm}\n" if rpm is not None else ""
    (home / "config.toml").write_text(f'[providers.openai]\nbase_url = "http://127.0.0.1:{port}/v1"\n{limit}')
    for args in (("creators", "add", "bench", "--plan", "business"),
                 ("creators", "set-limits", "bench", "--requests-per-hour", "1000000")):
        subprocess.run([sys.executable, "-m", "huntaze_cli", *args], env=env, cwd=ROOT, check=True, capture_output=True)
    return env


def batch(env: dict[str, str], items: int, concurrency: int, tag: str) -> subprocess.Popen[str]:
    home = Path(env["HUNTAZE_HOME"])
    source = home / f"in-{tag}.jsonl"
    source.write_text("".join(json.dumps({"id": f"{tag}{i}", "description": f"post {tag}{i}: sunset run",
                                          "platform": "instagram"}) + "\n" for i in range(items)))
    out = home / f"out-{tag}.jsonl"
    return subprocess.Popen([sys.executable, "-m", "huntaze_cli", "caption", "--input", str(source), "--concurrency",
                             str(concurrency), "--provider", "openai", "--no-cache", "-o", str(out)],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ok_lines(env: dict[str, str], tag: str) -> int:
    out = Path(env["HUNTAZE_HOME"]) / f"out-{tag}.jsonl"
    return sum(1 for line in out.read_text().splitlines() if json.loads(line).get("success"))


def run(port: int, env: dict[str, str], parts: list[tuple[str, int]], concurrency: int, rpm: int,
        label: str) -> bool:
    before = stats(port)
    t0 = time.perf_counter()
    procs = [(tag, batch(env, count, concurrency, tag)) for tag, count in parts]
    said = [proc.communicate()[1] for _, proc in procs]
    wall = time.perf_counter() - t0
    after = stats(port)
    items = sum(count for _, count in parts)
    ok = sum(ok_lines(env, tag) for tag, _ in parts)
    seen = after["requests"] - before["requests"]
    rejected = after["rejected"] - before["rejected"]
    ideal = items / rpm * 60
    share = rejected / seen if seen else 0.0
    good = ok == items and share < MAX_429 and wall <= ideal * MAX_RATIO
    print(f"{label}: {items} items, --concurrency {concurrency}, server limit {rpm}/min"
          f"\n  wall {wall:.1f} s · ideal {ideal:.1f} s → {wall / ideal:.0%} of ideal (target <= {MAX_RATIO:.0%})"
          f"\n  {ok} ok of {items} · server saw {seen} requests, {rejected} answered 429 ({share:.1%}, target < "
          f"{MAX_429:.0%})\n  {'PASS' if good else 'MISS'}")
    if ok != items:  # what the batches said about the items that failed
        print("".join(f"  {line}\n" for text in said for line in text.strip().splitlines()[-3:]))
    return good


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rpm", type=int, default=600)
    parser.add_argument("--pg", help="a postgresql:// ledger for both runs (default: a SQLite file)")
    parser.add_argument("--adapt-only", action="store_true", help="no rpm in huntaze's config")
    args = parser.parse_args()
    told = None if args.adapt_only else args.rpm
    schemas: list[Any] = []

    def ledger() -> str | None:
        """A fresh ledger per run: a SQLite file in the run's home, or a PostgreSQL schema of its own."""
        if not args.pg:
            return None
        from ledger import bench_schema  # bench/ledger.py

        schemas.append(bench_schema(args.pg))
        return schemas[-1].url

    server, port = start_server(0.05, rpm=args.rpm)
    try:
        first = run(port, setup(port, told, ledger()), [("a", args.items)], args.concurrency, args.rpm,
                    "1. one batch process")
        time.sleep(61)  # the server's minute empties: the second run starts from the same state
        half = args.items // 2
        second = run(port, setup(port, told, ledger()), [("a", half), ("b", args.items - half)],
                     args.concurrency, args.rpm, "2. two batch processes, each adapting to the server's answers"
                     if args.adapt_only else "2. two batch processes sharing the limit through the ledger")
    finally:
        server.kill()
        server.wait()
        for schema in schemas:
            schema.drop()
    sys.exit(0 if first and second else 1)


if __name__ == "__main__":
    main()
