"""A batch adapts to a provider's rate limit it was not told about: over real HTTP against the fake server's
rpm mode (a shortened window keeps the Retry-After short), some requests are answered 429 and every item
still ends ok (a request refused by the provider is asked again, after its Retry-After, while the item's
patience lasts); the 429s charge no circuit breaker."""

from __future__ import annotations

import json

from tests.fakes.postgres import query
from testservers.llm_server import delay


def test_batch_over_a_provider_rate_limit_fails_no_item(cli, llm_server, tmp_path):
    cli.use_server(llm_server)   # no rpm in the config: only the batch's adaptation protects it
    # One attempt per request: a 429 ends the request, so only the batch putting the item back saves it.
    cli.config("[retry]\nattempts = 1\n")
    llm_server.rpm, llm_server.window_s = 4, 2.0
    # Answers take a while, so the first --concurrency requests all arrive before any answer: the
    # server must refuse some of them, and later ones meet a full window too.
    llm_server.default = delay(0.3)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "description": f"post {i}", "platform": "instagram"})
                              + "\n" for i in range(12)))
    r = cli("caption", "--input", str(source), "--concurrency", "6", "--provider", "openai", "--no-cache")
    envelopes = r.lines()
    assert [e["success"] for e in envelopes] == [True] * 12, [e.get("error") for e in envelopes]
    assert r.code == 0, r.stderr
    # Some were answered 429 (6 start together at a limit of 4 per 2 s; how many depends on how closely a
    # loaded machine starts them, and one is enough for the path under test).
    assert llm_server.rejected >= 1
    assert llm_server.hits == 12 + llm_server.rejected
    assert all(e["meta"]["provider"] == "openai" for e in envelopes)
    assert query(cli.db, "SELECT count(DISTINCT batch_key) FROM usage_logs WHERE status = 'ok'") == [(12,)]
    assert query(cli.db, "SELECT count(*) FROM breaker_state WHERE consecutive_failures > 0 OR state != "
                         "'closed'") == [(0,)]
