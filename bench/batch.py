"""Batch throughput benchmark: 1,000 caption requests through `--input` with `--concurrency 32` against a local
OpenAI-compatible server that answers each request after 100 ms, side by side with a bare openai-SDK script
(32 threads, one client) on the same server, for the SQLite ledger and for PostgreSQL.

    python bench/batch.py [--items 1000] [--concurrency 32] [--delay 0.1] [--runs 1] [--pg URL] [--profile FILE]

The fake server runs in its own process (a fresh one per run) so that its threads never compete with the CLI for
the GIL, and writes the moment the first request arrived (`--first-post-file`): "start to first request" is that
moment minus the process launch. `--pg` (default: HUNTAZE_TEST_PG) is an admin URL: each run creates a fresh
database there and drops it after. Printed per run: wall time, the throughput ratio huntaze / bare SDK, CPU
seconds per item (user + system of the process, start-up included), start to first request, and one usage row per
item; then the medians, and the start to first request against `python -c pass` and the bare SDK's, same run.
Targets (issue 18): >= 0.95x the bare SDK, PostgreSQL >= 80 % of SQLite, first request <= 0.5 s. Not a timed
test: machines differ. `--profile FILE`
runs the CLI with cProfile (CPU time) in every thread and writes the merged stats there (slower).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_VS_SDK = 0.95
TARGET_PG_VS_SQLITE = 0.80
TARGET_FIRST_REQUEST_S = 0.5

# The floor: what a user would write with the openai SDK alone, on the same server with the same threads, sending
# the very request huntaze sends for the item (its system and user prompts and its strict JSON schema, built by
# bench_requests below with huntaze's own content agent), so that both send and parse the same bytes.
BARE_SDK = r"""
import json, sys, threading, queue
from openai import OpenAI

port, source, out, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="sk-bench", max_retries=2)
items = queue.Queue()
for line in open(source):
    items.put(json.loads(line))
lock = threading.Lock()
results = []

def work():
    while True:
        try:
            item = items.get_nowait()
        except queue.Empty:
            return
        r = client.chat.completions.create(model="gpt-4o-mini", temperature=0.7, max_completion_tokens=600,
            messages=[{"role": "system", "content": item["system"]}, {"role": "user", "content": item["user"]}],
            extra_body={"response_format": item["response_format"]})
        answer = json.loads(r.choices[0].message.content)
        line = json.dumps({"id": item["id"], "data": answer, "usage": r.usage.model_dump() if r.usage else None})
        with lock:
            results.append(line)

pool = [threading.Thread(target=work) for _ in range(threads)]
for t in pool: t.start()
for t in pool: t.join()
with open(out, "w") as fh:
    fh.write("\n".join(results) + "\n")
"""


def bench_requests(path: Path, items: int) -> None:
    """The bare script's input: per item, the prompts and response format huntaze's caption sends."""
    sys.path.insert(0, str(ROOT))
    from huntaze_cli.agents.content.agent import ContentAgent
    from huntaze_cli.agents.schemas import CaptionInput
    from huntaze_cli.providers.structured import JSON_SCHEMA, response_format, strict_schema

    agent = ContentAgent()
    with path.open("w") as fh:
        for i, item in enumerate(input_items(items)):
            data = CaptionInput(description=item["description"], platform=item["platform"])
            prompt = agent.build_prompt(data, [])
            fmt = response_format(JSON_SCHEMA, "caption", strict_schema(agent.output_schema(data)), strict=True)
            fh.write(json.dumps({"id": f"c{i}", "system": prompt.system, "user": prompt.user,
                                 "response_format": fmt}) + "\n")


# cProfile sees one thread: this runs the CLI with a profiler in every thread (the batch's workers are where the
# per-item work is), timing each thread's CPU (not its waits), and writes the merged stats to argv[1].
PROFILED_CLI = r"""
import cProfile, pstats, sys, threading, time
profiles = []
_run = threading.Thread.run
def run(self):
    p = cProfile.Profile(time.thread_time)
    profiles.append(p)
    p.enable()
    try:
        _run(self)
    finally:
        p.disable()
threading.Thread.run = run
main = cProfile.Profile(time.thread_time)
main.enable()
from huntaze_cli.cli.main import run as cli_run
code = cli_run(sys.argv[2:])
main.disable()
stats = pstats.Stats(main)
for p in profiles:
    try:
        stats.add(p)
    except TypeError:  # a thread still running, its profiler never disabled
        pass
stats.dump_stats(sys.argv[1])
sys.exit(code)
"""


def start_server(delay: float, first_post: Path, rpm: int | None = None) -> tuple[subprocess.Popen[str], int]:
    """The fake OpenAI-compatible server in its own process: answers after `delay` s, at most `rpm` a minute."""
    limit = ["--rpm", str(rpm)] if rpm is not None else []
    proc = subprocess.Popen([sys.executable, "-m", "testservers.llm_server", "--port", "0", "--delay", str(delay),
                             "--first-post-file", str(first_post), *limit], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        raise SystemExit(f"the fake server did not start (said {line!r})")
    return proc, int(line)


def measured(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float, float, float]:
    """Run `cmd`; its wall time, its CPU seconds (user + system, children of it included) and its launch epoch."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    launched = time.time()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, wall, cpu, launched


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "huntaze_cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0 and "--input" not in args:
        raise SystemExit(f"huntaze {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-400:]}")
    return proc


class FreshDatabase:
    """A new PostgreSQL database on the admin URL's server, dropped on exit."""

    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.name = f"hz_bench_{uuid.uuid4().hex[:10]}"
        self._admin = admin_url
        with psycopg.connect(admin_url, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {self.name}")
        parts = urlsplit(admin_url)
        self.url = urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", parts.query, parts.fragment))

    def rows(self) -> tuple[int, int]:
        import psycopg

        with psycopg.connect(self.url) as con:
            total = con.execute("SELECT count(*) FROM usage_logs").fetchone()
            ok = con.execute("SELECT count(*) FROM usage_logs WHERE status = 'ok'").fetchone()
        return (total[0] if total else 0), (ok[0] if ok else 0)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self._admin, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def input_items(items: int) -> list[dict[str, str]]:
    return [{"id": f"c{i}", "description": f"post number {i}: sunset run on the beach", "platform": "instagram"}
            for i in range(items)]


def write_input(path: Path, items: int) -> None:
    with path.open("w") as fh:
        for item in input_items(items):
            fh.write(json.dumps(item) + "\n")


def first_request(first_post: Path, launched: float) -> float:
    return float(first_post.read_text()) - launched if first_post.exists() else float("nan")


def python_pass() -> float:
    """The interpreter's own start and exit (`python -c pass`): the floor under any first request."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


def run_bare(items: int, concurrency: int, delay: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="huntaze-bench-sdk-") as tmp:
        home, first_post = Path(tmp), Path(tmp, "first-post")
        server, port = start_server(delay, first_post)
        try:
            source, out = home / "in.jsonl", home / "out.jsonl"
            bench_requests(source, items)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTHONDONTWRITEBYTECODE"))}
            proc, wall, cpu, launched = measured([sys.executable, "-c", BARE_SDK, str(port), str(source), str(out),
                                                  str(concurrency)], env)
            if proc.returncode != 0:
                raise SystemExit(f"the bare SDK script failed: {proc.stderr[-800:]}")
            lines = sum(1 for line in out.read_text().splitlines() if line.strip())
            return {"wall": wall, "cpu": cpu, "first": first_request(first_post, launched), "ok": lines}
        finally:
            server.kill()
            server.wait()


def run_huntaze(items: int, concurrency: int, delay: float, pg_admin: str | None,
                profile: str | None) -> dict[str, float]:
    """One batch through the CLI, on a fresh SQLite file, or on a fresh PostgreSQL database if `pg_admin`."""
    with tempfile.TemporaryDirectory(prefix="huntaze-bench-") as tmp:
        home, first_post = Path(tmp), Path(tmp, "first-post")
        database = FreshDatabase(pg_admin) if pg_admin else None
        server, port = start_server(delay, first_post)
        try:
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith(("OPENAI_", "GEMINI_", "AZURE_", "HUNTAZE_", "PYTHONDONTWRITEBYTECODE"))}
            env.update(HUNTAZE_HOME=str(home), PYTHONPATH=str(ROOT), OPENAI_API_KEY="sk-bench",
                       HUNTAZE_CREATOR="bench")
            if database is not None:
                env["HUNTAZE_DB"] = database.url
            (home / "config.toml").write_text(f'[providers.openai]\nbase_url = "http://127.0.0.1:{port}/v1"\n')
            cli(env, "creators", "add", "bench", "--plan", "business")
            cli(env, "creators", "set-limits", "bench", "--requests-per-hour", "100000")
            source, out = home / "in.jsonl", home / "out.jsonl"
            write_input(source, items)
            prefix = [sys.executable, "-c", PROFILED_CLI, profile] if profile else [sys.executable, "-m", "huntaze_cli"]
            proc, wall, cpu, launched = measured(
                [*prefix, "caption", "--input", str(source), "--concurrency", str(concurrency), "--provider", "openai",
                 "--no-cache", "-o", str(out)], env)
            if proc.returncode != 0:
                raise SystemExit(f"the batch failed ({proc.returncode}): {proc.stderr[-800:]}")
            envelopes = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
            if database is not None:
                rows, ok_rows = database.rows()
            else:
                con = sqlite3.connect(home / "huntaze.db")
                rows = con.execute("SELECT count(*) FROM usage_logs").fetchone()[0]
                ok_rows = con.execute("SELECT count(*) FROM usage_logs WHERE status = 'ok'").fetchone()[0]
                con.close()
            return {"wall": wall, "cpu": cpu, "first": first_request(first_post, launched),
                    "ok": sum(1 for e in envelopes if e.get("success")), "rows": rows, "ok_rows": ok_rows,
                    "summary": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""}
        finally:
            server.kill()
            server.wait()
            if database is not None:
                database.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--pg", default=os.environ.get("HUNTAZE_TEST_PG"),
                        help="PostgreSQL admin URL (a fresh database per run); default HUNTAZE_TEST_PG, else skipped")
    parser.add_argument("--profile", help="write cProfile stats of the CLI (SQLite run) to this file")
    args = parser.parse_args()
    ideal = args.items / args.concurrency * args.delay
    print(f"{args.items} items, concurrency {args.concurrency}, server delay {args.delay * 1000:.0f} ms "
          f"(ideal {ideal:.3f} s)")
    kinds = ["bare SDK", "huntaze sqlite"] + (["huntaze postgresql"] if args.pg else [])
    results: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    failed = False
    floors: list[float] = []
    for run in range(1, args.runs + 1):
        floors.append(statistics.median(python_pass() for _ in range(3)))
        # Side by side: each run measures every kind once, in a rotating order, so load falls on all alike.
        order = kinds[run % len(kinds):] + kinds[:run % len(kinds)]
        for kind in order:
            if kind == "bare SDK":
                r = run_bare(args.items, args.concurrency, args.delay)
            else:
                r = run_huntaze(args.items, args.concurrency, args.delay,
                                args.pg if kind.endswith("postgresql") else None,
                                args.profile if kind.endswith("sqlite") else None)
                if r["rows"] != args.items or r["ok"] != args.items or r["ok_rows"] != args.items:
                    failed = True
                    print(f"  {kind}: {r['ok']} ok envelopes, {r['rows']} usage rows ({r['ok_rows']} ok) for "
                          f"{args.items} items: MISS")
            results[kind].append(r)
            print(f"run {run} {kind:<19} wall {r['wall']:6.2f} s · {args.items / r['wall']:5.0f} items/s · "
                  f"CPU {r['cpu'] / args.items * 1000:5.2f} ms/item · first request {r['first']:.3f} s"
                  + (f" · {r['summary']}" if r.get("summary") else ""))
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("wall", "cpu", "first")} for k, v in results.items()}
    print(f"\nmedians of {args.runs} run(s):")
    bare = med["bare SDK"]["wall"]
    for kind in kinds:
        m = med[kind]
        line = (f"  {kind:<19} wall {m['wall']:6.2f} s · {m['wall'] and bare / m['wall']:.2f}x the bare SDK's "
                f"throughput · CPU {m['cpu'] / args.items * 1000:.2f} ms/item ({m['cpu']:.2f} s) · "
                f"first request {m['first']:.3f} s")
        if kind != "bare SDK":
            ratio = bare / m["wall"]
            ok = ratio >= TARGET_VS_SDK and m["first"] <= TARGET_FIRST_REQUEST_S
            failed = failed or not ok
            line += f" · {'ok' if ok else 'MISS'} (>= {TARGET_VS_SDK}x, first <= {TARGET_FIRST_REQUEST_S} s)"
        print(line)
    floor, bare_first = statistics.median(floors), med["bare SDK"]["first"]
    print(f"  start to first request, against `python -c pass` ({floor:.3f} s) and the bare SDK's first request "
          f"({bare_first:.3f} s):")
    for kind in kinds:
        first = med[kind]["first"]
        print(f"    {kind:<19} {first:.3f} s · {first / floor:5.1f}x python -c pass · "
              f"{first / bare_first:.2f}x the bare SDK's")
    if args.pg:
        share = med["huntaze sqlite"]["wall"] / med["huntaze postgresql"]["wall"]
        ok = share >= TARGET_PG_VS_SQLITE
        failed = failed or not ok
        print(f"  postgresql throughput / sqlite throughput: {share:.0%} (target >= {TARGET_PG_VS_SQLITE:.0%}) "
              f"{'ok' if ok else 'MISS'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
