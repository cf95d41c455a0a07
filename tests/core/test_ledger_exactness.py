"""An exact ledger in every failure path: the real CLI (in-process or real processes), the real SDKs over
real HTTP to the fake server, a real SQLite ledger. Each test fails if a path leaves the ledger inexact:
a billed call recorded at $0, a reservation left in flight, a cut answer taken (or cached) for an answer."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from huntaze_cli.ledger import open_ledger
from huntaze_cli.ledger.clock import from_iso
from tests.conftest import ROOT, _clean_env, usage_rows
from testservers.llm_server import cut, error, hang, invalid_json, reply, trickle

# $1 per million tokens in, $2 out: costs below are plain arithmetic.
PRICED = ('[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n[prices."house"]\ninput_per_mtok = 1.0\n'
          'output_per_mtok = 2.0\n')
TEXT = "one two three four five six seven eight nine ten eleven twelve"


def month(db) -> tuple[float, float]:
    """(settled spend, held by requests in flight) of the only month in the ledger."""
    con = sqlite3.connect(db)
    try:
        [(total, pending)] = con.execute("select total_cost_usd, pending_usd from monthly_charges").fetchall()
        return total, pending
    finally:
        con.close()


def assert_exact(db) -> None:
    """Nothing in flight, and the month's spend is exactly the sum of its rows' costs."""
    total, pending = month(db)
    assert pending == 0
    assert total == pytest.approx(sum(r["cost_usd"] for r in usage_rows(db) if r["counted"]), abs=1e-12)
    assert all(r["status"] != "pending" for r in usage_rows(db))


def prompt(cli, *args: str, text: str = "x" * 400):
    return cli("test-prompt", text, "--provider", "openai", "--model", "house", "--no-cache", *args)


def test_ok_is_settled_at_the_real_figures(cli, llm_server):
    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.enqueue(reply("fine", usage=(300, 40)))
    assert prompt(cli).code == 0
    [row] = usage_rows(cli.db)
    assert (row["status"], row["input_tokens"], row["output_tokens"], row["attempts"]) == ("ok", 300, 40, 1)
    assert row["cost_usd"] == pytest.approx(300e-6 + 80e-6)
    assert_exact(cli.db)


def test_invalid_output_after_the_repair_bills_both_calls(cli, llm_server):
    from huntaze_cli.core import runner
    from huntaze_cli.core.session import GlobalFlags, Session

    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.enqueue(reply(invalid_json().text, usage=(200, 30)), reply(invalid_json().text, usage=(260, 30)))

    def validate(text: str) -> object:
        try:
            return json.loads(text)
        except ValueError as exc:
            raise runner.InvalidOutput(str(exc)) from exc

    session = Session(GlobalFlags())
    call = runner.AICall(feature="test-prompt", prompt="give json " * 30, json_schema={"type": "object"},
                         validate=validate)
    with pytest.raises(Exception) as caught:
        runner.run(session.context(session.creator()), call, provider="openai", model="house")
    session.close()
    assert getattr(caught.value, "code", "") == "INVALID_OUTPUT"
    [row] = usage_rows(cli.db)
    # Two billed calls: 460 tokens in, 60 out, one request in the hourly window.
    assert (row["status"], row["error_code"], row["input_tokens"], row["output_tokens"], row["attempts"]) == \
        ("error", "INVALID_OUTPUT", 460, 60, 2)
    assert row["cost_usd"] == pytest.approx(460e-6 + 120e-6) and row["counted"] == 1
    assert_exact(cli.db)


def test_a_stream_cut_midway_is_exit_5_billed_as_estimated_and_never_cached(cli, llm_server):
    cli.use_server(llm_server)
    cli.config(PRICED.replace("[retry]\n", "[retry]\nattempts = 3\n"))
    llm_server.enqueue(cut(TEXT, after_chunks=2))
    r = cli("test-prompt", "tell me", "--provider", "openai", "--model", "house", "--stream")
    # Text already reached the user: no retry (it would print twice), a failure, not a success.
    assert r.code == 5 and llm_server.hits == 1
    [row] = usage_rows(cli.db)
    assert (row["status"], row["error_code"], row["estimated"]) == ("error", "INCOMPLETE_STREAM", 1)
    assert row["output_tokens"] > 0 and row["input_tokens"] > 0 and row["cost_usd"] > 0
    assert_exact(cli.db)
    assert "~$0.0" in cli("logs").stdout  # shown as an estimate
    # Nothing was cached: the same request asks the provider again.
    llm_server.enqueue(reply("whole answer", usage=(5, 2)))
    r = cli("test-prompt", "tell me", "--provider", "openai", "--model", "house", "--json")
    assert r.code == 0 and r.json()["meta"]["cached"] is False and llm_server.hits == 2


def test_a_cut_stream_is_not_followed_by_a_fallbacks_answer(cli, llm_server):
    cli.use_server(llm_server)
    cli.config("[retry]\nattempts = 1\n[features.test-prompt]\nprovider = \"openai\"\nfallback = [\"gemini\"]\n")
    llm_server.enqueue(cut(TEXT, after_chunks=2))
    r = cli("test-prompt", "tell me", "--stream")
    assert r.code == 5 and llm_server.hits == 1 and r.stdout.strip() == "one two three four five six"


def test_a_cut_before_any_text_is_retried_and_every_attempt_billed(cli, llm_server):
    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.enqueue(cut(TEXT, after_chunks=0, usage=(120, 7)), reply("whole", usage=(120, 3)))
    r = cli("test-prompt", "y" * 300, "--provider", "openai", "--model", "house", "--stream")
    assert r.code == 0 and r.stdout.strip() == "whole" and llm_server.hits == 2
    [row] = usage_rows(cli.db)
    assert (row["status"], row["input_tokens"], row["output_tokens"], row["attempts"]) == ("ok", 240, 10, 2)
    assert row["cost_usd"] == pytest.approx(240e-6 + 20e-6)
    assert_exact(cli.db)


def test_a_provider_error_whose_body_carries_usage_is_billed(cli, llm_server):
    cli.use_server(llm_server)
    cli.config(PRICED.replace("[retry]\n", "[retry]\nattempts = 1\n"))
    llm_server.enqueue(error(500, "overloaded", usage=(350, 20)))
    assert prompt(cli).code == 5
    [row] = usage_rows(cli.db)
    assert (row["status"], row["input_tokens"], row["output_tokens"]) == ("error", 350, 20)
    assert row["cost_usd"] == pytest.approx(350e-6 + 40e-6)
    assert_exact(cli.db)


def test_a_trickling_server_is_stopped_by_the_total_deadline_and_recorded(cli, llm_server):
    cli.use_server(llm_server, timeout_s=1)
    cli.config(PRICED.replace("[retry]\n", "[retry]\nattempts = 1\n"))
    # The whole body would take ~6 s at 8 bytes every 50 ms; every single read is fast.
    llm_server.enqueue(trickle(TEXT, nbytes=8, every_s=0.05, usage=(10, 5)))
    r = prompt(cli, "--json")
    assert r.code == 5 and r.json()["error"]["metadata"]["providersTried"][0]["outcome"] == "timeout"
    [row] = usage_rows(cli.db)
    assert (row["status"], row["error_code"]) == ("error", "TIMEOUT")
    assert_exact(cli.db)


def test_an_exception_between_reserve_and_settle_settles_the_row(cli, llm_server):
    from huntaze_cli.core import runner
    from huntaze_cli.core.session import GlobalFlags, Session

    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.enqueue(reply(TEXT, usage=(40, 12)))

    def broken_sink(_text: str) -> None:
        raise RuntimeError("terminal went away")

    session = Session(GlobalFlags())
    with pytest.raises(RuntimeError):
        runner.run(session.context(session.creator()),
                   runner.AICall(feature="test-prompt", prompt="p" * 100, on_text=broken_sink),
                   provider="openai", model="house", no_cache=True)
    session.close()
    [row] = usage_rows(cli.db)
    assert (row["status"], row["error_code"]) == ("error", "INTERRUPTED")
    assert_exact(cli.db)


def test_inflated_usage_cannot_pass_the_cap(cli, llm_server):
    cli.use_server(llm_server)
    cli.config(PRICED)
    assert cli("creators", "add", "ana", "--monthly-usd", "0.01").code == 0
    llm_server.set_default(reply("ok", usage=(200_000, 5)))  # 200k tokens for a 400-byte prompt
    codes = [prompt(cli, "--creator", "ana").code for _ in range(8)]
    total, pending = month(cli.db)
    assert total + pending <= 0.01 and pending == 0
    assert all(r["error_code"] == "USAGE_OVER_BOUND" for r in usage_rows(cli.db))
    assert codes.count(0) == len(usage_rows(cli.db))


def _spawn(cli, *args: str) -> subprocess.Popen[str]:
    env = _clean_env()
    env.update(cli.env)
    env["HUNTAZE_HOME"] = str(cli.home)
    return subprocess.Popen([sys.executable, "-m", "huntaze_cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _wait_for_pending(cli, proc: subprocess.Popen[str]) -> sqlite3.Row:
    """Block until the real process has reserved its row (it is then waiting on the hung server)."""
    for _ in range(400):
        if proc.poll() is not None:
            raise AssertionError(proc.communicate())
        if cli.db.exists():
            try:
                pending = [r for r in usage_rows(cli.db) if r["status"] == "pending"]
            except sqlite3.OperationalError:
                pending = []
            if pending:
                return pending[0]
        time.sleep(0.05)
    raise AssertionError("the process never reserved")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_settle_the_request_in_flight(cli, llm_server, sig, code):
    cli.use_server(llm_server, timeout_s=20)
    cli.config(PRICED)
    llm_server.enqueue(hang(8))
    proc = _spawn(cli, "test-prompt", "x" * 400, "--provider", "openai", "--model", "house", "--no-cache")
    _wait_for_pending(cli, proc)
    # In flight means the server holds the request: a signal sent sooner can land while the SDK is still
    # importing its modules, where CPython drops a KeyboardInterrupt raised inside an import lock's callback.
    for _ in range(200):
        if llm_server.requests:
            break
        time.sleep(0.05)
    os.kill(proc.pid, sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    [row] = usage_rows(cli.db)
    assert (row["status"], row["error_code"]) == ("error", "INTERRUPTED")
    assert_exact(cli.db)


def test_sigkill_leaves_a_hold_with_its_deadline_released_a_minute_after_it(cli, llm_server):
    cli.use_server(llm_server, timeout_s=20)
    cli.config(PRICED)
    llm_server.enqueue(hang(8))
    proc = _spawn(cli, "test-prompt", "x" * 400, "--provider", "openai", "--model", "house", "--no-cache")
    row = _wait_for_pending(cli, proc)
    proc.kill()
    proc.communicate(timeout=30)
    held = row["reserved_usd"]
    assert held > 0 and month(cli.db) == (0.0, held)
    deadline = from_iso(row["deadline_at"])
    assert deadline > from_iso(row["created_at"])
    with open_ledger(cli.db) as ledger:
        ledger.release_abandoned("default", now=deadline + timedelta(seconds=59))
        assert month(cli.db) == (0.0, held)  # not yet
        ledger.reserve("default", feature="chat", provider="local", model="m", reserve_usd=0.0,
                       correlation_id="later", now=deadline + timedelta(seconds=61))
        status = ledger.quota_status("default", now=deadline + timedelta(seconds=61))
    [dead, _later] = usage_rows(cli.db)
    assert (dead["status"], dead["error_code"], dead["cost_usd"], dead["counted"]) == ("error", "ABANDONED", 0, 1)
    assert month(cli.db)[1] == 0.0  # the dollars went back to the month
    assert status.requests_last_hour == 2  # still a request in its hour


def test_fallback_flag_and_provider_failed_hook(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    cli.config("[retry]\nattempts = 1\n")
    events = tmp_path / "events"
    cli("hooks", "add", "--event", "provider.failed", "--command", f'cat >> "{events}"; echo >> "{events}"')
    cli("hooks", "add", "--event", "request.failed", "--command", f'cat >> "{events}"; echo >> "{events}"')
    llm_server.enqueue(error(503), reply("from openai", usage=(3, 3)))
    r = cli("test-prompt", "hello", "--json")
    assert r.code == 0 and r.json()["meta"]["fallback"] is True and r.json()["meta"]["provider"] == "openai"
    fired = [json.loads(line) for line in events.read_text().splitlines() if line.strip()]
    assert [e["event"] for e in fired] == ["provider.failed"] and fired[0]["provider"] == "gemini"
    llm_server.enqueue(reply("direct", usage=(3, 3)))
    r = cli("test-prompt", "hello again", "--json")
    assert r.json()["meta"]["fallback"] is False


def test_cache_never_answers_for_another_server(cli, llm_server):
    from testservers.llm_server import FakeLLMServer

    with FakeLLMServer() as other:
        first = cli("test-prompt", "same", "--base-url", llm_server.openai_base_url, "--json")
        second = cli("test-prompt", "same", "--base-url", other.openai_base_url, "--json")
        assert first.code == second.code == 0
        assert second.json()["meta"]["cached"] is False and other.hits == 1
        again = cli("test-prompt", "same", "--base-url", other.openai_base_url, "--json")
        assert again.json()["meta"]["cached"] is True


def test_the_whole_request_has_one_deadline_across_retries(cli, llm_server):
    cli.use_server(llm_server, timeout_s=5)
    cli.config(PRICED.replace("[retry]\n", "[retry]\nattempts = 3\n"))
    (cli.home / "config.toml").write_text("request_timeout_s = 2.5\n" + (cli.home / "config.toml").read_text())
    # Each attempt alone would be allowed 5 s and the server answers after 4 s: only the request's
    # deadline (2.5 s, start-up included) stops it, and no retry starts after it.
    llm_server.set_default(hang(4))
    r = prompt(cli, "--json")
    assert r.code == 5 and llm_server.hits == 1
    assert r.json()["error"]["metadata"]["providersTried"][0]["outcome"] == "timeout"
    assert_exact(cli.db)


def test_breakers_are_per_server(cli, llm_server):
    from testservers.llm_server import FakeLLMServer

    cli.config("[retry]\nattempts = 1\n[breaker]\nfailure_threshold = 2\ncooldown_s = 600\n")
    llm_server.set_default(error(500))
    for _ in range(2):
        assert cli("test-prompt", "x", "--base-url", llm_server.openai_base_url, "--no-cache").code == 5
    r = cli("test-prompt", "x", "--base-url", llm_server.openai_base_url, "--no-cache", "--json")
    assert r.code == 5 and r.json()["error"]["code"] == "BREAKER_OPEN" and llm_server.hits == 2
    with FakeLLMServer() as healthy:  # another local server is not behind the first one's breaker
        r = cli("test-prompt", "x", "--base-url", healthy.openai_base_url, "--no-cache", "--json")
        assert r.code == 0 and healthy.hits == 1


def _drop_a_ctrl_c() -> None:
    """What CPython does to a Ctrl-C that lands in an import lock's callback: the real handler runs (and notes
    it), the KeyboardInterrupt it raises is printed as "Exception ignored" and lost."""
    from huntaze_cli.cli.main import _on_sigint

    with contextlib.suppress(KeyboardInterrupt):
        _on_sigint(signal.SIGINT, None)


def test_a_ctrl_c_dropped_during_the_sdk_import_stops_the_call_before_it_is_sent(cli, llm_server, monkeypatch):
    from huntaze_cli.core import runner
    from huntaze_cli.providers.openai_provider import OpenAICompatibleProvider

    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.set_default(reply(TEXT, usage=(40, 12)))
    real_build = OpenAICompatibleProvider._build_client

    def build_while_ctrl_c_is_dropped(self):  # the SDK really imports; the Ctrl-C lands meanwhile
        client = real_build(self)
        _drop_a_ctrl_c()
        return client

    monkeypatch.setattr(OpenAICompatibleProvider, "_build_client", build_while_ctrl_c_is_dropped)
    monkeypatch.setattr(runner, "_providers", {})  # an earlier test's client for this server would be reused
    r = prompt(cli)
    assert r.code == 130 and "Interrupted." in r.stderr
    assert llm_server.requests == []  # nothing reached the provider, so nothing can be billed
    [row] = usage_rows(cli.db)
    assert (row["status"], row["error_code"], row["cost_usd"]) == ("error", "INTERRUPTED", 0)
    assert_exact(cli.db)
    monkeypatch.setattr(OpenAICompatibleProvider, "_build_client", real_build)
    assert prompt(cli).code == 0  # the next command line starts with no Ctrl-C pending
