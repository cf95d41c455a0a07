"""The one retry policy (tenacity): the SDKs' own retries are off, so this is the only place that retries.

Seed defaults: 3 attempts, 1,000 ms initial delay, x2, 5,000 ms cap, jitter; retry timeouts, network
errors, 5xx and 429 (a 429's Retry-After is honoured); never 400/401/403/404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from huntaze_cli.config.settings import RetryConfig
from huntaze_cli.providers.base import ProviderError

T = TypeVar("T")

# A server asking for a longer pause than this is treated as down for this call: we fall back instead.
MAX_RETRY_AFTER_S = 30.0


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    initial_s: float = 1.0
    multiplier: float = 2.0
    max_s: float = 5.0
    jitter: bool = True

    @classmethod
    def from_config(cls, cfg: RetryConfig) -> RetryPolicy:
        return cls(cfg.attempts, cfg.initial_delay_ms / 1000, cfg.multiplier, cfg.max_delay_ms / 1000, cfg.jitter)


    def budget_s(self, timeout_s: float) -> float:
        """The longest one route may take: every attempt's deadline plus the longest back-offs between them."""
        return self.attempts * timeout_s + (self.attempts - 1) * max(self.max_s, 0.0)


def call_with_retry(fn: Callable[[], T], policy: RetryPolicy,
                    should_retry: Callable[[ProviderError], bool] | None = None,
                    on_retry: Callable[[ProviderError, float], None] | None = None,
                    deadline: float | None = None, sleep: Callable[[float], None] | None = None) -> T:
    """Run fn, retrying retryable ProviderErrors per policy; re-raise the last error when out of attempts,
    or when the next attempt could not start before `deadline` (a time.monotonic() value). `sleep` waits
    between attempts (time.sleep; tests pass a recorder instead of waiting)."""
    import time

    import tenacity

    backoff = tenacity.wait_exponential_jitter(
        initial=policy.initial_s, exp_base=policy.multiplier, max=policy.max_s,
        jitter=policy.initial_s * 0.25 if policy.jitter else 0)

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, ProviderError) and exc.retry_after is not None:
            return min(exc.retry_after, MAX_RETRY_AFTER_S)
        return min(backoff(state), policy.max_s)

    def retryable(exc: BaseException) -> bool:
        if not isinstance(exc, ProviderError) or not exc.retryable:
            return False
        if exc.retry_after is not None and exc.retry_after > MAX_RETRY_AFTER_S:
            return False
        return should_retry(exc) if should_retry else True

    def before_sleep(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        if on_retry and isinstance(exc, ProviderError) and state.next_action:
            on_retry(exc, state.next_action.sleep)

    def out_of_time(state: tenacity.RetryCallState) -> bool:
        return deadline is not None and time.monotonic() + (state.upcoming_sleep or 0.0) >= deadline

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.attempts) | out_of_time,
        wait=wait,
        retry=tenacity.retry_if_exception(retryable),
        before_sleep=before_sleep,
        reraise=True,
        sleep=sleep or time.sleep,
    )
    return retrying(fn)
