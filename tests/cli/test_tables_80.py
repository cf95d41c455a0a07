"""Tables a person can read: at 80 columns (COLUMNS=80, real subprocesses) every table's headers are whole,
on one line, and no line is wider than the terminal; --wide shows the columns left out, never squeezed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rich.cells import cell_len

from huntaze_cli.ledger import open_ledger
from tests.conftest import ROOT

NOW = datetime(2026, 11, 20, 21, 0, tzinfo=timezone.utc)
EIGHTY = {"COLUMNS": "80"}


@pytest.fixture
def full(cli):
    """A ledger with long names and big numbers in every table."""
    for args in (["creators", "add", "mia-the-creator", "--plan", "pro"],
                 ["creators", "add", "zoe", "--plan", "business", "--monthly-usd", "123456.78"],
                 ["fans", "import", str(ROOT / "examples" / "fans.csv"), "-c", "mia-the-creator"],
                 ["fans", "import", str(ROOT / "examples" / "purchases.csv"), "-c", "mia-the-creator"],
                 ["experiments", "new", "beach-set-november", "--variant", "A=New beach set, want it?",
                  "--variant", "B=I shot this thinking of you", "-c", "mia-the-creator"],
                 ["experiments", "record", "beach-set-november", "--variant", "A", "--sent", "1000000000",
                  "--bought", "123456789", "--revenue", "987654321.5", "-c", "mia-the-creator"],
                 ["experiments", "record", "beach-set-november", "--variant", "B", "--sent", "999999999",
                  "--bought", "12345", "--revenue", "12345.67", "-c", "mia-the-creator"],
                 ["replies", "add", "thanks-for-the-tip", "Thank you so much {fan_name}, that made my day and "
                  "my whole week, honestly!", "-c", "mia-the-creator"],
                 ["hooks", "add", "--event", "quota.threshold", "--threshold", "80", "--command",
                  "notify-send 'quota at 80 percent for the creator'"],
                 ["hooks", "add", "--event", "breaker.opened", "--url",
                  "https://hooks.example.com/services/T000/B000/XXXXXXXX", "--timeout", "5"]):
        assert cli(*args).code == 0, args
    with open_ledger(cli.db) as ledger:
        for n, (creator, feature, provider, model) in enumerate([
                ("mia-the-creator", "optimize-sale", "gemini", "gemini-2.5-flash"),
                ("zoe", "mass-message", "openai", "gpt-4o-mini-2024-07-18"),
                ("mia-the-creator", "caption", "local", "llama3.2:3b-instruct-q4_K_M")]):
            usage = ledger.reserve(creator, feature=feature, provider=provider, model=model, reserve_usd=0.5,
                                   correlation_id=f"c{n}", now=NOW + timedelta(minutes=n))
            ledger.settle(usage, status="ok" if n != 1 else "error", input_tokens=1_234_567, output_tokens=89_012,
                          cost_usd=12.345678, latency_ms=300)
    return cli


def _tables(stdout: str) -> list[list[str]]:
    """The header cells of each table, per header line (a wrapped header takes two lines)."""
    tables: list[list[str]] = []
    lines = stdout.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("┏"):
            header_lines = []
            for following in lines[i + 1:]:
                if not following.startswith("┃"):
                    break
                header_lines.append(following)
            tables.append(header_lines)
    return tables


# (command, headers a person must read whole at 80 columns)
TABLES = [
    (["logs"], ["id", "time (UTC)", "creator", "feature", "model", "status", "cost"]),
    (["costs"], ["creator", "requests", "cached", "errors", "tokens in/out", "cost"]),
    (["costs", "--by", "feature"], ["feature", "requests", "cached", "errors", "tokens in/out", "cost"]),
    (["costs", "--by", "model"], ["model", "requests", "tokens in/out", "cost"]),
    (["costs", "--by", "day"], ["day", "requests", "tokens in/out", "cost"]),
    (["quota", "--all"], ["creator", "plan", "requests/hour", "spend/month"]),
    (["fans", "segments", "-c", "mia-the-creator"], ["segment", "fans", "revenue", "90 days", "bought"]),
    (["fans", "list", "-c", "mia-the-creator"], ["id", "name", "tier", "engagement", "spent", "last purchase"]),
    (["experiments", "report", "beach-set-november", "-c", "mia-the-creator"],
     ["variant", "sent", "bought", "conversion", "P(best)"]),
    (["creators", "list"], ["name", "plan", "requests/hour", "monthly cap"]),
    (["hooks", "list"], ["id", "event", "action", "timeout", "last run"]),
    (["providers"], ["provider", "key", "endpoint", "default model", "breaker"]),
    (["ledger", "info"], ["table", "rows"]),
    (["replies", "list", "-c", "mia-the-creator"], []),  # a list without headers: its lines fit
]


@pytest.mark.parametrize("args,headers", TABLES, ids=[" ".join(t[0][:3]) for t in TABLES])
def test_every_header_is_whole_at_80_columns(full, args, headers):
    r = full.proc(*args, extra_env=EIGHTY)
    assert r.code == 0, r.stderr
    # Every line of a table or a list fits; a sentence around it (a ledger's path) may wrap like any text.
    too_wide = [line for line in r.stdout.splitlines() if cell_len(line) > 80 and not line.startswith("sqlite ")]
    assert not too_wide, "\n".join(too_wide)
    tables = _tables(r.stdout)
    assert bool(tables) == bool(headers), r.stdout
    for header_lines in tables:
        assert len(header_lines) == 1, "a header wrapped:\n" + "\n".join(header_lines)
        cells = [cell.strip() for cell in header_lines[0].strip("┃").split("┃")]
        assert not [c for c in cells if c.endswith("…")], header_lines[0]
    if headers:
        cells = [cell.strip() for cell in tables[0][0].strip("┃").split("┃")]
        assert [h for h in headers if h not in cells] == [], r.stdout
    if args[0] == "replies":
        assert "thanks-for-the-tip" in r.stdout


@pytest.mark.parametrize("args,extra", [
    (["logs"], ["provider:model", "tokens", "cached"]),
    (["costs"], ["sent", "tokens in", "tokens out"]),
    (["experiments", "report", "beach-set-november", "-c", "mia-the-creator"], ["95% interval", "revenue/msg"]),
])
def test_wide_shows_the_rest_unsqueezed_and_the_default_says_so(full, args, extra):
    narrow = full.proc(*args, extra_env=EIGHTY)
    assert "--wide shows them all" in narrow.stderr
    wide = full.proc(*args, "--wide", extra_env=EIGHTY)
    assert wide.code == 0 and "--wide" not in wide.stderr
    (header,) = _tables(wide.stdout)[0]
    cells = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert [h for h in extra if h not in cells] == [] and not [c for c in cells if c.endswith("…")], header
    # A terminal wide enough gets every column without asking.
    roomy = full.proc(*args, extra_env={"COLUMNS": "200"})
    assert "--wide" not in roomy.stderr and all(h in roomy.stdout for h in extra)
