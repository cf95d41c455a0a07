"""Provider health: what is configured, each breaker's state, and the one-request key check used by
`huntaze providers`, `huntaze providers check` and `huntaze init --check`. Commands call these; they never
build a provider or send a request themselves."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.ledger import Ledger

# A health check waits at most this long, whatever the configured request timeout.
CHECK_TIMEOUT_S = 10.0


def is_configured(settings: Settings, name: str) -> bool:
    """The provider has what it needs to be called (a key, an endpoint or a local server)."""
    from huntaze_cli.providers.registry import has_credentials

    return has_credentials(settings.provider_settings(name))


def provider_rows(settings: Settings, ledger: Ledger) -> list[dict[str, Any]]:
    """Every model provider: configured or not, where its key comes from (never the key), its endpoint,
    default model and circuit-breaker state (per provider and server). No network call."""
    from huntaze_cli.config.settings import PROVIDERS
    from huntaze_cli.providers.base import breaker_key
    from huntaze_cli.providers.registry import has_credentials

    rows = []
    for name in PROVIDERS:
        ps = settings.provider_settings(name)
        breaker = ledger.breaker_get(breaker_key(ps))
        rows.append({"provider": name, "configured": has_credentials(ps), "key": settings.key_source(name),
                     "baseUrl": ps.endpoint if name == "azure" else ps.base_url,
                     "defaultModel": settings.default_model(name),
                     "breaker": {"state": breaker.state, "consecutiveFailures": breaker.consecutive_failures,
                                 "openedAt": breaker.opened_at}})
    return rows


def check_provider(settings: Settings, name: str, *, local_optional: bool = False,
                   ledger: Ledger | None = None) -> dict[str, Any]:
    """One minimal request (1 output token), billed to no creator: does the key work? With `local_optional`,
    no local server at the default URL is status "not running" (nobody set one up), not "failed"."""
    from types import SimpleNamespace

    from huntaze_cli.config.settings import DEFAULT_LOCAL_BASE_URL
    from huntaze_cli.core.local import image_probe, local_ping, local_report
    from huntaze_cli.providers.base import ProviderError, ProviderRequest
    from huntaze_cli.providers.registry import build_provider, credential_hint, has_credentials

    ps = settings.provider_settings(name)
    if not has_credentials(ps):
        return {"provider": name, "status": "not configured", "hint": credential_hint(name)}
    model = settings.default_model(name)
    started = time.perf_counter()
    try:
        ping = ProviderRequest(model=model, prompt="ping", max_output_tokens=1, temperature=0,
                               timeout_s=min(settings.timeout_s, CHECK_TIMEOUT_S))
        if name == "local":  # the ping asks for JSON, so the answer says which structured mode works
            ping = local_ping(ping)
        provider = build_provider(ps)
        response = provider.complete(ping)
    except ProviderError as exc:
        absent = (local_optional and name == "local" and exc.kind == "network"
                  and ps.base_url == DEFAULT_LOCAL_BASE_URL)
        return {"provider": name, "status": "not running" if absent else "failed", "model": model,
                "error": exc.message, "errorKind": exc.kind}
    row = {"provider": name, "status": "ok", "model": model, "latencyMs": int((time.perf_counter() - started) * 1000)}
    if name == "local" and ledger is not None:
        row.update(local_report(SimpleNamespace(settings=settings, ledger=ledger), ps, response))
    if name == "local":  # cloud vision models are documented; a local server's model may have no projector
        row.update(image_probe(provider, ping))
    return row
