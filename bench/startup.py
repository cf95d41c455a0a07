"""Start-up benchmark: huntaze's commands against the floor of its framework, measured in the same run.

    python bench/startup.py [--runs 21] [--rows 100000]

The floor is a minimal Typer app written here (a group with one command that prints a line): the cost of
Python, Typer and Click themselves. Every case runs once per round, rounds interleaved, so load on the machine
falls on huntaze and the floor alike; the figures are medians. Targets (issue 18):

- `huntaze --help`                          <= 1.3x the floor's `--help`
- `quota`, `costs`, `logs`, `creators list` <= 1.3x the floor's command
- `caption` through the rules engine        <= 2x the floor's command (empty ledger, and 100,000 usage rows)
- `caption --help`                          <= 1.3x the floor's `hello --help`
- `costs` on 100,000 rows                   <= 1.5x `costs` on an empty ledger

A second reference, the floor with pydantic (the same app whose command validates one input model and dumps
one output model, as `caption` does once), is not a target: it shows, in the same run, how much of `caption`
is the validation library its agents' models are written in.
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

ROOT = Path(__file__).resolve().parent.parent

FLOOR_APP = '''
import typer

app = typer.Typer(add_completion=False, help="The floor: Python, Typer and Click, nothing else.")


@app.callback()
def root() -> None:
    """A group, like huntaze, so that its help lists commands."""


@app.command()
def hello(name: str = typer.Option("world", help="Who to greet.")) -> None:
    """Print one line."""
    print(f"hello {name}")


app()
'''

# The floor plus what one rules-engine caption asks of pydantic: its import, one constrained input model
# validated, one aliased output model dumped as JSON (each model's validator is built on first use).
_PYDANTIC_HELLO = '''    from pydantic import BaseModel, ConfigDict, Field
    from pydantic.alias_generators import to_camel

    class Request(BaseModel):
        model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)
        description: str = Field(min_length=1, max_length=5_000)
        variants: int = Field(default=1, ge=1, le=10)

    class Answer(BaseModel):
        model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)
        caption: str
        performance_insights: list[str] = Field(default_factory=list)

    request = Request.model_validate({"description": name})
    print(Answer(caption=f"hello {request.description}").model_dump_json(by_alias=True))'''
_FLOOR_HELLO = '''    print(f"hello {name}")'''
# A floor edited without this line would make the pydantic reference the plain floor (a share of ~0 ms): refuse.
assert _FLOOR_HELLO in FLOOR_APP, "FLOOR_APP's hello line changed: update _FLOOR_HELLO"
FLOOR_PYDANTIC_APP = FLOOR_APP.replace(_FLOOR_HELLO, _PYDANTIC_HELLO)


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


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-400:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="rounds (each runs every case once)")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    py = sys.executable
    huntaze = [py, "-m", "huntaze_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp, "floor.py")
        floor.write_text(FLOOR_APP)
        floor_pydantic = Path(tmp, "floor_pydantic.py")
        floor_pydantic.write_text(FLOOR_PYDANTIC_APP)
        empty_home, full_home = Path(tmp, "empty"), Path(tmp, "full")
        empty_home.mkdir()
        full_home.mkdir()
        # PYTHONDONTWRITEBYTECODE off: an installed huntaze has its .pyc files, and without them every run would
        # compile huntaze's ~100 modules from source (the floor is one small file).
        base_env = {k: v for k, v in os.environ.items()
                    if not k.endswith("_API_KEY") and not k.startswith(("HUNTAZE_", "AZURE_"))
                    and k != "PYTHONDONTWRITEBYTECODE"}
        base_env["PYTHONPATH"] = str(ROOT)
        empty_env = {**base_env, "HUNTAZE_HOME": str(empty_home)}
        full_env = {**base_env, "HUNTAZE_HOME": str(full_home)}
        print(f"filling a ledger with {args.rows:,} usage rows...", file=sys.stderr)
        fill_ledger(full_home / "huntaze.db", args.rows)
        # The empty ledger exists, as on any machine after the first run (creating it is schema work).
        subprocess.run([*huntaze, "creators", "list"], env=empty_env, capture_output=True, check=True)

        caption = [*huntaze, "caption", "--provider", "rules", "--platform", "tiktok", "sunset run on the beach"]
        refs = {
            "floor --help": [py, str(floor), "--help"],
            "floor hello": [py, str(floor), "hello"],
            "floor hello --help": [py, str(floor), "hello", "--help"],
            "floor hello + pydantic": [py, str(floor_pydantic), "hello"],
        }
        # (name, command, env, reference, target ratio)
        cases = [
            ("huntaze --help", [*huntaze, "--help"], empty_env, "floor --help", 1.3),
            ("huntaze caption --help", [*huntaze, "caption", "--help"], empty_env, "floor hello --help", 1.3),
            ("huntaze quota", [*huntaze, "quota"], empty_env, "floor hello", 1.3),
            ("huntaze costs", [*huntaze, "costs"], empty_env, "floor hello", 1.3),
            ("huntaze logs", [*huntaze, "logs"], empty_env, "floor hello", 1.3),
            ("huntaze creators list", [*huntaze, "creators", "list"], empty_env, "floor hello", 1.3),
            ("huntaze caption (rules, empty ledger)", caption, empty_env, "floor hello", 2.0),
            (f"huntaze caption (rules, {args.rows:,} rows)", caption, full_env, "floor hello", 2.0),
            (f"huntaze quota ({args.rows:,} rows)", [*huntaze, "quota", "--creator", "creator3"], full_env,
             "floor hello", 1.3),
            (f"huntaze costs ({args.rows:,} rows)", [*huntaze, "costs"], full_env, "floor hello", None),
        ]
        runs: list[tuple[str, list[str], dict[str, str]]] = [(n, c, base_env) for n, c in refs.items()]
        runs += [(n, c, e) for n, c, e, _, _ in cases]
        for _, cmd, env in runs:  # warm the page cache and .pyc files
            timed(cmd, env)
        samples: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        order = list(range(len(runs)))
        rng = random.Random(1)
        for _ in range(args.runs):
            rng.shuffle(order)  # interleaved, in a different order each round
            for i in order:
                name, cmd, env = runs[i]
                samples[name].append(timed(cmd, env))
        med = {name: statistics.median(s) for name, s in samples.items()}

        print(f"{'command':<44} {'median':>9} {'reference':>20} {'ratio':>6} {'target':>7}")
        for name in refs:
            print(f"{name + ' (reference)':<44} {med[name] * 1000:>7.1f}ms")
        missed = 0
        for name, _, _, ref, target in cases:
            ratio = med[name] / med[ref]
            verdict = "" if target is None else ("ok" if ratio <= target else "MISSED")
            missed += verdict == "MISSED"
            target_text = "" if target is None else f"<={target}x"
            print(f"{name:<44} {med[name] * 1000:>7.1f}ms {ref:>20} {ratio:>5.2f}x {target_text:>7} {verdict}")
        share = med["floor hello + pydantic"] - med["floor hello"]
        caption = med["huntaze caption (rules, empty ledger)"]
        print(f"\npydantic (import, one model validated, one dumped): {share * 1000:.1f}ms of caption's "
              f"{caption * 1000:.1f}ms; caption without it would be {(caption - share) / med['floor hello']:.2f}x "
              "the floor")
        empty, full = med["huntaze costs"], med[f"huntaze costs ({args.rows:,} rows)"]
        print(f"\ncosts on {args.rows:,} rows / costs on an empty ledger: {full / empty:.2f}x (target <= 1.5x)")
        print(f"{args.runs} interleaved rounds; {missed} target(s) missed")


if __name__ == "__main__":
    main()
