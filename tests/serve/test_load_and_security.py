"""The hourly limit under concurrent HTTP clients, and the server's own safety rules: loopback unless tokens,
no secret in a response or a log line."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import PLANTED_KEY
from tests.fakes.fixtures import shared_llm_server
from tests.fakes.postgres import PLANTED_PG_PASSWORD, Schema, require_server
from tests.serve.harness import ServeProcess
from testservers.llm_server import reply

CLIENTS, PER_CLIENT, LIMIT = 8, 100, 500


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_env(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The server's ledger: its SQLite file, or a PostgreSQL schema of its own (the agency's setup)."""
    if request.param == "sqlite":
        yield {}
        return
    schema = Schema(require_server())
    try:
        yield {"HUNTAZE_DB": schema.url}
    finally:
        schema.drop()


def test_8_clients_x_100_requests_against_500_an_hour_admit_exactly_500(tmp_path, ledger_env):
    llm = shared_llm_server()
    llm.reset()
    llm.set_default(reply("ok", usage=(5, 1)))
    server = ServeProcess(tmp_path, llm, ledger_env)
    assert server.huntaze("creators", "add", "load", "--requests-per-hour", str(LIMIT),
                          "--monthly-usd", "1000").returncode == 0
    token = server.token("--creator", "load")
    server.start()
    try:
        def client(n: int) -> list[tuple[int, str | None]]:
            seen = []
            with server.client(token) as c:
                for i in range(PER_CLIENT):
                    r = c.post("/api/ai/test", json={"prompt": f"load {n}-{i}", "provider": "openai",
                                                     "maxOutputTokens": 8})
                    assert PLANTED_KEY not in r.text and PLANTED_PG_PASSWORD not in r.text
                    seen.append((r.status_code, r.headers.get("retry-after")))
            return seen

        with ThreadPoolExecutor(CLIENTS) as pool:
            results = [item for chunk in pool.map(client, range(CLIENTS)) for item in chunk]
        statuses = Counter(status for status, _ in results)
        assert statuses == {200: LIMIT, 429: CLIENTS * PER_CLIENT - LIMIT}, statuses
        assert all(wait is not None and int(wait) >= 1 for status, wait in results if status == 429)
        assert llm.hits == LIMIT  # each admitted request reached the provider once, no refused one did
        quota = server.client(token).get("/api/ai/quota").json()["data"]
        assert quota["requests"]["used"] == LIMIT
        done = server.huntaze("quota", "--creator", "load", "--json")
        assert json.loads(done.stdout)["data"]["requests"]["used"] == LIMIT
    finally:
        server.stop()
        llm.reset()


def test_the_monthly_cap_holds_under_concurrent_clients(tmp_path):
    """8 clients race for a $0.02 cap: what is admitted never spends past it, every refusal is a 429 with
    Retry-After, and the ledger's spend is what the admitted answers cost."""
    llm = shared_llm_server()
    llm.reset()
    llm.set_default(reply("ok", usage=(20, 8)))
    server = ServeProcess(tmp_path, llm)
    cap = 0.02
    assert server.huntaze("creators", "add", "capped", "--requests-per-hour", "100000",
                          "--monthly-usd", str(cap)).returncode == 0
    token = server.token("--creator", "capped")
    server.start()
    try:
        def client(n: int) -> list[tuple[int, float, str | None, str | None]]:
            seen = []
            with server.client(token) as c:
                for i in range(40):
                    r = c.post("/api/ai/test", json={"prompt": f"cap {n}-{i}", "provider": "openai",
                                                     "model": "gpt-4o", "maxOutputTokens": 8})
                    body = r.json()
                    seen.append((r.status_code, body["meta"]["costUsd"] or 0.0,
                                 None if body["success"] else body["error"]["code"], r.headers.get("retry-after")))
            return seen

        with ThreadPoolExecutor(CLIENTS) as pool:
            results = [item for chunk in pool.map(client, range(CLIENTS)) for item in chunk]
        admitted = [cost for status, cost, _, _ in results if status == 200]
        refused = [(code, wait) for status, _, code, wait in results if status != 200]
        assert admitted and refused
        assert all(code == "QUOTA_EXCEEDED" and wait is not None and int(wait) >= 1 for code, wait in refused)
        spend = server.client(token).get("/api/ai/quota").json()["data"]["spend"]
        assert spend["usedUsd"] <= cap + 1e-9
        assert spend["usedUsd"] == pytest.approx(sum(admitted), abs=1e-6)
        assert spend["inFlightUsd"] == 0
        assert llm.hits == len(admitted)
    finally:
        server.stop()
        llm.reset()


def test_another_host_needs_tokens(tmp_path):
    server = ServeProcess(tmp_path)
    done = server.huntaze("serve", "--host", "0.0.0.0", "--port", "1")
    assert done.returncode == 6
    assert "no API token yet" in done.stderr and "Traceback" not in done.stderr


def test_on_every_address_a_token_is_always_needed(tmp_path):
    """--host 0.0.0.0 (reached here through 127.0.0.1 only): with its one token revoked, callers are refused,
    never let in as on a loopback-only server."""
    server = ServeProcess(tmp_path)
    token = server.token("--creator", "default", "--scope", "read")
    server.start("--host", "0.0.0.0")
    try:
        assert server.client(token).get("/api/ai/quota").status_code == 200
        assert server.huntaze("tokens", "revoke", "1").returncode == 0
        r = server.client().get("/api/ai/quota")
        assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"
        assert "bearer tokens required" in server.log()
    finally:
        server.stop()


def test_on_loopback_without_tokens_local_callers_need_none_until_one_is_made(tmp_path):
    server = ServeProcess(tmp_path).start()
    try:
        c = server.client()
        r = c.post("/api/ai/generate-caption", json={"description": "morning coffee", "provider": "rules"})
        assert r.status_code == 200 and r.json()["meta"]["creator"] == "default"
        token = server.token("--creator", "default", "--scope", "read")
        assert c.get("/api/ai/quota").status_code == 401  # a token exists now: every caller needs one
        assert server.client(token).get("/api/ai/quota").status_code == 200
    finally:
        server.stop()


def test_no_secret_in_responses_or_the_log(tmp_path):
    llm = shared_llm_server()
    llm.reset()
    server = ServeProcess(tmp_path, llm)
    token = server.token("--scope", "admin")
    server.start()
    try:
        c = server.client(token)
        bodies = [c.get("/api/ai/config").text, c.get("/api/health").text, c.get("/openapi.json").text,
                  c.post("/api/ai/test", json={"prompt": "hi", "provider": "openai"}).text]
        for body in bodies:
            assert PLANTED_KEY not in body and token not in body
        config = json.loads(bodies[0])["data"]
        assert {"key": "OPENAI_API_KEY", "value": "****** (set)", "source": "env"} in config
    finally:
        server.stop()  # checks the log for the key
        llm.reset()
    assert token not in server.log()
