"""Honest fallbacks in words: which provider failed and why, who answered instead, the "set a key" hint only
when no key is set; and `providers check` never exits 0 with a failed check (6 rejected key, 5 unreachable)."""

from __future__ import annotations

import socket

from testservers.llm_server import error


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there once the socket is closed


def test_a_rejected_key_is_named_and_the_set_a_key_hint_is_not_shown(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.expected_api_key = "sk-the-right-one-0000"  # the planted key is refused with a 401
    r = cli("chat", "hey there")
    assert r.code == 0 and r.stdout.strip()  # the rules engine answered
    assert "openai rejected the key (401)" in r.stderr
    assert "answered by the rules engine" in r.stderr
    assert "Check OPENAI_API_KEY" in r.stderr
    assert "Set OPENAI_API_KEY" not in r.stderr
    env = cli("chat", "hey there", "--json", "--no-cache").json()
    assert [t["outcome"] for t in env["meta"]["providersTried"]][-1] == "ok"
    assert any(t["outcome"] == "auth" for t in env["meta"]["providersTried"])


def test_a_failing_provider_then_another_provider_answers(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(error(500), error(500), error(500))  # openai: every attempt fails
    r = cli("caption", "sunset run on the beach", "--platform", "instagram", "--no-cache")
    assert r.code == 0, r.stderr
    assert "openai had a server error (500); answered by gemini." in r.stderr
    assert "Set OPENAI_API_KEY" not in r.stderr


def test_no_key_at_all_keeps_the_hint(cli):
    r = cli("chat", "hey there")
    assert r.code == 0
    assert "Set OPENAI_API_KEY" in r.stderr and "rejected" not in r.stderr


def test_quiet_and_json_print_no_explanation(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.expected_api_key = "sk-the-right-one-0000"
    assert "rejected" not in cli("chat", "hey there", "--quiet").stderr


def test_providers_check_rejected_key_exits_6(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.expected_api_key = "sk-the-right-one-0000"
    r = cli("providers", "check", "--provider", "openai")
    assert r.code == 6, r.stderr
    assert "openai rejected the key; check OPENAI_API_KEY." in r.stderr and "✗" in r.stdout
    assert "Set OPENAI_API_KEY" not in r.stderr  # it is set: it was refused
    r = cli("providers", "check")
    assert r.code == 6
    assert "openai and gemini rejected the key; check OPENAI_API_KEY and GEMINI_API_KEY." in r.stderr
    env = cli("providers", "check", "--json").json()
    assert env["success"] is False and env["error"]["code"] == "CONFIG_ERROR"
    assert {x["provider"]: x["status"] for x in env["error"]["metadata"]["results"]}["openai"] == "failed"


def test_providers_check_unreachable_server_exits_5(cli, llm_server):
    cli.use_server(llm_server)
    cli.setenv(OPENAI_BASE_URL=_closed_port_url())
    r = cli("providers", "check", "--provider", "openai")
    assert r.code == 5, r.stderr
    assert "openai did not answer the health check" in r.stderr
    assert "Set OPENAI_API_KEY" not in r.stderr


def test_providers_check_all_ok_exits_0(cli, llm_server):
    cli.use_server(llm_server)
    r = cli("providers", "check")
    assert r.code == 0, r.stderr
    assert "✓" in r.stdout
    # nobody set up a local server: its absence is reported, and is not a failed check
    assert "not running at http://127.0.0.1:11434/v1 (optional)" in r.stdout
    assert cli("providers", "check", "--provider", "local").code == 5  # asked for by name: it must answer


def test_the_line_for_each_kind_of_failure():
    from huntaze_cli.cli.fallback import fallback_line, no_key_at_all

    tried = [{"provider": "openai", "outcome": "network", "error": "Could not reach OpenAI: refused."},
             {"provider": "gemini", "outcome": "breaker_open"},
             {"provider": "rules", "outcome": "ok"}]
    assert fallback_line(tried, "rules") == ("openai could not be reached; gemini is paused after repeated failures "
                                             "(circuit breaker open); answered by the rules engine.")
    tried = [{"provider": "gemini", "outcome": "auth", "error": "Gemini returned HTTP 403: denied"},
             {"provider": "openai", "outcome": "ok"}]
    assert fallback_line(tried, "openai", {"gemini": "GEMINI_API_KEY"}) == (
        "gemini rejected the key (403); answered by openai. Check GEMINI_API_KEY: the key is set but was refused.")
    assert fallback_line([{"provider": "openai", "outcome": "no_credentials"}, {"provider": "rules",
                                                                                "outcome": "ok"}], "rules") is None
    assert no_key_at_all([{"provider": "openai", "outcome": "no_credentials"}, {"provider": "rules", "outcome": "ok"}])
    assert not no_key_at_all([{"provider": "openai", "outcome": "auth"}, {"provider": "rules", "outcome": "ok"}])
