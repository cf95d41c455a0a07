"""OpenAI, Azure OpenAI and local OpenAI-compatible servers, through the official `openai` SDK.

One chat-completions call per method; the SDK's own retries are off (max_retries=0) so the core's policy
is the only one. The SDK is imported when the first client is built, never at module import.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from huntaze_cli.providers.base import (
    ConnectsAhead,
    ErrorKind,
    ImagePart,
    ProviderError,
    ProviderRequest,
    ProviderResponse,
    ProviderSettings,
    StopStream,
    parse_rate_headers,
    parse_retry_after,
    redact_secrets,
    stopped_response,
)
from huntaze_cli.providers.deadline import attempt_deadline, remaining_s
from huntaze_cli.providers.deadline import transport as deadline_transport
from huntaze_cli.providers.known import DEFAULT_LOCAL_BASE_URL
from huntaze_cli.providers.structured import (
    JSON_OBJECT,
    JSON_SCHEMA,
    LOCAL_SAMPLERS,
    MODES,
    is_format_rejection,
    response_format,
    schema_note,
    strict_compatible,
    strict_schema,
)
from huntaze_cli.providers.transcription import TranscriptionRequest, TranscriptionResponse

DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
# Current GA data-plane version; it supports json_schema structured outputs and stream usage.
DEFAULT_AZURE_API_VERSION = "2024-10-21"
# Local servers ignore the key, but the SDK insists on one; never fall back to OPENAI_API_KEY there.
LOCAL_PLACEHOLDER_KEY = "huntaze-local"

# The SDK's own switch (openai._constants.RAW_RESPONSE_HEADER), as `.with_raw_response` sets it.
_RAW_HEADER = "X-Stainless-Raw-Response"
_LABELS = {"openai": "OpenAI", "azure": "Azure OpenAI", "local": "the local model server"}


class OpenAICompatibleProvider(ConnectsAhead):
    """Serves the `openai`, `azure` and `local` provider names."""

    def __init__(self, settings: ProviderSettings) -> None:
        if settings.name not in _LABELS:
            raise ValueError(f"OpenAICompatibleProvider cannot serve provider {settings.name!r}")
        self.name = settings.name
        super().__init__()
        self._settings = settings

    def __repr__(self) -> str:
        return f"OpenAICompatibleProvider({self._settings!r})"

    # ---- public API ------------------------------------------------------------------------------
    def complete(self, request: ProviderRequest) -> ProviderResponse:
        mode = self._mode(request)
        try:
            return self._complete(request, mode, samplers=self.name == "local")
        except ProviderError as exc:
            # A local server that refuses json_schema (or llama.cpp's sampler fields) gets one retry in
            # JSON mode with the schema in the prompt; the response says so, and the caller remembers it.
            if self.name != "local" or exc.kind not in ("bad_request", "server") \
                    or not is_format_rejection(exc.status, exc.message):
                raise
            return self._complete(request, JSON_OBJECT if mode else None, samplers=False)

    def _complete(self, request: ProviderRequest, mode: str | None, *, samplers: bool) -> ProviderResponse:
        try:
            from openai.types.chat import ChatCompletion

            # The SDK's own client.post, as chat.completions.create uses it, minus the recursive TypedDict
            # transform of our already-plain JSON params (~1 ms of CPU a request, a batch's bottleneck).
            # Same auth, URL (Azure deployments included), timeout and errors; the body is read as JSON.
            params = self._params(request, mode, samplers=samplers)
            timeout = remaining_s(request.deadline, params.pop("timeout"))
            body = {**params, **params.pop("extra_body", {})}
            with attempt_deadline(request.deadline):
                # The raw response (the SDK's with_raw_response header) for the x-ratelimit-* headers.
                raw = self._get_client().post("/chat/completions", body=body, cast_to=ChatCompletion,
                                              options={"timeout": timeout, "headers": {_RAW_HEADER: "true"}})
                fields = _completion_fields(raw.http_response.content)
                if fields is None:  # a body of another shape: the SDK's own parsing (and its errors)
                    fields = _parsed_fields(raw.parse())
            text, input_tokens, output_tokens, model, finish, usage_reported = fields
            return ProviderResponse(text=text, input_tokens=input_tokens, output_tokens=output_tokens,
                                    model=model or request.model, finish_reason=finish, structured_mode=mode,
                                    usage_reported=usage_reported, rate=parse_rate_headers(raw.headers))
        except ProviderError:
            raise
        except Exception as exc:
            raise self._translate(exc) from None

    def stream(self, request: ProviderRequest, on_text: Callable[[str], None]) -> ProviderResponse:
        params = self._params(request, self._mode(request), samplers=self.name == "local")
        params.update(stream=True, stream_options={"include_usage": True})
        params["timeout"] = remaining_s(request.deadline, params["timeout"])
        parts: list[str] = []
        usage: tuple[int, int] | None = None
        finish: str | None = None
        model = request.model
        try:
            with attempt_deadline(request.deadline), self._get_client().chat.completions.create(**params) as chunks:
                for chunk in chunks:
                    model = chunk.model or model
                    if chunk.usage is not None:  # the final chunk (include_usage) has no choices
                        usage = (chunk.usage.prompt_tokens or 0, chunk.usage.completion_tokens or 0)
                    for choice in chunk.choices:
                        finish = choice.finish_reason or finish
                        delta = choice.delta.content if choice.delta else None
                        if delta:
                            parts.append(delta)
                            call_back(on_text, delta)
        except CallbackError as exc:
            if isinstance(exc.original, StopStream):  # leaving the `with` closed the stream: the server stops
                return stopped_response(request, exc.original, parts, *(usage or (0, 0)), model)
            raise exc.original from None
        except ProviderError:
            raise
        except Exception as exc:
            error = self._translate(exc)
            error.partial_text, error.usage = "".join(parts), error.usage or usage
            raise error from None
        if finish is None:  # the connection closed before the end marker: a cut answer, not an answer
            raise ProviderError("incomplete", f"{_LABELS[self.name]} stopped streaming before the answer was "
                                "complete (no finish reason).", provider=self.name, usage=usage,
                                partial_text="".join(parts))
        return ProviderResponse("".join(parts), usage[0] if usage else 0, usage[1] if usage else 0, model,
                                finish_reason=finish, usage_reported=usage is not None)

    def transcribe(self, request: TranscriptionRequest) -> TranscriptionResponse:
        """One upload to the transcription endpoint (/audio/transcriptions; an Azure deployment's own)."""
        from huntaze_cli.providers.transcription import VERBOSE_MODELS, language_code

        verbose = request.model in VERBOSE_MODELS
        params: dict[str, Any] = {"model": request.model, "response_format": "verbose_json" if verbose else "json",
                                  "timeout": remaining_s(request.deadline, request.timeout_s)}
        if request.language:
            params["language"] = request.language
        try:
            with request.path.open("rb") as audio, attempt_deadline(request.deadline):
                result = self._get_client().audio.transcriptions.create(file=(request.path.name, audio), **params)
        except ProviderError:
            raise
        except OSError as exc:
            raise ProviderError("bad_request", f"Cannot read the voice note {request.path}: "
                                f"{exc.strerror or exc}.", provider=self.name) from None
        except Exception as exc:
            raise self._translate(exc) from None
        usage = getattr(result, "usage", None)
        seconds = getattr(usage, "seconds", None) if getattr(usage, "type", None) == "duration" else None
        if seconds is None and verbose:
            seconds = getattr(result, "duration", None)
        return TranscriptionResponse(text=(result.text or "").strip(), language=language_code(
            getattr(result, "language", None) or request.language), billed_seconds=seconds, model=request.model)

    # ---- client ----------------------------------------------------------------------------------
    def _build_client(self) -> Any:
        import openai
        from openai._constants import DEFAULT_CONNECTION_LIMITS

        s = self._settings
        # Our transport enforces each attempt's total deadline (see providers.deadline).

        http_client = openai.DefaultHttpxClient(transport=deadline_transport(limits=DEFAULT_CONNECTION_LIMITS))
        if self.name == "azure":
            if not s.endpoint:
                raise ProviderError("auth", "Azure OpenAI needs an endpoint (AZURE_OPENAI_ENDPOINT).",
                                    provider=self.name)
            if not s.api_key:
                raise ProviderError("auth", "Azure OpenAI needs an API key (AZURE_OPENAI_API_KEY).",
                                    provider=self.name)
            return openai.AzureOpenAI(api_key=s.api_key, azure_endpoint=s.endpoint,
                                      api_version=s.api_version or DEFAULT_AZURE_API_VERSION, max_retries=0,
                                      http_client=http_client)
        if self.name == "local":
            return openai.OpenAI(api_key=s.api_key or LOCAL_PLACEHOLDER_KEY,
                                 base_url=s.base_url or DEFAULT_LOCAL_BASE_URL, max_retries=0,
                                 http_client=http_client)
        if not s.api_key:
            raise ProviderError("auth", "OpenAI needs an API key (OPENAI_API_KEY).", provider=self.name)
        return openai.OpenAI(api_key=s.api_key, base_url=s.base_url or DEFAULT_OPENAI_BASE_URL, max_retries=0,
                             http_client=http_client)

    # ---- request ---------------------------------------------------------------------------------
    def _mode(self, request: ProviderRequest) -> str | None:
        if request.json_schema is None:
            return None
        if self.name == "local" and request.structured_mode in MODES:
            return request.structured_mode
        return JSON_SCHEMA

    def _params(self, request: ProviderRequest, mode: str | None, *, samplers: bool) -> dict[str, Any]:
        local = self.name == "local"
        system = request.system
        params: dict[str, Any] = {"model": request.model, "temperature": request.temperature,
                                  "timeout": request.timeout_s}
        # Hosted APIs deprecated max_tokens; Ollama/llama.cpp/vLLM still only read max_tokens.
        params["max_tokens" if local else "max_completion_tokens"] = request.max_output_tokens
        # Sent as-is through extra_body: the schema is already plain JSON, and the SDK's recursive
        # TypedDict transform of a deep schema costs ~1.5 ms of CPU per request (half of a batch item).
        extra: dict[str, Any] = dict(LOCAL_SAMPLERS) if samplers else {}
        if request.json_schema is not None and mode == JSON_OBJECT:
            extra["response_format"] = response_format(JSON_OBJECT, request.schema_name, request.json_schema,
                                                       strict=False)
            note = schema_note(request.json_schema)
            system = f"{system}\n\n{note}" if system else note
        elif request.json_schema is not None:
            schema, strict = request.json_schema, True
            if not local:
                strict = strict_compatible(schema)
                schema = strict_schema(schema) if strict else schema
            extra["response_format"] = response_format(JSON_SCHEMA, request.schema_name, schema, strict=strict)
        if extra:
            params["extra_body"] = extra
        messages: list[dict[str, Any]] = []
        if system:
            messages.append({"role": "system", "content": system})
        messages.extend({"role": turn["role"], "content": turn["content"]} for turn in request.history)
        messages.append({"role": "user", "content": self._user_content(request)})
        params["messages"] = messages
        return params

    def _user_content(self, request: ProviderRequest) -> str | list[dict[str, Any]]:
        if request.image is None:
            return request.prompt
        # The chat API's image part: a base64 data URL (no upload step; the same shape local servers read).
        return [{"type": "text", "text": request.prompt},
                {"type": "image_url", "image_url": {"url": image_data_url(request.image)}}]

    # ---- errors ----------------------------------------------------------------------------------
    def _server_url(self) -> str:
        """The URL the client called, without any user:password part, to name it in an error."""
        from urllib.parse import urlsplit, urlunsplit

        s = self._settings
        url = s.endpoint if self.name == "azure" else s.base_url or (
            DEFAULT_LOCAL_BASE_URL if self.name == "local" else DEFAULT_OPENAI_BASE_URL)
        parts = urlsplit(url or "")
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))

    def _translate(self, exc: Exception) -> ProviderError:
        import httpx2
        import openai

        label, key = _LABELS[self.name], self._settings.api_key

        def err(kind: ErrorKind, message: str, status: int | None = None, retry_after: float | None = None
                ) -> ProviderError:
            message = redact_secrets(message, key)
            return ProviderError(kind, message[:1].upper() + message[1:], status=status,
                                 retry_after=retry_after, provider=self.name, usage=_body_usage(exc))

        # Raised while a stream is read (the SDK wraps only the request): a deadline or a dropped connection.
        if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException):
            return err("timeout", f"{label} did not answer in time.")
        if isinstance(exc, httpx2.TransportError):
            return err("network", f"Lost the connection to {label}: {exc or type(exc).__name__}.")
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__ or exc.__context__
            return err("network", f"Could not reach {label} at {self._server_url()}: {str(cause or exc).rstrip('.')}")
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            detail = f"{label} returned HTTP {status}: {_api_message(exc)}"
            if status == 429:
                error = err("rate_limit", detail, status, parse_retry_after(exc.response.headers))
                error.rate = parse_rate_headers(exc.response.headers)
                return error
            if status == 408:
                return err("timeout", detail, status)
            if status >= 500:
                return err("server", detail, status)
            if status in (401, 403):
                return err("auth", detail, status)
            return err("bad_request", detail, status)
        if isinstance(exc, openai.APIError):  # an error event in the middle of a stream, or a garbled body
            return err("server", f"{label} failed: {exc.message}")
        if isinstance(exc, openai.OpenAIError):  # e.g. missing credentials while building the client
            return err("auth", f"{label} is not configured: {exc}")
        return err("bad_request", f"{label} request could not be sent: {type(exc).__name__}: {exc}")


# (text, input tokens, output tokens, model, finish reason, usage reported) of one chat completion.
_Fields = tuple[str, int, int, str | None, str | None, bool]


def _completion_fields(body: bytes) -> _Fields | None:
    """The fields we read, straight from the JSON body: building the SDK's ChatCompletion model costs ~0.3 ms
    of CPU a request, a batch's bottleneck. None when the body is not the usual shape (the SDK then parses it)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    choices, usage, model = data.get("choices") or [], data.get("usage"), data.get("model")
    if not isinstance(choices, list) or not isinstance(usage, dict | None) or not isinstance(model, str | None):
        return None
    if not choices:
        text, finish = None, None
    else:
        choice = choices[0]
        message = choice.get("message") if isinstance(choice, dict) else None
        if not isinstance(message, dict):
            return None
        text, finish = message.get("content"), choice.get("finish_reason")
    tokens = (usage.get("prompt_tokens"), usage.get("completion_tokens")) if usage is not None else (0, 0)
    if not isinstance(text, str | None) or not isinstance(finish, str | None) \
            or not all(isinstance(t, int | None) and not isinstance(t, bool) for t in tokens):
        return None
    return text or "", tokens[0] or 0, tokens[1] or 0, model, finish, usage is not None


def _parsed_fields(completion: Any) -> _Fields:
    """The same fields from the SDK's ChatCompletion."""
    choice = completion.choices[0] if completion.choices else None
    usage = completion.usage
    return ((choice.message.content or "") if choice else "", (usage.prompt_tokens or 0) if usage else 0,
            (usage.completion_tokens or 0) if usage else 0, completion.model,
            choice.finish_reason if choice else None, usage is not None)


class CallbackError(Exception):
    """Carries an exception raised by the caller's on_text, so it is not mistaken for a provider error."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def call_back(on_text: Callable[[str], None], text: str) -> None:
    try:
        on_text(text)
    except Exception as exc:
        raise CallbackError(exc) from exc


def _body_usage(exc: Exception) -> tuple[int, int] | None:
    """The usage an error body reported (a failed call some servers still bill), if any."""
    usage = None
    for body in (getattr(exc, "body", None), _response_json(exc)):  # the SDK keeps only body["error"]
        if isinstance(body, dict) and isinstance(body.get("usage"), dict):
            usage = body["usage"]
    if usage is None:
        return None
    try:
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
    except (TypeError, ValueError):
        return None


def _response_json(exc: Exception) -> Any:
    response = getattr(exc, "response", None)
    try:
        return response.json() if response is not None else None
    except Exception:  # not JSON, or a stream not read: no usage to find
        return None


def _api_message(exc: Exception) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return inner["message"]
    return str(getattr(exc, "message", "") or exc)


def image_data_url(image: ImagePart) -> str:
    return f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"


def import_sdk() -> None:
    """The modules `_build_client` imports, loaded ahead (providers.registry.import_sdk)."""
    import openai  # noqa: F401
    from openai._constants import DEFAULT_CONNECTION_LIMITS  # noqa: F401
