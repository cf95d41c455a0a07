"""`huntaze experiments new/record/report/list` through the real CLI, figures worked by hand
(tests/agents/revenue/test_experiment_stats.py has the formulas)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.fixture
def beach(cli):
    r = cli("experiments", "new", "beach", "--variant", "A=New beach set, want it?", "--variant",
            "B=I shot this thinking of you", "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"]["variants"] == [{"label": "A", "text": "New beach set, want it?"},
                                            {"label": "B", "text": "I shot this thinking of you"}]
    assert cli("experiments", "record", "beach", "--variant", "A", "--sent", "120", "--bought", "9",
               "--revenue", "225").code == 0
    assert cli("experiments", "record", "beach", "--variant", "B", "--sent", "120", "--bought", "5",
               "--revenue", "100").code == 0
    return cli


def test_report_no_winner_yet(beach):
    d = beach("experiments", "report", "beach", "--json").json()["data"]
    a, b = d["variants"]
    # A: 9 / 120 = 0.075, Wilson 95% 0.0400–0.1364, revenue per message 225 / 120 = 1.875
    assert (a["sent"], a["bought"], a["conversionRate"], a["revenuePerMessageUsd"]) == (120, 9, 0.075, 1.875)
    assert a["conversionInterval95"] == [0.04, 0.1364]
    # P(A best) = 0.8569 (Beta(10, 112) vs Beta(6, 116)); two variants → threshold 1 − 0.04 / 2 = 0.98
    assert a["probabilityBest"] == 0.8569 and b["probabilityBest"] == 0.1431
    assert d["winner"] is None and d["winnerThreshold"] == 0.98 and d["sendsNeededPerVariant"] == 359
    human = beach("experiments", "report", "beach")
    assert "85.7%" in human.stdout and "359 more sends" in human.stdout


def test_results_add_up_from_a_csv_and_a_winner_is_declared(beach, tmp_path):
    csv = tmp_path / "results.csv"
    csv.write_text("variant,sent,bought,revenue\nA,900,88,2200\nB,900,44,1100\n")
    r = beach("experiments", "record", "beach", "--file", str(csv), "--json")
    assert r.code == 0 and r.json()["data"]["recorded"] == 2
    d = beach("experiments", "report", "beach", "--json").json()["data"]
    a, b = d["variants"]
    assert (a["sent"], a["bought"], a["revenueUsd"]) == (1020, 97, 2425)  # 120 + 900, 9 + 88, 225 + 2200
    assert (b["sent"], b["bought"]) == (1020, 49)
    assert d["winner"] == "A" and d["sendsNeededPerVariant"] == 0 and a["probabilityBest"] > 0.98
    assert "Winner" in beach("experiments", "report", "beach").stdout
    with sqlite3.connect(beach.db) as db:  # stored in the ledger, the file named as the source
        assert db.execute("SELECT count(*), sum(sent) FROM experiment_results").fetchone() == (4, 2040)
        assert db.execute("SELECT count(*) FROM experiment_results WHERE source = ?", (str(csv),)).fetchone() == (2,)
    listed = beach("experiments", "list", "--json").json()["data"]
    assert [(e["name"], e["variants"], e["sent"]) for e in listed] == [("beach", 2, 2040)]


@pytest.mark.parametrize("args", [
    ["new", "beach", "--variant", "A=again", "--variant", "B=twice"],          # name taken
    ["new", "solo", "--variant", "A=only one"],                                # one variant
    ["new", "bad", "--variant", "no label", "--variant", "B=x"],               # not LABEL=text
    ["new", "dup", "--variant", "A=x", "--variant", "A=y"],                    # same label twice
    ["new", "both", "--variant", "A=x", "--variant", "B=y", "--generate", "2"],
    ["record", "beach", "--variant", "C", "--sent", "5", "--bought", "1"],     # no such variant
    ["record", "beach", "--variant", "A", "--sent", "10", "--bought", "11"],   # more bought than sent
    ["record", "beach", "--variant", "A", "--sent", "0", "--bought", "0"],
    ["record", "beach", "--variant", "A", "--sent", "10", "--bought", "1", "--revenue", "nan"],
    ["record", "beach", "--variant", "A", "--sent", "10", "--bought", "1", "--revenue", "-3"],
    ["record", "nope", "--variant", "A", "--sent", "10", "--bought", "1"],      # no such experiment
    ["record", "beach"],
    ["report", "nope"],
])
def test_bad_input_is_exit_2_and_changes_nothing(beach, args):
    r = beach("experiments", *args)
    assert r.code == 2, (args, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    d = beach("experiments", "report", "beach", "--json").json()["data"]
    assert [v["sent"] for v in d["variants"]] == [120, 120]


def test_bad_results_file_records_nothing(beach, tmp_path):
    csv = tmp_path / "results.csv"
    csv.write_text("variant,sent,bought,revenue\nA,100,5,50\nB,10,20,0\n")
    r = beach("experiments", "record", "beach", "--file", str(csv))
    assert r.code == 2 and "row 2" in r.stderr
    variants = beach("experiments", "report", "beach", "--json").json()["data"]["variants"]
    assert [v["sent"] for v in variants] == [120, 120]


def test_generated_variants_come_from_the_sales_agent(cli):
    r = cli("experiments", "new", "gen", "--generate", "2", "--message", "new beach set, want it?", "--price", "25",
            "--provider", "rules", "--json")
    assert r.code == 0, r.stderr
    d = r.json()["data"]
    assert d["generatedBy"] == "rules" and [v["label"] for v in d["variants"]] == ["A", "B"]
    assert d["variants"][0]["text"] != d["variants"][1]["text"]
    assert all("New beach set, want it?" in v["text"] for v in d["variants"])
    with sqlite3.connect(cli.db) as db:  # the SalesAgent's request went through the ledger like any other
        assert db.execute("SELECT feature, provider FROM usage_logs").fetchall() == [("optimize-sale", "rules")]
    fr = cli("experiments", "new", "gen-fr", "--generate", "2", "--message", "nouveau shooting plage", "--price", "25",
             "--lang", "fr", "--provider", "rules", "--json").json()["data"]
    assert all(v["text"].startswith("Coucou") for v in fr["variants"])


def test_generate_needs_a_message_and_a_price(cli):
    r = cli("experiments", "new", "gen", "--generate", "2", "--price", "25")
    assert r.code == 2 and "--message" in r.stderr
    assert not cli.db.exists()


PROBE = """
import sys, io, contextlib, json
from huntaze_cli.cli.main import run
with contextlib.redirect_stdout(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps({"code": code, "heavy": sorted(m for m in ("pydantic", "openai", "google.genai", "numpy", "scipy",
                                                            "sqlite_utils") if m in sys.modules)}))
"""


def test_report_pays_no_import_cost(beach):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HUNTAZE_HOME": str(beach.home)}
    purchases = str(ROOT / "examples" / "purchases.csv")
    for args in (["experiments", "report", "beach"], ["fans", "import", purchases], ["fans", "segments"],
                 ["fans", "show", "1042"], ["experiments", "list"]):
        proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=60)
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        assert out == {"code": 0, "heavy": []}, (args, proc.stderr)


def test_names_are_printed_not_parsed_as_markup(cli):
    assert cli("experiments", "new", "[/x] [bold]", "--variant", "A=[/red] one", "--variant", "B=two").code == 0
    r = cli("experiments", "report", "[/x] [bold]")
    assert r.code == 0 and "Experiment [/x] [bold]" in r.stdout and "A: [/red] one" in r.stdout


def test_reading_never_creates_the_default_creator(cli):
    assert cli("experiments", "list", "--json").json()["data"] == []
    assert cli("experiments", "report", "nope").code == 2
    assert cli("fans", "segments", "--json").json()["data"][0]["fans"] == 0
    with sqlite3.connect(cli.db) as db:
        assert db.execute("SELECT count(*) FROM creators").fetchone() == (0,)
