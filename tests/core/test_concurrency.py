"""Real processes racing for one creator's limits: the ledger admits exactly the plan, never more."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from tests.conftest import PLANTED_KEY, ROOT, _clean_env
from testservers.llm_server import reply


def _spawn(cli, n_procs: int, calls: int, args: list[str]) -> list[dict]:
    env = _clean_env()
    env.update(cli.env)
    env["HUNTAZE_HOME"] = str(cli.home)
    procs = [subprocess.Popen([sys.executable, "-m", "tests.workers.cli_loop", str(calls), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for _ in range(n_procs)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        assert "database is locked" not in err.lower()
        assert PLANTED_KEY not in out + err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _query(db, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_rate_limit_holds_under_8_processes(cli, llm_server):
    cli.use_server(llm_server, timeout_s=30)  # attempts have a total deadline: room for a busy machine
    assert cli("creators", "add", "mia", "--plan", "pro").code == 0  # pro = 100 requests/hour
    results = _spawn(cli, 8, 40, ["test-prompt", "ping", "--creator", "mia", "--provider", "openai",
                                  "--no-cache", "--quiet"])
    codes = [c for r in results for c in r["codes"]]
    assert len(codes) == 320
    assert codes.count(0) == 100
    assert codes.count(4) == 220
    assert not any(r["locked"] for r in results)
    assert _query(cli.db, "select count(*) from usage_logs where counted = 1") == [(100,)]
    assert _query(cli.db, "select count(*) from usage_logs") == [(100,)]
    assert _query(cli.db, "select request_count from monthly_charges") == [(100,)]
    assert llm_server.hits == 100
    assert _query(cli.db, "pragma integrity_check") == [("ok",)]


def test_dollar_quota_holds_exactly_under_concurrency(cli, llm_server):
    cli.use_server(llm_server, timeout_s=30)  # attempts have a total deadline: room for a busy machine
    # $0.01 per output token: a call with --max-output-tokens 10 reserves at most $0.10 (plus input tokens,
    # priced 0 here) and really costs $0.05 (5 output tokens).
    cli.config('[retry]\ninitial_delay_ms = 20\n[prices."fixed-model"]\ninput_per_mtok = 0\n'
               'output_per_mtok = 10000\n')
    llm_server.set_default(reply("ok", usage=(10, 5)))
    assert cli("creators", "add", "ana", "--plan", "pro", "--monthly-usd", "1").code == 0
    results = _spawn(cli, 8, 6, ["test-prompt", "ping", "--creator", "ana", "--provider", "openai",
                                 "--model", "fixed-model", "--max-output-tokens", "10", "--no-cache", "--quiet"])
    codes = [c for r in results for c in r["codes"]]
    assert set(codes) <= {0, 3}
    assert codes.count(3) > 0
    [(total, pending, count)] = _query(cli.db, "select total_cost_usd, pending_usd, request_count"
                                               " from monthly_charges")
    # Exact: settled spend plus what is still held never passes the cap, and nothing is left held.
    assert total + pending <= 1.0 and pending == 0, (total, pending)
    assert count == codes.count(0)
    [(summed,)] = _query(cli.db, "select sum(cost_usd) from usage_logs where counted = 1")
    assert abs(summed - total) < 1e-9
    assert abs(total - 0.05 * codes.count(0)) < 1e-9


def test_inflated_usage_from_8_processes_never_passes_a_small_cap(cli, llm_server):
    """The attack from issue 8: a $0.01 cap, a provider reporting 200k input tokens per call."""
    cli.use_server(llm_server, timeout_s=30)  # attempts have a total deadline: room for a busy machine
    cli.config('[retry]\ninitial_delay_ms = 20\n[prices."fixed-model"]\ninput_per_mtok = 1\n'
               'output_per_mtok = 2\n')
    llm_server.set_default(reply("ok", usage=(200_000, 5)))
    assert cli("creators", "add", "eve", "--plan", "pro", "--monthly-usd", "0.01").code == 0
    results = _spawn(cli, 8, 3, ["test-prompt", "ping " * 50, "--creator", "eve", "--provider", "openai",
                                 "--model", "fixed-model", "--max-output-tokens", "100", "--no-cache", "--quiet"])
    codes = [c for r in results for c in r["codes"]]
    assert set(codes) <= {0, 3} and codes.count(0) > 0
    [(total, pending)] = _query(cli.db, "select total_cost_usd, pending_usd from monthly_charges")
    assert total + pending <= 0.01 and pending == 0, (total, pending)
    [(summed,)] = _query(cli.db, "select sum(cost_usd) from usage_logs where counted = 1")
    assert abs(summed - total) < 1e-9
