"""The hourly limit under concurrent HTTP clients, and the server's own safety rules: loopback unless tokens,
no secret in a response or a log line."""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import PLANTED_KEY
from tests.fakes.fixtures import shared_llm_server
from tests.fakes.llm_server import reply
from tests.serve.harness import ServeProcess

CLIENTS, PER_CLIENT, LIMIT = 8, 100, 500


def test_8_clients_x_100_requests_against_500_an_hour_admit_exactly_500(tmp_path):
    llm = shared_llm_server()
    llm.reset()
    llm.set_default(reply("ok", usage=(5, 1)))
    server = ServeProcess(tmp_path, llm)
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
                    assert PLANTED_KEY not in r.text
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


def test_another_host_needs_tokens(tmp_path):
    server = ServeProcess(tmp_path)
    done = server.huntaze("serve", "--host", "0.0.0.0", "--port", "1")
    assert done.returncode == 6
    assert "no API token yet" in done.stderr and "Traceback" not in done.stderr


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
