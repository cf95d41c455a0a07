"""Commands that make no AI call never import a provider SDK, nor what start-up was cut from: pydantic (the
agents' schemas), sqlite-utils (schema work only) and psycopg (a PostgreSQL ledger only), nor the
fan-language detector (fan-facing commands only). Checked in a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import sys, io, contextlib
from huntaze_cli.cli.main import run
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = run(sys.argv[1:])
heavy = sorted(m for m in ("openai", "google.genai", "genai_prices", "httpx2", "tenacity", "pydantic",
                           "sqlite_utils", "twitter_text", "huntaze_cli.agents.language", "psycopg",
                           "faster_whisper", "av", "ctranslate2", "numpy", "huntaze_cli.audio.decode",
                           "huntaze_cli.audio.local_engine", "huntaze_cli.core.transcription", "PIL")
         if m in sys.modules)
print(__import__("json").dumps({"code": code, "heavy": heavy}))
"""


def _probe(script: str, args: list[str], env: dict[str, str]) -> dict:
    """Run `script` on the command line `args` in a fresh interpreter; its last line of JSON."""
    env = {**env, "PYTHONPATH": str(ROOT)}
    # The ledger exists already, as on any machine after the first run (creating it is schema work).
    subprocess.run([sys.executable, "-m", "huntaze_cli", "creators", "list"], capture_output=True, env=env,
                   cwd=ROOT, timeout=60, check=True)
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["quota"], ["costs"], ["costs", "--by", "day", "--json"],
                                  ["config", "list"], ["config", "path"], ["creators", "list"], ["providers"],
                                  ["test-prompt", "--help"],
                                  ["hooks", "list"], ["logs"], ["logs", "prune", "--older-than", "90d", "--dry-run"],
                                  ["costs", "--format", "prometheus"], ["init", "--yes"], ["init", "--help"],
                                  ["fans", "segments"], ["fans", "list"], ["mass-message", "new set"],
                                  ["experiments", "list"], ["experiments", "--help"],
                                  ["transcribe", "--help"], ["image", "--help"], ["image", "check", "--help"]])
def test_no_sdk_import(args, _isolated_home):
    out = _probe(PROBE, args, dict(os.environ))
    assert out["code"] == 0
    assert out["heavy"] == [], f"{args} imported {out['heavy']}"


@pytest.mark.parametrize("args", [["quota"], ["creators", "list"]])
def test_a_postgresql_ledger_imports_psycopg_and_nothing_else_heavy(args, _isolated_home, pg_url):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HUNTAZE_DB": pg_url}
    subprocess.run([sys.executable, "-m", "huntaze_cli", "creators", "list"], capture_output=True, env=env,
                   cwd=ROOT, timeout=60, check=True)
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"code": 0, "heavy": ["psycopg"]}


# What no command needs unless it makes an AI call (or renders markdown, which none does): typer's own help
# renderer imports rich.markdown (markdown-it) and rich.traceback (pygments); huntaze draws its help with
# cli/helpview.py instead.
_HELP_RENDERER = ["typer.rich_utils", "rich.markdown", "markdown_it", "rich.traceback", "pygments"]
_SDKS = ["openai", "google.genai", "httpx2", "httpx", "tenacity", "genai_prices"]
# The optional extras' heavy stacks (voice notes, photos): only the commands that decode or resize load them.
_MEDIA = ["numpy", "PIL", "faster_whisper", "av", "ctranslate2"]
_AI = ["pydantic", "huntaze_cli.core.runner", "huntaze_cli.core.coordinator", "huntaze_cli.agents.schemas"]
# tomllib: there is no config file in the test's home, so there is nothing to parse.
_LEDGER_ONLY = [*_HELP_RENDERER, *_SDKS, *_MEDIA, *_AI, "sqlite_utils", "psycopg", "twitter_text", "importlib.metadata",
                "tomllib"]
# The other agents and their rule tables: a caption loads the content agent only.
_OTHER_AGENTS = ["huntaze_cli.agents.messaging.agent", "huntaze_cli.agents.sales.agent",
                 "huntaze_cli.agents.analytics.agent", "huntaze_cli.agents.messaging.mass_agent"]

FORBIDDEN: list[tuple[list[str], list[str]]] = [
    (["--help"], _LEDGER_ONLY),
    (["caption", "--help"], _LEDGER_ONLY),
    (["creators", "--help"], _LEDGER_ONLY),
    (["quota"], _LEDGER_ONLY),
    # Off a terminal one creator's quota is a few plain lines: rich is not even imported (render.lines).
    (["quota"], ["rich"]),
    (["costs"], _LEDGER_ONLY),
    (["logs"], _LEDGER_ONLY),
    (["creators", "list"], _LEDGER_ONLY),
    # Off a terminal the list commands' tables and messages are written by cli/plain_table.py, without rich.
    (["costs"], ["rich"]),
    (["logs"], ["rich"]),
    (["creators", "list"], ["rich"]),
    # The rules engine: pydantic (the agents' schemas) yes; no SDK, no other agent, no help renderer, no
    # X length counter for a TikTok caption, no voice profile for a creator who has none and no photo facts
    # for a caption without a photo; and off a terminal no rich at all (render.lines writes the caption).
    (["caption", "--provider", "rules", "--platform", "tiktok", "sunset run on the beach"],
     [*_HELP_RENDERER, *_SDKS, *_MEDIA, *_OTHER_AGENTS, "sqlite_utils", "psycopg", "twitter_text",
      "huntaze_cli.agents.voice.profile", "huntaze_cli.images.facts", "rich"]),
    # A batch off a terminal draws no progress bar, and its summary line is plain text: no rich at all.
    (["caption", "--input", "examples/captions.jsonl", "--provider", "rules"], [*_SDKS, "rich"]),
]

PROBE_ALL = """
import sys, io, contextlib
from huntaze_cli.cli.main import run
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = run(sys.argv[1:])
print(__import__("json").dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.mark.parametrize(("args", "forbidden"), FORBIDDEN,
                         ids=[f"{' '.join(a[:3])}-{i}" for i, (a, _) in enumerate(FORBIDDEN)])
def test_a_command_imports_nothing_it_has_no_use_for(args, forbidden, _isolated_home):
    # stdout is not a terminal here, and nothing may say it is one (rich's TTY_COMPATIBLE, FORCE_COLOR).
    out = _probe(PROBE_ALL, args, {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")})
    assert out["code"] == 0
    loaded = set(out["modules"])
    # A package counts with its submodules: "pygments" is broken by pygments.lexers as much as by pygments.
    unwanted = sorted(m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden))
    assert unwanted == [], f"{args} imported {unwanted}"
