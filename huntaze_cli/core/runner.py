"""The request pipeline every AI command goes through.

For each route of the feature's chain: cache → credentials → circuit breaker → atomic quota/rate
reservation → provider call under the retry policy (with one repair attempt for invalid structured
output) → settle the real cost in the ledger. A provider that fails hands over to the next route; the
chain ends on the rules engine where the feature has one. Quota and rate refusals stop the chain: they
are the creator's limits, not a provider's.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from huntaze_cli.config import Route
from huntaze_cli.core.local import queue_timeout, remember_mode, remembered_mode, request_timeout
from huntaze_cli.core.session import Session
from huntaze_cli.errors import ConfigError, HuntazeError, ProviderFailure, QuotaExceeded, RateLimited
from huntaze_cli.providers.base import ProviderError, ProviderRequest, ProviderResponse

# Breaker counts failures that say "this provider is unwell", not "this request was wrong".
_BREAKER_KINDS = frozenset({"timeout", "network", "server", "rate_limit"})


class InvalidOutput(ValueError):
    """Raised by a validator: the model's text does not match the schema."""


@dataclass
class AICall:
    feature: str
    prompt: str
    system: str | None = None
    temperature: float = 0.7
    max_output_tokens: int = 512
    json_schema: dict[str, Any] | None = None
    schema_name: str = "output"
    image_path: str | None = None
    # Turns the model's text into the command's value; raises InvalidOutput (message sent back once).
    validate: Callable[[str], Any] | None = None
    # The offline answer; None where the feature has none (test-prompt).
    rules: Callable[[], Any] | None = None
    on_text: Callable[[str], None] | None = None   # streaming sink
    batch_key: str | None = None
    # What makes two requests identical for the cache, beyond the prompt (e.g. agent name).
    cache_extra: str = ""


@dataclass
class AIResult:
    value: Any
    text: str
    provider: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = 0.0
    cached: bool = False
    usage_id: int | None = None
    providers_tried: list[dict[str, Any]] = field(default_factory=list)

    def meta(self) -> dict[str, Any]:
        return {"provider": self.provider, "model": self.model,
                "usage": {"inputTokens": self.input_tokens, "outputTokens": self.output_tokens},
                "costUsd": self.cost_usd, "cached": self.cached, "unpriced": self.cost_usd is None,
                "providersTried": self.providers_tried}


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cache_key(creator_id: int, route: Route, call: AICall) -> str:
    material = json.dumps([creator_id, call.feature, route.provider, route.model, _normalize(call.system or ""),
                           _normalize(call.prompt), call.temperature, call.max_output_tokens,
                           call.schema_name if call.json_schema else None, call.image_path, call.cache_extra],
                          ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


def run(session: Session, call: AICall, *, creator_name: str | None = None, provider: str | None = None,
        model: str | None = None, base_url: str | None = None, no_cache: bool = False) -> AIResult:
    from huntaze_cli.providers.registry import has_credentials

    settings = session.settings
    ledger = session.ledger
    # Resolve the route before the creator: a bad --provider must not create the `default` creator.
    chain = settings.chain(call.feature, provider=provider, model=model, base_url=base_url)
    creator = session.creator(creator_name)
    tried: list[dict[str, Any]] = []
    failures: list[ProviderError] = []
    request_json = json.dumps({"system": call.system, "prompt": call.prompt, "temperature": call.temperature,
                               "maxOutputTokens": call.max_output_tokens, "schema": call.schema_name
                               if call.json_schema else None}, ensure_ascii=False)

    for route in chain:
        started = time.perf_counter()
        if route.provider == "rules":
            if call.rules is None:
                continue
            value = call.rules()
            tried.append({"provider": "rules", "outcome": "ok"})
            usage_id = ledger.record(
                creator.name, feature=call.feature, provider="rules", model="rules", status="ok", cached=False,
                latency_ms=_ms(started), correlation_id=session.request_id,
                providers_tried=_tried_text(tried), request_json=request_json,
                response_json=_dump(value), batch_key=call.batch_key)
            return AIResult(value, _dump(value), "rules", "rules", usage_id=usage_id, providers_tried=tried)

        key = cache_key(creator.id, route, call)
        if not no_cache:
            hit = ledger.cache_get(key)
            if hit is not None:
                try:
                    value = call.validate(hit) if call.validate else hit
                except InvalidOutput:
                    value = None
                if value is not None:
                    tried.append({"provider": route.provider, "outcome": "cached"})
                    usage_id = ledger.record(
                        creator.name, feature=call.feature, provider=route.provider, model=route.model, status="ok",
                        cached=True, latency_ms=_ms(started), correlation_id=session.request_id,
                        providers_tried=_tried_text(tried), request_json=request_json, response_json=hit,
                        batch_key=call.batch_key)
                    if call.on_text and not call.json_schema:
                        call.on_text(hit)
                    return AIResult(value, hit, route.provider, route.model, cached=True, usage_id=usage_id,
                                    providers_tried=tried)

        psettings = settings.provider_settings(route.provider, base_url if route.provider != "rules" else None)
        if not has_credentials(psettings):
            tried.append({"provider": route.provider, "outcome": "no_credentials"})
            continue
        breaker = ledger.breaker_get(route.provider)
        healthy = breaker.state == "closed" and breaker.consecutive_failures == 0
        if breaker.state != "closed" and not ledger.breaker_allow(route.provider,
                                                                  cooldown_s=settings.file.breaker.cooldown_s):
            tried.append({"provider": route.provider, "outcome": "breaker_open"})
            continue

        usage_id = _reserve(session, creator, call, route, request_json)
        try:
            response, value = _call_provider(session, psettings, route, call)
        except ProviderError as exc:
            failures.append(exc)
            tried.append({"provider": route.provider, "outcome": exc.kind, "error": exc.message})
            ledger.settle(usage_id, status="error", input_tokens=0, output_tokens=0, cost_usd=0.0,
                          latency_ms=_ms(started), error_code=_error_code(exc), providers_tried=_tried_text(tried))
            if exc.kind in _BREAKER_KINDS and not queue_timeout(route.provider, exc) and ledger.breaker_failure(
                    route.provider, threshold=settings.file.breaker.failure_threshold):
                session.emit("breaker.opened", {"provider": route.provider, "error": exc.message})
            session.emit("request.failed", {"creator": creator.name, "feature": call.feature,
                                            "provider": route.provider, "model": route.model,
                                            "errorKind": exc.kind, "error": exc.message})
            continue

        from huntaze_cli.pricing import cost_usd

        if not healthy:  # a write per request only when there is something to reset
            ledger.breaker_success(route.provider)
        cost = cost_usd(settings, route.provider, route.model, response.input_tokens, response.output_tokens)
        tried.append({"provider": route.provider, "outcome": "ok"})
        ledger.settle(usage_id, status="ok", input_tokens=response.input_tokens,
                      output_tokens=response.output_tokens, cost_usd=cost, latency_ms=_ms(started),
                      provider=route.provider, model=route.model, response_json=response.text,
                      providers_tried=_tried_text(tried))
        if settings.file.cache.ttl_s > 0 and not no_cache:
            ledger.cache_put(key, creator_id=creator.id, feature=call.feature, provider=route.provider,
                             model=route.model, payload=response.text, ttl_s=settings.file.cache.ttl_s)
        _check_thresholds(session, creator)
        return AIResult(value, response.text, route.provider, route.model, response.input_tokens,
                        response.output_tokens, cost, usage_id=usage_id, providers_tried=tried)

    raise _chain_failure(call.feature, chain, tried, failures)


def _reserve(session: Session, creator: Any, call: AICall, route: Route, request_json: str) -> int:
    from huntaze_cli.pricing import estimate_input_tokens, max_cost_usd

    est_in = estimate_input_tokens(call.system or "", call.prompt)
    reserve = max_cost_usd(session.settings, route.provider, route.model, est_in, call.max_output_tokens)
    try:
        return session.ledger.reserve(creator.name, feature=call.feature, provider=route.provider, model=route.model,
                                      reserve_usd=reserve, correlation_id=session.request_id,
                                      request_json=request_json, batch_key=call.batch_key)
    except RateLimited as exc:
        session.emit("rate.limited", {"creator": creator.name, "feature": call.feature, **exc.metadata})
        raise
    except QuotaExceeded as exc:
        session.emit("quota.exceeded", {"creator": creator.name, "feature": call.feature, **exc.metadata})
        raise


def _check_thresholds(session: Session, creator: Any) -> None:
    """quota.threshold fires once per creator, month and threshold, whatever the number of processes."""
    from huntaze_cli.core.hooks import hook_threshold

    # The request has already succeeded and been settled: a ledger hiccup here must not turn it into a failure.
    try:
        hooks = session.hooks("quota.threshold")
        if not hooks:
            return
        status = session.ledger.quota_status(creator.name)
        if not status.monthly_usd:
            return
        percent = 100.0 * status.spend_month_usd / status.monthly_usd
        month = datetime.now(timezone.utc).strftime("%Y-%m")
        crossed = [t for t in sorted({hook_threshold(h) for h in hooks})
                   if percent >= t and session.ledger.claim_threshold(creator.id, month, "quota.threshold", t)]
    except HuntazeError:
        return
    for threshold in crossed:
        session.emit("quota.threshold", {"creator": creator.name, "threshold": threshold,
                                         "percent": round(percent, 2), "spendUsd": round(status.spend_month_usd, 6),
                                         "monthlyUsd": status.monthly_usd, "month": month})


def _call_provider(session: Session, psettings: Any, route: Route, call: AICall) -> tuple[ProviderResponse, Any]:
    from huntaze_cli.core.resilience import RetryPolicy, call_with_retry

    provider = _provider_for(psettings)
    policy = RetryPolicy.from_config(session.settings.file.retry)
    request = ProviderRequest(model=route.model, prompt=call.prompt, system=call.system,
                              temperature=call.temperature, max_output_tokens=call.max_output_tokens,
                              json_schema=call.json_schema, schema_name=call.schema_name,
                              image_path=call.image_path, timeout_s=request_timeout(session.settings, route.provider),
                              structured_mode=remembered_mode(session, psettings) if call.json_schema else None)
    emitted = False

    def sink(chunk: str) -> None:
        nonlocal emitted
        emitted = True
        assert call.on_text is not None
        call.on_text(chunk)

    def once(req: ProviderRequest) -> ProviderResponse:
        if call.on_text and not call.json_schema:
            return provider.stream(req, sink)
        return provider.complete(req)

    # Once text has reached the user, a retry would print it twice: only retry clean failures.
    response = call_with_retry(lambda: once(request), policy,
                               should_retry=lambda e: not emitted and not queue_timeout(route.provider, e))
    remember_mode(session, psettings, request.structured_mode, response)
    if call.validate is None:
        return response, response.text
    cut = call.json_schema is not None and response.finish_reason == "length"
    try:
        if cut:
            raise InvalidOutput(f"the answer was cut off at {request.max_output_tokens} tokens")
        return response, call.validate(response.text)
    except InvalidOutput as first:
        # A cut-off answer is asked again with room to finish; any other invalid answer is sent back once.
        repair = ProviderRequest(**{**request.__dict__, "max_output_tokens": request.max_output_tokens * 2,
                                    "structured_mode": response.structured_mode or request.structured_mode}) if cut \
            else ProviderRequest(
            **{**request.__dict__, "history": [{"role": "user", "content": call.prompt},
                                               {"role": "assistant", "content": response.text}],
               "structured_mode": response.structured_mode or request.structured_mode,
               "prompt": f"Your previous answer was invalid: {first}. Answer again with only a JSON object "
                         f"that matches the schema."})
        second = call_with_retry(lambda: provider.complete(repair), policy,
                                 should_retry=lambda e: not queue_timeout(route.provider, e))
        total = ProviderResponse(second.text, response.input_tokens + second.input_tokens,
                                 response.output_tokens + second.output_tokens, second.model)
        try:
            if call.json_schema is not None and second.finish_reason == "length":
                raise InvalidOutput(f"the answer was cut off at {repair.max_output_tokens} tokens")
            return total, call.validate(second.text)
        except InvalidOutput as again:
            raise ProviderError("invalid_output", f"{route.provider} returned output that does not match the "
                                f"{call.schema_name} schema, even after a repair attempt ({again})",
                                provider=route.provider) from again


_providers: dict[tuple[Any, ...], Any] = {}
_providers_lock = threading.Lock()


def _provider_for(psettings: Any) -> Any:
    """One provider (and so one SDK client and connection pool) per configuration, shared by threads."""
    from huntaze_cli.providers.registry import build_provider

    key = (psettings.name, psettings.api_key, psettings.base_url, psettings.endpoint, psettings.api_version,
           psettings.vertexai, psettings.project, psettings.location)
    with _providers_lock:
        if key not in _providers:
            _providers[key] = build_provider(psettings)
        return _providers[key]


def _chain_failure(feature: str, chain: list[Route], tried: list[dict[str, Any]],
                   failures: list[ProviderError]) -> HuntazeError:
    from huntaze_cli.providers.registry import credential_hint

    meta: dict[str, Any] = {"providersTried": tried}
    if not failures:
        if any(t["outcome"] == "breaker_open" for t in tried):
            names = ", ".join(t["provider"] for t in tried if t["outcome"] == "breaker_open")
            return ProviderFailure(f"No provider could answer `{feature}`: the circuit breaker is open for "
                                   f"{names} after repeated failures; retry in a minute or check "
                                   "`huntaze providers`.", code="BREAKER_OPEN", metadata=meta)
        return ConfigError(f"No provider is configured for `{feature}`: {credential_hint_for(chain)}.",
                           code="NO_PROVIDER", metadata=meta)
    last = failures[-1]
    if all(f.kind == "auth" for f in failures):
        return ConfigError(f"{last.provider} rejected the credentials ({last.message}); check the API key "
                           f"({credential_hint(last.provider)}).", code="AUTH_FAILED", metadata=meta)
    if last.kind == "invalid_output":
        return ProviderFailure(f"{last.message}; retry, or use another --model.", code="INVALID_OUTPUT",
                               metadata=meta)
    names = ", ".join(dict.fromkeys(f.provider for f in failures))
    return ProviderFailure(f"Every provider failed for `{feature}` ({names}); last error: {last.message}. "
                           "Retry later or check `huntaze providers check`.", metadata=meta)


_ENV_HINTS = {"openai": "OPENAI_API_KEY", "gemini": "GEMINI_API_KEY (or GOOGLE_API_KEY)",
              "azure": "AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT"}


def credential_hint_for(chain: list[Route]) -> str:
    """One clause naming every env var that would make this chain work, and the local-server way out."""
    names = [_ENV_HINTS[r.provider] for r in chain if r.provider in _ENV_HINTS]
    keys = " or ".join(dict.fromkeys(names))
    local = "pass --base-url URL for a local OpenAI-compatible server (Ollama, vLLM, llama.cpp)"
    return f"set {keys}, or {local}" if keys else local


def _error_code(exc: ProviderError) -> str:
    return {"timeout": "TIMEOUT", "network": "NETWORK_ERROR", "server": "SERVER_ERROR",
            "rate_limit": "PROVIDER_RATE_LIMITED", "auth": "AUTH_FAILED", "bad_request": "BAD_REQUEST",
            "invalid_output": "INVALID_OUTPUT"}.get(exc.kind, "PROVIDER_ERROR")


def _tried_text(tried: list[dict[str, Any]]) -> str:
    return ",".join(f"{t['provider']}:{t['outcome']}" for t in tried)


def _dump(value: Any) -> str:
    if isinstance(value, str):
        return value
    if hasattr(value, "model_dump_json"):
        return value.model_dump_json(by_alias=True)
    return json.dumps(value, ensure_ascii=False, default=str)


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
