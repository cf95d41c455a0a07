"""Issue 3, every AI command through the real CLI: a model provider (structured output), the fallback
chain, the rules engine with no key; the ledger row under the feature's name, the cache, and the plan's
rate limit (rules answers are free)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import usage_rows
from testservers.llm_server import error

ROOT = Path(__file__).resolve().parents[2]
METRICS = str(ROOT / "examples" / "metrics.csv")
FAST_ONE_ATTEMPT = "[retry]\nattempts = 1\ninitial_delay_ms = 20\nmax_delay_ms = 50\n"

# command → (argv, default primary provider, the seed's camelCase `data` fields, agents in meta)
COMMANDS: dict[str, tuple[list[str], str, set[str], list[str]]] = {
    "caption": (["caption", "--platform", "tiktok", "sunset run on the beach"], "openai",
                {"caption", "hashtags", "confidence", "performanceInsights"}, ["content"]),
    "chat": (["chat", "hey babe what's new?"], "openai",
             {"reply", "upsellSuggestions", "tactics", "confidence"}, ["messaging", "sales"]),
    "suggest": (["suggest", "loved your last post"], "openai", {"suggestions"}, ["messaging"]),
    "optimize-sale": (["optimize-sale", "New set just dropped, want it?", "--price", "25"], "gemini",
                      {"optimizedMessage", "tactics", "suggestedPrice", "expectedConversionRate",
                       "alternativeMessages"}, ["sales"]),
    "analyze": (["analyze", METRICS], "gemini",
                {"metrics", "insights", "recommendations", "patterns", "predictions", "confidence"}, ["analytics"]),
    "ideas": (["ideas"], "gemini", {"ideas", "topPerformingContent", "recommendedTopics"}, ["content"]),
}
NAMES = list(COMMANDS)


def schema_of(request) -> dict:
    """The JSON schema a request carried in the provider's native structured-output field."""
    body = request.body
    if request.provider == "gemini":
        return body["generationConfig"]["responseJsonSchema"]
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    return fmt["json_schema"]["schema"]


@pytest.mark.parametrize("name", NAMES)
def test_through_the_default_provider_with_a_json_schema(cli, llm_server, name):
    argv, primary, fields, agents = COMMANDS[name]
    cli.use_server(llm_server)
    r = cli(*argv, "--json")
    assert r.code == 0, r.stdout + r.stderr
    env = r.json()
    assert env["success"] is True
    assert fields <= set(env["data"]), set(env["data"])
    meta = env["meta"]
    assert (meta["provider"], meta["feature"], meta["cached"]) == (primary, name, False)
    assert meta["agents"] == agents
    [request] = llm_server.requests
    assert request.provider == primary
    schema = schema_of(request)
    assert schema["type"] == "object" and schema["properties"]
    if name != "analyze":  # analyze's metrics are computed, so the model is not asked for them
        assert set(schema.get("required", [])) & fields
    [row] = usage_rows(cli.db)
    assert (row["feature"], row["provider"], row["status"], row["cached"]) == (name, primary, "ok", 0)
    assert row["input_tokens"] > 0 and row["output_tokens"] > 0


@pytest.mark.parametrize("name", NAMES)
def test_fallback_when_the_primary_fails(cli, llm_server, name):
    argv, primary, fields, _ = COMMANDS[name]
    secondary = "gemini" if primary == "openai" else "openai"
    cli.use_server(llm_server)
    cli.config(FAST_ONE_ATTEMPT)
    llm_server.enqueue(error(500))
    r = cli(*argv, "--json")
    assert r.code == 0, r.stdout + r.stderr
    meta = r.json()["meta"]
    assert meta["provider"] == secondary
    assert [(t["provider"], t["outcome"]) for t in meta["providersTried"]] == [(primary, "server"), (secondary, "ok")]
    assert fields <= set(r.json()["data"])
    assert [q.provider for q in llm_server.requests] == [primary, secondary]
    schema_of(llm_server.last())  # the fallback request is structured too
    rows = usage_rows(cli.db)
    assert [(x["provider"], x["status"]) for x in rows] == [(primary, "error"), (secondary, "ok")]
    assert {x["feature"] for x in rows} == {name}


@pytest.mark.parametrize("name", NAMES)
def test_rules_engine_without_any_key(cli, name):
    argv, _, fields, agents = COMMANDS[name]
    r = cli(*argv, "--json")
    assert r.code == 0, r.stdout + r.stderr
    env = r.json()
    assert env["meta"]["provider"] == "rules" and env["meta"]["model"] == "rules"
    assert env["meta"]["agents"] == agents and env["meta"]["costUsd"] == 0
    assert fields <= set(env["data"])
    human = cli(*argv)
    assert human.code == 0 and human.stdout.strip()
    assert "rules engine" in human.stderr and "OPENAI_API_KEY" in human.stderr
    rows = usage_rows(cli.db)
    assert [(x["feature"], x["provider"], x["counted"]) for x in rows] == [(name, "rules", 0)] * 2


@pytest.mark.parametrize("name", NAMES)
def test_identical_call_is_answered_from_the_cache(cli, llm_server, name):
    argv, primary, _, _ = COMMANDS[name]
    cli.use_server(llm_server)
    first = cli(*argv, "--json")
    second = cli(*argv, "--json")
    assert first.code == second.code == 0
    assert second.json()["meta"]["cached"] is True and second.json()["meta"]["costUsd"] == 0
    assert second.json()["data"] == first.json()["data"]
    assert llm_server.hits == 1
    rows = usage_rows(cli.db)
    assert [(x["feature"], x["cached"], x["counted"]) for x in rows] == [(name, 0, 1), (name, 1, 0)]


@pytest.mark.parametrize("name", NAMES)
def test_rate_limit_counts_provider_calls_only(cli, llm_server, name):
    argv, _, _, _ = COMMANDS[name]
    assert cli("creators", "add", "solo", "--requests-per-hour", "1").code == 0
    # Rules answers are recorded but free: any number of them fit in a 1-request plan.
    for _ in range(2):
        assert cli(*argv, "--creator", "solo", "--no-cache", "--json").json()["meta"]["provider"] == "rules"
    cli.use_server(llm_server)
    assert cli(*argv, "--creator", "solo", "--no-cache").code == 0
    r = cli(*argv, "--creator", "solo", "--no-cache", "--json")
    assert r.code == 4, r.stdout
    err = r.json()["error"]
    assert err["code"] == "RATE_LIMITED" and err["retryable"] is True
    assert llm_server.hits == 1
    assert {x["feature"] for x in usage_rows(cli.db)} == {name}


def test_monthly_quota_exceeded_exits_3(cli, llm_server):
    assert cli("creators", "add", "broke", "--monthly-usd", "0").code == 0
    cli.use_server(llm_server)
    r = cli("caption", "sunset run", "--creator", "broke", "--json")
    assert r.code == 3, r.stdout
    assert r.json()["error"]["code"] == "QUOTA_EXCEEDED"
    assert llm_server.hits == 0
