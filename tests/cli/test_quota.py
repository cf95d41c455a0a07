"""`huntaze quota --all`: one table, a usage bar per creator, red past 90%."""

from __future__ import annotations

from huntaze_cli.ledger import open_ledger

RED = "\x1b[31m"


def _spend(cli, creator: str, plan: str, usd: float) -> None:
    with open_ledger(cli.db) as ledger:
        ledger.add_creator(creator, plan)
        usage_id = ledger.reserve(creator, feature="caption", provider="openai", model="gpt-4o-mini",
                                  reserve_usd=0.0, correlation_id="seed")
        ledger.settle(usage_id, status="ok", input_tokens=10, output_tokens=10, cost_usd=usd, latency_ms=1)


def test_all_is_one_table_with_a_bar_per_creator_red_past_90_percent(cli):
    _spend(cli, "hot", "starter", 9.5)     # 95% of $10
    _spend(cli, "edge", "starter", 9.0)    # exactly 90%: not past it
    _spend(cli, "calm", "pro", 5.0)        # 10% of $50
    _spend(cli, "big", "business", 123.0)  # no monthly cap
    r = cli.proc("quota", "--all", extra_env={"FORCE_COLOR": "1", "COLUMNS": "160"})
    assert r.code == 0, r.stderr
    lines = {line.split("│")[1].strip(): line for line in r.stdout.splitlines()
             if line.count("│") > 3 and line.split("│")[1].strip() in ("hot", "edge", "calm", "big")}
    assert set(lines) == {"hot", "edge", "calm", "big"}
    spend_bar = {name: line.rsplit("│", 2)[1] for name, line in lines.items()}
    assert RED in spend_bar["hot"] and "█" in spend_bar["hot"]
    assert RED not in spend_bar["edge"] and RED not in spend_bar["calm"]
    assert "no cap" in lines["big"] and "█" not in spend_bar["big"]
    assert "$9.50 / $10.00" in lines["hot"]


def test_all_json_lists_every_creator(cli):
    _spend(cli, "hot", "starter", 9.5)
    _spend(cli, "calm", "pro", 5.0)
    r = cli("quota", "--all", "--json")
    assert r.code == 0
    data = {row["creator"]: row for row in r.json()["data"]}
    assert set(data) == {"hot", "calm"}
    assert data["hot"]["spend"]["usedUsd"] == 9.5 and data["hot"]["spend"]["limitUsd"] == 10.0
    assert data["calm"]["requests"] == {**data["calm"]["requests"], "used": 1, "limit": 100}


def test_no_colour_when_not_a_terminal(cli, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    _spend(cli, "hot", "starter", 9.5)
    r = cli.proc("quota", "--all")
    assert r.code == 0 and "\x1b[" not in r.stdout and "hot" in r.stdout
