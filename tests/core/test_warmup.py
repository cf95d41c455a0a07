"""A batch's head start (core/warmup.py): the first route's SDK and the price table are loaded by the thread,
in a fresh interpreter (a real subprocess: sys.modules of the test process already hold them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import json, sys
from huntaze_cli.config.settings import Route, Settings
from huntaze_cli.core import warmup

routes = [Route(p, m) for p, m in json.loads(sys.argv[1])]
before = sorted(m for m in ("openai", "google.genai", "genai_prices") if m in sys.modules)
thread = warmup.start(Settings.load(), routes)
if thread is not None:
    thread.join(120)
after = sorted(m for m in ("openai", "google.genai", "genai_prices") if m in sys.modules)
print(json.dumps({"thread": thread is not None, "before": before, "after": after}))
"""


def _probe(routes: list[list[str]]) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(routes)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=180)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_first_model_route_gets_its_sdk_and_the_price_table(_isolated_home):
    out = _probe([["rules", "rules"], ["openai", "gpt-4o-mini"], ["gemini", "gemini-2.5-flash"]])
    assert out == {"thread": True, "before": [], "after": ["genai_prices", "openai"]}


def test_a_local_route_needs_no_price_table(_isolated_home):
    out = _probe([["local", "llama3"]])
    assert out == {"thread": True, "before": [], "after": ["openai"]}


def test_the_rules_engine_alone_starts_nothing(_isolated_home):
    assert _probe([["rules", "rules"]]) == {"thread": False, "before": [], "after": []}
