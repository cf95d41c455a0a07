"""`huntaze chat` and `huntaze suggest` through the real CLI: streaming, fan context, counts, platforms."""

from __future__ import annotations

import json
from pathlib import Path

from testservers.llm_server import reply

ROOT = Path(__file__).resolve().parents[2]
FANS = str(ROOT / "examples" / "fans.csv")


def test_chat_stream_prints_the_reply_as_it_arrives(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply("Hey you! I just finished a shoot and thought of you first. Want a peek?"))
    r = cli("chat", "--stream", "--provider", "openai", "hey babe what's new?")
    assert r.code == 0, r.stderr
    assert r.stdout.startswith("Hey you! I just finished a shoot and thought of you first. Want a peek?")
    body = llm_server.last().body
    assert body["stream"] is True
    assert "hey babe what's new?" in llm_server.last().parsed["prompt"]
    assert "upsell:" in r.stderr and "tactics:" in r.stderr
    # --json with --stream: refused in one sentence, before any request (not silently left unstreamed).
    hits = llm_server.hits
    r = cli("chat", "--stream", "--provider", "openai", "--no-cache", "hello?", "--json")
    assert r.code == 2 and llm_server.hits == hits
    assert r.json()["error"]["message"].startswith("--stream prints the reply as it is written")


def test_chat_stream_without_a_key_prints_the_rules_reply(cli):
    r = cli("chat", "--stream", "hey babe what's new?")
    assert r.code == 0 and r.stdout.strip()
    assert "rules engine" in r.stderr


def test_chat_fan_is_loaded_from_the_imported_fans(cli, llm_server):
    assert cli("fans", "import", FANS).code == 0
    r = cli("chat", "--fan", "1042", "hey babe what's new?", "--json")
    data = r.json()["data"]
    assert "Alex" in data["reply"]
    assert "exclusivity" in data["tactics"] and "personalization" in data["tactics"]
    assert data["upsellSuggestions"][0]["offer"] == "custom video"  # whale band
    low = cli("chat", "--fan", "3110", "hey babe what's new?", "--json").json()["data"]
    assert low["reply"] != data["reply"] and "reciprocity" in low["tactics"]
    cli.use_server(llm_server)
    assert cli("chat", "--fan", "1042", "hey babe what's new?").code == 0
    prompt = llm_server.last().parsed["prompt"]
    assert "<<<FAN_PROFILE" in prompt and '"name":"Alex"' in prompt and "Tier: vip" in prompt
    assert "Total spent (USD): 980.00" in prompt


def test_chat_model_upsells_are_replaced_by_computed_ones(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply(json.dumps({"reply": "Hi!", "upsellSuggestions": [
        {"offer": "yacht", "priceUsd": 99999, "reason": "why not"}], "tactics": ["Scarcity", "mind control"],
        "confidence": 1.7})))
    data = cli("chat", "--spent", "0", "hi", "--json").json()["data"]
    assert [u["offer"] for u in data["upsellSuggestions"]] == ["intro photo set", "short video clip"]
    assert data["tactics"] == ["scarcity"] and data["confidence"] == 1.0


def test_suggest_count_and_platform(cli, llm_server):
    r = cli("suggest", "--count", "5", "loved your last post", "--json")
    suggestions = r.json()["data"]["suggestions"]
    assert len(suggestions) == 5 and len({s["text"] for s in suggestions}) == 5
    insta = cli("suggest", "--platform", "instagram", "--count", "4", "loved your last post", "--json")
    texts = [s["text"] for s in insta.json()["data"]["suggestions"]]
    assert len(texts) == 4 and not any("$" in t or "bundle" in t for t in texts)
    cli.use_server(llm_server)
    many = [{"text": f"Reply {i}", "tone": "warm"} for i in range(6)] + [{"text": "reply 1", "tone": "x"}]
    llm_server.enqueue(reply(json.dumps({"suggestions": many})))
    r = cli("suggest", "--platform", "instagram", "--count", "2", "loved your last post", "--json")
    assert [s["text"] for s in r.json()["data"]["suggestions"]] == ["Reply 0", "Reply 1"]
    system = llm_server.last().parsed["system"]
    assert "exactly 2 distinct replies" in system and "instagram" in system


def test_suggest_for_a_fan(cli):
    assert cli("fans", "import", FANS).code == 0
    r = cli("suggest", "--fan", "2077", "--count", "3", "miss you", "--json")
    assert all("Sam" in s["text"] for s in r.json()["data"]["suggestions"])


def test_bad_chat_input(cli):
    assert cli("fans", "import", FANS).code == 0
    cases = [
        (["chat", "--fan", "9999", "hi"], "fans import"),
        (["chat", "--spent", "-5", "hi"], "--spent"),
        (["chat", "--engagement", "extreme", "hi"], "engagement"),
        (["chat", "--creator", "ghost", "hi"], "creators add ghost"),
        (["chat", "  "], "empty"),
        (["suggest", "--count", "0", "hi"], "--count"),
        (["suggest", "--platform", "myspace", "hi"], "myspace"),
        (["suggest", "--fan", "9999", "hi"], "9999"),
    ]
    for argv, word in cases:
        r = cli(*argv)
        assert r.code == 2, (argv, r.stderr)
        assert word in r.stderr and len(r.stderr.strip().splitlines()) == 1, (argv, r.stderr)
        j = cli("--json", *argv)
        assert j.code == 2 and j.json()["error"]["code"]
