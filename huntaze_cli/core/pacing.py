"""A batch's pace adapts to what the provider says, the way OpenAI's cookbook parallel processor does.

`AdaptivePacer` is the pure controller for one provider server within one batch (injected clock, no
threads): it admits at most `limit` attempts in flight, never more than the batch's --concurrency. A 429
halves the limit (once per episode: the requests already sent when the first 429 came back do not halve
it again) and holds new attempts until its Retry-After; `x-ratelimit-remaining-requests` (or -tokens)
that the attempts in flight will use up holds new attempts until the window's reset. After a run of
successes as long as the limit, the limit grows by one (additive increase, multiplicative decrease).

`PaceGate` puts the controller behind a lock for the batch's worker threads; `Pacers` keeps one gate per
provider server and is made current in a worker thread (`activate`) so that the runner finds it without
the commands' Session knowing about it.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable

from huntaze_cli.providers.base import RateHeaders

# Hold new attempts this long after a 429 or an exhausted window that named no reset time.
DEFAULT_PAUSE_S = 1.0


class AdaptivePacer:
    def __init__(self, ceiling: int, *, clock: Callable[[], float]) -> None:
        self.ceiling = max(1, ceiling)
        self.limit = self.ceiling
        self.in_flight = 0
        self.paused_until = float("-inf")
        self._clock = clock
        self._streak = 0
        self._episode_until = float("-inf")   # 429s before this belong to the episode already halved for

    def try_start(self) -> float | None:
        """0.0: an attempt starts now (counted in flight). Otherwise how long to wait before asking again:
        seconds while the provider asked us to hold, None while `limit` attempts are in flight."""
        now = self._clock()
        if now < self.paused_until:
            return self.paused_until - now
        if self.in_flight >= self.limit:
            return None
        self.in_flight += 1
        return 0.0

    def succeeded(self, rate: RateHeaders | None = None, tokens: int = 0) -> None:
        """An attempt was answered; `rate` is what the provider said is left, `tokens` the attempt's bound."""
        self.in_flight = max(0, self.in_flight - 1)
        if rate is not None and self._exhausted(rate, tokens):
            self._hold(rate.reset_requests_s if rate.reset_requests_s is not None else DEFAULT_PAUSE_S)
            self._streak = 0
            return
        self._streak += 1
        if self._streak >= self.limit and self.limit < self.ceiling:
            self.limit += 1
            self._streak = 0

    def rate_limited(self, retry_after: float | None = None) -> None:
        """An attempt was answered 429."""
        self.in_flight = max(0, self.in_flight - 1)
        self._streak = 0
        pause = retry_after if retry_after is not None else DEFAULT_PAUSE_S
        now = self._clock()
        if now >= self._episode_until:
            self.limit = max(1, self.limit // 2)
            self._episode_until = now + pause
        self._hold(pause)

    def failed(self) -> None:
        """An attempt ended otherwise (timeout, network, bad request): its slot is free, nothing learnt."""
        self.in_flight = max(0, self.in_flight - 1)

    def _exhausted(self, rate: RateHeaders, tokens: int) -> bool:
        # The attempts still in flight were sent already: they take what is left before any new one would.
        if rate.remaining_requests is not None and rate.remaining_requests <= self.in_flight:
            return True
        return rate.remaining_tokens is not None and rate.remaining_tokens < tokens * (self.in_flight + 1)

    def _hold(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self._clock() + max(0.0, seconds))


class PaceGate:
    """One AdaptivePacer shared by a batch's worker threads."""

    def __init__(self, pacer: AdaptivePacer, clock: Callable[[], float] = time.monotonic,
                 admitted: threading.Event | None = None) -> None:
        self.pacer = pacer
        self._clock = clock
        self._cond = threading.Condition()
        self._admitted = admitted   # set once any attempt is let through (a batch's first request is leaving)

    def enter(self, deadline: float) -> bool:
        """Wait for the pacer to admit an attempt; False (not admitted) when that cannot be before `deadline`
        (a time.monotonic() value)."""
        with self._cond:
            while True:
                wait = self.pacer.try_start()
                if wait == 0.0:
                    if self._admitted is not None and not self._admitted.is_set():
                        self._admitted.set()
                    return True
                left = deadline - self._clock()
                if left <= 0 or (wait is not None and wait >= left):
                    return False
                self._cond.wait(timeout=min(wait, left) if wait is not None else left)

    def succeeded(self, rate: RateHeaders | None, tokens: int = 0) -> None:
        with self._cond:
            self.pacer.succeeded(rate, tokens)
            self._cond.notify_all()

    def rate_limited(self, retry_after: float | None) -> None:
        with self._cond:
            self.pacer.rate_limited(retry_after)
            self._cond.notify_all()

    def failed(self) -> None:
        with self._cond:
            self.pacer.failed()
            self._cond.notify_all()


class Pacers:
    """A batch's gates, one per provider server (breaker key), each at most `ceiling` attempts in flight."""

    def __init__(self, ceiling: int, admitted: threading.Event | None = None) -> None:
        self.ceiling = ceiling
        self.admitted = admitted or threading.Event()   # set once some gate lets an attempt through
        self._gates: dict[str, PaceGate] = {}
        self._lock = threading.Lock()

    def gate(self, key: str) -> PaceGate:
        with self._lock:
            if key not in self._gates:
                self._gates[key] = PaceGate(AdaptivePacer(self.ceiling, clock=time.monotonic), admitted=self.admitted)
            return self._gates[key]


_current: contextvars.ContextVar[Pacers | None] = contextvars.ContextVar("huntaze_pacers", default=None)


def activate(pacers: Pacers) -> None:
    """Make `pacers` the current thread's (a batch worker's): its requests then keep the batch's pace."""
    _current.set(pacers)


def current_gate(key: str) -> PaceGate | None:
    pacers = _current.get()
    return pacers.gate(key) if pacers is not None else None
