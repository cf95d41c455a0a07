"""The provider contract: small on purpose.

A provider turns one ProviderRequest into one ProviderResponse (or streams it), translating its SDK's
exceptions into ProviderError. Retries, timeouts policy, circuit breaker, cache, quotas and the ledger
all live around providers (huntaze_cli.core), never inside them. SDKs are imported inside the provider
module's functions, so importing this module costs nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal, Protocol

ErrorKind = Literal[
    "timeout",        # request exceeded its timeout: retryable
    "network",        # connection refused/reset, DNS...: retryable
    "server",         # 5xx: retryable
    "rate_limit",     # 429: retryable, honour retry_after
    "auth",           # 401/403 or missing credentials: not retryable, exit 6 if nothing else answers
    "bad_request",    # 400/404/422...: not retryable
    "invalid_output",  # the model's output did not match the schema (after the repair attempt)
    "incomplete",     # a stream ended without its end marker (finish reason): retryable, billed as received
]

RETRYABLE_KINDS: frozenset[str] = frozenset({"timeout", "network", "server", "rate_limit", "incomplete"})


@dataclass(frozen=True)
class RateHeaders:
    """What a provider said about its per-key limit on one answer (OpenAI's `x-ratelimit-*` headers): the
    requests and tokens left in its window, and the seconds until the requests' window has room again."""

    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    reset_requests_s: float | None = None


class ProviderError(Exception):
    """A failed attempt. What it may have been billed travels with it: the usage an error body reported
    (`usage`, (input, output)), and the text a stream delivered before it broke (`partial_text`)."""

    def __init__(self, kind: ErrorKind, message: str, *, status: int | None = None,
                 retry_after: float | None = None, provider: str = "", usage: tuple[int, int] | None = None,
                 partial_text: str = "", rate: RateHeaders | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.provider = provider
        self.usage = usage
        self.partial_text = partial_text
        self.rate = rate

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE_KINDS


class StopStream(Exception):
    """Raised by a stream's on_text to end it early (core/stream_guard.py: a looping or overlong answer).
    The provider closes the stream (which stops the server generating) and returns what arrived."""

    def __init__(self, reason: str, kept: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kept = kept  # the text worth keeping (the loop cut off); None: everything that arrived


@dataclass(frozen=True)
class ImagePart:
    """A photo as a provider receives it: already stripped of metadata and resized (images/send.py)."""

    data: bytes
    mime: str
    width: int
    height: int

    def __repr__(self) -> str:  # never the bytes in a log or an error
        return f"ImagePart({self.mime}, {self.width}x{self.height}, {len(self.data)} bytes)"


@dataclass(kw_only=True)
class ProviderRequest:
    """What a provider is asked: one home for these fields (core.runner's AICall extends it)."""

    model: str
    prompt: str
    system: str | None = None
    temperature: float = 0.7
    max_output_tokens: int = 512
    # When set, ask for JSON matching this JSON schema (native structured output where the provider has it,
    # JSON mode otherwise). The caller validates; the provider only returns text.
    json_schema: dict[str, Any] | None = None
    schema_name: str = "output"
    image: ImagePart | None = None
    # The most input tokens `image` can be billed (images/tokens.py): counted in the reservation's bound.
    image_tokens: int = 0
    timeout_s: float = 30.0
    # The attempt's total deadline (time.monotonic()), covering every read: see providers.deadline.
    deadline: float | None = None
    # Extra conversation turns before `prompt` (used for the one repair attempt): [{"role", "content"}].
    history: list[dict[str, str]] = field(default_factory=list)
    # How to ask for JSON on a local server (providers/structured.py); None: try json_schema first.
    structured_mode: str | None = None


@dataclass
class ProviderResponse:
    text: str
    input_tokens: int
    output_tokens: int
    model: str
    finish_reason: str | None = None
    # The structured mode a local server answered in (json_schema, or json_object after a rejection).
    structured_mode: str | None = None
    # False when the provider sent no usage (e.g. a stream without its usage chunk): the caller estimates.
    usage_reported: bool = True
    rate: RateHeaders | None = None   # the provider's x-ratelimit-* headers, when it sent them


@dataclass
class ProviderSettings:
    """What a provider needs to build its client. Never logged: it holds the key."""

    name: str                  # openai | azure | gemini | local
    api_key: str | None = None
    base_url: str | None = None
    # azure
    endpoint: str | None = None
    api_version: str | None = None
    # gemini on Vertex AI
    vertexai: bool = False
    project: str | None = None
    location: str | None = None

    def __repr__(self) -> str:  # keep keys out of any accidental repr/log
        key = "set" if self.api_key else "missing"
        return f"ProviderSettings(name={self.name!r}, base_url={self.base_url!r}, key={key})"


def breaker_key(settings: ProviderSettings) -> str:
    """Circuit breakers are per provider and server: two local model servers never share one."""
    url = settings.base_url or settings.endpoint
    return f"{settings.name} {url}" if url else settings.name


class Provider(Protocol):
    name: str

    def connect(self) -> None:
        """Build the SDK client (imports included) ahead of the first attempt. Raises ProviderError."""
        ...

    def complete(self, request: ProviderRequest) -> ProviderResponse:
        """One non-streamed call. Raises ProviderError."""
        ...

    def stream(self, request: ProviderRequest, on_text: Callable[[str], None]) -> ProviderResponse:
        """Streamed call: on_text receives each text delta as it arrives; returns the whole text and the
        usage reported by the stream. Raises ProviderError."""
        ...


# ---- helpers shared by the SDK-backed providers (pure stdlib, so importing stays free) --------------
class ConnectsAhead:
    """The lazy SDK client of a provider that defines `_build_client()` and `_translate(exc)`: one client per
    provider instance (its connection pool reused across calls and threads), built under a lock on first
    use, and by `connect()` ahead of the first attempt so that the SDK import is not charged to its deadline."""

    def __init__(self) -> None:
        self._client: Any = None
        self._client_lock = threading.Lock()

    def _build_client(self) -> Any:
        raise NotImplementedError

    def _translate(self, exc: Exception) -> ProviderError:
        raise NotImplementedError

    def _get_client(self) -> Any:
        with self._client_lock:
            if self._client is None:
                self._client = self._build_client()
            return self._client

    def connect(self) -> None:
        """Raises ProviderError when the client cannot be built (missing credentials)."""
        try:
            self._get_client()
        except ProviderError:
            raise
        except Exception as exc:
            raise self._translate(exc) from None


def stopped_response(request: ProviderRequest, stop: StopStream, parts: list[str], input_tokens: int,
                     output_tokens: int, model: str) -> ProviderResponse:
    """A stream the caller stopped: the usage chunk never came, so count one token per delta received
    (llama.cpp streams one token a delta) and estimate the prompt when the server said nothing."""
    text = stop.kept if stop.kept is not None else "".join(parts)
    prompt_estimate = sum(len(t) for t in (request.system or "", request.prompt)) // 3 + 16
    return ProviderResponse(text, input_tokens or prompt_estimate, max(output_tokens, len(parts)), model,
                            finish_reason="stopped", usage_reported=bool(input_tokens))


def redact_secrets(text: str, *secrets: str | None) -> str:
    """Remove API keys (whole, unprefixed or in fragments) from a message; keep it short (redaction.py)."""
    from huntaze_cli.redaction import redact_message

    return redact_message(text, *secrets)


def parse_retry_after(headers: Any, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date, counted from `now`,
    the current time unless given); None if absent."""
    if headers is None:
        return None
    get = getattr(headers, "get", None)
    if get is None:
        return None
    millis = get("retry-after-ms") or get("Retry-After-Ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = get("retry-after") or get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils  # an HTTP date is rare; the import is ~6 ms of every command that loads this module

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_S = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def _duration_s(value: str) -> float | None:
    """OpenAI's reset durations: "1s", "6m0s", "20ms", "1h2m3.5s"; None when unreadable."""
    value = value.strip()
    parts = _DURATION_PART.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        try:
            return max(0.0, float(value))
        except ValueError:
            return None
    return sum(float(n) * _UNIT_S[u] for n, u in parts)


def parse_rate_headers(headers: Any) -> RateHeaders | None:
    """The `x-ratelimit-remaining-requests`, `-remaining-tokens` and `-reset-requests` headers; None if
    none of them was sent (or readable)."""
    get = getattr(headers, "get", None)
    if get is None:
        return None

    def number(name: str) -> int | None:
        raw = get(name)
        try:
            return max(0, int(float(raw))) if raw is not None else None
        except ValueError:
            return None

    reset = get("x-ratelimit-reset-requests")
    found = RateHeaders(number("x-ratelimit-remaining-requests"), number("x-ratelimit-remaining-tokens"),
                        _duration_s(reset) if reset is not None else None)
    return found if found != RateHeaders() else None
