"""A shared PostgreSQL ledger through the real command line: selecting it, moving a SQLite ledger into it,
`ledger info`, and its password never shown (the `cli` fixture checks every output for it)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from huntaze_cli.ledger import open_ledger
from tests.fakes.postgres import PLANTED_PG_PASSWORD, query

NOW = datetime(2026, 10, 30, 23, 0, tzinfo=timezone.utc)


def _fill(path) -> None:
    """A SQLite ledger with something in every table, across two months."""
    with open_ledger(path) as ledger:
        mia = ledger.add_creator("mia", "pro")
        zoe = ledger.add_creator("zoe")
        for n in range(30):
            at = NOW + timedelta(hours=n)  # crosses into November
            usage_id = ledger.reserve("mia" if n % 3 else "zoe", feature="chat", provider="openai",
                                      model="gpt-4o-mini", reserve_usd=0.05, correlation_id=f"c{n}", now=at)
            if n % 5:
                ledger.settle(usage_id, status="ok", input_tokens=100 + n, output_tokens=50, cost_usd=0.001 * n,
                              latency_ms=300)
        ledger.record("mia", feature="caption", provider="rules", model="rules", status="ok", cached=False,
                      correlation_id="r1", now=NOW)
        ledger.cache_put("k", creator_id=mia.id, feature="chat", provider="openai", model="gpt-4o-mini",
                         payload="{}", ttl_s=300, now=NOW)
        ledger.breaker_failure("gemini", threshold=5, now=NOW)
        ledger.add_insight(mia.id, source_agent="analytics", kind="timing", text="videos at 20:00", weight=0.8)
        ledger.store_summary(zoe.id, {"insights": []})
        ledger.upsert_fans(mia.id, [{"fan_id": "1042", "name": "Sam", "lifetime_value_usd": 120.0}])
        ledger.add_reply(mia.id, "thanks", "Thank you {fan_name}!")
        hook = ledger.add_hook(event="quota.exceeded", command="true")
        ledger.log_hook_run(hook, "quota.exceeded", "ok", None)
        ledger.claim_threshold(mia.id, "2026-11", "quota.threshold", 80)


def test_migrate_copies_every_row_verifies_and_is_idempotent(cli, pg_url):
    _fill(cli.db)
    before = {args: cli(*args, "--json").json()["data"] for args in
              (("costs", "--by", "creator"), ("costs", "--by", "day"), ("quota", "--all"), ("logs", "-n", "100"))}

    first = cli("ledger", "migrate", "--to", pg_url, "--json")
    assert first.code == 0, first.stderr
    tables = first.json()["data"]["tables"]
    assert tables["usage_logs"] == {"rows": 31, "copied": 31}
    assert all(entry["copied"] == entry["rows"] for name, entry in tables.items() if name != "usage_daily")
    assert {m["month"] for m in first.json()["data"]["months"]} == {"2026-10", "2026-11"}

    second = cli("ledger", "migrate", "--to", pg_url, "--json")
    assert second.code == 0, second.stderr
    assert {entry["copied"] for entry in second.json()["data"]["tables"].values()} == {0}
    assert query(pg_url, "SELECT count(*) FROM usage_logs") == [(31,)]

    cli.use_postgres(pg_url)
    after = {args: cli(*args, "--json").json()["data"] for args in before}
    assert after == before  # costs, quotas and the log read the same from PostgreSQL
    # New rows continue after the copied ids.
    created = cli("creators", "add", "ava", "--json")
    assert created.code == 0, created.stderr
    assert query(pg_url, "SELECT id FROM creators WHERE name = ?", ("ava",)) == [(3,)]


def test_migrate_refuses_to_call_a_ledger_with_other_rows_the_same(cli, pg_url):
    _fill(cli.db)
    with open_ledger(pg_url) as shared:
        shared.add_creator("someone-else")
        shared.add_creator("another")
        shared.add_creator("third")
    result = cli("ledger", "migrate", "--to", pg_url)
    assert result.code == 6
    assert "already holds other rows" in result.stderr and "creators: 2 here, 3 there" in result.stderr
    assert "nothing was copied" in result.stderr
    assert query(pg_url, "SELECT count(*) FROM usage_logs") == [(0,)]  # rolled back
    assert query(pg_url, "SELECT name FROM creators ORDER BY id") == [("someone-else",), ("another",), ("third",)]


def test_migrate_refuses_creators_whose_ids_name_someone_else(cli, pg_url):
    with open_ledger(cli.db) as local:
        local.add_creator("mia")
    with open_ledger(pg_url) as shared:
        shared.add_creator("zoe")  # id 1 too
    result = cli("ledger", "migrate", "--to", pg_url)
    assert result.code == 6 and "creators by id differs" in result.stderr
    assert query(pg_url, "SELECT name FROM creators") == [("zoe",)]


def test_ledger_info_on_both_backends(cli, pg_url):
    _fill(cli.db)
    local = cli("ledger", "info", "--json").json()["data"]
    assert local["backend"] == "sqlite" and local["location"] == str(cli.db)
    assert local["schemaVersion"] == "m011_creator_platforms" or local["migrations"] >= 11
    assert local["rows"]["usage_logs"] == 31 and local["sizeBytes"] > 0
    cli("ledger", "migrate", "--to", pg_url)
    cli.use_postgres(pg_url)
    shared = cli("ledger", "info", "--json").json()["data"]
    assert shared["backend"] == "postgresql"
    assert shared["location"].startswith("postgresql://postgres:***@") and PLANTED_PG_PASSWORD not in shared["location"]
    assert shared["rows"] == local["rows"] and shared["schemaVersion"] == local["schemaVersion"]
    human = cli("ledger", "info")
    assert "postgresql ledger at postgresql://postgres:***@" in human.stdout


def test_an_ai_command_on_postgresql_is_recorded_and_counted(cli, pg_url, llm_server):
    cli.use_server(llm_server)
    cli.use_postgres(pg_url)
    result = cli("caption", "--platform", "instagram", "sunset run", "--json")
    assert result.code == 0, result.stderr
    logs = cli("logs", "--json").json()["data"]
    assert [(row["feature"], row["status"], row["counted"]) for row in logs] == [("caption", "ok", True)]
    quota = cli("quota", "--json").json()["data"]
    assert quota["requests"]["used"] == 1 and quota["spend"]["requestsThisMonth"] == 1
    assert query(pg_url, "SELECT count(*), sum(requests) FROM usage_daily") == [(1, 1)]


def test_config_ledger_url_selects_postgresql_and_is_shown_masked(cli, pg_url):
    cli.config(f'ledger_url = "{pg_url}"\n')
    assert cli("creators", "add", "mia").code == 0
    assert query(pg_url, "SELECT name FROM creators") == [("mia",)]
    assert not cli.db.exists()  # nothing written to a local SQLite file
    listed = cli("config", "list")
    assert "postgresql://postgres:***@" in listed.stdout
    assert "postgresql://postgres:***@" in cli("config", "get", "ledger_url").stdout
    cli.config('ledger_url = "mysql://root:pw@host/db"\n')
    refused = cli("creators", "list")
    assert refused.code == 6 and "ledger_url" in refused.stderr and "pw@" not in refused.stderr


def test_an_unreachable_server_is_one_sentence_without_the_password_even_with_debug(cli):
    url = f"postgresql://postgres:{PLANTED_PG_PASSWORD}@127.0.0.1:1/test"
    for extra in ((), ("--debug",)):
        result = cli("--db", url, *extra, "quota")
        assert result.code == 6
        assert "Cannot reach the PostgreSQL ledger postgresql://postgres:***@127.0.0.1:1/test" in result.stderr
        assert "Traceback" not in result.stderr or extra == ("--debug",)


def test_a_batch_on_postgresql_records_one_row_per_item_and_resumes(cli, pg_url, llm_server, tmp_path):
    import json

    cli.use_server(llm_server)
    cli.use_postgres(pg_url)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"p{i}", "description": f"post {i}", "platform": "instagram"})
                              + "\n" for i in range(12)))
    first = cli("caption", "--input", str(source), "--concurrency", "6", "--provider", "openai", "--no-cache")
    assert first.code == 0, first.stderr
    assert [json.loads(line)["success"] for line in first.stdout.splitlines()] == [True] * 12
    assert query(pg_url, "SELECT count(*), sum(counted) FROM usage_logs WHERE status = 'ok'") == [(12, 12)]
    again = cli("caption", "--input", str(source), "--concurrency", "6", "--provider", "openai", "--no-cache",
                "--resume")
    assert again.code == 0, again.stderr
    assert query(pg_url, "SELECT count(*) FROM usage_logs") == [(12,)]  # nothing asked twice
    spend = query(pg_url, "SELECT round(sum(total_cost_usd), 9), sum(pending_usd), sum(request_count)"
                          " FROM monthly_charges")
    rows_cost = query(pg_url, "SELECT round(sum(cost_usd), 9) FROM usage_logs")
    assert spend == [(rows_cost[0][0], 0.0, 12)]
