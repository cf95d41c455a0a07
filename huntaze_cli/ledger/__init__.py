"""The ledger: the only place in huntaze with SQL.

Commands and agents use the `Ledger` facade and the dataclasses in `records`; they never see SQL or
sqlite-utils objects. The query modules run on either backend: a SQLite file (`db.py`, the default) or a
PostgreSQL database shared by an agency's hosts (`postgres/`, for a postgresql:// location).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from importlib import import_module
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from huntaze_cli.config.dburl import is_postgres_url

# Every command opens the ledger through these; the other query modules are imported at their first use.
from huntaze_cli.ledger import creators, db, quotas
from huntaze_cli.ledger.migrations import migrate
from huntaze_cli.ledger.plans import PLANS
from huntaze_cli.ledger.records import BreakerState, Creator, PlanLimits, QuotaStatus

if TYPE_CHECKING:
    from huntaze_cli.ledger.db import LedgerDB
    from huntaze_cli.ledger.postgres.connection import PostgresDB

__all__ = ["PLANS", "BreakerState", "Creator", "Ledger", "PlanLimits", "QuotaStatus", "open_ledger"]

F = TypeVar("F", bound=Callable[..., Any])


class _LazyModule:
    """A query module imported at its first call, then put in its own name's place: `huntaze quota` loads the
    quota queries, not the fans', the reports' or the voice notes'."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        module = import_module(f"huntaze_cli.ledger.{self._name}")
        globals()[self._name] = module
        return getattr(module, attr)


admin: Any = _LazyModule("admin")
breaker: Any = _LazyModule("breaker")
cache: Any = _LazyModule("cache")
experiments: Any = _LazyModule("experiments")
fans: Any = _LazyModule("fans")
hooks: Any = _LazyModule("hooks")
knowledge: Any = _LazyModule("knowledge")
local_servers: Any = _LazyModule("local_servers")
provider_limits: Any = _LazyModule("provider_limits")
purchases: Any = _LazyModule("purchases")
replies: Any = _LazyModule("replies")
report_queries: Any = _LazyModule("report_queries")
reports: Any = _LazyModule("reports")
tokens: Any = _LazyModule("tokens")
usage: Any = _LazyModule("usage")
voice: Any = _LazyModule("voice")


def _guarded(method: F) -> F:
    """Any database failure becomes a LedgerError sentence naming the file or the (masked) URL. Calls take
    turns on their Ledger, so that threads may share one (a batch's workers on PostgreSQL): each call runs
    whole, with its transaction, on the connection."""

    @functools.wraps(method)
    def wrapper(self: Ledger, *args: Any, **kwargs: Any) -> Any:
        try:
            with self._turn:
                return method(self, *args, **kwargs)
        except self._db.errors as exc:
            error = self._db.translate(exc)
            raise error from (error.__cause__ or exc)  # a PostgreSQL cause comes scrubbed of the password

    return wrapper  # type: ignore[return-value]


def _guard_public_methods(cls: type) -> type:
    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_"):
            setattr(cls, name, _guarded(value))
    return cls


def open_ledger(location: Path | str, *, create_dir: bool = False) -> Ledger:
    """Open (creating if needed) and migrate the ledger: a SQLite file, or a postgresql:// URL."""
    if is_postgres_url(location):
        from huntaze_cli.ledger.postgres import open_database

        database = open_database(str(location))
        return Ledger(database, database.path)
    path = Path(location)
    db.check_path(path, create_dir=create_dir)
    database = db.connect(path)
    try:
        migrate(database)
    except database.errors as exc:
        database.close()
        raise database.translate(exc) from exc
    except BaseException:
        database.close()
        raise
    return Ledger(database, path)


@_guard_public_methods
class Ledger:
    """Creators, quotas, usage, cache, breaker state, reports, knowledge, fans, purchases, experiments,
    replies and hooks."""

    def __init__(self, database: LedgerDB | PostgresDB, path: Path | str) -> None:
        self._db = database
        self.path = path  # a SQLite file, or a PostgreSQL URL with its password masked
        self._turn = threading.RLock()  # re-entrant: a call may make others

    @property
    def backend(self) -> str:
        return str(self._db.backend)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def info(self) -> dict[str, Any]:
        """Backend, location (URL masked), schema version, row counts per table, size in bytes."""
        return admin.info(self._db)

    def copy_to(self, url: str) -> dict[str, Any]:
        """Copy this SQLite ledger into the PostgreSQL ledger at `url` (idempotent), then verify it."""
        from huntaze_cli.ledger.postgres.transfer import copy_ledger

        return copy_ledger(self._db, url)

    def merge_into(self, url: str, names: dict[str, str]) -> dict[str, Any]:
        """Carry this SQLite ledger into the PostgreSQL ledger at `url`, already in use (idempotent)."""
        from huntaze_cli.ledger.postgres.merge import merge_ledger

        return merge_ledger(self._db, url, names)

    # Creators -----------------------------------------------------------------------------------
    def get_creator(self, name: str) -> Creator | None:
        return creators.get(self._db, name)

    def add_creator(self, name: str, plan: str = "starter", *, requests_per_hour: int | None = None,
                    monthly_usd: float | None = None) -> Creator:
        return creators.add(self._db, name, plan, requests_per_hour=requests_per_hour,
                            monthly_usd=monthly_usd)

    def ensure_creator(self, name: str, plan: str = "starter") -> Creator:
        return creators.ensure(self._db, name, plan)

    def list_creators(self) -> list[Creator]:
        return creators.list_all(self._db)

    def set_plan(self, name: str, plan: str) -> Creator:
        return creators.set_plan(self._db, name, plan)

    def set_platforms(self, name: str, platforms: list[str]) -> Creator:
        return creators.set_platforms(self._db, name, platforms)

    def set_limits(self, name: str, *, requests_per_hour: int | None, monthly_usd: float | None) -> Creator:
        return creators.set_limits(self._db, name, requests_per_hour=requests_per_hour,
                                   monthly_usd=monthly_usd)

    # Quotas and usage ---------------------------------------------------------------------------
    def reserve(self, creator: str, *, feature: str, provider: str, model: str, reserve_usd: float,
                correlation_id: str, request_json: str | None = None, batch_key: str | None = None,
                deadline: datetime | None = None, now: datetime | None = None) -> int:
        return quotas.reserve(self._db, creator, feature=feature, provider=provider, model=model,
                              reserve_usd=reserve_usd, correlation_id=correlation_id,
                              request_json=request_json, batch_key=batch_key, deadline=deadline, now=now)

    def reserve_unless_tripped(self, creator: str, breaker_key: str, *, feature: str, provider: str, model: str,
                               reserve_usd: float, correlation_id: str, request_json: str | None = None,
                               batch_key: str | None = None, deadline: datetime | None = None,
                               now: datetime | None = None) -> tuple[int | None, BreakerState]:
        return quotas.reserve_unless_tripped(self._db, creator, breaker_key, feature=feature, provider=provider,
                                             model=model, reserve_usd=reserve_usd, correlation_id=correlation_id,
                                             request_json=request_json, batch_key=batch_key, deadline=deadline,
                                             now=now)

    def extend_reservation(self, usage_id: int, extra_usd: float, now: datetime | None = None) -> None:
        quotas.extend(self._db, usage_id, extra_usd, now=now)

    def release_abandoned(self, creator: str, now: datetime | None = None) -> int:
        return quotas.release_abandoned(self._db, creator, now=now)

    def settle(self, usage_id: int, *, status: str, input_tokens: int, output_tokens: int,
               cost_usd: float | None, latency_ms: int, provider: str | None = None, model: str | None = None,
               error_code: str | None = None, response_json: str | None = None,
               providers_tried: str | None = None, estimated: bool = False, attempts: int | None = None,
               now: datetime | None = None) -> None:
        usage.settle(self._db, usage_id, status=status, input_tokens=input_tokens,
                     output_tokens=output_tokens, cost_usd=cost_usd, latency_ms=latency_ms, provider=provider,
                     model=model, error_code=error_code, response_json=response_json,
                     providers_tried=providers_tried, estimated=estimated, attempts=attempts, now=now)

    def record(self, creator: str, *, feature: str, provider: str, model: str, status: str, cached: bool,
               input_tokens: int = 0, output_tokens: int = 0, cost_usd: float | None = 0.0,
               error_code: str | None = None, latency_ms: int = 0, correlation_id: str,
               providers_tried: str | None = None, request_json: str | None = None,
               response_json: str | None = None, batch_key: str | None = None,
               now: datetime | None = None) -> int:
        return usage.record(self._db, creator, feature=feature, provider=provider, model=model, status=status,
                            cached=cached, input_tokens=input_tokens, output_tokens=output_tokens,
                            cost_usd=cost_usd, error_code=error_code, latency_ms=latency_ms,
                            correlation_id=correlation_id, providers_tried=providers_tried,
                            request_json=request_json, response_json=response_json, batch_key=batch_key,
                            now=now)

    def quota_status(self, creator: str, now: datetime | None = None) -> QuotaStatus:
        return quotas.quota_status(self._db, creator, now=now)

    def succeeded_batch_keys(self, keys: Iterable[str]) -> set[str]:
        return usage.succeeded_batch_keys(self._db, keys)

    def succeeded_by_batch_key(self, key: str) -> dict[str, Any] | None:
        return usage.succeeded_by_batch_key(self._db, key)

    # Cache --------------------------------------------------------------------------------------
    def cache_get(self, key: str, now: datetime | None = None) -> str | None:
        return cache.get(self._db, key, now=now)

    def cache_put(self, key: str, *, creator_id: int, feature: str, provider: str, model: str, payload: str,
                  ttl_s: float, now: datetime | None = None) -> None:
        cache.put(self._db, key, creator_id=creator_id, feature=feature, provider=provider, model=model,
                  payload=payload, ttl_s=ttl_s, now=now)

    # Provider rate limits -----------------------------------------------------------------------
    def provider_acquire(self, key: str, *, rpm: int | None, tpm: int | None, tokens: int,
                         now: datetime | None = None) -> float:
        """0.0 when a request to this provider and server may go now (recorded), else seconds to wait."""
        return provider_limits.acquire(self._db, key, rpm=rpm, tpm=tpm, tokens=tokens, now=now)

    # Circuit breaker ----------------------------------------------------------------------------
    def breaker_get(self, provider: str) -> BreakerState:
        return breaker.get(self._db, provider)

    def breaker_list(self) -> list[BreakerState]:
        return breaker.list_all(self._db)

    def breaker_allow(self, provider: str, *, cooldown_s: float, now: datetime | None = None) -> bool:
        return breaker.allow(self._db, provider, cooldown_s=cooldown_s, now=now)

    def breaker_success(self, provider: str, now: datetime | None = None) -> None:
        breaker.success(self._db, provider, now=now)

    def breaker_failure(self, provider: str, *, threshold: int, now: datetime | None = None) -> bool:
        return breaker.failure(self._db, provider, threshold=threshold, now=now)

    # Local model servers -----------------------------------------------------------------------
    def local_server(self, base_url: str) -> dict[str, Any] | None:
        return local_servers.get(self._db, base_url)

    def local_servers(self) -> list[dict[str, Any]]:
        return local_servers.list_all(self._db)

    def remember_local_mode(self, base_url: str, mode: str, now: datetime | None = None) -> None:
        local_servers.set_mode(self._db, base_url, mode, now=now)

    def remember_local_props(self, base_url: str, *, total_slots: int | None, n_ctx: int | None,
                             now: datetime | None = None) -> None:
        local_servers.set_props(self._db, base_url, total_slots=total_slots, n_ctx=n_ctx, now=now)

    # Reports and logs ---------------------------------------------------------------------------
    def cost_report(self, *, by: str, since: datetime | None = None, until: datetime | None = None,
                    creator: str | None = None) -> list[dict[str, Any]]:
        return reports.cost_report(self._db, by=by, since=since, until=until, creator=creator)

    def cost_totals(self, *, since: datetime | None = None, until: datetime | None = None,
                    creator: str | None = None) -> dict[str, Any]:
        return reports.cost_totals(self._db, since=since, until=until, creator=creator)

    def cost_breakdown(self, *, since: datetime | None = None, until: datetime | None = None,
                       creator: str | None = None) -> list[dict[str, Any]]:
        return reports.cost_breakdown(self._db, since=since, until=until, creator=creator)

    def cost_grid(self, *, by: tuple[str, ...], since: datetime | None = None, until: datetime | None = None,
                  creator: str | None = None) -> list[dict[str, Any]]:
        return reports.cost_grid(self._db, by=by, since=since, until=until, creator=creator)

    def hourly_requests(self, since: datetime, until: datetime, creator_id: int | None = None) -> list[dict[str, Any]]:
        return report_queries.hourly_requests(self._db, since, until, creator_id)

    def provider_chains(self, since: datetime, until: datetime, creator_id: int | None = None) -> list[dict[str, Any]]:
        return report_queries.provider_chains(self._db, since, until, creator_id)

    def summaries_before(self, creator_id: int, until: datetime, limit: int = 2) -> list[dict[str, Any]]:
        return report_queries.summaries_before(self._db, creator_id, until, limit)

    def list_usage(self, *, creator: str | None = None, feature: str | None = None, model: str | None = None,
                   status: str | None = None, since: datetime | None = None,
                   limit: int = 20) -> list[dict[str, Any]]:
        return usage.list_usage(self._db, creator=creator, feature=feature, model=model, status=status,
                                since=since, limit=limit)

    def get_usage(self, usage_id: int) -> dict[str, Any] | None:
        return usage.get_usage(self._db, usage_id)

    def prune_usage(self, *, older_than: datetime, dry_run: bool) -> int:
        return usage.prune_usage(self._db, older_than=older_than, dry_run=dry_run)

    # Knowledge ----------------------------------------------------------------------------------
    def add_insight(self, creator_id: int, *, source_agent: str, kind: str, text: str, weight: float,
                    data: dict[str, Any] | None = None, expires_at: datetime | None = None,
                    now: datetime | None = None) -> int:
        return knowledge.add_insight(self._db, creator_id, source_agent=source_agent, kind=kind, text=text,
                                     weight=weight, data=data, expires_at=expires_at, now=now)

    def current_insights(self, creator_id: int, *, limit: int = 5,
                         now: datetime | None = None) -> list[dict[str, Any]]:
        return knowledge.current_insights(self._db, creator_id, limit=limit, now=now)

    def replace_insights(self, creator_id: int, source_agent: str, items: list[dict[str, Any]],
                         now: datetime | None = None) -> None:
        knowledge.replace_insights(self._db, creator_id, source_agent, items, now=now)

    def store_summary(self, creator_id: int, summary: dict[str, Any], now: datetime | None = None) -> None:
        knowledge.store_summary(self._db, creator_id, summary, now=now)

    def latest_summary(self, creator_id: int) -> dict[str, Any] | None:
        return knowledge.latest_summary(self._db, creator_id)

    # Voice --------------------------------------------------------------------------------------
    def add_voice_texts(self, creator_id: int, texts: list[dict[str, Any]], now: datetime | None = None) -> int:
        return voice.add_texts(self._db, creator_id, texts, now=now)

    def voice_texts(self, creator_id: int) -> list[dict[str, Any]]:
        return voice.texts(self._db, creator_id)

    def count_voice_texts(self, creator_id: int) -> int:
        return voice.count_texts(self._db, creator_id)

    def store_voice_profile(self, creator_id: int, profile: dict[str, Any], text_count: int,
                            now: datetime | None = None) -> None:
        voice.store_profile(self._db, creator_id, profile, text_count, now=now)

    def voice_profile(self, creator_id: int) -> dict[str, Any] | None:
        return voice.get_profile(self._db, creator_id)

    def forget_voice(self, creator_id: int) -> tuple[int, bool]:
        return voice.forget(self._db, creator_id)

    # Fans ---------------------------------------------------------------------------------------
    def upsert_fans(self, creator_id: int, fans: list[dict[str, Any]]) -> int:
        return fans_module.upsert_fans(self._db, creator_id, fans)

    def get_fan(self, creator_id: int, fan_id: str) -> dict[str, Any] | None:
        return fans_module.get_fan(self._db, creator_id, fan_id)

    def list_fans(self, creator_id: int, limit: int = 100) -> list[dict[str, Any]]:
        return fans_module.list_fans(self._db, creator_id, limit=limit)

    # Purchase history ---------------------------------------------------------------------------
    def import_purchases(self, creator_id: int, offers: list[dict[str, Any]],
                         now: datetime | None = None) -> tuple[int, int]:
        return purchases.import_purchases(self._db, creator_id, offers, now=now)

    def list_purchases(self, creator_id: int, fan_id: str | None = None) -> list[dict[str, Any]]:
        return purchases.list_purchases(self._db, creator_id, fan_id)

    def fan_totals(self, creator_id: int, since: datetime) -> list[dict[str, Any]]:
        return purchases.fan_totals(self._db, creator_id, since)

    def price_counts(self, creator_id: int) -> list[tuple[str, float, int]]:
        return purchases.price_counts(self._db, creator_id)

    def segment_figures(self, creator_id: int, cuts: purchases.SegmentCuts
                        ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[float, int]]]:
        return purchases.segment_figures(self._db, creator_id, cuts)

    def segment_members(self, creator_id: int, cuts: purchases.SegmentCuts) -> dict[str, list[str]]:
        return purchases.segment_members(self._db, creator_id, cuts)

    def window_sales(self, creator_id: int, since: datetime, until: datetime) -> dict[str, Any]:
        return purchases.window_sales(self._db, creator_id, since, until)

    def top_buyers(self, creator_id: int, since: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
        return purchases.top_buyers(self._db, creator_id, since, until, limit)

    def count_offers(self, creator_id: int) -> int:
        return purchases.count_offers(self._db, creator_id)

    # Experiments --------------------------------------------------------------------------------
    def create_experiment(self, creator_id: int, name: str, variants: list[tuple[str, str]],
                          now: datetime | None = None) -> int:
        return experiments.create(self._db, creator_id, name, variants, now=now)

    def record_experiment(self, creator_id: int, name: str, results: list[dict[str, Any]],
                          now: datetime | None = None) -> int:
        return experiments.record(self._db, creator_id, name, results, now=now)

    def experiment_totals(self, creator_id: int, name: str) -> dict[str, Any]:
        return experiments.totals(self._db, creator_id, name)

    def list_experiments(self, creator_id: int) -> list[dict[str, Any]]:
        return experiments.list_all(self._db, creator_id)

    # Quick replies ------------------------------------------------------------------------------
    def add_reply(self, creator_id: int, name: str, text: str, tags: list[str] | None = None) -> int:
        return replies.add_reply(self._db, creator_id, name, text, tags)

    def list_replies(self, creator_id: int) -> list[dict[str, Any]]:
        return replies.list_replies(self._db, creator_id)

    def get_reply(self, creator_id: int, name: str) -> dict[str, Any] | None:
        return replies.get_reply(self._db, creator_id, name)

    def update_reply(self, creator_id: int, name: str, text: str, tags: list[str] | None = None) -> bool:
        return replies.update_reply(self._db, creator_id, name, text, tags)

    def delete_reply(self, creator_id: int, name: str) -> bool:
        return replies.delete_reply(self._db, creator_id, name)

    # Hooks --------------------------------------------------------------------------------------
    def add_hook(self, *, event: str, command: str | None = None, url: str | None = None,
                 threshold: float | None = None, timeout_s: float = 10.0) -> int:
        return hooks.add_hook(self._db, event=event, command=command, url=url, threshold=threshold,
                              timeout_s=timeout_s)

    def list_hooks(self, event: str | None = None) -> list[dict[str, Any]]:
        return hooks.list_hooks(self._db, event)

    def delete_hook(self, hook_id: int) -> bool:
        return hooks.delete_hook(self._db, hook_id)

    def claim_threshold(self, creator_id: int, month: str, event: str, threshold: float) -> bool:
        return hooks.claim_threshold(self._db, creator_id, month, event, threshold)

    def log_hook_run(self, hook_id: int | None, event: str, status: str, detail: str | None) -> int:
        return hooks.log_hook_run(self._db, hook_id, event, status, detail)

    def list_hook_runs(self, hook_id: int | None = None, limit: int = 20) -> list[dict[str, Any]]:
        return hooks.list_hook_runs(self._db, hook_id, limit)


    # API tokens (huntaze serve) ---------------------------------------------------------------------
    def add_token(self, *, sha256: str, prefix: str, creator_id: int | None, scope: str,
                  label: str | None = None) -> int:
        return tokens.add(self._db, sha256=sha256, prefix=prefix, creator_id=creator_id, scope=scope, label=label)

    def list_tokens(self, *, include_revoked: bool = False) -> list[dict[str, Any]]:
        return tokens.list_all(self._db, include_revoked=include_revoked)

    def find_token(self, sha256: str) -> dict[str, Any] | None:
        return tokens.find(self._db, sha256)

    def any_live_token(self) -> bool:
        return tokens.any_live(self._db)

    def touch_token(self, token: dict[str, Any], now: datetime | None = None) -> None:
        tokens.touch(self._db, token, now)

    def revoke_token(self, ref: str) -> dict[str, Any]:
        return tokens.revoke(self._db, ref)


fans_module = fans  # the facade's `fans` parameter names would shadow the module inside methods
