"""The request pipeline every AI command goes through.

For each route of the feature's chain: cache → credentials → circuit breaker (per provider and server) →
atomic quota/rate reservation of a true upper bound → provider call under the retry policy (with one
repair attempt for invalid structured output), each attempt under its own total deadline and all of them
under the request's → settle the real cost of every attempt in the ledger. Before any further billed
attempt the reservation is extended (refused at the cap like a new request); a try/finally settles the
row on every path, Ctrl-C and SIGTERM included. A provider that fails hands over to the next route; the
chain ends on the rules engine where the feature has one. Quota and rate refusals stop the chain: they
are the creator's limits, not a provider's.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from huntaze_cli.config.settings import Route
from huntaze_cli.core import interrupts
from huntaze_cli.core.context import RequestContext
from huntaze_cli.core.local import queue_timeout, remember_mode, remembered_mode, request_timeout
from huntaze_cli.errors import ConfigError, HuntazeError, ProviderFailure, QuotaExceeded, RateLimited
from huntaze_cli.providers.base import (
    ImagePart,
    Provider,
    ProviderError,
    ProviderRequest,
    ProviderResponse,
    ProviderSettings,
)

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.core.resilience import RetryPolicy
    from huntaze_cli.ledger.records import BreakerState, Creator

# Breaker counts failures that say "this provider is unwell", not "this request was wrong".
_BREAKER_KINDS = frozenset({"timeout", "network", "server", "rate_limit", "incomplete"})


class _PaceTimeout(ProviderError):
    """Our own pacing under a provider's rpm/tpm ran out of request time: the provider did not fail."""


class InvalidOutput(ValueError):
    """Raised by a validator: the model's text does not match the schema."""


@dataclass(kw_only=True)
class AICall(ProviderRequest):
    """One request as a command asks it: what the provider is asked (ProviderRequest's fields; the model,
    timeout and deadline are set per route and attempt) and what only the pipeline uses."""

    model: str = ""  # the route's model replaces it
    feature: str
    # The photo to send (a command's --image); `image` then holds its stripped, resized copy, made once.
    image_path: str | None = None
    # Turns the model's text into the command's value; raises InvalidOutput (message sent back once).
    validate: Callable[[str], Any] | None = None
    # The offline answer; None where the feature has none (test-prompt).
    rules: Callable[[], Any] | None = None
    on_text: Callable[[str], None] | None = None   # streaming sink
    batch_key: str | None = None
    # What makes two requests identical for the cache, beyond the prompt (e.g. agent name).
    cache_extra: str = ""
    # Builds json_schema on the first model route: an answer by the rules engine alone never needs it, and
    # pydantic's JSON schema generation is ~6 ms of a command's start-up.
    schema_factory: Callable[[], dict[str, Any]] | None = None

    def structured(self) -> bool:
        """Whether the model is asked for JSON (json_schema set, or to be built)."""
        return self.json_schema is not None or self.schema_factory is not None

    def build_schema(self) -> None:
        if self.json_schema is None and self.schema_factory is not None:
            self.json_schema = self.schema_factory()


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
    # True when a provider failed and a later link of the chain answered.
    fallback: bool = False

    def meta(self) -> dict[str, Any]:
        return {"provider": self.provider, "model": self.model,
                "usage": {"inputTokens": self.input_tokens, "outputTokens": self.output_tokens},
                "costUsd": self.cost_usd, "cached": self.cached, "unpriced": self.cost_usd is None,
                "fallback": self.fallback, "providersTried": self.providers_tried}


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cache_key(creator_id: int, route: Route, call: AICall, base_url: str | None = None) -> str:
    """Two servers behind one provider name (two local models) never answer for each other."""
    material = json.dumps([creator_id, call.feature, route.provider, route.model, base_url,
                           _normalize(call.system or ""), _normalize(call.prompt), call.temperature,
                           call.max_output_tokens, call.schema_name if call.structured() else None, call.image_path,
                           call.cache_extra], ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


def run(context: RequestContext, call: AICall, *, provider: str | None = None, model: str | None = None,
        base_url: str | None = None, no_cache: bool = False) -> AIResult:
    """One request for the context's creator (resolved once by the command, before anything is reserved).

    Each route of the chain, in order, until one answers: the rules engine answers offline, the cache
    answers for free; otherwise the route is checked (credentials, circuit breaker, the request's
    deadline) and reserved, then called with retries, its output validated, the row settled and the
    success recorded (breaker, cache, quota thresholds)."""
    chain = _Chain.start(context, call, provider=provider, model=model, base_url=base_url, no_cache=no_cache)
    for route in chain.routes:
        started = time.perf_counter()
        if route.provider == "rules":
            result = _answer_by_rules(chain, started)
        else:
            result = _answer_by_model(chain, route, started)
        if result is not None:
            return chain.answered(result)
        if chain.stopped:
            break
    raise chain.failed()


@dataclass
class _Chain:
    """One request's walk down its chain of routes: what each route did, and which ones failed."""

    context: RequestContext
    call: AICall
    routes: list[Route]
    base_url: str | None
    no_cache: bool
    request_json: str
    policy: RetryPolicy
    # One deadline for the whole request, retries and fallbacks included, so a cron job always ends.
    deadline: float
    tried: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[Route, ProviderError]] = field(default_factory=list)
    # Part of an answer is already on screen: another provider's would follow it, so the chain stops.
    stopped: bool = False

    @classmethod
    def start(cls, context: RequestContext, call: AICall, *, provider: str | None, model: str | None,
              base_url: str | None, no_cache: bool) -> _Chain:
        from huntaze_cli.core.resilience import RetryPolicy

        settings = context.settings
        routes = settings.chain(call.feature, provider=provider, model=model, base_url=base_url)
        request_json = json.dumps({"system": call.system, "prompt": call.prompt, "temperature": call.temperature,
                                   "maxOutputTokens": call.max_output_tokens, "schema": call.schema_name
                                   if call.structured() else None}, ensure_ascii=False)
        return cls(context, call, routes, base_url, no_cache, request_json,
                   RetryPolicy.from_config(settings.file.retry),
                   time.monotonic() + request_budget_s(settings, routes))

    def note(self, route: Route, outcome: str, **extra: str) -> None:
        self.tried.append({"provider": route.provider, "outcome": outcome, **extra})

    def answered(self, result: AIResult) -> AIResult:
        result.fallback = bool(self.failures)
        result.providers_tried = self.tried
        for failed_route, exc in self.failures:  # the request succeeded: these links failed, not the request
            self.context.emit("provider.failed", _failure_event(self.context.creator.name, self.call,
                                                                failed_route, exc))
        return result

    def failed(self) -> HuntazeError:
        """The error that ends a request no route answered; one request.failed event naming the last error."""
        error = _chain_failure(self.call.feature, self.routes, self.tried, [exc for _, exc in self.failures])
        if self.failures:
            failed_route, last = self.failures[-1]
            self.context.emit("request.failed", {**_failure_event(self.context.creator.name, self.call,
                                                                  failed_route, last),
                                                 "providersTried": self.tried})
        return error


def _answer_by_rules(chain: _Chain, started: float) -> AIResult | None:
    """The offline answer, where the feature has one; recorded at no cost."""
    call, context = chain.call, chain.context
    if call.rules is None:
        return None
    value = call.rules()
    chain.tried.append({"provider": "rules", "outcome": "ok"})
    usage_id = context.ledger.record(
        context.creator.name, feature=call.feature, provider="rules", model="rules", status="ok", cached=False,
        latency_ms=_ms(started), correlation_id=context.request_id, providers_tried=_tried_text(chain.tried),
        request_json=chain.request_json, response_json=_dump(value), batch_key=call.batch_key)
    return AIResult(value, _dump(value), "rules", "rules", usage_id=usage_id)


def _answer_by_model(chain: _Chain, route: Route, started: float) -> AIResult | None:
    """One model route: from the cache, else reserved, called, validated, settled and recorded. None when
    the route was skipped or failed (noted in the chain) and the next one may answer."""
    context, call = chain.context, chain.call
    call.build_schema()
    psettings = context.settings.provider_settings(route.provider, chain.base_url)
    # The key (a hash of the whole prompt) only where the cache is read or written: not under --no-cache.
    key = None if chain.no_cache else cache_key(context.creator.id, route, call,
                                                psettings.base_url or psettings.endpoint)
    if key is not None:
        cached = _answer_from_cache(chain, route, key, started)
        if cached is not None:
            return cached
    attempt = _check_and_reserve(chain, route, psettings)
    if attempt is None:
        return None
    answer = _call_and_settle(chain, route, psettings, attempt, started)
    if answer is None:
        return None
    response, value, cost = answer
    _record_success(chain, route, attempt, key, response)
    return AIResult(value, response.text, route.provider, route.model, attempt.bill.input_tokens,
                    attempt.bill.output_tokens, cost, usage_id=attempt.hold.usage_id)


def _answer_from_cache(chain: _Chain, route: Route, key: str, started: float) -> AIResult | None:
    """A cached answer that still validates, recorded as a free request."""
    context, call = chain.context, chain.call
    hit = context.ledger.cache_get(key)
    if hit is None:
        return None
    try:
        value = call.validate(hit) if call.validate else hit
    except InvalidOutput:
        return None
    if value is None:
        return None
    chain.note(route, "cached")
    usage_id = context.ledger.record(
        context.creator.name, feature=call.feature, provider=route.provider, model=route.model, status="ok",
        cached=True, latency_ms=_ms(started), correlation_id=context.request_id,
        providers_tried=_tried_text(chain.tried), request_json=chain.request_json, response_json=hit,
        batch_key=call.batch_key)
    if call.on_text and not call.structured():
        call.on_text(hit)
    return AIResult(value, hit, route.provider, route.model, cached=True, usage_id=usage_id)


def _check_and_reserve(chain: _Chain, route: Route, psettings: ProviderSettings) -> _Attempt | None:
    """Check the route can be tried (credentials, circuit breaker, the request's deadline) and reserve its
    upper bound. None, noted in the chain, when the route is skipped."""
    from huntaze_cli.providers.base import breaker_key
    from huntaze_cli.providers.registry import has_credentials

    context, call = chain.context, chain.call
    if not has_credentials(psettings):
        chain.note(route, "no_credentials")
        return None
    breaker_id = breaker_key(psettings)
    # The breaker and the reservation in one ledger call (one round trip on PostgreSQL) when the breaker
    # is closed; a breaker that is not, a passed deadline or an unpriced model take the long way.
    hold, breaker = (_reserve(context, call, route, chain.request_json, chain.deadline, breaker_id)
                     if time.monotonic() < chain.deadline else (None, context.ledger.breaker_get(breaker_id)))
    assert breaker is not None  # asked with a breaker key
    if breaker.state != "closed" and not context.ledger.breaker_allow(
            breaker_id, cooldown_s=context.settings.file.breaker.cooldown_s):
        chain.note(route, "breaker_open")
        return None
    if hold is None and time.monotonic() >= chain.deadline:
        chain.note(route, "deadline")
        chain.failures.append((route, ProviderError("timeout", "the request's deadline passed before "
                                                    f"{route.provider} could be tried", provider=route.provider)))
        return None
    if hold is None:  # the breaker let this process probe it
        hold, _ = _reserve(context, call, route, chain.request_json, chain.deadline, None)
    assert hold is not None
    healthy = breaker.state == "closed" and breaker.consecutive_failures == 0
    return _Attempt(context, call, route, chain.deadline, hold, breaker_id, healthy)


def _call_and_settle(chain: _Chain, route: Route, psettings: ProviderSettings, attempt: _Attempt,
                     started: float) -> tuple[ProviderResponse, Any, float | None] | None:
    """Call the route with retries and validate its output, then settle the reservation: as ok with the
    real cost, or, on every other ending, as failed for what the attempts were billed. None: it failed."""
    context = chain.context
    error_code, settled = "INTERRUPTED", False
    try:
        try:
            response, value = _call_provider(
                context, psettings, route, chain.call, attempt, chain.policy,
                pace=functools.partial(_pace, context, route, chain.call, attempt.breaker_id, chain.deadline))
        except ProviderError as exc:
            error_code = _error_code(exc)
            _note_failure(chain, route, attempt, exc)
            return None
        except QuotaExceeded:  # a further billed attempt did not fit under the cap
            error_code = "QUOTA_EXCEEDED"
            raise
        chain.note(route, "ok")
        cost = attempt.final_cost()
        context.ledger.settle(attempt.hold.usage_id, status="ok", input_tokens=attempt.bill.input_tokens,
                              output_tokens=attempt.bill.output_tokens, cost_usd=cost, latency_ms=_ms(started),
                              provider=route.provider, model=route.model, response_json=response.text,
                              providers_tried=_tried_text(chain.tried), estimated=attempt.bill.estimated,
                              attempts=attempt.bill.attempts, error_code=attempt.over_bound)
        settled = True
        return response, value, cost
    finally:
        # Every path between reserve and settle ends here: a provider failure, any exception, Ctrl-C or
        # SIGTERM settles the row as failed, billed for whatever its attempts were billed.
        if not settled:
            attempt.settle_failed(error_code, _ms(started), chain.tried)


def _note_failure(chain: _Chain, route: Route, attempt: _Attempt, exc: ProviderError) -> None:
    """A failed route: noted, counted by its breaker when the provider is to blame."""
    context = chain.context
    chain.failures.append((route, exc))
    chain.note(route, exc.kind, error=exc.message)
    if _charges_breaker(exc, attempt.breaker_id) and not queue_timeout(route.provider, exc) \
            and context.ledger.breaker_failure(attempt.breaker_id,
                                               threshold=context.settings.file.breaker.failure_threshold):
        context.emit("breaker.opened", {"provider": route.provider, "error": exc.message})
    if chain.call.on_text and exc.partial_text:
        chain.stopped = True


def _record_success(chain: _Chain, route: Route, attempt: _Attempt, key: str | None,
                    response: ProviderResponse) -> None:
    """After a settled answer: reset the breaker, cache the answer, fire the quota thresholds crossed."""
    context, call = chain.context, chain.call
    settings, ledger = context.settings, context.ledger
    if not attempt.healthy:  # a write per request only when there is something to reset
        ledger.breaker_success(attempt.breaker_id)
    if settings.file.cache.ttl_s > 0 and key is not None:
        ledger.cache_put(key, creator_id=context.creator.id, feature=call.feature, provider=route.provider,
                         model=route.model, payload=response.text, ttl_s=settings.file.cache.ttl_s)
    _check_thresholds(context, context.creator)


# What a request does besides its attempts (ledger, SDK imports, client set-up per route), in the default
# request deadline: a slow start on a busy machine must not leave a fallback no time at all.
START_ALLOWANCE_S = 10.0


def request_budget_s(settings: Settings, chain: list[Route]) -> float:
    """The whole request's deadline, in seconds: `request_timeout_s`, else every model route's attempts
    with their back-offs, plus the start-up allowance."""
    from huntaze_cli.core.resilience import RetryPolicy

    if settings.file.request_timeout_s:
        return float(settings.file.request_timeout_s)
    timeouts = [request_timeout(settings, r.provider) for r in chain if r.provider != "rules"]
    per_route = RetryPolicy.from_config(settings.file.retry).budget_s(max(timeouts, default=settings.timeout_s))
    return per_route * max(1, len(timeouts)) + START_ALLOWANCE_S


def _charges_breaker(exc: ProviderError, breaker_id: str) -> bool:
    """Our own pacing is no provider failure; nor is a 429 that a batch's adaptive pace answers by slowing."""
    from huntaze_cli.core.pacing import current_gate

    if exc.kind not in _BREAKER_KINDS or isinstance(exc, _PaceTimeout):
        return False
    return exc.kind != "rate_limit" or current_gate(breaker_id) is None


def _failure_event(creator: str, call: AICall, route: Route, exc: ProviderError) -> dict[str, Any]:
    return {"creator": creator, "feature": call.feature, "provider": route.provider, "model": route.model,
            "errorKind": exc.kind, "error": exc.message}


@dataclass
class _Bill:
    """What the attempts of one request were billed, summed: `costs` reports every attempt."""

    input_tokens: int = 0
    output_tokens: int = 0
    attempts: int = 0
    estimated: bool = False


@dataclass
class _Hold:
    usage_id: int
    reserved_usd: float
    unpriced: bool


class _Attempt:
    """One route's reservation, its billed attempts, and the bound each further attempt must fit under."""

    def __init__(self, context: RequestContext, call: AICall, route: Route, request_deadline: float,
                 hold: _Hold, breaker_id: str, healthy: bool) -> None:
        self.context, self.call, self.route = context, call, route
        self.request_deadline = request_deadline
        self.hold = hold
        self.breaker_id = breaker_id
        self.healthy = healthy  # the breaker was closed with no failure counted: nothing to reset on success
        self.bill = _Bill()
        self.over_bound: str | None = None

    def cost(self, input_tokens: int | None = None, output_tokens: int | None = None) -> float:
        from huntaze_cli.core.pricing import cost_usd

        found = cost_usd(self.context.settings, self.route.provider, self.route.model,
                         self.bill.input_tokens if input_tokens is None else input_tokens,
                         self.bill.output_tokens if output_tokens is None else output_tokens)
        return found or 0.0

    def cover(self, request: ProviderRequest) -> None:
        """Before a further billed attempt: grow the reservation so that what the attempts so far were
        billed plus this attempt's bound still fits (refused at the cap: QuotaExceeded)."""
        if self.hold.unpriced:
            return
        bound_in, bound_out = request_bound(request)
        needed = round(self.cost(self.bill.input_tokens + bound_in, self.bill.output_tokens + bound_out), 9)
        if needed > self.hold.reserved_usd:
            self.context.ledger.extend_reservation(self.hold.usage_id, round(needed - self.hold.reserved_usd, 9))
            self.hold.reserved_usd = needed

    def billed(self, request: ProviderRequest, response: ProviderResponse | None = None,
               error: ProviderError | None = None) -> None:
        """Add one attempt's billed usage: reported, or estimated from what a cut stream delivered."""
        from huntaze_cli.core.pricing import estimate_tokens

        self.bill.attempts += 1
        provider, model = self.route.provider, self.route.model
        if response is not None and response.usage_reported:
            self.bill.input_tokens += response.input_tokens
            self.bill.output_tokens += response.output_tokens
            return
        if error is not None and error.usage is not None:
            self.bill.input_tokens += error.usage[0]
            self.bill.output_tokens += error.usage[1]
            return
        text = response.text if response is not None else (error.partial_text if error is not None else "")
        if response is None and not text and (error is None or error.kind != "incomplete"):
            return  # refused or lost before the model ran (5xx, timeout, network): nothing was billed
        # The provider ran the model but sent no usage: estimate both sides, and say so on the row.
        sent = "\n".join([request.system or "", *(t["content"] for t in request.history), request.prompt])
        self.bill.input_tokens += estimate_tokens(sent, provider, model)
        self.bill.output_tokens += estimate_tokens(text, provider, model)
        self.bill.estimated = True

    def final_cost(self) -> float | None:
        """The sum of every attempt's cost; None when the model has no price."""
        if self.hold.unpriced:
            return None
        real = round(self.cost(), 9)
        # The reservation bounds any honest bill; a provider reporting more cannot pass the cap.
        if real > self.hold.reserved_usd:
            self.over_bound = "USAGE_OVER_BOUND"
        return min(real, self.hold.reserved_usd)

    def settle_failed(self, error_code: str | None, latency_ms: int, tried: list[dict[str, Any]]) -> None:
        cost = self.final_cost()
        self.context.ledger.settle(
            self.hold.usage_id, status="error", input_tokens=self.bill.input_tokens,
            output_tokens=self.bill.output_tokens, cost_usd=cost, latency_ms=latency_ms,
            error_code=self.over_bound or error_code, providers_tried=_tried_text(tried),
            estimated=self.bill.estimated, attempts=self.bill.attempts)


def request_bound(request: ProviderRequest) -> tuple[int, int]:
    """(input, output) tokens one attempt of `request` can be billed at most."""
    from huntaze_cli.core.pricing import input_token_bound

    return (input_token_bound(system=request.system, prompt=request.prompt, history=request.history,
                              schema=request.json_schema, image_tokens=request.image_tokens),
            request.max_output_tokens)


def _reserve(context: RequestContext, call: AICall, route: Route, request_json: str,
             request_deadline: float, breaker_id: str | None) -> tuple[_Hold | None, BreakerState | None]:
    """The route's reservation. With `breaker_id`, only if that breaker is closed (read in the same ledger
    call): (None, breaker) when it is not, with nothing reserved."""
    from datetime import timedelta

    from huntaze_cli.core.pricing import max_cost_usd, unpriced_hint

    settings = context.settings
    ledger = context.ledger
    creator = context.creator
    bound_in, bound_out = request_bound(_request_for(call, route, settings.timeout_s, None, settings))
    reserve = max_cost_usd(settings, route.provider, route.model, bound_in, bound_out)
    if reserve is None and creator.monthly_usd is not None and not settings.file.allow_unpriced:
        if breaker_id is not None:  # a breaker that is not closed skips the route before any price matters
            breaker = ledger.breaker_get(breaker_id)
            if breaker.state != "closed":
                return None, breaker
        raise ConfigError(f"{route.provider} model '{route.model}' has no known price, so creator "
                          f"'{creator.name}' cannot spend on it under a monthly cap; "
                          f"{unpriced_hint(settings, route.provider, route.model)}.", code="UNPRICED_MODEL",
                          metadata={"provider": route.provider, "model": route.model})
    # The row's deadline is the request's: past it (plus a grace), a dead process's hold is released.
    deadline = datetime.now(timezone.utc) + timedelta(seconds=max(0.0, request_deadline - time.monotonic()))
    fields = {"feature": call.feature, "provider": route.provider, "model": route.model,
              "reserve_usd": reserve or 0.0, "correlation_id": context.request_id, "request_json": request_json,
              "batch_key": call.batch_key, "deadline": deadline}
    breaker: BreakerState | None = None
    try:
        if breaker_id is None:
            usage_id: int | None = ledger.reserve(creator.name, **fields)
        else:
            usage_id, breaker = ledger.reserve_unless_tripped(creator.name, breaker_id, **fields)
    except RateLimited as exc:
        context.emit("rate.limited", {"creator": creator.name, "feature": call.feature, **exc.metadata})
        raise
    except QuotaExceeded as exc:
        if not exc.metadata.get("inFlight"):  # a wait for holds in flight is not the cap being reached
            context.emit("quota.exceeded", {"creator": creator.name, "feature": call.feature, **exc.metadata})
        raise
    return (None if usage_id is None else _Hold(usage_id, reserve or 0.0, reserve is None)), breaker


def _request_for(call: AICall, route: Route, timeout_s: float, deadline: float | None,
                 settings: Settings) -> ProviderRequest:
    """The provider's part of the call (every ProviderRequest field, nothing of the pipeline's) for this
    route's model, with the photo as sent and its token bound on this route."""
    asked = {f.name: getattr(call, f.name) for f in fields(ProviderRequest)}
    image, image_tokens = _image_for(call, route, settings)
    return ProviderRequest(**{**asked, "model": route.model, "timeout_s": timeout_s, "deadline": deadline,
                              "history": list(call.history), "image": image, "image_tokens": image_tokens})


def _image_for(call: AICall, route: Route, settings: Settings) -> tuple[ImagePart | None, int]:
    """The call's photo as sent (stripped and resized once, on the first model route), and the most input
    tokens it can be billed on this route (the provider's formula for the model whose price applies)."""
    if not call.image_path:
        return None, 0
    from huntaze_cli.core.pricing import price_model
    from huntaze_cli.images.tokens import image_token_bound

    if call.image is None:
        from huntaze_cli.images.send import prepare

        call.image = prepare(call.image_path)
    model = price_model(settings, route.provider, route.model)
    return call.image, image_token_bound(route.provider, model, call.image.width, call.image.height)


def _check_thresholds(context: RequestContext, creator: Creator) -> None:
    """quota.threshold fires once per creator, month and threshold, whatever the number of processes."""
    from huntaze_cli.core.hooks import hook_threshold

    # The request has already succeeded and been settled: a ledger hiccup here must not turn it into a failure.
    try:
        hooks = context.hooks("quota.threshold")
        if not hooks:
            return
        status = context.ledger.quota_status(creator.name)
        if not status.monthly_usd:
            return
        percent = 100.0 * status.spend_month_usd / status.monthly_usd
        month = datetime.now(timezone.utc).strftime("%Y-%m")
        crossed = [t for t in sorted({hook_threshold(h) for h in hooks})
                   if percent >= t and context.ledger.claim_threshold(creator.id, month, "quota.threshold", t)]
    except HuntazeError:
        return
    for threshold in crossed:
        context.emit("quota.threshold", {"creator": creator.name, "threshold": threshold,
                                         "percent": round(percent, 2), "spendUsd": round(status.spend_month_usd, 6),
                                         "monthlyUsd": status.monthly_usd, "month": month})


def _pace(context: RequestContext, route: Route, call: AICall, limit_key: str, request_deadline: float) -> None:
    """Wait for room under the provider's `rpm`/`tpm` (config), counted in the ledger so that every process
    and host using the same provider and server keeps one pace. Past the request's deadline: _PaceTimeout."""
    config = context.settings.file.providers.get(route.provider)
    if config is None or (config.rpm is None and config.tpm is None):
        return
    bound_in, bound_out = request_bound(_request_for(call, route, context.settings.timeout_s, None,
                                                     context.settings))
    while True:
        wait = context.ledger.provider_acquire(limit_key, rpm=config.rpm, tpm=config.tpm,
                                               tokens=bound_in + bound_out)
        if wait <= 0:
            return
        if time.monotonic() + wait >= request_deadline:
            raise _PaceTimeout("rate_limit", f"{route.provider}'s per-minute limit (rpm {config.rpm}, tpm "
                               f"{config.tpm}) has no room before this request's deadline", retry_after=wait,
                               provider=route.provider)
        time.sleep(wait)


def _call_provider(context: RequestContext, psettings: ProviderSettings, route: Route, call: AICall,
                   attempt: _Attempt, policy: RetryPolicy,
                   pace: Callable[[], None] | None = None) -> tuple[ProviderResponse, Any]:
    """Call with retries, then validate the output (one repair attempt): (response, the command's value)."""
    from huntaze_cli.core.resilience import call_with_retry

    sender = _Sender(context, psettings, route, call, attempt)
    if pace is not None:
        pace()  # counted as late as possible: the provider counts the request when it arrives
    request = _request_for(call, route, sender.timeout_s, None, context.settings)
    if call.json_schema is not None:
        request.structured_mode = remembered_mode(context, psettings)
    streamed = bool(call.on_text and not call.json_schema)
    # Once text has reached the user, a retry would print it twice: only retry clean failures.
    response = call_with_retry(lambda: sender.once(request, streamed), policy,
                               should_retry=lambda e: not sender.emitted and not queue_timeout(route.provider, e),
                               deadline=attempt.request_deadline)
    remember_mode(context, psettings, request.structured_mode, response)
    return _validate_output(call, route, request, response, sender, policy)


class _Sender:
    """Sends one route's attempts: each billed as it ends, under its own deadline and a batch's pace."""

    def __init__(self, context: RequestContext, psettings: ProviderSettings, route: Route, call: AICall,
                 attempt: _Attempt) -> None:
        from huntaze_cli.core.pacing import current_gate

        self.route, self.call, self.attempt = route, call, attempt
        self.provider = _provider_for(psettings)
        self.gate = current_gate(attempt.breaker_id)   # a batch's adaptive pace for this provider server
        self.provider.connect()  # SDK import and client: start-up work, not part of an attempt's deadline
        self.timeout_s = request_timeout(context.settings, route.provider)
        self.emitted = False   # some text reached the user's screen
        self.first = True

    def sink(self, chunk: str) -> None:
        self.emitted = True
        assert self.call.on_text is not None
        self.call.on_text(chunk)

    def once(self, base: ProviderRequest, streamed: bool) -> ProviderResponse:
        if not self.first:
            self.attempt.cover(base)  # the first attempt is covered by the reservation itself
        self.first = False
        if self.gate is not None and not self.gate.enter(self.attempt.request_deadline):
            raise _PaceTimeout("rate_limit", f"{self.route.provider} asked this batch to slow down, and had no "
                               "room before this request's deadline", provider=self.route.provider)
        # Each attempt's own total deadline (from when the batch's pace let it go), never past the request's.
        req = replace(base, deadline=min(time.monotonic() + self.timeout_s, self.attempt.request_deadline))
        return self.send(req, streamed) if self.gate is None else self._paced(req, streamed)

    def _paced(self, req: ProviderRequest, streamed: bool) -> ProviderResponse:
        """send(), telling the batch's pace how the attempt went."""
        assert self.gate is not None
        outcome: ProviderResponse | ProviderError | None = None
        try:
            outcome = self.send(req, streamed)
            return outcome
        except ProviderError as exc:
            outcome = exc
            raise
        finally:
            if isinstance(outcome, ProviderResponse):
                rate = outcome.rate
                tokens = sum(request_bound(req)) if rate and rate.remaining_tokens is not None else 0
                self.gate.succeeded(rate, tokens)
            elif isinstance(outcome, ProviderError) and outcome.kind == "rate_limit":
                self.gate.rate_limited(outcome.retry_after)
            else:
                self.gate.failed()

    def send(self, req: ProviderRequest, streamed: bool) -> ProviderResponse:
        interrupts.raise_if_pending()  # a Ctrl-C dropped during the SDK's imports stops it before it is billed
        try:
            response = self.provider.stream(req, self.sink) if streamed else self.provider.complete(req)
        except ProviderError as exc:
            self.attempt.billed(req, error=exc)
            raise
        self.attempt.billed(req, response)
        return response


def _validate_output(call: AICall, route: Route, request: ProviderRequest, response: ProviderResponse,
                     sender: _Sender, policy: RetryPolicy) -> tuple[ProviderResponse, Any]:
    """The command's value from the model's text. A cut-off answer is asked again with room to finish; any
    other invalid answer is sent back once with the error. Still invalid: ProviderError("invalid_output")."""
    from huntaze_cli.core.resilience import call_with_retry

    if call.validate is None:
        return response, response.text
    cut = call.json_schema is not None and response.finish_reason == "length"
    try:
        if cut:
            raise InvalidOutput(f"the answer was cut off at {request.max_output_tokens} tokens")
        return response, call.validate(response.text)
    except InvalidOutput as invalid:
        repair = _repair_request(call, request, response, invalid, cut)
    attempt = sender.attempt
    second = call_with_retry(lambda: sender.once(repair, False), policy, deadline=attempt.request_deadline,
                             should_retry=lambda e: not queue_timeout(route.provider, e))
    total = ProviderResponse(second.text, attempt.bill.input_tokens, attempt.bill.output_tokens, second.model,
                             finish_reason=second.finish_reason)
    try:
        if call.json_schema is not None and second.finish_reason == "length":
            raise InvalidOutput(f"the answer was cut off at {repair.max_output_tokens} tokens")
        return total, call.validate(second.text)
    except InvalidOutput as again:
        raise ProviderError("invalid_output", f"{route.provider} returned output that does not match the "
                            f"{call.schema_name} schema, even after a repair attempt ({again})",
                            provider=route.provider) from again


def _repair_request(call: AICall, request: ProviderRequest, response: ProviderResponse, invalid: InvalidOutput,
                    cut: bool) -> ProviderRequest:
    mode = response.structured_mode or request.structured_mode
    if cut:
        return replace(request, max_output_tokens=request.max_output_tokens * 2, structured_mode=mode)
    return replace(request, structured_mode=mode,
                   history=[{"role": "user", "content": call.prompt}, {"role": "assistant", "content": response.text}],
                   prompt=f"Your previous answer was invalid: {invalid}. Answer again with only a JSON object "
                          f"that matches the schema.")


_providers: dict[tuple[Any, ...], Provider] = {}
_providers_lock = threading.Lock()


def _provider_for(psettings: ProviderSettings) -> Provider:
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
    return ProviderFailure(f"Every provider failed for `{feature}` ({names}); last error: {last.message.rstrip('.')}. "
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
            "invalid_output": "INVALID_OUTPUT", "incomplete": "INCOMPLETE_STREAM"}.get(exc.kind, "PROVIDER_ERROR")


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
