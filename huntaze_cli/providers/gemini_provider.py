"""Gemini (Gemini API or Vertex AI) through Google's `google-genai` SDK.

Exactly one HTTP request per call: the SDK's retries are pinned to one attempt and its automatic
"continuation" hops are off, so the core's retry policy and the ledger see every request. The SDK is
imported when the first client is built, never at module import.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from huntaze_cli.providers.base import (
    ConnectsAhead,
    ErrorKind,
    ProviderError,
    ProviderRequest,
    ProviderResponse,
    ProviderSettings,
    StopStream,
    parse_retry_after,
    redact_secrets,
    stopped_response,
)
from huntaze_cli.providers.deadline import attempt_deadline, remaining_s
from huntaze_cli.providers.deadline import transport as deadline_transport
from huntaze_cli.providers.openai_provider import CallbackError, call_back

if TYPE_CHECKING:  # the SDK itself is imported when the first client is built
    from google.genai import types as genai_types

# v1beta carries every feature we use (responseJsonSchema, systemInstruction); this SDK defaults to v1.
GEMINI_API_VERSION = "v1beta"
_LABEL = "Gemini"


class GeminiProvider(ConnectsAhead):
    name = "gemini"

    def __init__(self, settings: ProviderSettings) -> None:
        super().__init__()
        self._settings = settings

    def __repr__(self) -> str:
        return f"GeminiProvider({self._settings!r})"

    # ---- public API ------------------------------------------------------------------------------
    def complete(self, request: ProviderRequest) -> ProviderResponse:
        try:
            with attempt_deadline(request.deadline):
                response = self._get_client().models.generate_content(
                    model=request.model, contents=self._contents(request), config=self._config(request))
            input_tokens, output_tokens = _usage(response.usage_metadata)
            return ProviderResponse(response.text or "", input_tokens, output_tokens,
                                    response.model_version or request.model, finish_reason=_finish(response),
                                    usage_reported=response.usage_metadata is not None)
        except ProviderError:
            raise
        except Exception as exc:
            raise self._translate(exc) from None

    def stream(self, request: ProviderRequest, on_text: Callable[[str], None]) -> ProviderResponse:
        parts: list[str] = []
        usage: Any = None
        finish: str | None = None
        model = request.model
        try:
            with attempt_deadline(request.deadline):
                chunks = self._get_client().models.generate_content_stream(
                    model=request.model, contents=self._contents(request), config=self._config(request))
                for chunk in chunks:
                    # Each chunk may carry usage so far; the last one that does has the totals.
                    usage = chunk.usage_metadata or usage
                    model = chunk.model_version or model
                    finish = _finish(chunk) or finish
                    text = chunk.text
                    if text:
                        parts.append(text)
                        call_back(on_text, text)
        except CallbackError as exc:
            if isinstance(exc.original, StopStream):
                input_tokens, output_tokens = _usage(usage)
                return stopped_response(request, exc.original, parts, input_tokens, output_tokens, model)
            raise exc.original from None
        except ProviderError:
            raise
        except Exception as exc:
            error = self._translate(exc)
            error.partial_text = "".join(parts)
            error.usage = error.usage or (_usage(usage) if _has_output(usage) else None)
            raise error from None
        if finish is None:  # the connection closed before the last chunk: a cut answer, not an answer
            raise ProviderError("incomplete", f"{_LABEL} stopped streaming before the answer was complete (no "
                                "finish reason).", provider=self.name, partial_text="".join(parts),
                                usage=_usage(usage) if _has_output(usage) else None)
        input_tokens, output_tokens = _usage(usage)
        return ProviderResponse("".join(parts), input_tokens, output_tokens, model, finish_reason=finish,
                                usage_reported=_has_output(usage))

    # ---- client ----------------------------------------------------------------------------------
    def _build_client(self) -> Any:
        from google import genai
        from google.genai import types

        s = self._settings
        # Our transport enforces each attempt's total deadline (see providers.deadline).
        options = types.HttpOptions(base_url=s.base_url or None, retry_options=_one_attempt(types),
                                    client_args={"transport": deadline_transport()})
        if s.vertexai:
            if s.project:
                # location None lets the SDK use GOOGLE_CLOUD_LOCATION, then "global".
                return genai.Client(vertexai=True, project=s.project, location=s.location,
                                    http_options=options)
            if not s.api_key:
                raise ProviderError("auth", "Gemini on Vertex AI needs a project or an API key.",
                                    provider=self.name)
            return genai.Client(vertexai=True, api_key=s.api_key, http_options=options)
        if not s.api_key:
            raise ProviderError("auth", "Gemini needs an API key (GEMINI_API_KEY or GOOGLE_API_KEY).",
                                provider=self.name)
        options.api_version = GEMINI_API_VERSION
        # vertexai=False explicitly, so GOOGLE_GENAI_USE_VERTEXAI in the environment cannot reroute us.
        return genai.Client(vertexai=False, api_key=s.api_key, http_options=options)

    # ---- request ---------------------------------------------------------------------------------
    def _contents(self, request: ProviderRequest) -> list[Any]:
        from google.genai import types

        contents = [types.Content(role="model" if turn["role"] == "assistant" else "user",
                                  parts=[types.Part.from_text(text=turn["content"])])
                    for turn in request.history]
        parts = [types.Part.from_text(text=request.prompt)]
        if request.image is not None:  # inline bytes (under the 20 MB request limit: images/send.py resizes)
            parts.append(types.Part.from_bytes(data=request.image.data, mime_type=request.image.mime))
        contents.append(types.Content(role="user", parts=parts))
        return contents

    def _config(self, request: ProviderRequest) -> Any:
        from google.genai import types

        config = types.GenerateContentConfig(
            system_instruction=request.system or None,
            temperature=request.temperature,
            max_output_tokens=request.max_output_tokens,
            automatic_continuation=False,
            # Per-call timeout (milliseconds); retry pinned here too, since per-call options can override.
            http_options=types.HttpOptions(timeout=max(1, int(remaining_s(request.deadline, request.timeout_s)
                                                               * 1000)),
                                           retry_options=_one_attempt(types)),
        )
        if request.json_schema is not None:
            config.response_mime_type = "application/json"
            config.response_json_schema = request.json_schema
        return config

    # ---- errors ----------------------------------------------------------------------------------
    def _translate(self, exc: Exception) -> ProviderError:
        from google.genai import errors

        key = self._settings.api_key

        def err(kind: ErrorKind, message: str, status: int | None = None, retry_after: float | None = None
                ) -> ProviderError:
            message = redact_secrets(message, key)
            return ProviderError(kind, message[:1].upper() + message[1:], status=status,
                                 retry_after=retry_after, provider=self.name, usage=_error_usage(exc))

        if isinstance(exc, errors.APIError):
            status = exc.code if isinstance(exc.code, int) else None
            detail = f"{_LABEL} returned HTTP {status}: {exc.message or exc.status or 'no details'}"
            return err(_status_kind(status), detail, status, _retry_after(exc) if status == 429 else None)
        timeouts, transport = _transport_exceptions()
        if isinstance(exc, timeouts):
            return err("timeout", f"{_LABEL} did not answer in time.")
        if isinstance(exc, transport):
            return err("network", f"Could not reach {_LABEL}: {exc or type(exc).__name__}.")
        if isinstance(exc, errors.UnknownApiResponseError):
            return err("server", f"{_LABEL} sent an unreadable response.")
        auth_error = _google_auth_error()
        if auth_error is not None and isinstance(exc, auth_error):
            if type(exc).__name__ == "TransportError":  # token refresh could not reach Google
                return err("network", f"Could not reach Google to refresh {_LABEL} credentials: {exc}")
            return err("auth", f"{_LABEL} credentials are not usable: {exc}")
        if isinstance(exc, ValueError) and "key" in str(exc).lower():  # SDK refuses to build without a key
            return err("auth", f"{_LABEL} is not configured: {exc}")
        return err("bad_request", f"{_LABEL} request could not be sent: {type(exc).__name__}: {exc}")


def _status_kind(status: int | None) -> ErrorKind:
    """What an HTTP status from Gemini says about the attempt (no status: the SDK saw a server fault)."""
    if status == 429:
        return "rate_limit"
    if status == 408:
        return "timeout"
    if status is None or status >= 500:
        return "server"
    return "auth" if status in (401, 403) else "bad_request"


def _one_attempt(types: ModuleType) -> genai_types.HttpRetryOptions:
    # retry_options=None also means one attempt in this SDK, but an explicit 1 survives default changes.
    return types.HttpRetryOptions(attempts=1)


def _usage(meta: genai_types.GenerateContentResponseUsageMetadata | None) -> tuple[int, int]:
    if meta is None:
        return 0, 0
    # Thinking tokens are billed as output but are not in candidates_token_count.
    output = (meta.candidates_token_count or 0) + (meta.thoughts_token_count or 0)
    return meta.prompt_token_count or 0, output


def _has_output(meta: genai_types.GenerateContentResponseUsageMetadata | None) -> bool:
    """Usage with output totals (early stream chunks report the prompt only)."""
    return meta is not None and meta.candidates_token_count is not None


def _finish(response: genai_types.GenerateContentResponse) -> str | None:
    for candidate in getattr(response, "candidates", None) or []:
        if candidate.finish_reason is not None:
            return str(getattr(candidate.finish_reason, "value", candidate.finish_reason))
    return None


def _error_usage(exc: Exception) -> tuple[int, int] | None:
    """The usageMetadata an error body reported, if any."""
    details = getattr(exc, "details", None)
    meta = details.get("usageMetadata") if isinstance(details, dict) else None
    if not isinstance(meta, dict):
        return None
    try:
        output = int(meta.get("candidatesTokenCount") or 0) + int(meta.get("thoughtsTokenCount") or 0)
        return int(meta.get("promptTokenCount") or 0), output
    except (TypeError, ValueError):
        return None


_DELAY = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


def _retry_after(exc: Exception) -> float | None:
    """Retry-After header if present, else the google.rpc.RetryInfo `retryDelay` the Gemini API sends."""
    seconds = parse_retry_after(getattr(getattr(exc, "response", None), "headers", None))
    if seconds is not None:
        return seconds
    details = exc.details.get("error", exc.details) if isinstance(exc.details, dict) else {}
    for item in details.get("details", []) if isinstance(details, dict) else []:
        match = _DELAY.match(str(item.get("retryDelay", ""))) if isinstance(item, dict) else None
        if match:
            return float(match.group(1))
    return None


def _transport_exceptions() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """httpx2 (default) and httpx (GOOGLE_GENAI_HTTP_CLIENT=httpx) timeout and transport errors."""
    timeouts: list[type[BaseException]] = []
    transport: list[type[BaseException]] = [ConnectionError]
    for name in ("httpx2", "httpx"):
        module = sys.modules.get(name)
        if module is not None:
            timeouts.append(module.TimeoutException)
            transport.append(module.TransportError)
    return tuple(timeouts), tuple(transport)


def _google_auth_error() -> type[BaseException] | None:
    module = sys.modules.get("google.auth.exceptions")
    return getattr(module, "GoogleAuthError", None) if module is not None else None


def import_sdk() -> None:
    """The modules the client and its requests import, loaded ahead (providers.registry.import_sdk)."""
    from google import genai  # noqa: F401
    from google.genai import errors, types  # noqa: F401
