"""test-prompt end to end: real CLI, real SDKs, real HTTP to the fake servers, real SQLite ledger."""

from __future__ import annotations

import sqlite3

from tests.conftest import PLANTED_KEY
from testservers.llm_server import error, hang, invalid_json, rate_limit, reply


def _rows(db, where: str = "1=1") -> list[sqlite3.Row]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(f"select * from usage_logs where {where} order by id").fetchall()
    finally:
        con.close()


def test_test_prompt_prints_text_usage_cost_and_records_it(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply("Cold brew, slow sunrise.", usage=(1000, 500)))
    # 1,000 input tokens need at least 1,000 bytes sent: a reservation bounds input by the bytes.
    r = cli("test-prompt", "Write a haiku about cold brew. " * 40)
    assert r.code == 0, r.stderr
    assert "Cold brew, slow sunrise." in r.stdout
    assert "gemini:gemini-2.5-flash" in r.stderr and "1000 in / 500 out" in r.stderr
    # gemini-2.5-flash list price: $0.30/MTok in, $2.50/MTok out → 0.0003 + 0.00125
    [row] = _rows(cli.db)
    assert (row["feature"], row["provider"], row["model"], row["status"]) == \
        ("test-prompt", "gemini", "gemini-2.5-flash", "ok")
    assert (row["input_tokens"], row["output_tokens"]) == (1000, 500)
    assert abs(row["cost_usd"] - 0.00155) < 1e-9
    assert llm_server.last().headers.get("x-goog-api-key") == PLANTED_KEY


def test_json_envelope_and_flags_after_command(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply("hi!", usage=(10, 2)))
    r = cli("test-prompt", "hello", "--provider", "openai", "--json", "--temperature", "0")
    assert r.code == 0
    env = r.json()
    assert env["success"] is True and env["data"] == {"text": "hi!"}
    meta = env["meta"]
    assert meta["provider"] == "openai" and meta["model"] == "gpt-4o-mini"
    assert meta["usage"] == {"inputTokens": 10, "outputTokens": 2}
    assert meta["creator"] == "default" and meta["feature"] == "test-prompt" and meta["cached"] is False
    assert meta["requestId"].startswith("req_") and isinstance(meta["duration"], int)
    body = llm_server.last().body
    assert body["temperature"] == 0 and body["messages"][-1]["content"] == "hello"


def test_stdin_prompt_and_stream(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply("streamed words arrive in pieces", usage=(5, 6)))
    r = cli("test-prompt", "-", "--stream", "--provider", "openai", stdin="tell me a story\n")
    assert r.code == 0, r.stderr
    assert r.stdout.strip() == "streamed words arrive in pieces"
    assert llm_server.last().body["stream"] is True
    assert llm_server.last().body["messages"][-1]["content"] == "tell me a story"
    [row] = _rows(cli.db)
    assert (row["input_tokens"], row["output_tokens"]) == (5, 6)


def test_cache_answers_identical_request_for_free(cli, llm_server):
    cli.use_server(llm_server)
    assert cli("test-prompt", "same  prompt", "--provider", "openai").code == 0
    r = cli("test-prompt", "same prompt", "--provider", "openai", "--json")
    assert r.json()["meta"]["cached"] is True and r.json()["meta"]["costUsd"] == 0.0
    assert llm_server.hits == 1
    r = cli("test-prompt", "same prompt", "--provider", "openai", "--no-cache")
    assert r.code == 0 and llm_server.hits == 2
    rows = _rows(cli.db)
    assert [(r["cached"], r["counted"]) for r in rows] == [(0, 1), (1, 0), (0, 1)]


def test_retries_500_500_then_success(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(error(500), error(500), reply("third time lucky"))
    r = cli("test-prompt", "retry me", "--provider", "openai")
    assert r.code == 0 and "third time lucky" in r.stdout
    assert llm_server.hits == 3
    [row] = _rows(cli.db)
    assert row["status"] == "ok"


def test_429_retry_after_is_honoured(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(rate_limit("1"), reply("after the pause"))
    r = cli("test-prompt", "slow down", "--provider", "openai")
    assert r.code == 0 and "after the pause" in r.stdout
    assert llm_server.hits == 2
    # How long it waited is checked with an injected sleep: tests/core/test_retry_clock.py.


def test_401_is_not_retried_and_exits_6(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(error(401, "Incorrect API key provided"))
    r = cli("test-prompt", "who am i", "--provider", "openai")
    assert r.code == 6
    assert llm_server.hits == 1
    assert "OPENAI_API_KEY" in r.stderr
    [row] = _rows(cli.db)
    assert (row["status"], row["error_code"]) == ("error", "AUTH_FAILED")


def test_timeout_then_fallback_to_next_provider(cli, llm_server):
    # Gemini's attempt has 1.5 s in all, the server answers only after 8 s: the fallback answers instead
    # (without the deadline, gemini would answer late and the fallback would never be asked).
    cli.use_server(llm_server, timeout_s=1.5)
    cli.config("[retry]\nattempts = 1\n")
    llm_server.enqueue(hang(8))
    r = cli("test-prompt", "are you there", "--json")
    assert r.code == 0, r.stdout
    meta = r.json()["meta"]
    assert meta["provider"] == "openai"
    assert [t["provider"] for t in meta["providersTried"]] == ["gemini", "openai"]
    assert meta["providersTried"][0]["outcome"] == "timeout"


def test_all_providers_failing_exits_5(cli, llm_server):
    cli.use_server(llm_server)
    cli.config("[retry]\nattempts = 2\ninitial_delay_ms = 10\nmax_delay_ms = 20\n")
    llm_server.set_default(error(503))
    r = cli("test-prompt", "anyone?", "--json")
    assert r.code == 5
    err = r.json()["error"]
    assert err["code"] == "PROVIDER_ERROR" and err["retryable"] is True
    assert llm_server.hits == 4  # 2 attempts × gemini, openai


def test_no_provider_exits_6_naming_env_vars(cli):
    r = cli("test-prompt", "hello")
    assert r.code == 6
    assert "GEMINI_API_KEY" in r.stderr and "OPENAI_API_KEY" in r.stderr and "--base-url" in r.stderr
    assert "Traceback" not in r.stderr


def test_base_url_means_local_provider_without_key(cli, llm_server):
    r = cli("test-prompt", "local hello", "--base-url", llm_server.openai_base_url, "--model", "llama3.2", "--json")
    assert r.code == 0, r.stdout
    meta = r.json()["meta"]
    assert (meta["provider"], meta["model"], meta["costUsd"]) == ("local", "llama3.2", 0.0)


def test_unpriced_model_on_a_capped_creator_is_refused_with_how_to_price_it(cli, llm_server):
    cli.use_server(llm_server)
    r = cli("test-prompt", "x", "--provider", "openai", "--model", "house-model-9000", "--json")
    assert r.code == 6 and llm_server.hits == 0
    err = r.json()["error"]
    assert err["code"] == "UNPRICED_MODEL"
    assert '[prices."house-model-9000"]' in err["message"] and "allow_unpriced" in err["message"]
    assert _rows(cli.db) == []  # nothing reserved, nothing spent
    # Azure: the deployment's base model in config is the other way out, and the sentence says so.
    cli.setenv(AZURE_OPENAI_API_KEY="azure-key-123", AZURE_OPENAI_ENDPOINT=llm_server.azure_endpoint)
    r = cli("test-prompt", "x", "--provider", "azure", "--model", "my-deployment")
    assert r.code == 6 and "base_model" in r.stderr and '[prices."my-deployment"]' in r.stderr


def test_azure_deployment_priced_through_its_base_model(cli, llm_server):
    cli.use_server(llm_server)
    cli.config('[retry]\ninitial_delay_ms = 20\n[providers.azure]\nbase_model = "gpt-4o-mini"\n')
    cli.setenv(AZURE_OPENAI_API_KEY="azure-key-123", AZURE_OPENAI_ENDPOINT=llm_server.azure_endpoint)
    llm_server.enqueue(reply("ok", usage=(100, 50)))
    r = cli("test-prompt", "x" * 200, "--provider", "azure", "--model", "my-deployment", "--json")
    assert r.code == 0, r.stdout
    # gpt-4o-mini: $0.15/MTok in, $0.60/MTok out → 100 x 0.15e-6 + 50 x 0.6e-6
    assert r.json()["meta"]["costUsd"] == 0.000045 and r.json()["meta"]["unpriced"] is False


def test_unpriced_spend_allowed_by_config_is_flagged_and_counted(cli, llm_server):
    cli.use_server(llm_server)
    cli.config("allow_unpriced = true\n[retry]\ninitial_delay_ms = 20\n")
    llm_server.enqueue(reply("ok", usage=(100, 50)))
    r = cli("test-prompt", "x" * 200, "--provider", "openai", "--model", "house-model-9000", "--json")
    assert r.code == 0
    assert r.json()["meta"]["unpriced"] is True
    [row] = _rows(cli.db)
    assert row["unpriced"] == 1 and row["input_tokens"] == 100
    quota = cli("quota", "--json").json()["data"]
    assert quota["spend"]["unpricedRequests"] == 1
    costs = cli("costs", "--json").json()["data"]
    assert costs["totals"]["unpriced"] == 1


def test_price_override_from_config(cli, llm_server):
    cli.use_server(llm_server)
    cli.config('[retry]\ninitial_delay_ms = 20\n[prices."house-model"]\ninput_per_mtok = 1.0\n'
               'output_per_mtok = 2.0\n')
    llm_server.enqueue(reply("ok", usage=(1_000, 500)))
    r = cli("test-prompt", "x" * 1000, "--provider", "openai", "--model", "house-model", "--json")
    assert r.json()["meta"]["costUsd"] == 0.002  # 1,000 x $1/MTok + 500 x $2/MTok


def test_breaker_opens_and_other_process_falls_back(cli, llm_server):
    cli.use_server(llm_server)
    # An hour's cool-down: the other process starts inside it however loaded the machine is (no race on time).
    cli.config("[retry]\nattempts = 1\n[breaker]\nfailure_threshold = 5\ncooldown_s = 3600\n")
    llm_server.set_default(error(500))
    for _ in range(5):
        assert cli("test-prompt", "x", "--provider", "gemini", "--no-cache").code == 5
    assert llm_server.hits == 5
    providers = cli("providers", "--json").json()["data"]
    assert {p["provider"]: p["breaker"]["state"] for p in providers}["gemini"] == "open"
    llm_server.set_default(reply("openai answers"))
    # A separate process sees the open breaker: it never calls gemini and falls back to openai.
    r = cli.proc("test-prompt", "x", "--json", "--no-cache")
    assert r.code == 0, r.stderr
    meta = r.json()["meta"]
    assert meta["provider"] == "openai"
    assert meta["providersTried"][0] == {"provider": "gemini", "outcome": "breaker_open"}
    assert all(req.provider != "gemini" for req in llm_server.requests[5:])
    # After the cool-down a success closes it. The cool-down arithmetic is tested with an injected clock
    # (tests/ledger/test_cache_breaker.py); here a zero cool-down stands for "it has elapsed".
    cli.config("[retry]\nattempts = 1\n[breaker]\nfailure_threshold = 5\ncooldown_s = 0\n")
    r = cli("test-prompt", "x", "--provider", "gemini", "--json", "--no-cache")
    assert r.code == 0 and r.json()["meta"]["provider"] == "gemini"
    providers = cli("providers", "--json").json()["data"]
    assert {p["provider"]: p["breaker"]["state"] for p in providers}["gemini"] == "closed"


def test_invalid_structured_output_gets_one_repair_then_fails(cli, llm_server):
    from huntaze_cli.core import runner
    from huntaze_cli.core.session import GlobalFlags, Session

    cli.use_server(llm_server)
    llm_server.enqueue(invalid_json(), invalid_json())

    def validate(text: str):
        import json

        try:
            return json.loads(text)
        except ValueError as exc:
            raise runner.InvalidOutput(str(exc)) from exc

    session = Session(GlobalFlags())
    call = runner.AICall(feature="test-prompt", prompt="give json", json_schema={"type": "object"},
                         schema_name="thing", validate=validate)
    try:
        runner.run(session.context(session.creator()), call, provider="openai")
        raise AssertionError("expected a failure")
    except Exception as exc:  # noqa: BLE001
        assert getattr(exc, "exit_code", None) == 5 and getattr(exc, "code", "") == "INVALID_OUTPUT"
    finally:
        session.close()
    assert llm_server.hits == 2
    repair = llm_server.last().body["messages"]
    assert repair[-1]["role"] == "user" and "previous answer was invalid" in repair[-1]["content"]
