"""The fake LLM server itself: wire formats, scripting, recording, concurrency and the CLI entry point."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.fakes import FakeLLMServer, delay, error, fixtures, held, invalid_json, rate_limit, reply
from tests.fakes.helpers import SALE_SCHEMA, SaleOutput
from testservers.llm_server import INVALID_JSON_TEXT
from testservers.schema_sample import find_schema_in_text, sample_instance

llm_server = fixtures.llm_server  # the shared fixture, re-exported for this module

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello fake"}]}


def post(server: FakeLLMServer, path: str, body: dict[str, Any],
         conn: http.client.HTTPConnection | None = None) -> tuple[int, dict[str, str], bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        if own:
            conn.close()


def get(server: FakeLLMServer, path: str) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_openai_completion_shape(llm_server: FakeLLMServer) -> None:
    status, headers, raw = post(llm_server, "/v1/chat/completions", CHAT)
    body = json.loads(raw)
    assert status == 200 and headers["content-length"] == str(len(raw))
    assert body["object"] == "chat.completion" and body["model"] == "gpt-4o-mini"
    assert body["choices"][0]["message"] == {"role": "assistant", "content": "echo: hello fake", "refusal": None}
    assert set(body["usage"]) == {"prompt_tokens", "completion_tokens", "total_tokens"}


def test_openai_stream_is_sse_with_usage_chunk_and_done(llm_server: FakeLLMServer) -> None:
    _, headers, raw = post(llm_server, "/v1/chat/completions",
                           {**CHAT, "stream": True, "stream_options": {"include_usage": True}})
    assert headers["content-type"] == "text/event-stream"
    events = [line[len("data: "):] for line in raw.decode().split("\n\n") if line]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] > 0
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks[:-1])
    assert text == "echo: hello fake"


def test_gemini_shapes_and_error_body(llm_server: FakeLLMServer) -> None:
    body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}
    status, _, raw = post(llm_server, "/v1beta/models/gemini-2.5-flash:generateContent", body)
    payload = json.loads(raw)
    assert status == 200 and payload["candidates"][0]["content"]["parts"][0]["text"] == "echo: hi"
    assert payload["usageMetadata"]["promptTokenCount"] > 0

    llm_server.enqueue(error(503, "overloaded"))
    status, _, raw = post(llm_server, "/v1beta/models/gemini-2.5-flash:generateContent", body)
    assert status == 503
    assert json.loads(raw) == {"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}}


def test_openai_error_body_and_rate_limit_header(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(rate_limit(retry_after="7", message="slow down"))
    status, headers, raw = post(llm_server, "/v1/chat/completions", CHAT)
    assert status == 429 and headers["retry-after"] == "7"
    assert json.loads(raw)["error"] == {"message": "slow down", "type": "requests", "param": None,
                                        "code": "rate_limit_exceeded"}


def test_queue_is_fifo_then_default(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(reply("first", usage=(1, 2)), error(500), invalid_json())
    llm_server.set_default(reply("default"))
    results = [post(llm_server, "/v1/chat/completions", CHAT) for _ in range(4)]
    assert [r[0] for r in results] == [200, 500, 200, 200]
    assert json.loads(results[0][2])["usage"] == {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
    assert json.loads(results[2][2])["choices"][0]["message"]["content"] == INVALID_JSON_TEXT
    assert json.loads(results[3][2])["choices"][0]["message"]["content"] == "default"
    assert llm_server.hits == 4


def test_records_requests_and_reset(llm_server: FakeLLMServer) -> None:
    post(llm_server, "/openai/deployments/dep1/chat/completions?api-version=2024-10-21", CHAT)
    recorded = llm_server.requests[0]
    assert (recorded.provider, recorded.path, recorded.query) == ("azure", "/openai/deployments/dep1/chat/"
                                                                  "completions", {"api-version": "2024-10-21"})
    assert recorded.parsed["model"] == "dep1" and recorded.body == CHAT
    llm_server.enqueue(error(500))
    llm_server.reset()
    assert llm_server.hits == 0 and post(llm_server, "/v1/chat/completions", CHAT)[0] == 200


def test_models_endpoint_and_unknown_path(llm_server: FakeLLMServer) -> None:
    assert get(llm_server, "/v1/models") == (200, {"object": "list", "data": [
        {"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"}]})
    status, body = get(llm_server, "/nope")
    assert status == 404 and "error" in body


def test_custom_responder_gets_provider_neutral_request(llm_server: FakeLLMServer) -> None:
    seen: list[dict[str, Any]] = []
    llm_server.set_responder(lambda parsed: seen.append(parsed) or "custom")
    post(llm_server, "/v1/chat/completions", {**CHAT, "messages": [
        {"role": "system", "content": "sys"}, {"role": "user", "content": "p"}]})
    post(llm_server, "/v1beta/models/g:generateContent", {
        "systemInstruction": {"parts": [{"text": "sys"}]}, "contents": [{"role": "user", "parts": [{"text": "p"}]}],
        "generationConfig": {"responseMimeType": "application/json", "responseJsonSchema": {"type": "object"}}})
    assert [(s["provider"], s["system"], s["prompt"], s["json"]) for s in seen] == [
        ("openai", "sys", "p", False), ("gemini", "sys", "p", True)]
    assert seen[1]["schema"] == {"type": "object"}


def test_keep_alive_serves_several_requests_on_one_connection(llm_server: FakeLLMServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    try:
        for _ in range(3):
            assert post(llm_server, "/v1/chat/completions", CHAT, conn)[0] == 200
        assert post(llm_server, "/v1/chat/completions", {**CHAT, "stream": True}, conn)[0] == 200
        assert post(llm_server, "/v1/chat/completions", CHAT, conn)[0] == 200
    finally:
        conn.close()


def test_a_held_request_does_not_block_other_requests(llm_server: FakeLLMServer) -> None:
    gate = threading.Event()
    llm_server.enqueue(held(gate, text="late"))
    slow_result: list[tuple[int, dict[str, str], bytes]] = []
    slow = threading.Thread(target=lambda: slow_result.append(post(llm_server, "/v1/chat/completions", CHAT)))
    slow.start()
    try:
        while llm_server.hits < 1:  # the held request has reached the server
            time.sleep(0.005)
        assert post(llm_server, "/v1/chat/completions", CHAT)[0] == 200  # answered while the first is held
        assert slow.is_alive() and not slow_result
    finally:
        gate.set()
        slow.join(timeout=30)
    assert json.loads(slow_result[0][2])["choices"][0]["message"]["content"] == "late"


def test_concurrent_requests_are_served_at_the_same_time() -> None:
    parties = 8
    meeting = threading.Barrier(parties)  # only requests in flight together can all reach it
    with FakeLLMServer() as server:
        server.enqueue(*[held(meeting) for _ in range(parties)])
        with ThreadPoolExecutor(parties) as pool:
            statuses = list(pool.map(lambda _: post(server, "/v1/chat/completions", CHAT)[0], range(parties)))
        assert statuses == [200] * parties

        def worker(_: int) -> list[int]:  # and many requests over keep-alive connections
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            try:
                return [post(server, "/v1/chat/completions", CHAT, conn)[0] for _ in range(5)]
            finally:
                conn.close()

        with ThreadPoolExecutor(32) as pool:
            assert [s for batch in pool.map(worker, range(32)) for s in batch] == [200] * 160
        assert server.hits == parties + 160


def test_delay_behaviour_then_normal_reply(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(delay(0.05, text="late"))
    _, _, raw = post(llm_server, "/v1/chat/completions", CHAT)
    assert json.loads(raw)["choices"][0]["message"]["content"] == "late"


def test_cli_entry_point_prints_port_and_serves() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "testservers.llm_server", "--port", "0", "--delay", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/v1/models")
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# ---- schema sampling ------------------------------------------------------------------------------------
def test_sample_instance_is_valid_for_pydantic_schema() -> None:
    SaleOutput.model_validate(sample_instance(SALE_SCHEMA))


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": "integer", "minimum": 3, "maximum": 4}, 4),
    ({"type": "string", "minLength": 8}, "samplexx"),
    ({"type": "string", "format": "date"}, "2026-01-01"),
    ({"anyOf": [{"type": "null"}, {"type": "boolean"}]}, True),
    ({"type": ["null", "number"], "exclusiveMinimum": 0}, 1.0),
    ({"type": "array", "items": {"const": 1}, "minItems": 2}, [1, 1]),
    ({"allOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]}]}, {"a": "sample"}),
])
def test_sample_instance_cases(schema: dict[str, Any], expected: Any) -> None:
    assert sample_instance(schema) == expected


def test_schema_found_in_prompt_text() -> None:
    text = 'Be nice. {not json} Respond matching:\n{"type": "object", "properties": {}, "required": []}'
    assert find_schema_in_text(text) == {"type": "object", "properties": {}, "required": []}
    assert find_schema_in_text("no schema here") is None


def _events(raw: bytes) -> list[str]:
    return [line[len("data: "):] for line in raw.decode().split("\n\n") if line]


def test_cut_stream_has_no_finish_reason_no_done_and_no_usage(llm_server: FakeLLMServer) -> None:
    from testservers.llm_server import cut

    llm_server.enqueue(cut("one two three four five six seven eight nine ten eleven twelve", after_chunks=2))
    _, _, raw = post(llm_server, "/v1/chat/completions",
                     {**CHAT, "stream": True, "stream_options": {"include_usage": True}})
    events = _events(raw)
    assert "[DONE]" not in events
    chunks = [json.loads(e) for e in events]
    assert len(chunks) == 2 and all(c["choices"][0]["finish_reason"] is None for c in chunks)
    assert "".join(c["choices"][0]["delta"]["content"] for c in chunks) == "one two three four five six "
    assert all(c.get("usage") is None for c in chunks)


def test_cut_gemini_stream_has_no_finish_reason(llm_server: FakeLLMServer) -> None:
    from testservers.llm_server import cut

    llm_server.enqueue(cut("a b c d e f g h i j", after_chunks=1, usage=(7, 3)))
    _, _, raw = post(llm_server, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
                     {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]})
    [chunk] = [json.loads(e) for e in _events(raw)]
    assert "finishReason" not in chunk["candidates"][0]
    assert chunk["usageMetadata"]["candidatesTokenCount"] == 3  # usage was asked for, the end marker not


def test_error_body_can_carry_usage(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(500, usage=(1200, 300)))
    status, _, raw = post(llm_server, "/v1/chat/completions", CHAT)
    assert status == 500 and json.loads(raw)["usage"]["prompt_tokens"] == 1200


def test_trickle_writes_the_body_a_few_bytes_per_tick(llm_server: FakeLLMServer) -> None:
    from testservers.llm_server import trickle

    llm_server.enqueue(trickle("slow", nbytes=64, every_s=0.05))
    conn = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    try:
        conn.request("POST", "/v1/chat/completions", json.dumps(CHAT), {"Content-Type": "application/json"})
        response = conn.getresponse()
        reads = []
        while True:
            piece = response.read1(1024)
            if not piece:
                break
            reads.append(piece)
    finally:
        conn.close()
    body = b"".join(reads)
    assert json.loads(body)["choices"][0]["message"]["content"] == "slow"
    assert len(reads) >= len(body) // 64  # it really came in pieces of 64 bytes


def image_chat(part: Any) -> dict[str, Any]:
    return {"model": "vision", "messages": [{"role": "user", "content": [{"type": "text", "text": "what?"}, part]}]}


def test_image_parts_are_decoded_shape_checked_and_refusable(llm_server: FakeLLMServer) -> None:
    import base64

    png = b"\x89PNG\r\n\x1a\nfake"
    good = {"type": "image_url", "image_url": {"url": "data:image/png;base64," + base64.b64encode(png).decode()}}
    status, _, _ = post(llm_server, "/v1/chat/completions", image_chat(good))
    assert status == 200 and llm_server.last().parsed["images"][0] == {"mime": "image/png", "bytes": png,
                                                                       "url": None, "detail": None}
    for bad in ({"type": "image_url", "image_url": "data:image/png;base64,AAAA"},      # not an object
                {"type": "image_url", "image_url": {"url": "data:text/plain;base64,AAAA"}},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,@@@"}},
                {"type": "image_url", "image_url": {"url": good["image_url"]["url"], "detail": "max"}}):
        status, _, raw = post(llm_server, "/v1/chat/completions", image_chat(bad))
        assert status == 400 and json.loads(raw)["error"]["type"] == "invalid_request_error", bad
    llm_server.accepts_images = False
    status, _, raw = post(llm_server, "/v1/chat/completions", image_chat(good))
    assert status == 400 and "mmproj" in json.loads(raw)["error"]["message"]
    assert post(llm_server, "/v1/chat/completions", CHAT)[0] == 200  # text still works
