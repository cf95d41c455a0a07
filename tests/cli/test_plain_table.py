"""cli/plain_table.py prints, off a terminal, exactly what rich prints there, or leaves the table to rich."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys

import pytest
from rich.console import Console

from huntaze_cli.cli.plain_table import Column, TableSpec, console_width, natural_width, plain_text, utf8_stdout

WORDS = ["a", "caption", "creator1", "$0.0123", "1,234", "gpt-4o-mini", "12-03 10:00", "no cap", "x y", "→",
         "[/x]", "a:b", "held $0.01", "~$0.50", "ok", "averyveryverylongnamewithoutanyspaceinit"]


def rich_text(spec: TableSpec, width: int) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, highlight=False, soft_wrap=True, force_terminal=False,
            color_system=None).print(spec.to_rich())
    return buffer.getvalue()


def random_spec(rng: random.Random) -> TableSpec:
    columns = [Column(rng.choice(WORDS), rng.choice(["left", "right"]), footer=rng.choice(["", "total", "12"]),
                      no_wrap=rng.random() < 0.5, overflow=rng.choice(["fold", "ellipsis"]))
               for _ in range(rng.randint(1, 6))]
    spec = TableSpec(rng.choice(["", "Creators", "Costs by day (the beginning → now)", "T"]), columns,
                     show_footer=rng.random() < 0.5)
    for _ in range(rng.randint(0, 5)):
        spec.add_row(*(rng.choice(WORDS) if rng.random() < 0.8 else ((rng.choice(WORDS), "yellow"),)
                       for _ in columns))
    return spec


@pytest.mark.parametrize("seed", range(300))
def test_the_plain_writer_prints_what_rich_prints_or_nothing(seed):
    rng = random.Random(seed)
    spec = random_spec(rng)
    width = rng.choice([20, 40, 60, 80, 120, 200])
    text = plain_text(spec, width)
    # Every word here is one rich measures as the plain writer does, so only the width sends a table to rich.
    assert (text is None) == (natural_width(spec) > width or len(spec.title) > width)
    if text is not None:
        assert text == rich_text(spec, width)


def test_most_tables_huntaze_prints_take_the_plain_path():
    rng = random.Random(1)
    specs = []
    for _ in range(200):
        spec = TableSpec("Creators", [Column("name"), Column("plan"), Column("requests/hour", "right")])
        for _ in range(rng.randint(1, 8)):
            spec.add_row(f"creator{rng.randint(0, 99)}", rng.choice(["starter", "pro"]), str(rng.randint(1, 999)))
        specs.append(spec)
    assert all(plain_text(s, 80) == rich_text(s, 80) for s in specs)


@pytest.mark.parametrize("cell", ["名前", "emoji 🙂", "tab\there", "é" * 3, "  two spaces", "trailing "])
def test_text_rich_measures_its_own_way_goes_to_rich(cell):
    spec = TableSpec("T", [Column("name")])
    spec.add_row(cell)
    assert plain_text(spec, 80) is None


def test_a_table_wider_than_the_console_goes_to_rich():
    spec = TableSpec("T", [Column("name"), Column("value", "right")])
    spec.add_row("x" * 30, "y" * 30)
    assert natural_width(spec) == 30 + 30 + 4 + 3
    assert plain_text(spec, natural_width(spec)) == rich_text(spec, natural_width(spec))
    assert plain_text(spec, natural_width(spec) - 1) is None


def test_the_console_width_is_rich_s(monkeypatch):
    monkeypatch.setenv("COLUMNS", "57")
    assert console_width() == 57 == Console(file=io.StringIO()).width
    monkeypatch.setenv("COLUMNS", "wide")
    assert console_width() == Console(file=io.StringIO()).width


def test_styled_cells_keep_their_styles_on_a_terminal():
    spec = TableSpec("T", [Column("status")])
    spec.add_row((("error", "red"),))
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, color_system="standard", highlight=False).print(spec.to_rich())
    assert "\x1b[31merror\x1b[0m" in buffer.getvalue()


def test_a_non_utf8_stdout_goes_to_rich(monkeypatch):
    spec = TableSpec("T", [Column("a")])
    spec.add_row("b")
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="latin-1"))
    assert not utf8_stdout()
    assert plain_text(spec, 80) is None


PROBE = """
import sys, io, contextlib, json
from huntaze_cli.cli.main import run
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    code = run(sys.argv[1:])
print(json.dumps({"code": code, "rich": sorted(m for m in sys.modules if m == "rich" or m.startswith("rich.")),
                  "out": buffer.getvalue()}))
"""


@pytest.mark.parametrize("args", [["creators", "list"], ["costs", "--by", "creator"], ["logs"]])
def test_list_commands_print_their_tables_without_rich_off_a_terminal(args, tmp_path):
    env = {"HUNTAZE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HUNTAZE_PROVIDER": "rules"}
    run = [sys.executable, "-m", "huntaze_cli"]
    subprocess.run([*run, "creators", "add", "mia", "--plan", "pro"], env=env, check=True, capture_output=True)
    subprocess.run([*run, "caption", "--provider", "rules", "--creator", "mia", "beach day"], env=env, check=True,
                   capture_output=True)
    probe = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                           check=True)
    out = json.loads(probe.stdout.splitlines()[-1])
    assert out["code"] == 0
    assert out["rich"] == []
    assert "┏" in out["out"] and "mia" in out["out"]
