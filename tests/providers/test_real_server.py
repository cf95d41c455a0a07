"""The real-server tier: real `huntaze` processes against llama.cpp's own server running SmolLM2-135M.

Every AI command goes to the local model as a creator would set it up: `test-prompt` with `--provider local`,
the others through the config's chain local → rules (issue 16.8: an answer a creator cannot use, such as a
blank caption, gets the repair turn and then the rules engine, and meta says so). Checked: exit 0, a valid
envelope, the output's shape, its readability and the platform/computed-number rules, and ledger rows with
the server's real token counts at $0. Never the wording (a 135M model writes what it writes).

The commands run as parallel processes (the server has TEST_SLOTS slots), so the tier takes about a minute.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from huntaze_cli.agents.platforms import PLATFORMS, compose_post, rules_for
from huntaze_cli.agents.readable import unreadable
from huntaze_cli.agents.schemas import CaptionOutput
from tests.conftest import ROOT, _clean_env
from testservers.real_llama import MODEL_NAME, RealServer

# One worker runs the whole tier under `pytest -n` (pyproject: --dist loadgroup): one server, one set of runs.
pytestmark = pytest.mark.xdist_group("real_llama_server")

METRICS = ROOT / "examples" / "metrics.csv"
BATCH_LINES = 20
CHAINED = ("caption", "chat", "suggest", "optimize-sale", "analyze", "ideas")
# SmolLM2-135M wrote 16 and 17 of 20 batch captions a creator can use (measured); below this the local path
# itself is broken, whatever the fallback saves.
MIN_FROM_MODEL = 10


def _env(home: Path) -> dict[str, str]:
    env = _clean_env()
    env["HUNTAZE_HOME"] = str(home)
    return env


def _huntaze(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "huntaze_cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(home), cwd=ROOT)


def _wait(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=600)
    return {"code": proc.returncode, "stdout": out, "stderr": err}


def _predicted_tokens(server: RealServer) -> int:
    """Tokens the server says it generated so far, from its own /metrics counters."""
    import urllib.request

    with urllib.request.urlopen(server.url + "/metrics", timeout=5) as answer:
        for line in answer.read().decode().splitlines():
            if line.startswith("llamacpp:tokens_predicted_total "):
                return int(float(line.split()[1]))
    raise AssertionError("llama.cpp /metrics has no tokens_predicted_total")


@pytest.fixture(scope="module")
def runs(llama_server: RealServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Every command of the tier, run once as real processes sharing one ledger."""
    home = tmp_path_factory.mktemp("real-tier")
    local = ["--provider", "local", "--base-url", llama_server.base_url, "--model", MODEL_NAME, "--no-cache"]
    (home / "config.toml").write_text(f'[providers.local]\nbase_url = "{llama_server.base_url}"\n' + "".join(
        f'[features.{f}]\nprovider = "local"\nmodel = "{MODEL_NAME}"\nfallback = ["rules"]\n'
        for f in CHAINED))
    chained = ["--no-cache"]
    results: dict[str, Any] = {"home": home, "server": llama_server}

    # test-prompt first and alone: the server's own token counter must move by exactly what the ledger records.
    before = _predicted_tokens(llama_server)
    results["test-prompt"] = _wait(_huntaze(home, "--json", "test-prompt", "Say hello to a fan.", *local))
    results["predicted-by-server"] = _predicted_tokens(llama_server) - before
    results["test-prompt-stream"] = _wait(_huntaze(home, "test-prompt", "Say hi.", "--stream", *local))

    batch = home / "captions.jsonl"
    batch.write_text("".join(json.dumps({"id": f"c{i}", "description": f"post {i}: coffee by the window at dawn",
                                         "platform": PLATFORMS[i % len(PLATFORMS)]}) + "\n"
                             for i in range(BATCH_LINES)))
    procs = {f"caption-{p}": _huntaze(home, "--json", "caption", "sunset run on the beach", "--platform", p, *chained)
             for p in PLATFORMS}
    procs["chat"] = _huntaze(home, "--json", "chat", "hey babe what's new?", "--engagement", "high", "--spent",
                             "300", *chained)
    procs["suggest"] = _huntaze(home, "--json", "suggest", "what are you up to tonight?", "--count", "2", *chained)
    procs["optimize-sale"] = _huntaze(home, "--json", "optimize-sale", "new set just dropped, want it?",
                                      "--price", "15", "--engagement", "medium", *chained)
    procs["analyze"] = _huntaze(home, "--json", "analyze", str(METRICS), *chained)
    procs["batch"] = _huntaze(home, "--json", "caption", "--input", str(batch), "--concurrency", "4", *chained)
    for name, proc in procs.items():
        results[name] = _wait(proc)
    # ideas reads the analysis and the captions stored above, so it runs last.
    results["ideas"] = _wait(_huntaze(home, "--json", "ideas", "--count", "3", *chained))
    # The offline answers, for the numbers huntaze computes itself.
    results["rules-sale"] = _wait(_huntaze(home, "--json", "optimize-sale", "new set just dropped, want it?",
                                           "--price", "15", "--engagement", "medium", "--provider", "rules"))
    results["rules-analyze"] = _wait(_huntaze(home, "--json", "analyze", str(METRICS), "--provider", "rules"))
    yield results


def _envelope(run: dict[str, Any]) -> dict[str, Any]:
    assert run["code"] == 0, f"exit {run['code']}: {run['stderr'][-800:]}"
    body = json.loads(run["stdout"])
    assert body["success"] is True and isinstance(body["data"], dict)
    _honest(body["meta"])
    return body


def _honest(meta: dict[str, Any]) -> None:
    """The model answered, or the rules engine did after the model's answer was refused, and meta says which."""
    assert meta["costUsd"] == 0.0
    if meta["provider"] == "rules":
        assert meta["fallback"] is True
        assert [(t["provider"], t["outcome"]) for t in meta["providersTried"]] == [
            ("local", "invalid_output"), ("rules", "ok")]
    else:
        assert (meta["provider"], meta["model"], meta["fallback"]) == ("local", MODEL_NAME, False)


def _ledger_rows(home: Path, correlation_id: str | None = None, feature: str | None = None) -> list[dict]:
    with sqlite3.connect(home / "huntaze.db") as conn:
        conn.row_factory = sqlite3.Row
        where, params = ("correlation_id = ?", (correlation_id,)) if correlation_id else ("feature = ?", (feature,))
        return [dict(r) for r in conn.execute(f"SELECT * FROM usage_logs WHERE {where} ORDER BY id", params)]


def _check_ledger(home: Path, body: dict[str, Any]) -> dict[str, Any]:
    rows = _ledger_rows(home, body["meta"]["requestId"])
    if body["meta"]["provider"] == "rules":  # the refused answer and its repair, billed, then the rules answer
        refused, answered = rows
        assert (refused["status"], refused["error_code"], refused["provider"], refused["attempts"]) == \
            ("error", "INVALID_OUTPUT", "local", 2)
        assert refused["input_tokens"] > 0 and refused["output_tokens"] > 0 and refused["cost_usd"] == 0.0
        assert (answered["status"], answered["provider"], answered["cost_usd"]) == ("ok", "rules", 0.0)
        return answered
    assert len(rows) == 1
    row = rows[0]
    usage = body["meta"]["usage"]
    assert (row["status"], row["provider"], row["model"], row["cost_usd"]) == ("ok", "local", MODEL_NAME, 0.0)
    assert (row["input_tokens"], row["output_tokens"]) == (usage["inputTokens"], usage["outputTokens"])
    assert row["input_tokens"] > 0 and row["output_tokens"] > 0
    return row


def test_test_prompt_records_the_servers_own_token_count(runs: dict[str, Any]) -> None:
    body = _envelope(runs["test-prompt"])
    row = _check_ledger(runs["home"], body)
    assert isinstance(body["data"]["text"], str)
    assert row["output_tokens"] == runs["predicted-by-server"]


def test_test_prompt_stream_records_real_usage(runs: dict[str, Any]) -> None:
    run = runs["test-prompt-stream"]
    assert run["code"] == 0, run["stderr"][-800:]
    row = _ledger_rows(runs["home"], feature="test-prompt")[-1]
    assert (row["status"], row["provider"], row["cost_usd"]) == ("ok", "local", 0.0)
    assert row["input_tokens"] > 0 and row["output_tokens"] > 0
    assert run["stdout"].strip() and row["response_json"].strip() in run["stdout"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_caption_on_every_platform_keeps_the_platform_rules(runs: dict[str, Any], platform: str) -> None:
    body = _envelope(runs[f"caption-{platform}"])
    _check_ledger(runs["home"], body)
    data, rule = body["data"], rules_for(platform)
    assert isinstance(data["caption"], str) and isinstance(data["hashtags"], list)
    assert len(data["hashtags"]) <= rule.max_hashtags
    assert all(tag.startswith("#") and len(tag) > 1 for tag in data["hashtags"])
    assert rule.measure(compose_post(data["caption"], data["hashtags"])) <= rule.max_length
    assert 0 <= data["confidence"] <= 1
    assert unreadable(CaptionOutput.model_validate(data)) is None


def test_chat_has_a_reply_and_the_computed_offers(runs: dict[str, Any]) -> None:
    body = _envelope(runs["chat"])
    _check_ledger(runs["home"], body)
    data = body["data"]
    assert isinstance(data["reply"], str) and data["reply"].strip()
    assert data["upsellSuggestions"] and all(u["priceUsd"] > 0 for u in data["upsellSuggestions"])


def test_suggest_gives_the_asked_number_of_replies(runs: dict[str, Any]) -> None:
    body = _envelope(runs["suggest"])
    _check_ledger(runs["home"], body)
    suggestions = body["data"]["suggestions"]
    assert 1 <= len(suggestions) <= 2 and all(s["text"].strip() for s in suggestions)


def test_optimize_sale_keeps_the_computed_price_and_conversion(runs: dict[str, Any]) -> None:
    body = _envelope(runs["optimize-sale"])
    _check_ledger(runs["home"], body)
    offline = json.loads(runs["rules-sale"]["stdout"])["data"]
    data = body["data"]
    assert data["optimizedMessage"].strip()
    assert (data["suggestedPrice"], data["expectedConversionRate"]) == (
        offline["suggestedPrice"], offline["expectedConversionRate"])


def test_analyze_keeps_the_computed_metrics(runs: dict[str, Any]) -> None:
    body = _envelope(runs["analyze"])
    _check_ledger(runs["home"], body)
    offline = json.loads(runs["rules-analyze"]["stdout"])["data"]
    assert body["data"]["metrics"] == offline["metrics"]
    assert body["data"]["metrics"]["totalPosts"] == 12
    assert 0 <= body["data"]["confidence"] <= 1


def test_ideas_gives_ideas(runs: dict[str, Any]) -> None:
    body = _envelope(runs["ideas"])
    _check_ledger(runs["home"], body)
    ideas = body["data"]["ideas"]
    assert 1 <= len(ideas) <= 3 and all(isinstance(i["title"], str) for i in ideas)


def test_batch_of_twenty_captions_at_concurrency_four(runs: dict[str, Any]) -> None:
    run = runs["batch"]
    assert run["code"] == 0, run["stderr"][-800:]
    lines = [json.loads(line) for line in run["stdout"].splitlines() if line.strip()]
    assert len(lines) == BATCH_LINES and all(line["success"] for line in lines)
    assert sorted(line["meta"]["itemId"] for line in lines) == sorted(f"c{i}" for i in range(BATCH_LINES))
    for line in lines:
        rule = rules_for(PLATFORMS[int(line["meta"]["itemId"][1:]) % len(PLATFORMS)])
        data = line["data"]
        assert rule.measure(compose_post(data["caption"], data["hashtags"])) <= rule.max_length
        assert unreadable(CaptionOutput.model_validate(data)) is None
        _honest(line["meta"])
    from_model = sum(1 for line in lines if line["meta"]["provider"] == "local")
    assert from_model >= MIN_FROM_MODEL
    rows = [r for r in _ledger_rows(runs["home"], feature="caption") if r["batch_key"]]
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == BATCH_LINES and sum(1 for r in ok if r["provider"] == "local") == from_model
    assert all(r["cost_usd"] == 0.0 for r in rows)
    assert all(r["output_tokens"] > 0 for r in rows if r["provider"] == "local")
    assert all(r["error_code"] == "INVALID_OUTPUT" for r in rows if r["status"] != "ok")
    assert "concurrency 4" in run["stderr"]


def test_server_is_what_the_tier_says(llama_server: RealServer) -> None:
    props = llama_server.props()
    assert props["total_slots"] >= 1 and os.path.samefile(props["model_path"], llama_server.model_path)
