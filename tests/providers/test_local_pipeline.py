"""A local OpenAI-compatible server through the whole pipeline (real CLI, real SDK, fake server over HTTP):
the structured mode and its memory, cut-off answers, busy-server timeouts, slots and the streaming guard."""

from __future__ import annotations

import json
import sqlite3

from testservers.llm_server import cut_off, error, hang, reply


def local(server) -> list[str]:
    return ["--base-url", server.openai_base_url, "--model", "smollm2"]


def chat_posts(server) -> list:
    """The model calls (GET /props probes left out)."""
    return [req for req in server.requests if req.path.endswith("/chat/completions")]


def local_rows(cli) -> dict[str, dict]:
    with sqlite3.connect(cli.db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["base_url"]: dict(r) for r in conn.execute("SELECT * FROM local_servers")}


def test_structured_call_sends_the_bounded_schema_and_no_schema_in_the_prompt(cli, llm_server):
    r = cli("caption", "sunset run", "--platform", "twitter", *local(llm_server), "--json")
    assert r.code == 0, r.stderr
    body = llm_server.last().body
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert schema["properties"]["hashtags"]["maxItems"] == 2          # X: at most 2 hashtags
    assert schema["properties"]["caption"]["maxLength"] <= 140          # X weighs an emoji 2
    system = body["messages"][0]["content"]
    assert '"properties"' not in system and "maxLength" not in system   # the server enforces it: not pasted
    assert r.json()["meta"]["costUsd"] == 0.0
    assert local_rows(cli) == {}  # the default worked: nothing to remember


def test_a_server_that_rejects_json_schema_is_remembered_in_json_mode(cli, llm_server):
    llm_server.enqueue(error(400, "'response_format' of type 'json_schema' is not supported"))
    first = cli("optimize-sale", "new set, want it?", "--price", "15", *local(llm_server), "--json")
    assert first.code == 0, first.stderr
    sent = [req.body["response_format"]["type"] for req in chat_posts(llm_server)]
    assert sent == ["json_schema", "json_object"]
    assert '"optimizedMessage"' in llm_server.last().body["messages"][0]["content"]  # schema now in the prompt
    assert local_rows(cli)[llm_server.openai_base_url]["structured_mode"] == "json_object"
    assert first.json()["meta"]["provider"] == "local"

    llm_server.reset()
    again = cli("chat", "hey", *local(llm_server), "--json")   # another process would read the same ledger row
    assert again.code == 0, again.stderr
    assert [req.body["response_format"]["type"] for req in chat_posts(llm_server)] == ["json_object"]



def test_providers_check_shows_and_remembers_the_structured_mode(cli, llm_server):
    cli.setenv(HUNTAZE_LOCAL_BASE_URL=llm_server.openai_base_url)
    llm_server.props = {"total_slots": 2, "default_generation_settings": {"n_ctx": 4096}}
    shown = cli("providers", "check", "--provider", "local", "--json")
    assert shown.code == 0, shown.stderr
    row = shown.json()["data"][0]
    assert (row["structuredMode"], row["slots"], row["contextTokens"]) == ("json_schema", 2, 4096)
    assert chat_posts(llm_server)[0].body["response_format"]["type"] == "json_schema"

    llm_server.reset()
    llm_server.enqueue(error(400, "json_schema is not supported"))
    human = cli("providers", "check", "--provider", "local")
    assert human.code == 0, human.stderr
    assert "structured output: json_object" in human.stdout
    assert local_rows(cli)[llm_server.openai_base_url]["structured_mode"] == "json_object"


def test_a_cut_off_answer_is_asked_again_with_more_tokens(cli, llm_server):
    llm_server.enqueue(cut_off(), reply(json.dumps({"reply": "hi you", "tactics": [], "confidence": 0.5})))
    r = cli("chat", "hey", *local(llm_server), "--json")
    assert r.code == 0, r.stderr
    first, second = chat_posts(llm_server)
    assert second.body["max_tokens"] == 2 * first.body["max_tokens"]
    assert second.body["messages"] == first.body["messages"]  # a fresh try, not the cut-off text sent back
    assert r.json()["data"]["reply"] == "hi you"


def test_twice_cut_off_falls_back_to_the_rules_engine(cli, llm_server):
    llm_server.enqueue(cut_off(), cut_off())
    r = cli("chat", "hey", *local(llm_server), "--provider", "local", "--json")
    assert r.code == 5 and len(chat_posts(llm_server)) == 2
    assert r.json()["error"]["code"] == "INVALID_OUTPUT" and "cut off" in r.json()["error"]["message"]


def test_a_lone_surrogate_from_a_small_model_does_not_fail_the_answer(cli, llm_server):
    llm_server.enqueue(reply('{"caption": "sunset \\ud83c", "hashtags": ["#sun"]}'))
    r = cli("caption", "sunset", *local(llm_server), "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"]["caption"] == "sunset \ufffd" and len(chat_posts(llm_server)) == 1


def test_a_busy_local_server_timeout_is_not_retried_nor_counted_by_the_breaker(cli, llm_server):
    cli.setenv(HUNTAZE_TIMEOUT="0.5")
    cli.config("[breaker]\nfailure_threshold = 1\n")
    llm_server.enqueue(hang(1.5))
    r = cli("test-prompt", "hi", *local(llm_server), "--json")
    assert r.code == 5 and len(chat_posts(llm_server)) == 1                # one attempt, not three
    assert r.json()["error"]["metadata"]["providersTried"][0]["outcome"] == "timeout"
    providers = {p["provider"]: p for p in cli("providers", "--json").json()["data"]}
    assert providers["local"]["breaker"]["state"] == "closed"
    assert providers["local"]["breaker"]["consecutiveFailures"] == 0


def test_cloud_timeouts_are_still_retried(cli, llm_server):
    cli.use_server(llm_server, timeout_s=0.5)
    llm_server.enqueue(hang(1.5))
    r = cli("test-prompt", "hi", "--provider", "openai", "--json")
    assert r.code == 0 and len(chat_posts(llm_server)) == 2


def test_batch_concurrency_follows_the_servers_slots(cli, llm_server, tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text("".join(json.dumps({"id": f"i{i}", "description": f"post {i}"}) + "\n" for i in range(6)))
    llm_server.props = {"total_slots": 3, "default_generation_settings": {"n_ctx": 8192}}
    r = cli("caption", "--input", str(lines), *local(llm_server), "--json")
    assert r.code == 0, r.stderr
    assert "concurrency 3, bounded by local server slots (3)" in r.stderr
    row = local_rows(cli)[llm_server.openai_base_url]
    assert (row["total_slots"], row["n_ctx"]) == (3, 8192)
    # --concurrency overrides the server's answer.
    r = cli("caption", "--input", str(lines), *local(llm_server), "--concurrency", "5", "--no-cache", "--json")
    assert "concurrency 5" in r.stderr and "bounded" not in r.stderr


def test_batch_against_a_server_without_props_runs_one_at_a_time(cli, llm_server, tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text("".join(json.dumps({"id": f"i{i}", "description": f"post {i}"}) + "\n" for i in range(3)))
    r = cli("caption", "--input", str(lines), *local(llm_server), "--json")
    assert r.code == 0, r.stderr
    assert "concurrency 1, bounded by local server slots (1)" in r.stderr
    assert any(req.path == "/props" for req in llm_server.requests)  # asked, got a 404


def test_chat_stream_stops_a_looping_model_and_says_so(cli, llm_server):
    loop = "Hey you, thanks for the message! " + "🌱" * 300
    llm_server.enqueue(reply(loop, usage=(50, 300)))
    r = cli("chat", "--stream", "hey", *local(llm_server))
    assert r.code == 0, r.stderr
    assert r.stdout.startswith("Hey you, thanks for the message! 🌱")
    assert r.stdout.count("🌱") < 10                     # the loop was cut, not printed 300 times
    assert "stopped: the model kept repeating itself" in r.stderr
    with sqlite3.connect(cli.db) as conn:
        status, out_tokens, text = conn.execute(
            "SELECT status, output_tokens, response_json FROM usage_logs ORDER BY id DESC").fetchone()
    assert status == "ok" and out_tokens > 0 and text.count("🌱") == 1
    # The same request again is answered from the cache with the clean text, no new loop, no error.
    again = cli("chat", "--stream", "hey", *local(llm_server))
    assert again.code == 0 and again.stdout.count("🌱") == 1 and len(chat_posts(llm_server)) == 1


def test_chat_stream_has_a_length_cap(cli, llm_server):
    words = " ".join(f"word{i}" for i in range(800))  # long, never repeating
    llm_server.enqueue(reply(words))
    r = cli("chat", "--stream", "hey", *local(llm_server))
    assert r.code == 0, r.stderr
    assert len(r.stdout.strip()) <= 2000 and "stopped: the reply passed 2,000 characters" in r.stderr


def test_chat_stream_of_a_normal_reply_is_shown_in_full(cli, llm_server):
    text = "Haha you always make me smile. New set tonight, want a peek? " * 3
    llm_server.enqueue(reply(text))
    r = cli("chat", "--stream", "hey", *local(llm_server))
    assert r.code == 0 and r.stdout.strip() == text.strip() and "stopped" not in r.stderr


METRICS = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "examples" / "metrics.csv")


def test_analyze_fits_a_4096_token_context_with_its_full_answer(cli, llm_server):
    llm_server.props = {"total_slots": 1, "default_generation_settings": {"n_ctx": 4096}}
    r = cli("analyze", METRICS, *local(llm_server), "--json")
    assert r.code == 0, r.stderr
    body = chat_posts(llm_server)[0].body
    assert body["max_tokens"] == 1500                               # room for the whole answer
    assert r.json()["meta"]["usage"]["inputTokens"] + body["max_tokens"] <= 4096


def test_a_small_context_lowers_max_tokens_to_what_is_left(cli, llm_server):
    llm_server.props = {"total_slots": 1, "default_generation_settings": {"n_ctx": 2000}}
    r = cli("analyze", METRICS, *local(llm_server), "--json")
    assert r.code == 0, r.stderr
    sent = chat_posts(llm_server)[0].body["max_tokens"]
    assert 256 <= sent < 1500


def test_a_prompt_that_cannot_fit_is_refused_before_anything_is_sent(cli, llm_server):
    llm_server.props = {"total_slots": 1, "default_generation_settings": {"n_ctx": 600}}
    r = cli("analyze", METRICS, *local(llm_server), "--json")
    assert r.code == 2
    error = r.json()["error"]
    assert error["code"] == "PROMPT_TOO_LARGE" and "600" in error["message"]
    assert error["message"].count(". ") == 0 and error["message"].endswith(".")   # one sentence
    assert chat_posts(llm_server) == []
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT count(*) FROM usage_logs").fetchone()[0] == 0


def test_context_size_from_config_for_servers_without_props(cli, llm_server):
    cli.config("[providers.local]\ncontext_tokens = 300\n")
    r = cli("chat", "hey", *local(llm_server), "--json")
    assert r.code == 2 and r.json()["error"]["code"] == "PROMPT_TOO_LARGE" and chat_posts(llm_server) == []


def test_the_stream_guard_also_stops_a_cloud_stream(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply("Hey there! " + "ha" * 200, usage=(40, 200)))
    r = cli("chat", "--stream", "hey", "--provider", "gemini")
    assert r.code == 0, r.stderr
    assert r.stdout.strip() == "Hey there! ha" and "stopped: the model kept repeating itself" in r.stderr
