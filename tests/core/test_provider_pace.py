"""A provider's rpm from config is kept through the ledger: a request with no room before its deadline is
not sent; the next link of the chain answers, and the breaker is not charged for our own pacing."""

from __future__ import annotations


def test_rpm_one_sends_one_request_then_waits_no_longer_than_the_deadline(cli, llm_server):
    from tests.fakes.postgres import query

    cli.use_server(llm_server)
    cli.config("[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n\n"
               "[providers.openai]\nrpm = 1\n")
    first = cli("caption", "--platform", "instagram", "sunset run", "--provider", "openai", "--json")
    assert first.code == 0, first.stderr
    assert first.json()["meta"]["provider"] == "openai"
    # The minute's one request is spent and the next slot is ~60 s away, past the 5 s request budget.
    second = cli("caption", "--platform", "instagram", "sunrise swim", "--provider", "openai", "--json")
    assert second.code == 5
    assert "per-minute limit (rpm 1" in second.json()["error"]["message"]
    assert len(llm_server.requests) == 1  # the second was never sent
    # Our own pacing is not a provider failure: the breaker was not charged.
    assert query(cli.db, "SELECT count(*) FROM breaker_state WHERE consecutive_failures > 0") == [(0,)]
    assert query(cli.db, "SELECT count(*) FROM provider_calls") == [(1,)]


def test_without_rpm_nothing_is_counted(cli, llm_server):
    cli.use_server(llm_server)
    for text in ("one", "two", "three"):
        assert cli("caption", "--platform", "instagram", text, "--provider", "openai").code == 0
    assert len(llm_server.requests) == 3
    from tests.fakes.postgres import query

    assert query(cli.db, "SELECT count(*) FROM provider_calls") == [(0,)]
