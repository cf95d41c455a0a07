"""Hooks end to end: real commands, real shell commands, a real HTTP receiver, real racing processes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from huntaze_cli.ledger import open_ledger
from tests.conftest import ROOT, _clean_env
from testservers.llm_server import error, rate_limit, reply

# $0.01 per output token for "fixed-model": a call answering 10 output tokens costs exactly $0.10.
PRICED = '[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n[prices."fixed-model"]\ninput_per_mtok = 0\n' \
         'output_per_mtok = 10000\n'


def _runs(cli) -> list[dict[str, Any]]:
    with open_ledger(cli.db) as ledger:
        return ledger.list_hook_runs(limit=100)


class _Receiver(BaseHTTPRequestHandler):
    bodies: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        type(self).bodies.append({"body": json.loads(self.rfile.read(length)),
                                  "contentType": self.headers.get("Content-Type")})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    handler = type("Receiver", (_Receiver,), {"bodies": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler.bodies
    server.shutdown()
    server.server_close()


def test_events_list_matches_core():
    from huntaze_cli.cli.hooks_cmd import EVENTS as CLI_EVENTS
    from huntaze_cli.core.hooks import EVENTS, SAMPLES

    assert CLI_EVENTS == EVENTS and set(SAMPLES) == set(EVENTS)


@pytest.mark.parametrize("args, words", [
    (["--event", "quota.nope", "--command", "true"], "Unknown event 'quota.nope'; use one of quota.threshold"),
    (["--event", "rate.limited"], "exactly one of --command or --url"),
    (["--event", "rate.limited", "--command", "true", "--url", "http://x"], "exactly one of --command or --url"),
    (["--event", "rate.limited", "--url", "ftp://x/y"], "not an http(s) URL"),
    (["--event", "rate.limited", "--command", "true", "--threshold", "50"], "--threshold only applies"),
    (["--event", "quota.threshold", "--command", "true", "--threshold", "150"], "at most 100"),
    (["--event", "quota.exceeded", "--command", "true", "--timeout", "0"], "above 0 and at most 300 seconds"),
])
def test_add_rejects_bad_input_in_one_sentence(cli, args, words):
    r = cli("hooks", "add", *args)
    assert r.code == 2
    assert words in r.stderr and r.stderr.count("\n") == 1
    assert cli("hooks", "list", "--json").json()["data"] == []


def test_add_list_rm_and_json(cli):
    r = cli("hooks", "add", "--event", "quota.threshold", "--command", "echo hi", "--json")
    assert r.code == 0
    hook = r.json()["data"]
    assert hook["event"] == "quota.threshold" and hook["threshold"] == 80 and hook["timeoutS"] == 10
    assert cli("hooks", "add", "--event", "breaker.opened", "--url", "https://example.invalid/h",
               "--timeout", "3").code == 0
    listed = cli("hooks", "list", "--json").json()["data"]
    assert [(h["id"], h["event"], h["lastRun"]) for h in listed] == \
        [(hook["id"], "quota.threshold", None), (hook["id"] + 1, "breaker.opened", None)]
    assert [h["event"] for h in cli("hooks", "list", "--event", "breaker.opened", "--json").json()["data"]] == \
        ["breaker.opened"]
    table = cli("hooks", "list")
    assert "quota.threshold ≥ 80%" in table.stdout and "POST https://example.invalid/h" in table.stdout
    assert cli("hooks", "rm", str(hook["id"])).code == 0
    r = cli("hooks", "rm", str(hook["id"]))
    assert r.code == 2 and f"No hook with id {hook['id']}" in r.stderr
    assert cli("hooks", "test", "999").code == 2


def test_hooks_test_sends_a_sample_event_on_stdin(cli, tmp_path):
    out = tmp_path / "event.json"
    cli("hooks", "add", "--event", "quota.threshold", "--threshold", "90", "--command", f"cat > '{out}'")
    r = cli("hooks", "test", "1", "--json")
    assert r.code == 0, r.stderr
    sent = json.loads(out.read_text())
    assert sent == r.json()["data"]["sent"]
    assert sent["event"] == "quota.threshold" and sent["test"] is True and sent["threshold"] == 90
    assert [run["status"] for run in _runs(cli)] == ["ok"]


def test_hooks_test_reports_a_failure_with_exit_1(cli):
    cli("hooks", "add", "--event", "request.failed", "--command", "echo broken >&2; exit 3")
    r = cli("hooks", "test", "1")
    assert r.code == 1 and "Hook 1 failed: exit 3: broken." in r.stderr
    r = cli("hooks", "list", "--json")
    assert r.json()["data"][0]["lastRun"]["status"] == "failed"


def test_command_hook_gets_request_failed_json_on_stdin(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    out = tmp_path / "failed.json"
    cli("hooks", "add", "--event", "request.failed", "--command",
        f'cat > "{out}"; echo "$HUNTAZE_EVENT" >> "{out}.env"')
    llm_server.enqueue(error(400, "bad things"))
    r = cli("test-prompt", "hello", "--provider", "openai")
    assert r.code == 5
    event = json.loads(out.read_text())
    assert event["event"] == "request.failed" and event["creator"] == "default"
    assert event["feature"] == "test-prompt" and event["provider"] == "openai" and event["errorKind"] == "bad_request"
    assert event["requestId"].startswith("req_") and event["timestamp"].endswith("Z")
    assert Path(f"{out}.env").read_text().strip() == "request.failed"


def test_failing_and_hanging_hooks_never_fail_the_request(cli, llm_server):
    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.set_default(reply("ok", usage=(10, 10)))
    assert cli("creators", "add", "ana", "--plan", "pro", "--monthly-usd", "0.1").code == 0
    cli("hooks", "add", "--event", "quota.threshold", "--command", "echo nope >&2; exit 1")
    cli("hooks", "add", "--event", "quota.threshold", "--command", "sleep 5", "--timeout", "0.5")
    r = cli("test-prompt", "hi", "--creator", "ana", "--provider", "openai", "--model", "fixed-model",
            "--max-output-tokens", "10")
    assert r.code == 0, r.stderr
    assert r.stdout.strip() == "ok"
    assert "Hook 1 (quota.threshold) failed: exit 1: nope" in r.stderr
    runs = sorted(_runs(cli), key=lambda run: run["hook_id"])
    assert [(run["hook_id"], run["status"]) for run in runs] == [(1, "failed"), (2, "failed")]
    assert runs[1]["detail"] == "timed out after 0.5s"


def test_url_hook_posts_rate_limited(cli, llm_server, receiver):
    url, bodies = receiver
    cli.use_server(llm_server)
    assert cli("creators", "add", "ana", "--requests-per-hour", "1").code == 0
    cli("hooks", "add", "--event", "rate.limited", "--url", url)
    assert cli("test-prompt", "one", "--creator", "ana", "--provider", "openai").code == 0
    assert bodies == []
    r = cli("test-prompt", "two", "--creator", "ana", "--provider", "openai")
    assert r.code == 4
    [posted] = bodies
    assert posted["contentType"] == "application/json"
    assert posted["body"]["event"] == "rate.limited" and posted["body"]["creator"] == "ana"
    assert [run["status"] for run in _runs(cli)] == ["ok"]


def test_breaker_opened_fires_once_and_quota_exceeded_fires(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    cli.config("[retry]\ninitial_delay_ms = 1\nmax_delay_ms = 5\nattempts = 1\n[breaker]\nfailure_threshold = 2\n")
    out = tmp_path / "events.jsonl"
    cli("hooks", "add", "--event", "breaker.opened", "--command", f'cat >> "{out}"; echo >> "{out}"')
    llm_server.set_default(error(503))
    for _ in range(3):  # the third call finds the breaker open and never reaches the provider
        assert cli("test-prompt", "x", "--provider", "openai", "--no-cache").code == 5
    events = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    assert [(e["event"], e["provider"]) for e in events] == [("breaker.opened", "openai")]

    quota_out = tmp_path / "quota.json"
    cli("hooks", "add", "--event", "quota.exceeded", "--command", f'cat > "{quota_out}"')
    llm_server.set_default(rate_limit())
    assert cli("creators", "add", "zed", "--monthly-usd", "0").code == 0
    r = cli("test-prompt", "x", "--creator", "zed", "--provider", "gemini")
    assert r.code == 3
    assert json.loads(quota_out.read_text())["event"] == "quota.exceeded"


def test_threshold_fires_once_across_concurrent_processes(cli, llm_server, tmp_path):
    """4 processes × 4 calls at $0.10 each against a $1 cap: 80% is crossed once, the hook runs once."""
    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.set_default(reply("ok", usage=(10, 10)))
    assert cli("creators", "add", "ana", "--plan", "pro", "--monthly-usd", "1").code == 0
    out = tmp_path / "threshold.jsonl"
    for threshold, target in (("80", out), ("50", f"{out}.50")):  # one JSON line per run
        cli("hooks", "add", "--event", "quota.threshold", "--threshold", threshold, "--command",
            f'cat >> "{target}"; echo >> "{target}"')
    env = {**_clean_env(), **cli.env, "HUNTAZE_HOME": str(cli.home)}
    args = ["test-prompt", "ping", "--creator", "ana", "--provider", "openai", "--model", "fixed-model",
            "--max-output-tokens", "10", "--no-cache", "--quiet"]
    procs = [subprocess.Popen([sys.executable, "-m", "tests.workers.cli_loop", "4", *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT) for _ in range(4)]
    codes = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr
        codes += json.loads(stdout.strip().splitlines()[-1])["codes"]
    assert set(codes) <= {0, 3} and codes.count(0) >= 8
    lines = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0]["event"] == "quota.threshold" and lines[0]["threshold"] == 80 and lines[0]["percent"] >= 80
    # The 50% hook fires once too, for its own threshold only (not again when 80% is claimed).
    [fifty] = [json.loads(line) for line in Path(f"{out}.50").read_text().splitlines() if line.strip()]
    assert fifty["threshold"] == 50
    con = sqlite3.connect(cli.db)
    try:
        assert con.execute("select threshold from hook_firings order by threshold").fetchall() == [(50.0,), (80.0,)]
    finally:
        con.close()
