"""A voice note's way through: engine → (cloud: breaker, reservation, upload under the retry policy,
settle) → one usage row, feature `transcribe`.

The note is decoded and checked by the caller before anything here runs (audio/decode.py), so a refused
file never uses a quota. The offline engine records a row at $0 with the note's length, outside the plan
(like a rules-engine answer: no provider was asked). A cloud engine reserves the note's price from its
decoded length before the upload, and a try/finally settles the row on every way the call can end
(answer, provider error, Ctrl-C, SIGTERM): a failed upload is billed $0, a transcript at the seconds the
provider reported billing, never above the reservation.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from huntaze_cli.errors import ConfigError, InvalidInput, ProviderFailure

if TYPE_CHECKING:
    from huntaze_cli.audio.decode import Clip
    from huntaze_cli.audio.local_engine import Transcript
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.core.context import RequestContext

FEATURE = "transcribe"
LOCAL_ENGINE = "local"
CLOUD_ENGINES = frozenset({"openai", "azure"})
# The engine when none is asked for: offline, free, and the note never leaves the machine.
ENGINE_ENV = "HUNTAZE_TRANSCRIBE_ENGINE"
# An upload's own deadline grows with the note: the provider transcribes before it answers.
TIMEOUT_PER_AUDIO_MINUTE_S = 6.0
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class TranscriptionResult:
    transcript: Transcript
    cost_usd: float | None
    usage_id: int

    def data(self) -> dict[str, Any]:
        """The envelope's `data` (camelCase, as every command's)."""
        t = self.transcript
        return {"text": t.text, "language": t.language, "languageProbability": t.language_probability,
                "durationSeconds": t.duration_s, "engine": t.engine, "model": t.model,
                "segments": t.segments}


def choose_engine(settings: Settings, engine: str | None) -> str:
    """--engine, else HUNTAZE_TRANSCRIBE_ENGINE, else the offline engine."""
    chosen = (engine or settings.env.get(ENGINE_ENV) or LOCAL_ENGINE).strip().lower()
    if chosen != LOCAL_ENGINE and chosen not in CLOUD_ENGINES:
        raise InvalidInput(f"Unknown transcription engine '{chosen}'; use local, openai or azure.")
    return chosen


def prepare_note(settings: Settings, file: str, *, lang: str | None, engine: str | None
                 ) -> tuple[Clip, str, str | None]:
    """Every check a voice note gets before a creator is resolved or a quota used: the engine, the language,
    the extra, then the file itself (decoded). Returns (clip, engine, language)."""
    from huntaze_cli.audio.decode import check_file
    from huntaze_cli.audio.extra import require_audio_extra

    chosen = choose_engine(settings, engine)
    language = lang.strip().lower() if lang else None
    if language is not None and not _LANG.match(language):
        raise InvalidInput(f"--lang takes a language code such as en or fr, not '{lang}'.")
    check_file(file)  # size and emptiness first: no import needed to refuse those
    require_audio_extra()
    if language is not None and chosen == LOCAL_ENGINE:
        from faster_whisper.tokenizer import _LANGUAGE_CODES

        if language not in _LANGUAGE_CODES:
            raise InvalidInput(f"The offline engine does not know the language '{language}'; give a code such as "
                               "en, fr, es, pt or de, or leave --lang out to detect it.")
    from huntaze_cli.audio.decode import decode

    return decode(file), chosen, language


def voice_note_fields(ctx: RequestContext, settings: Settings, file: str, fields: dict[str, Any], *,
                      batch_key: str | None = None) -> dict[str, Any]:
    """A batch line's `voice_note`: transcribed (offline unless HUNTAZE_TRANSCRIBE_ENGINE says otherwise), its
    text becomes the line's message and its language the reply's (unless the line gives one). Returns the
    `voiceNote` block the line's answer carries."""
    clip, engine, language = prepare_note(settings, file, lang=None, engine=None)
    heard = transcribe(ctx, clip, engine=engine, language=language,
                       batch_key=f"{batch_key}:voice-note" if batch_key else None)
    text = heard.transcript.text.strip()
    if not text:
        raise InvalidInput(f"The voice note {file} has no speech to reply to; listen to it yourself.")
    fields["message"] = text
    fields["lang"] = fields.get("lang") or heard.transcript.language or None
    return {"transcript": text, "language": heard.transcript.language, "durationSeconds": heard.transcript.duration_s,
            "engine": heard.transcript.engine, "costUsd": heard.cost_usd}


def transcribe(ctx: RequestContext, clip: Clip, *, engine: str, model: str | None = None,
               language: str | None = None, batch_key: str | None = None) -> TranscriptionResult:
    if engine == LOCAL_ENGINE:
        return _local(ctx, clip, language, batch_key)
    return _cloud(ctx, clip, engine, model, language, batch_key)


def _request_json(clip: Clip, language: str | None) -> str:
    return json.dumps({"file": clip.path.name, "audioSeconds": clip.duration_s, "bytes": clip.size_bytes,
                       "container": clip.container, "codec": clip.codec, "language": language})


def _response_json(transcript: Transcript) -> str:
    return json.dumps({"text": transcript.text, "language": transcript.language,
                       "languageProbability": transcript.language_probability,
                       "audioSeconds": transcript.duration_s}, ensure_ascii=False)


def _local(ctx: RequestContext, clip: Clip, language: str | None, batch_key: str | None) -> TranscriptionResult:
    from huntaze_cli.audio import local_engine

    started = time.perf_counter()
    transcript = local_engine.transcribe(clip.samples, clip.duration_s, language)
    usage_id = ctx.ledger.record(
        ctx.creator.name, feature=FEATURE, provider=LOCAL_ENGINE, model=transcript.model, status="ok",
        cached=False, cost_usd=0.0, latency_ms=_ms(started), correlation_id=ctx.request_id,
        providers_tried=f"{LOCAL_ENGINE}:ok", request_json=_request_json(clip, language),
        response_json=_response_json(transcript), batch_key=batch_key)
    return TranscriptionResult(transcript, 0.0, usage_id)


def _cloud(ctx: RequestContext, clip: Clip, provider: str, model: str | None, language: str | None,
           batch_key: str | None) -> TranscriptionResult:
    from huntaze_cli.audio.prices import DEFAULT_AZURE_DEPLOYMENT, DEFAULT_CLOUD_MODEL, cost_usd, price_per_minute
    from huntaze_cli.core.resilience import RetryPolicy, call_with_retry
    from huntaze_cli.core.runner import _error_code
    from huntaze_cli.providers.base import ProviderError, breaker_key
    from huntaze_cli.providers.registry import build_provider, credential_hint, has_credentials
    from huntaze_cli.providers.transcription import TranscriptionRequest

    settings, ledger, creator = ctx.settings, ctx.ledger, ctx.creator
    model = model or (DEFAULT_AZURE_DEPLOYMENT if provider == "azure" else DEFAULT_CLOUD_MODEL)
    psettings = settings.provider_settings(provider)
    if not has_credentials(psettings):
        raise ConfigError(f"Transcribing with {provider} needs its credentials: {credential_hint(provider)}",
                          code="NO_PROVIDER")
    per_minute = price_per_minute(settings, provider, model)
    if per_minute is None and creator.monthly_usd is not None and not settings.file.allow_unpriced:
        raise ConfigError(f"{provider} transcription model '{model}' has no known price per audio minute, so creator "
                          f"'{creator.name}' cannot spend on it under a monthly cap; use whisper-1, gpt-4o-transcribe "
                          "or gpt-4o-mini-transcribe (Azure: set base_model under [providers.azure]), or set "
                          "allow_unpriced = true.", code="UNPRICED_MODEL")
    breaker_id = breaker_key(psettings)
    breaker = ledger.breaker_get(breaker_id)
    if breaker.state != "closed" and not ledger.breaker_allow(breaker_id,
                                                              cooldown_s=settings.file.breaker.cooldown_s):
        raise ProviderFailure(f"{provider} is failing (its circuit breaker is open); retry in a minute or use "
                              "`--engine local`.", code="BREAKER_OPEN")
    policy = RetryPolicy.from_config(settings.file.retry)
    timeout_s = settings.timeout_s + TIMEOUT_PER_AUDIO_MINUTE_S * clip.duration_s / 60.0
    request_deadline = time.monotonic() + policy.budget_s(timeout_s)
    reserved = cost_usd(per_minute, clip.duration_s) if per_minute is not None else 0.0
    started = time.perf_counter()
    usage_id = ledger.reserve(
        creator.name, feature=FEATURE, provider=provider, model=model, reserve_usd=reserved,
        correlation_id=ctx.request_id, request_json=_request_json(clip, language), batch_key=batch_key,
        deadline=datetime.now(timezone.utc) + timedelta(seconds=policy.budget_s(timeout_s)))
    attempts = 0
    settled = False
    error_code = "INTERRUPTED"
    try:
        client = build_provider(psettings)

        def once() -> Any:
            nonlocal attempts
            attempts += 1
            deadline = min(time.monotonic() + timeout_s, request_deadline)
            return client.transcribe(TranscriptionRequest(clip.path, model, language, timeout_s, deadline))

        try:
            response = call_with_retry(once, policy, deadline=request_deadline)
        except ProviderError as exc:
            error_code = _error_code(exc)
            if exc.kind in ("timeout", "network", "server", "rate_limit") and ledger.breaker_failure(
                    breaker_id, threshold=settings.file.breaker.failure_threshold):
                ctx.emit("breaker.opened", {"provider": provider, "error": exc.message})
            ctx.emit("request.failed", {"creator": creator.name, "feature": FEATURE, "provider": provider,
                                        "model": model, "errorKind": exc.kind, "error": exc.message})
            if exc.kind == "auth":
                raise ConfigError(f"{provider} rejected the credentials ({exc.message.rstrip('.')}); check the API "
                                  f"key ({credential_hint(provider)})", code="AUTH_FAILED") from None
            raise ProviderFailure(f"Transcription with {provider} failed: {exc.message.rstrip('.')}. Retry later, "
                                  "or use `--engine local`.", code=error_code) from None
        seconds = response.billed_seconds if response.billed_seconds is not None else clip.duration_s
        cost = None if per_minute is None else cost_usd(per_minute, seconds)
        over = cost is not None and cost > reserved
        from huntaze_cli.audio.local_engine import Transcript

        transcript = Transcript(response.text, response.language or language or "", None, clip.duration_s,
                                provider, model)
        ledger.settle(usage_id, status="ok", input_tokens=0, output_tokens=0,
                      cost_usd=min(cost, reserved) if cost is not None else None, latency_ms=_ms(started),
                      response_json=_response_json(transcript), providers_tried=f"{provider}:ok",
                      attempts=attempts, error_code="USAGE_OVER_BOUND" if over else None)
        settled = True
    finally:
        if not settled:  # an upload that failed or was interrupted was not billed a transcript
            ledger.settle(usage_id, status="error", input_tokens=0, output_tokens=0, cost_usd=0.0,
                          latency_ms=_ms(started), error_code=error_code, providers_tried=f"{provider}:{error_code}",
                          attempts=attempts)
    if breaker.state != "closed" or breaker.consecutive_failures:
        ledger.breaker_success(breaker_id)
    return TranscriptionResult(transcript, min(cost, reserved) if cost is not None else None, usage_id)


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
