"""`huntaze costs` for operators: groupings, CSV, Prometheus text exposition, the terminal chart, date filters."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from huntaze_cli.ledger import open_ledger
from testservers.llm_server import reply

PRICES = '[retry]\ninitial_delay_ms = 20\n[prices."model-a"]\ninput_per_mtok = 0\noutput_per_mtok = 10000\n' \
         '[prices."we\\"ird\\\\model"]\ninput_per_mtok = 0\noutput_per_mtok = 20000\n'


@pytest.fixture
def recorded(cli, llm_server):
    """Real calls: default × model-a × 2 ($0.01 each), mia × model-a ($0.02), mia × we"ird\\model ($0.02)."""
    cli.use_server(llm_server)
    cli.config(PRICES)
    assert cli("creators", "add", "mia", "--plan", "business").code == 0
    for creator, model, prompt, out_tokens in (("default", "model-a", "a", 1), ("default", "model-a", "b", 1),
                                               ("mia", "model-a", "c", 2), ("mia", 'we"ird\\model', "d", 1)):
        llm_server.enqueue(reply("ok", usage=(5, out_tokens)))
        r = cli("test-prompt", prompt, "--creator", creator, "--provider", "openai", "--model", model)
        assert r.code == 0, r.stderr
    return cli


def _report(cli, *args):
    r = cli("costs", *args, "--json")
    assert r.code == 0, r.stderr
    return r.json()["data"]


@pytest.mark.parametrize("by, expected", [
    ("creator", {"mia": (2, 0.04), "default": (2, 0.02)}),
    ("feature", {"test-prompt": (4, 0.06)}),
    ("model", {"model-a": (3, 0.04), 'we"ird\\model': (1, 0.02)}),
    ("provider", {"openai": (4, 0.06)}),
])
def test_group_by_each_key(recorded, by, expected):
    data = _report(recorded, "--by", by)
    got = {row["key"]: (row["requests"], round(row["costUsd"], 6)) for row in data["rows"]}
    assert got == expected
    assert data["totals"]["requests"] == 4 and round(data["totals"]["costUsd"], 6) == 0.06


def test_csv_header_and_rows(recorded):
    r = recorded("costs", "--by", "creator", "--format", "csv")
    assert r.code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.stdout.splitlines()[0] == "key,requests,providerRequests,cached,errors,inputTokens,outputTokens,costUsd," \
                                       "unpriced"
    assert [(row["key"], row["requests"], float(row["costUsd"])) for row in rows] == \
        [("mia", "2", 0.04), ("default", "2", 0.02)]
    assert recorded("costs", "--csv", "--by", "model").stdout.count("\n") == 3


_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*)\} '
                     r'(-?[0-9.]+(?:e-?[0-9]+)?)$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"')


def _parse_prometheus(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """A strict reader of the text exposition format: HELP and TYPE before a metric's samples."""
    metrics: dict[str, list[tuple[dict[str, str], float]]] = {}
    declared: dict[str, set[str]] = {}
    assert text.endswith("\n")
    for line in text.splitlines():
        if line.startswith("# "):
            kind, name = line.split(" ")[1:3]
            assert kind in ("HELP", "TYPE")
            declared.setdefault(name, set()).add(kind)
            if kind == "TYPE":
                assert line.split(" ")[3] in ("counter", "gauge")
            continue
        match = _SAMPLE.match(line)
        assert match, f"not a valid sample line: {line!r}"
        name = match.group(1)
        assert declared.get(name) == {"HELP", "TYPE"}, f"{name} sampled before its HELP and TYPE"
        labels = {k: v.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
                  for k, v in _LABEL.findall(match.group(2))}
        metrics.setdefault(name, []).append((labels, float(match.group(3))))
    return metrics


def test_prometheus_exposition_parses_with_escaped_labels(recorded):
    r = recorded("costs", "--format", "prometheus")
    assert r.code == 0, r.stderr
    metrics = _parse_prometheus(r.stdout)
    cost = {(s[0]["creator"], s[0]["feature"], s[0]["model"]): s[1] for s in metrics["huntaze_cost_usd_total"]}
    assert cost == {("default", "test-prompt", "model-a"): 0.02, ("mia", "test-prompt", "model-a"): 0.02,
                    ("mia", "test-prompt", 'we"ird\\model'): 0.02}
    requests = {(s[0]["creator"], s[0]["model"]): s[1] for s in metrics["huntaze_requests_total"]}
    assert requests[("default", "model-a")] == 2
    assert 'model="we\\"ird\\\\model"' in r.stdout
    tokens = [s for s in metrics["huntaze_tokens_total"] if s[0]["creator"] == "mia" and s[0]["model"] == "model-a"]
    assert {s[0]["direction"]: s[1] for s in tokens} == {"input": 5, "output": 2}
    only_mia = _parse_prometheus(recorded("costs", "--format", "prometheus", "--creator", "mia").stdout)
    assert {s[0]["creator"] for s in only_mia["huntaze_requests_total"]} == {"mia"}


def test_prometheus_with_no_data_still_declares_metrics(cli):
    r = cli("costs", "--format", "prometheus")
    assert r.code == 0
    assert set(_parse_prometheus(r.stdout)) == set()
    assert "# TYPE huntaze_cost_usd_total counter" in r.stdout


def _seed_days(cli) -> datetime:
    """Spend over three past days: $0.10, $0.40 (the largest), $0.20."""
    today = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    with open_ledger(cli.db) as ledger:
        ledger.add_creator("ana", "business")
        for days_ago, cost in ((3, 0.10), (2, 0.25), (2, 0.15), (1, 0.20)):
            ledger.record("ana", feature="caption", provider="openai", model="gpt-4o-mini", status="ok", cached=False,
                          cost_usd=cost, correlation_id="seed", now=today - timedelta(days=days_ago))
    return today


def test_chart_draws_one_bar_per_day_largest_longest(cli):
    today = _seed_days(cli)
    r = cli("costs", "--by", "day", "--since", "7d", "--chart")
    assert r.code == 0, r.stderr
    bars = {line.split()[0]: line.count("█") for line in r.stdout.splitlines() if "█" in line}
    days = [f"{today - timedelta(days=n):%Y-%m-%d}" for n in (3, 2, 1)]
    assert list(bars) == days
    assert bars[days[1]] == max(bars.values()) and bars[days[1]] > bars[days[2]] > bars[days[0]]
    assert "Daily spend" in r.stdout
    data = _report(cli, "--by", "creator", "--chart")
    assert [(row["key"], round(row["costUsd"], 6)) for row in data["series"]] == \
        [(days[0], 0.1), (days[1], 0.4), (days[2], 0.2)]


def test_date_filters(cli):
    today = _seed_days(cli)
    two_days_ago = f"{today - timedelta(days=2):%Y-%m-%d}"
    assert _report(cli, "--by", "day", "--since", two_days_ago, "--until", two_days_ago)["rows"][0]["costUsd"] == 0.4
    assert [row["key"] for row in _report(cli, "--by", "day", "--since", two_days_ago)["rows"]] == \
        [two_days_ago, f"{today - timedelta(days=1):%Y-%m-%d}"]
    month = _report(cli, "--month", f"{today - timedelta(days=3):%Y-%m}")
    assert month["totals"]["requests"] >= 1
    assert _report(cli, "--month", "1999-01")["rows"] == []


@pytest.mark.parametrize("args, words", [
    (["--by", "colour"], "--by 'colour' is not a grouping"),
    (["--format", "xml"], "--format 'xml' is not a format"),
    (["--since", "last tuesday"], "is not a date"),
    (["--month", "2026-13"], "is not a month"),
    (["--month", "2026-11", "--since", "7d"], "either --month or --since/--until"),
    (["--since", "2026-11-10", "--until", "2026-11-01"], "--since must be before --until"),
    (["--creator", "ghost"], "Creator 'ghost' does not exist"),
])
def test_bad_input_exit_2(cli, args, words):
    r = cli("costs", *args)
    assert r.code == 2 and words in r.stderr


def test_breakdown_on_100k_rows_is_exact_and_reads_usage_through_an_index(tmp_path):
    path = tmp_path / "big.db"
    with open_ledger(path) as ledger:
        for name in ("a", "b", "c"):
            ledger.add_creator(name, "business")
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO usage_logs (creator_id, feature, provider, model, input_tokens, output_tokens, cost_usd,"
            " status, counted, correlation_id, created_at) VALUES (?, ?, 'openai', ?, 10, 5, 0.001, 'ok', 1, 'x', ?)",
            ((i % 3 + 1, ("chat", "caption", "analyze")[i % 3 - 1], ("m1", "m2")[i % 2],
              (start + timedelta(minutes=3 * i)).strftime("%Y-%m-%dT%H:%M:%S.000000Z")) for i in range(100_000)))
    con.close()
    with open_ledger(path) as ledger:
        statements: list[str] = []
        ledger._db.conn.set_trace_callback(statements.append)  # white-box: which SQL it runs
        rows = ledger.cost_breakdown(since=start + timedelta(hours=7), until=start + timedelta(days=150, hours=5))
        ledger._db.conn.set_trace_callback(None)
        # Speed is measured by bench/reports.py against a full scan; here, deterministically: the usage tables
        # are only ever read through an index or the daily roll-up's key, never scanned whole.
        plans = [str(row[-1]) for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))
                 for row in ledger._db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert any("usage_" in line for line in plans), plans
    assert not [line for line in plans if re.match(r"SCAN usage_\w+", line) and "INDEX" not in line], plans
    assert {(r["creator"], r["model"]) for r in rows} >= {("a", "m1"), ("b", "m2")}
    assert all(set(r) >= {"creator", "feature", "model", "requests", "costUsd", "inputTokens", "outputTokens"}
               for r in rows)
    # Rows every 3 minutes; [7h, 150d 5h) holds rows 140 to 72099: the partial edge days are counted exactly.
    assert sum(r["requests"] for r in rows) == 72_100 - 140
