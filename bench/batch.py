"""Batch throughput benchmark: 1,000 caption requests through `--input` with `--concurrency 32` against a local
OpenAI-compatible server that answers each request after 100 ms.

    python bench/batch.py [--items 1000] [--concurrency 32] [--delay 0.1] [--runs 1] [--profile FILE]

The fake server runs in its own process so that its threads never compete with the CLI for the GIL. The ideal
wall time is items / concurrency x delay (3.125 s for the defaults); the target is at least 80 % of ideal
(>= 256 requests/s) with exactly one usage row per item in the ledger. Not a timed test: machines differ.
`--profile FILE` runs the CLI under cProfile and writes the stats there (slower; for finding hot spots).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.80


def start_server(delay: float, rpm: int | None = None) -> tuple[subprocess.Popen[str], int]:
    """The fake OpenAI-compatible server in its own process: answers after `delay` s, at most `rpm` a minute."""
    limit = ["--rpm", str(rpm)] if rpm is not None else []
    proc = subprocess.Popen([sys.executable, "-m", "testservers.llm_server", "--port", "0", "--delay", str(delay),
                             *limit], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        raise SystemExit(f"the fake server did not start (said {line!r})")
    return proc, int(line)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "huntaze_cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0 and "--input" not in args:
        raise SystemExit(f"huntaze {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-400:]}")
    return proc


def run_once(port: int, items: int, concurrency: int, delay: float, profile: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="huntaze-bench-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GEMINI_", "AZURE_", "HUNTAZE_"))}
        env.update(HUNTAZE_HOME=str(home), PYTHONPATH=str(ROOT), OPENAI_API_KEY="sk-bench",
                   HUNTAZE_CREATOR="bench")
        (home / "config.toml").write_text(f'[providers.openai]\nbase_url = "http://127.0.0.1:{port}/v1"\n')
        cli(env, "creators", "add", "bench", "--plan", "business")
        cli(env, "creators", "set-limits", "bench", "--requests-per-hour", "100000")
        source = home / "in.jsonl"
        with source.open("w") as fh:
            for i in range(items):
                fh.write(json.dumps({"id": f"c{i}", "description": f"post number {i}: sunset run on the beach",
                                     "platform": "instagram"}) + "\n")
        out = home / "out.jsonl"
        prefix = [sys.executable, "-m", "cProfile", "-o", profile, "-m", "huntaze_cli"] if profile else \
            [sys.executable, "-m", "huntaze_cli"]
        t0 = time.perf_counter()
        t0_epoch = time.time()
        proc = subprocess.run([*prefix, "caption", "--input", str(source), "--concurrency", str(concurrency),
                               "--provider", "openai", "--no-cache", "-o", str(out)],
                              env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"the batch failed ({proc.returncode}): {proc.stderr[-800:]}")
        envelopes = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
        ok = sum(1 for e in envelopes if e.get("success"))
        con = sqlite3.connect(home / "huntaze.db")
        rows = con.execute("SELECT count(*) FROM usage_logs").fetchone()[0]
        ok_rows = con.execute("SELECT count(*) FROM usage_logs WHERE status = 'ok'").fetchone()[0]
        con.close()
        ideal = items / concurrency * delay
        # Steady state: answers per second between the first and the last answer, i.e. without the fixed
        # start-up (interpreter, CLI, the openai SDK's import) that the process wall time includes.
        done = sorted(datetime.fromisoformat(e["meta"]["timestamp"].replace("Z", "+00:00")).timestamp()
                      for e in envelopes)
        steady = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 1 and done[-1] > done[0] else 0.0
        return {"wall": wall, "rps": items / wall, "ideal": ideal, "ratio": ideal / wall, "ok": ok,
                "steady": steady, "first": done[0] - t0_epoch if done else 0.0,
                "lines": len(envelopes), "rows": rows, "ok_rows": ok_rows, "summary": proc.stderr.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profile", help="write cProfile stats of the CLI to this file")
    args = parser.parse_args()
    server, port = start_server(args.delay)
    failed = False
    try:
        for run in range(1, args.runs + 1):
            r = run_once(port, args.items, args.concurrency, args.delay, args.profile)
            good = r["ratio"] >= TARGET and r["rows"] == args.items and r["ok"] == args.items
            failed = failed or not good
            print(f"run {run}: {args.items} items, concurrency {args.concurrency}, "
                  f"server delay {args.delay * 1000:.0f} ms"
                  f"\n  wall {r['wall']:.2f} s · {r['rps']:.0f} requests/s · ideal {r['ideal']:.3f} s"
                  f" → {r['ratio']:.0%} of ideal (target {TARGET:.0%})"
                  f"\n  envelopes {r['lines']} ({r['ok']} ok) · usage rows {r['rows']} ({r['ok_rows']} ok)"
                  f"\n  steady state {r['steady']:.0f} requests/s → {r['steady'] / (args.concurrency / args.delay):.0%}"
                  f" of the ideal rate; first answer {r['first']:.2f} s after launch (start-up)"
                  f"\n  CLI summary: {r['summary']}"
                  f"\n  {'PASS' if good else 'MISS'}")
    finally:
        server.kill()
        server.wait()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
