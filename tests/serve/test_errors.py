"""Every error status of a real `huntaze serve`, each in the CLI's error envelope with its code."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

from tests.conftest import PLANTED_KEY
from testservers.llm_server import error

RULES = {"provider": "rules"}


def fails(response: Any, status: int, code: str) -> dict[str, Any]:
    assert PLANTED_KEY not in response.text
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False and set(body) == {"success", "error", "meta"}
    assert body["error"]["code"] == code, body
    assert body["error"]["message"].endswith((".", "?")) and "Traceback" not in body["error"]["message"]
    return body


def test_400_bad_input_as_on_the_command_line(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    fails(c.post("/api/ai/generate-caption", json={"description": "", **RULES}), 400, "INVALID_INPUT")
    fails(c.post("/api/ai/generate-caption", json={"description": "x", "platform": "myspace", **RULES}), 400,
          "INVALID_INPUT")
    fails(c.post("/api/ai/generate-caption", json={"description": "x", "bogus": 1, **RULES}), 400, "INVALID_INPUT")
    fails(c.post("/api/ai/test", json={"prompt": "hi", "temperature": 5}), 400, "INVALID_INPUT")
    fails(c.post("/api/ai/test", json={"prompt": "x" * 10_001}), 400, "INVALID_INPUT")
    fails(c.post("/api/ai/optimize-sales", json={"message": "want it?", **RULES}), 400, "INVALID_INPUT")
    fails(c.post("/api/ai/chat", json={"message": "hi", "provider": "nosuch"}), 400, "INVALID_INPUT")
    fails(c.post("/api/ai/chat", content=b"{not json", headers={"content-type": "application/json"}), 400,
          "INVALID_INPUT")
    fails(c.post("/api/ai/chat", json=["a", "list"]), 400, "INVALID_INPUT")
    fails(hub.server.client(hub.tokens["admin"]).get("/api/admin/ai-costs", params={"by": "planet"}), 400,
          "INVALID_INPUT")
    fails(c.post("/api/mass-message/drafts", json={"content": "set", "segments": ["vips"]}), 400, "INVALID_INPUT")
    fails(c.post("/api/mass-message/drafts", json={"content": " "}), 400, "INVALID_INPUT")


def test_400_file_paths_and_server_urls_are_refused(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    for field in ({"imagePath": "/etc/passwd"}, {"image": "/etc/shadow"}, {"insights": "/etc/passwd"},
                  {"baseUrl": "http://169.254.169.254/"}):
        body = fails(c.post("/api/ai/generate-caption", json={"description": "x", **field, **RULES}), 400,
                     "INVALID_INPUT")
        assert "never reads" in body["error"]["message"]
    fails(c.post("/api/ai/chat", json={"message": "hi", "voiceNote": "/tmp/a.ogg"}), 400, "INVALID_INPUT")
    admin = hub.server.client(hub.tokens["admin"])
    body = fails(admin.post("/api/ai/hooks", json={"event": "quota.exceeded", "command": "rm -rf /"}), 400,
                 "INVALID_INPUT")
    assert "over HTTP give a `url`" in body["error"]["message"]


def test_401_without_a_valid_token(hub):
    fails(hub.server.client().get("/api/ai/quota"), 401, "UNAUTHORIZED")
    fails(hub.server.client("hz_not-a-token").get("/api/ai/quota"), 401, "UNAUTHORIZED")
    c = hub.server.client()
    fails(c.get("/api/ai/quota", headers={"Authorization": "Basic abc"}), 401, "UNAUTHORIZED")
    token = hub.server.token("--creator", "mia", "--scope", "read", "--label", "gone")
    assert hub.server.client(token).get("/api/ai/quota").status_code == 200
    listed = json.loads(hub.server.huntaze("tokens", "list", "--json").stdout)["data"]
    mine = next(t for t in listed if t["label"] == "gone")
    assert token not in json.dumps(listed) and token.startswith(mine["prefix"])
    assert hub.server.huntaze("tokens", "revoke", str(mine["id"])).returncode == 0
    fails(hub.server.client(token).get("/api/ai/quota"), 401, "UNAUTHORIZED")


def test_tokens_are_stored_hashed(hub):
    import hashlib

    raw = (hub.server.home / "huntaze.db").read_bytes()
    for token in hub.tokens.values():
        assert token.encode() not in raw
    wal = hub.server.home / "huntaze.db-wal"
    ledger = raw + (wal.read_bytes() if wal.exists() else b"")
    assert hashlib.sha256(hub.tokens["admin"].encode()).hexdigest().encode() in ledger


def test_403_scope_and_other_creators(hub, llm):
    read = hub.server.client(hub.tokens["mia-read"])
    fails(read.post("/api/ai/generate-caption", json={"description": "x", **RULES}), 403, "FORBIDDEN")
    fails(read.post("/api/ai/quick-replies", json={"name": "a", "text": "b"}), 403, "FORBIDDEN")
    mia = hub.server.client(hub.tokens["mia-draft"])
    for path in ("/api/admin/ai-costs", "/api/ai/config", "/api/ai/hooks"):
        fails(mia.get(path), 403, "FORBIDDEN")
    # Another creator's quota: neither read nor spent.
    fails(mia.get("/api/ai/quota", params={"creator": "zoe"}), 403, "FORBIDDEN")
    fails(mia.get("/api/fans", params={"creator": "zoe"}), 403, "FORBIDDEN")
    fails(mia.delete("/api/ai/quick-replies/x", params={"creator": "zoe"}), 403, "FORBIDDEN")
    zoe_before = hub.server.client(hub.tokens["admin"]).get("/api/ai/quota", params={"creator": "zoe"}).json()
    fails(mia.post("/api/ai/test", json={"prompt": "spend zoe's quota", "creator": "zoe", "provider": "openai"}),
          403, "FORBIDDEN")
    fails(mia.post("/api/ai/chat", json={"message": "hi", "creator": "zoe", "stream": True}), 403, "FORBIDDEN")
    assert llm.hits == 0  # nothing reached a provider
    zoe_after = hub.server.client(hub.tokens["admin"]).get("/api/ai/quota", params={"creator": "zoe"}).json()
    assert zoe_after["data"]["requests"] == zoe_before["data"]["requests"]
    assert zoe_after["data"]["spend"]["requestsThisMonth"] == zoe_before["data"]["spend"]["requestsThisMonth"]


def test_404_unknown_things(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    fails(c.get("/api/ai/quick-replies/nope"), 404, "NOT_FOUND")
    fails(c.put("/api/ai/quick-replies/nope", json={"text": "hi"}), 404, "NOT_FOUND")
    fails(c.get("/api/fans/nobody"), 404, "NOT_FOUND")
    fails(c.post("/api/ai/chat", json={"message": "hi", "fanId": "nobody", **RULES}), 404, "NOT_FOUND")
    fails(c.get("/api/no/such/endpoint"), 404, "NOT_FOUND")
    admin = hub.server.client(hub.tokens["admin"])
    fails(admin.get("/api/ai/quota", params={"creator": "ghost"}), 404, "NOT_FOUND")
    fails(admin.delete("/api/ai/hooks/9999"), 404, "NOT_FOUND")


def test_405_wrong_method(hub):
    fails(hub.server.client(hub.tokens["mia-draft"]).get("/api/ai/chat"), 405, "METHOD_NOT_ALLOWED")


def test_409_conflict(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    assert c.post("/api/ai/quick-replies", json={"name": "dup", "text": "hello"}).status_code == 201
    fails(c.post("/api/ai/quick-replies", json={"name": "dup", "text": "again"}), 409, "CONFLICT")
    assert c.delete("/api/ai/quick-replies/dup").status_code == 200


def test_413_bodies_over_the_limit(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    big = json.dumps({"description": "x" * (1024 * 1024 + 10), **RULES})
    fails(c.post("/api/ai/generate-caption", content=big, headers={"content-type": "application/json"}), 413,
          "PAYLOAD_TOO_LARGE")

    def chunks():  # no Content-Length: chunked, refused once the count passes the limit
        yield b'{"description": "'
        for _ in range(40):
            yield b"y" * 65536
        yield b'"}'

    fails(c.post("/api/ai/generate-caption", content=chunks(), headers={"content-type": "application/json"}), 413,
          "PAYLOAD_TOO_LARGE")
    assert hub.server.client().get("/api/health").status_code == 200


def test_413_a_100_mb_body_is_refused_without_being_read(hub):
    """100 MB announced and streamed: the answer comes before the body is sent, and the server's memory does
    not grow by anything like it (it never buffers the body)."""
    rss_before = hub.server.rss_kib()
    size = 100 * 1024 * 1024
    sock = socket.create_connection(("127.0.0.1", hub.server.port), timeout=30)
    sock.sendall((f"POST /api/ai/generate-caption HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Authorization: Bearer {hub.tokens['mia-draft']}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {size}\r\n\r\n").encode())
    sent = [0]
    stop = threading.Event()

    def push() -> None:
        block = b"z" * 65536
        try:
            while sent[0] < size and not stop.is_set():
                sock.sendall(block)
                sent[0] += len(block)
        except OSError:  # the server answered and closed: what we want
            pass

    sender = threading.Thread(target=push, daemon=True)
    sender.start()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    finally:
        stop.set()
        sender.join(timeout=30)
        sock.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), answer[:300]
    assert json.loads(body)["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert sent[0] < size  # refused before the whole body could arrive
    assert hub.server.rss_kib() - rss_before < 30 * 1024
    time.sleep(0.2)
    assert hub.server.client().get("/api/health").status_code == 200


def test_429_hourly_limit_with_retry_after(hub, llm):
    c = hub.server.client(hub.tokens["tiny-draft"])
    assert c.post("/api/ai/test", json={"prompt": "first", "provider": "openai"}).status_code == 200
    response = c.post("/api/ai/test", json={"prompt": "second", "provider": "openai"})
    body = fails(response, 429, "RATE_LIMITED")
    assert 1 <= int(response.headers["Retry-After"]) <= 3600
    assert body["error"]["metadata"]["limit"] == 1
    assert llm.hits == 1


def test_429_monthly_cap_with_retry_after(hub, llm):
    response = hub.server.client(hub.tokens["broke-draft"]).post(
        "/api/ai/test", json={"prompt": "anything", "provider": "openai"})
    fails(response, 429, "QUOTA_EXCEEDED")
    assert int(response.headers["Retry-After"]) >= 1
    assert llm.hits == 0


def test_503_when_every_provider_fails(hub, llm):
    llm.set_default(error(500, "upstream exploded"))
    body = fails(hub.server.client(hub.tokens["mia-draft"]).post(
        "/api/ai/test", json={"prompt": "fail please", "provider": "openai", "noCache": True}), 503, "PROVIDER_ERROR")
    assert body["error"]["retryable"] is True
    assert llm.hits >= 1
