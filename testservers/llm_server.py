"""A protocol-faithful fake LLM server on 127.0.0.1 speaking OpenAI, Azure OpenAI and Gemini over real HTTP.

    with FakeLLMServer() as server:
        server.enqueue(error(500), reply("hello", usage=(10, 2)))
        ...  # point an SDK at server.openai_base_url / server.gemini_base_url / server.azure_endpoint

Behaviours are consumed one per request (FIFO), then `server.default` applies. Every request is recorded.
Run standalone: `python -m testservers.llm_server --port 0 --delay 0.1` prints the port, serves until killed.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from testservers.schema_sample import find_schema_in_text, sample_instance

Responder = Callable[[dict[str, Any]], str]

# llama.cpp's answer to an image part when the server runs without a vision projector (--mmproj).
NO_VISION_MESSAGE = "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj"
INVALID_JSON_TEXT = 'Sure! Here is your JSON: {"caption": "unterminated'


# What the fake transcriber hears in every upload, unless a behaviour's text says otherwise.
TRANSCRIPT_TEXT = "Hey, I loved your last video, when is the next one?"


# ---- behaviours ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Behaviour:
    """What the server does with one request. Build with reply/error/rate_limit/hang/invalid_json/delay."""

    kind: str = "reply"                     # reply | error
    text: str | None = None                 # None: the server's responder decides
    usage: tuple[int, int] | None = None    # (input, output); None: estimated from the text
    status: int = 200
    message: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0                    # sleep before answering (per request thread)
    finish_reason: str = "stop"             # "length": the answer was cut off at max_tokens
    # Wait before answering until the test says so: a threading.Event to be set, or a threading.Barrier
    # every party of which must arrive (only requests served at the same time can meet). No clock involved.
    gate: Any = field(default=None, compare=False)
    cut_after: int | None = None            # streams: close after this many text chunks, no end marker
    trickle: tuple[int, float] | None = None  # (bytes, seconds): write the body that many bytes per tick


def reply(text: str | None = None, usage: tuple[int, int] | None = None) -> Behaviour:
    return Behaviour(text=text, usage=usage)


def error(status: int, message: str | None = None, usage: tuple[int, int] | None = None) -> Behaviour:
    """An HTTP error; with `usage`, its body carries the usage the provider billed (as some APIs do)."""
    return Behaviour(kind="error", status=status, message=message, usage=usage)


def cut(text: str | None = None, after_chunks: int = 3, usage: tuple[int, int] | None = None) -> Behaviour:
    """A stream that closes cleanly after `after_chunks` text chunks: no finish_reason, no [DONE], and no
    usage unless `usage` is given (then a usage chunk is sent before the close, still with no end marker)."""
    return Behaviour(text=text, usage=usage, cut_after=after_chunks)


def trickle(text: str | None = None, nbytes: int = 4, every_s: float = 0.5,
            usage: tuple[int, int] | None = None) -> Behaviour:
    """Answer normally, but write the body `nbytes` at a time every `every_s` seconds (per-read timeouts
    never fire; only a total deadline ends the call)."""
    return Behaviour(text=text, usage=usage, trickle=(nbytes, every_s))


def echo_key(status: int, template: str) -> Behaviour:
    """An error whose message echoes the key the client sent, the way real servers do, in part or whole:
    `{key}` (whole), `{key_unprefixed}` (without `sk-`), `{key_middle}` (its middle, ends cut off)."""
    return Behaviour(kind="error", status=status, message=template)


def _with_key_echo(behaviour: Behaviour, key: str) -> Behaviour:
    message = behaviour.message or ""
    if "{key" not in message:
        return behaviour
    for name, value in (("{key_unprefixed}", key.removeprefix("sk-")), ("{key_middle}", key[6:-6]),
                        ("{key}", key)):
        message = message.replace(name, value)
    return replace(behaviour, message=message)


def rate_limit(retry_after: str | None = "1", message: str | None = None) -> Behaviour:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Behaviour(kind="error", status=429, message=message, headers=headers)


def hang(seconds: float) -> Behaviour:
    """Say nothing for `seconds` (a client timeout should fire first), then answer normally."""
    return Behaviour(delay_s=seconds)


def held(gate: Any, text: str | None = None) -> Behaviour:
    """Answer only when `gate` opens: a threading.Event the test sets, or a threading.Barrier that every
    request at the same time must reach (a server that served one request at a time would break it)."""
    return Behaviour(text=text, gate=gate)


def delay(seconds: float, text: str | None = None, usage: tuple[int, int] | None = None) -> Behaviour:
    return Behaviour(text=text, usage=usage, delay_s=seconds)


def invalid_json() -> Behaviour:
    return Behaviour(text=INVALID_JSON_TEXT)


def cut_off(text: str = '{"caption": "🌱🌱🌱🌱🌱🌱') -> Behaviour:
    """An answer stopped by max_tokens (finish_reason "length"), as a looping small model gives."""
    return Behaviour(text=text, finish_reason="length")


# ---- recorded requests --------------------------------------------------------------------------------
@dataclass
class RecordedRequest:
    method: str
    path: str                   # without the query string
    query: dict[str, str]
    headers: dict[str, str]     # lower-cased names
    body: Any                   # parsed JSON, or None
    provider: str               # openai | azure | gemini | unknown
    parsed: dict[str, Any]      # provider-neutral view (what the responder receives)


def default_responder(parsed: dict[str, Any]) -> str:
    """Schema-valid JSON for structured requests, a deterministic echo otherwise."""
    schema = parsed.get("schema")
    if schema is None and parsed.get("json"):
        schema = find_schema_in_text(parsed.get("system") or "") or find_schema_in_text(parsed.get("prompt", ""))
    if schema is not None:
        return json.dumps(sample_instance(schema))
    if parsed.get("json"):
        return "{}"
    return f"echo: {parsed.get('prompt', '')[:40]}"


def estimate_tokens(text: str) -> int:
    return len(text) // 4 + 1


# ---- the server ---------------------------------------------------------------------------------------
class FakeLLMServer:
    def __init__(self, *, port: int = 0, delay: float = 0.0, responder: Responder | None = None,
                 rpm: int | None = None, window_s: float = 60.0) -> None:
        self.responder: Responder = responder or default_responder
        # Like a provider's per-key limit: at most `rpm` answered requests in any 60 s, the rest get a 429
        # with the Retry-After that frees a slot. `rejected` counts those 429s. Every answer then carries
        # OpenAI's x-ratelimit-* headers. Tests shorten the minute (`window_s`) to keep Retry-After short.
        self.rpm, self.window_s = rpm, window_s
        self._initial_limit = (rpm, window_s)
        self.rejected = 0
        self._answered: deque[float] = deque()
        self._initial_default = Behaviour(delay_s=delay)
        self.default: Behaviour = self._initial_default
        self.expected_api_key: str | None = None  # when set, other keys get a 401
        # What GET /props answers (llama.cpp's server); None: 404, as Ollama, vLLM and LM Studio answer.
        self.props: dict[str, Any] | None = None
        self.first_post_file: str | None = None  # standalone --first-post-file (bench/batch.py)
        # A text-only model (llama.cpp without an --mmproj) refuses image parts with a 400, as llama.cpp does.
        self.accepts_images = True
        self._queue: deque[Behaviour] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.fake = self
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> FakeLLMServer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                            name=f"fake-llm-{self.port}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # addresses
    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def gemini_base_url(self) -> str:
        return self.url

    @property
    def azure_endpoint(self) -> str:
        return self.url

    # scripting
    def enqueue(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._queue.extend(behaviours)

    def set_default(self, behaviour: Behaviour) -> None:
        self.default = behaviour

    def set_responder(self, responder: Responder | None) -> None:
        self.responder = responder or default_responder

    def reset(self) -> None:
        """Forget recorded requests and queued behaviours; restore the default behaviour and responder."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self._answered.clear()
            self.rejected = 0
            self.rpm, self.window_s = self._initial_limit
        self.default = self._initial_default
        self.responder = default_responder
        self.expected_api_key = None
        self.props = None
        self.accepts_images = True

    # inspection
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def hits(self) -> int:
        with self._lock:
            return len(self._requests)

    def last(self) -> RecordedRequest:
        """The most recent request (IndexError when none)."""
        with self._lock:
            return self._requests[-1]

    def _next(self, recorded: RecordedRequest) -> Behaviour:
        with self._lock:
            self._requests.append(recorded)
            if recorded.method == "POST" and self.first_post_file is not None:
                # The benchmarks' "start to first request": the wall-clock moment the first model call arrived.
                Path(self.first_post_file).write_text(repr(time.time()))
                self.first_post_file = None
            if recorded.path == "/props":  # llama.cpp's metadata: queued behaviours are for model calls
                return self._initial_default
            limited: dict[str, str] = {}
            if self.rpm is not None and recorded.method == "POST":
                now = time.monotonic()
                while self._answered and self._answered[0] <= now - self.window_s:
                    self._answered.popleft()
                if len(self._answered) >= self.rpm:
                    self.rejected += 1
                    wait = self._answered[len(self._answered) - self.rpm] + self.window_s - now
                    refused = rate_limit(str(max(1, int(-(-wait // 1)))), "Rate limit reached for requests")
                    return replace(refused, headers={**refused.headers, **self._rate_headers(now)})
                self._answered.append(now)
                limited = self._rate_headers(now)
            behaviour = self._queue.popleft() if self._queue else self.default
            return replace(behaviour, headers={**behaviour.headers, **limited}) if limited else behaviour

    def _rate_headers(self, now: float) -> dict[str, str]:
        """OpenAI's names: the limit, what is left of it, and when the oldest answer leaves the window."""
        assert self.rpm is not None
        left = max(0, self.rpm - len(self._answered))
        reset = max(0.0, self._answered[0] + self.window_s - now) if self._answered else 0.0
        return {"x-ratelimit-limit-requests": str(self.rpm), "x-ratelimit-remaining-requests": str(left),
                "x-ratelimit-reset-requests": f"{int(reset * 1000)}ms"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    fake: FakeLLMServer


_GEMINI_PATH = re.compile(r"^/(?P<ver>v1\w*)/(?:.+/)?models/(?P<model>[^/:]+):(?P<method>generateContent|"
                          r"streamGenerateContent)$")
_GEMINI_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
                  408: "DEADLINE_EXCEEDED", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "UNAVAILABLE",
                  503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
_OPENAI_ERROR = {400: ("invalid_request_error", None), 401: ("invalid_request_error", "invalid_api_key"),
                 403: ("permission_error", None), 404: ("invalid_request_error", "model_not_found"),
                 429: ("requests", "rate_limit_exceeded")}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every response carries Content-Length or is chunked
    disable_nagle_algorithm = True  # headers and body are separate writes: Nagle + delayed ACK adds ~40 ms
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read server.requests instead
        pass

    # ---- entry points --------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        fake = self.server.fake
        split = urlsplit(self.path)
        path, query = split.path, {k: v[-1] for k, v in parse_qs(split.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        gemini = _GEMINI_PATH.match(path)
        if gemini and method == "POST":
            provider = "gemini"
            parsed = _parse_gemini(body, gemini["model"], stream=gemini["method"] == "streamGenerateContent")
        elif method == "POST" and path.endswith("/chat/completions"):
            provider = "azure" if path.startswith("/openai/deployments/") else "openai"
            parsed = _parse_openai(body, path)
        elif method == "POST" and path.endswith("/audio/transcriptions"):
            provider = "azure" if path.startswith("/openai/deployments/") else "openai"
            parsed = _parse_transcription(raw, self.headers.get("Content-Type") or "")
        else:
            provider = "gemini" if re.match(r"^/v1beta\d*/models", path) else "openai"
            parsed = {"provider": provider, "model": "", "prompt": "", "json": False, "stream": False}
        parsed["provider"] = provider
        recorded = RecordedRequest(method, path, query, headers, body, provider, parsed)
        behaviour = fake._next(recorded)
        if behaviour.delay_s:
            time.sleep(behaviour.delay_s)
        if isinstance(behaviour.gate, threading.Barrier):
            try:
                behaviour.gate.wait(timeout=30)
            except threading.BrokenBarrierError:
                behaviour = error(500, "the barrier broke: requests were not served at the same time")
        elif behaviour.gate is not None:
            behaviour.gate.wait(timeout=30)
        try:
            try:
                self._answer(fake, recorded, behaviour, known=bool(gemini) or path.endswith(
                    ("/chat/completions", "/audio/transcriptions")))
            except (BrokenPipeError, ConnectionResetError):
                raise
            except Exception as exc:  # a broken responder: answer 500 so the test sees why
                self._error(provider == "gemini", error(500, f"fake server failure: {exc!r}"))
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): nothing to answer
            self.close_connection = True

    def _answer(self, fake: FakeLLMServer, rec: RecordedRequest, behaviour: Behaviour, known: bool) -> None:
        gemini = rec.provider == "gemini"
        self._trickle = behaviour.trickle
        if fake.expected_api_key is not None and behaviour.kind != "error":
            key = _api_key(rec.headers)
            if key != fake.expected_api_key:
                # Like some real APIs, echo the key back: providers must redact it.
                behaviour = replace(behaviour, kind="error", status=401,
                                    message=f"Incorrect API key provided: {key}.")
        if behaviour.kind == "error":
            self._error(gemini, _with_key_echo(behaviour, _api_key(rec.headers) or ""))
            return
        if rec.method == "GET":
            self._get(fake, rec.path, gemini)
            return
        if not known:
            self._error(gemini, error(404, f"Unknown path {rec.path}"))
            return
        if rec.path.endswith("/audio/transcriptions"):
            if not rec.parsed["valid"]:  # OpenAI's answer to an upload with no file or no model
                self._error(False, error(400, "Invalid request: a file and a model are required."))
                return
            self._json(200, _transcription(rec.parsed, behaviour.text), behaviour.headers)
            return
        self._generate(fake, rec, behaviour, gemini)

    def _get(self, fake: FakeLLMServer, path: str, gemini: bool) -> None:
        if path.rstrip("/").endswith("/models"):
            self._json(200, _models_list(gemini))
        elif path == "/health":
            self._json(200, {"status": "ok"})
        elif path == "/props" and fake.props is not None:
            self._json(200, fake.props)
        elif path == "/stats":  # for benchmarks in another process
            self._json(200, {"requests": fake.hits, "rejected": fake.rejected})
        else:
            self._error(gemini, error(404, f"Unknown path {path}"))

    def _generate(self, fake: FakeLLMServer, rec: RecordedRequest, behaviour: Behaviour, gemini: bool) -> None:
        """A completion: JSON or server-sent events, OpenAI's shape or Gemini's, cut short when asked."""
        if rec.parsed.get("image_error"):  # what OpenAI answers to a malformed image part
            self._error(gemini, error(400, rec.parsed["image_error"]))
            return
        if rec.parsed.get("images") and not fake.accepts_images and not gemini:
            self._error(False, error(400, NO_VISION_MESSAGE))
            return
        text = behaviour.text if behaviour.text is not None else fake.responder(rec.parsed)
        usage = behaviour.usage or (estimate_tokens(rec.parsed.get("prompt", "") + (rec.parsed.get("system")
                                                                                     or "")), estimate_tokens(text))
        model = rec.parsed.get("model") or "fake-model"
        if behaviour.cut_after is not None and rec.parsed.get("stream"):
            chunks = _gemini_chunks(text, usage, model) if gemini else \
                _openai_chunks(text, usage, model, include_usage=True)
            self._sse(_cut(chunks, behaviour.cut_after, gemini, with_usage=behaviour.usage is not None),
                      done=False)
        elif gemini and rec.parsed.get("stream"):
            self._sse(_gemini_chunks(text, usage, model), done=False)
        elif gemini:
            self._json(200, _gemini_response(text, usage, model))
        elif rec.parsed.get("stream"):
            include_usage = bool((rec.body or {}).get("stream_options", {}).get("include_usage"))
            self._sse(_openai_chunks(text, usage, model, include_usage), done=True)
        else:
            self._json(200, _openai_completion(text, usage, model, behaviour.finish_reason), behaviour.headers)

    # ---- writers -------------------------------------------------------------------------------------
    _trickle: tuple[int, float] | None = None

    def _send(self, data: bytes) -> None:
        """Write (and flush) body bytes, slowly when the behaviour trickles."""
        if self._trickle is None:
            self.wfile.write(data)
            return
        size, every = self._trickle
        for start in range(0, len(data), size):
            self.wfile.write(data[start:start + size])
            self.wfile.flush()
            time.sleep(every)

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        self._send(data)

    def _sse(self, events: Iterable[dict[str, Any]], done: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        lines = [f"data: {json.dumps(event)}\n\n" for event in events]
        if done:
            lines.append("data: [DONE]\n\n")
        self.wfile.flush()
        for line in lines:
            data = line.encode()
            if self._trickle is None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            else:  # one HTTP chunk per tick, so the client sees bytes arrive slowly
                size = self._trickle[0]
                for start in range(0, len(data), size):
                    self._send(f"{len(data[start:start + size]):x}\r\n".encode() + data[start:start + size]
                               + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _error(self, gemini: bool, behaviour: Behaviour) -> None:
        status = behaviour.status
        message = behaviour.message or f"Fake error {status}"
        if gemini:
            payload = {"error": {"code": status, "message": message, "status": _GEMINI_STATUS.get(status, "UNKNOWN")}}
            if behaviour.usage is not None:
                payload["usageMetadata"] = _gemini_usage(behaviour.usage)
        else:
            kind, code = _OPENAI_ERROR.get(status, ("server_error" if status >= 500 else "invalid_request_error",
                                                   None))
            payload = {"error": {"message": message, "type": kind, "param": None, "code": code}}
            if behaviour.usage is not None:
                payload["usage"] = _openai_usage(behaviour.usage)
        # The OpenAI SDK would retry on its own when told to; make sure a test notices if it ever does.
        self._json(status, payload, {"x-should-retry": "true", **behaviour.headers})


# ---- request parsing ----------------------------------------------------------------------------------
def _api_key(headers: dict[str, str]) -> str | None:
    if "x-goog-api-key" in headers:
        return headers["x-goog-api-key"]
    if "api-key" in headers:
        return headers["api-key"]
    auth = headers.get("authorization", "")
    return auth[7:] if auth.lower().startswith("bearer ") else None


def _text_of(content: Any) -> tuple[str, bool]:
    """(text, has_image) of an OpenAI message content (a string or a list of parts)."""
    if isinstance(content, str):
        return content, False
    texts, image = [], False
    for part in content or []:
        if part.get("type") == "text":
            texts.append(part.get("text", ""))
        elif part.get("type") == "image_url":
            image = True
    return "\n".join(texts), image


_DATA_URL = re.compile(r"^data:(image/(?:jpeg|png|gif|webp));base64,([A-Za-z0-9+/=]+)$")


def _images_of(content: Any) -> tuple[list[dict[str, Any]], str | None]:
    """The image parts of an OpenAI message content, decoded ({"mime", "bytes", "detail"}), and the error
    OpenAI would answer for a malformed one (the part must be {"type": "image_url", "image_url": {"url":
    "data:image/...;base64,..." or an http(s) URL, "detail"?: low|high|auto}})."""
    import base64
    import binascii

    images: list[dict[str, Any]] = []
    for part in content if isinstance(content, list) else []:
        if not isinstance(part, dict) or part.get("type") != "image_url":
            continue
        inner = part.get("image_url")
        if not isinstance(inner, dict) or not isinstance(inner.get("url"), str):
            return images, "Invalid content part: image_url must be an object with a url."
        if inner.get("detail", "auto") not in ("low", "high", "auto"):
            return images, "Invalid image detail: use low, high or auto."
        url = inner["url"]
        if url.startswith(("http://", "https://")):
            images.append({"mime": None, "bytes": b"", "url": url, "detail": inner.get("detail")})
            continue
        match = _DATA_URL.match(url)
        if match is None:
            return images, "Invalid image URL: expected a base64 data URL of a JPEG, PNG, GIF or WebP image."
        try:
            data = base64.b64decode(match[2], validate=True)
        except binascii.Error:
            return images, "Invalid image data: not valid base64."
        images.append({"mime": match[1], "bytes": data, "url": None, "detail": inner.get("detail")})
    return images, None


def _parse_openai(body: Any, path: str) -> dict[str, Any]:
    body = body if isinstance(body, dict) else {}
    messages = body.get("messages") or []
    system = "\n".join(_text_of(m.get("content"))[0] for m in messages if m.get("role") in ("system", "developer"))
    users = [m for m in messages if m.get("role") == "user"]
    prompt, image = _text_of(users[-1].get("content")) if users else ("", False)
    images, image_error = _images_of(users[-1].get("content")) if users else ([], None)
    fmt = body.get("response_format") or {}
    schema = (fmt.get("json_schema") or {}).get("schema") if fmt.get("type") == "json_schema" else None
    deployment = re.match(r"^/openai/deployments/([^/]+)/", path)
    return {"model": deployment[1] if deployment else body.get("model", ""), "system": system or None,
            "prompt": prompt, "json": fmt.get("type") in ("json_schema", "json_object"), "schema": schema,
            "stream": bool(body.get("stream")), "has_image": image, "messages": messages, "images": images,
            "image_error": image_error}


def _parse_gemini(body: Any, model: str, stream: bool) -> dict[str, Any]:
    body = body if isinstance(body, dict) else {}
    config = body.get("generationConfig") or {}
    system = "\n".join(p.get("text", "") for p in (body.get("systemInstruction") or {}).get("parts", []))
    contents = body.get("contents") or []
    users = [c for c in contents if c.get("role", "user") == "user"]
    parts = users[-1].get("parts", []) if users else []
    prompt = "\n".join(p["text"] for p in parts if "text" in p)
    schema = config.get("responseJsonSchema") or config.get("responseSchema")
    images = [_inline_image(p.get("inlineData") or p.get("inline_data")) for p in parts
              if "inlineData" in p or "inline_data" in p]
    return {"model": model, "system": system or None, "prompt": prompt,
            "json": config.get("responseMimeType") == "application/json", "schema": schema, "stream": stream,
            "has_image": bool(images), "contents": contents, "images": images}


def _inline_image(blob: dict[str, Any]) -> dict[str, Any]:
    """Gemini's inline bytes: base64 in either alphabet (the SDK sends URL-safe), mime in either spelling."""
    import base64

    data = str(blob.get("data", ""))
    return {"mime": blob.get("mimeType", blob.get("mime_type")),
            "bytes": base64.urlsafe_b64decode(data.replace("+", "-").replace("/", "_") + "=" * (-len(data) % 4))}


# ---- response bodies ----------------------------------------------------------------------------------
def _pieces(text: str, size: int = 3) -> list[str]:
    """Split into word groups (whitespace kept) so streams have several deltas."""
    words = re.findall(r"\S+\s*|\s+", text) or [""]
    return ["".join(words[i:i + size]) for i in range(0, len(words), size)]


def _openai_usage(usage: tuple[int, int]) -> dict[str, int]:
    return {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": usage[0] + usage[1]}


def _openai_completion(text: str, usage: tuple[int, int], model: str, finish: str = "stop") -> dict[str, Any]:
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                         "logprobs": None, "finish_reason": finish}],
            "usage": _openai_usage(usage)}


def _openai_chunks(text: str, usage: tuple[int, int], model: str, include_usage: bool
                   ) -> Iterable[dict[str, Any]]:
    base = {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": model, "system_fingerprint": "fp_fake"}
    extra = {"usage": None} if include_usage else {}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
                **extra}

    yield chunk({"role": "assistant", "content": "", "refusal": None})
    for piece in _pieces(text):
        yield chunk({"content": piece})
    yield chunk({}, "stop")
    if include_usage:
        yield {**base, "choices": [], "usage": _openai_usage(usage)}


def _cut(chunks: Iterable[dict[str, Any]], after: int, gemini: bool, with_usage: bool) -> list[dict[str, Any]]:
    """The first `after` text chunks of a stream, stripped of any end marker (finish reason; usage totals
    unless `with_usage`), as a server that dies mid-answer sends them."""
    kept: list[dict[str, Any]] = []
    texts = 0
    usage_event: dict[str, Any] | None = None
    for event in chunks:
        if gemini:
            candidate = event["candidates"][0]
            candidate.pop("finishReason", None)
            if with_usage:
                usage_event = event  # a Gemini chunk carries usage with its text
            else:
                event["usageMetadata"] = {"promptTokenCount": event["usageMetadata"]["promptTokenCount"]}
        elif not event["choices"]:
            usage_event = event if with_usage else None
            continue
        elif event["choices"][0].get("finish_reason") or not event["choices"][0]["delta"].get("content"):
            continue
        if texts < after:
            kept.append(event)
            texts += 1
    if usage_event is not None and not gemini:
        kept.append(usage_event)
    elif usage_event is not None and kept:
        kept[-1]["usageMetadata"] = usage_event["usageMetadata"]
    return kept


def _gemini_usage(usage: tuple[int, int]) -> dict[str, int]:
    return {"promptTokenCount": usage[0], "candidatesTokenCount": usage[1], "totalTokenCount": sum(usage)}


def _gemini_response(text: str, usage: tuple[int, int], model: str) -> dict[str, Any]:
    return {"candidates": [{"content": {"parts": [{"text": text}], "role": "model"}, "finishReason": "STOP",
                            "index": 0}],
            "usageMetadata": _gemini_usage(usage), "modelVersion": model, "responseId": uuid.uuid4().hex[:20]}


def _gemini_chunks(text: str, usage: tuple[int, int], model: str) -> Iterable[dict[str, Any]]:
    response_id = uuid.uuid4().hex[:20]
    pieces = _pieces(text)
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        candidate: dict[str, Any] = {"content": {"parts": [{"text": piece}], "role": "model"}, "index": 0}
        if last:
            candidate["finishReason"] = "STOP"
        # Like the real API: early chunks report the prompt only, the last one the totals.
        meta = _gemini_usage(usage) if last else {"promptTokenCount": usage[0], "totalTokenCount": usage[0]}
        yield {"candidates": [candidate], "usageMetadata": meta, "modelVersion": model, "responseId": response_id}


def _models_list(gemini: bool) -> dict[str, Any]:
    if gemini:
        return {"models": [{"name": "models/gemini-fake", "displayName": "Gemini Fake",
                            "supportedGenerationMethods": ["generateContent"]}]}
    return {"object": "list", "data": [{"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"}]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake OpenAI/Azure/Gemini server for tests and benchmarks.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    parser.add_argument("--rpm", type=int, default=None, help="answer at most this many requests a minute (429)")
    parser.add_argument("--window", type=float, default=60.0, help="the --rpm window in seconds (default 60)")
    parser.add_argument("--first-post-file", help="write the time.time() of the first POST to this file")
    args = parser.parse_args(argv)
    server = FakeLLMServer(port=args.port, delay=args.delay, rpm=args.rpm, window_s=args.window)
    server.first_post_file = args.first_post_file
    print(server.port, flush=True)
    try:
        server._httpd.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


if __name__ == "__main__":
    main()


def _parse_transcription(raw: bytes, content_type: str) -> dict[str, Any]:
    """A multipart/form-data upload as OpenAI's /audio/transcriptions takes it: the form fields, and the
    file's name and bytes. A request without the file or the model is parsed with `valid` False."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    fields: dict[str, str] = {}
    file_name, file_bytes = None, b""
    if message.is_multipart():
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename() is not None:
                file_name, file_bytes = part.get_filename(), part.get_payload(decode=True) or b""
            elif name:
                fields[str(name)] = (part.get_payload(decode=True) or b"").decode()
    return {"model": fields.get("model", ""), "fields": fields, "file_name": file_name, "file_bytes": file_bytes,
            "prompt": "", "json": False, "stream": False,
            "valid": bool(file_name and file_bytes and fields.get("model"))}


def _transcription(parsed: dict[str, Any], text: str | None) -> dict[str, Any]:
    """whisper-1 answers verbose_json (duration, language by name); the gpt-4o transcribe models json with
    a duration usage. The duration is the WAV's own when the upload is a WAV, else 1 s per 16 kB."""
    import io
    import wave

    data = parsed.get("file_bytes") or b""
    try:
        with wave.open(io.BytesIO(data)) as clip:
            seconds = clip.getnframes() / clip.getframerate()
    except (wave.Error, EOFError):
        seconds = len(data) / 16_000
    words = text if text is not None else TRANSCRIPT_TEXT
    if parsed["fields"].get("response_format") == "verbose_json":
        return {"task": "transcribe", "language": "english", "duration": seconds, "text": words, "segments": []}
    return {"text": words, "usage": {"type": "duration", "seconds": round(seconds)}}
