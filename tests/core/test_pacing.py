"""The adaptive pace, worked by hand on an injected clock: AIMD on 429s, holds on x-ratelimit-* headers."""

from __future__ import annotations

import pytest

from huntaze_cli.core.pacing import DEFAULT_PAUSE_S, AdaptivePacer, PaceGate
from huntaze_cli.providers.base import RateHeaders, parse_rate_headers


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def start(pacer: AdaptivePacer, n: int) -> None:
    for _ in range(n):
        assert pacer.try_start() == 0.0


def test_admits_up_to_the_ceiling_then_waits_for_a_slot() -> None:
    pacer = AdaptivePacer(3, clock=Clock())
    start(pacer, 3)
    assert pacer.try_start() is None          # 3 in flight: wait for one to finish
    pacer.succeeded()
    assert pacer.try_start() == 0.0
    assert pacer.in_flight == 3


def test_a_429_halves_the_limit_once_per_episode_and_holds_until_retry_after() -> None:
    clock = Clock()
    pacer = AdaptivePacer(8, clock=clock)
    start(pacer, 8)
    pacer.rate_limited(retry_after=2.0)        # 8 -> 4, hold until 102
    assert (pacer.limit, pacer.paused_until) == (4, 102.0)
    clock.now = 100.5
    pacer.rate_limited(retry_after=2.0)        # sent before the first came back: same episode, no halving
    assert pacer.limit == 4
    assert pacer.paused_until == 102.5
    assert pacer.try_start() == pytest.approx(2.0)
    clock.now = 102.5
    assert pacer.in_flight == 6
    pacer.failed()
    pacer.failed()                            # 4 in flight now, the limit is 4
    assert pacer.try_start() is None
    pacer.succeeded()
    assert pacer.try_start() == 0.0
    clock.now = 103.0                          # a later 429: a new episode, 4 -> 2
    pacer.rate_limited(retry_after=None)
    assert pacer.limit == 2
    assert pacer.paused_until == 103.0 + DEFAULT_PAUSE_S


def test_the_limit_grows_by_one_after_a_run_of_successes_as_long_as_itself_never_above_the_ceiling() -> None:
    clock = Clock()
    pacer = AdaptivePacer(4, clock=clock)
    start(pacer, 1)
    pacer.rate_limited(retry_after=0.0)        # 4 -> 2
    assert pacer.limit == 2
    clock.now = 200.0
    limits = []
    for _ in range(5):
        start(pacer, 1)
        pacer.succeeded()
        limits.append(pacer.limit)
    assert limits == [2, 3, 3, 3, 4]           # 2 successes at limit 2: 3; 3 more at limit 3: 4
    for _ in range(10):
        start(pacer, 1)
        pacer.succeeded()
    assert pacer.limit == 4                    # never above --concurrency


def test_remaining_requests_used_up_by_those_in_flight_holds_new_ones_until_the_reset() -> None:
    clock = Clock()
    pacer = AdaptivePacer(8, clock=clock)
    start(pacer, 5)
    pacer.succeeded(RateHeaders(remaining_requests=10, reset_requests_s=30.0))   # 4 in flight, 10 left: go on
    assert pacer.paused_until == float("-inf")
    pacer.succeeded(RateHeaders(remaining_requests=3, reset_requests_s=0.25))    # 3 in flight take the 3 left
    assert pacer.paused_until == 100.25
    assert pacer.try_start() == pytest.approx(0.25)
    assert pacer.limit == 8                     # a header is no 429: no halving
    clock.now = 100.25
    assert pacer.try_start() == 0.0


def test_remaining_tokens_too_few_for_one_more_attempt_hold_new_ones() -> None:
    clock = Clock()
    pacer = AdaptivePacer(4, clock=clock)
    start(pacer, 2)
    pacer.succeeded(RateHeaders(remaining_tokens=2000), tokens=900)    # 1 in flight + 1 new: 1800 fit
    assert pacer.paused_until == float("-inf")
    pacer.succeeded(RateHeaders(remaining_tokens=800), tokens=900)     # not even one more
    assert pacer.paused_until == 100.0 + DEFAULT_PAUSE_S


def test_the_gate_refuses_when_the_hold_outlasts_the_deadline() -> None:
    clock = Clock()
    gate = PaceGate(AdaptivePacer(2, clock=clock), clock=clock)
    assert gate.enter(deadline=110.0)
    gate.rate_limited(retry_after=60.0)
    assert not gate.enter(deadline=110.0)      # the provider asked for 60 s; only 10 are left
    clock.now = 161.0
    assert gate.enter(deadline=170.0)


@pytest.mark.parametrize(("headers", "expected"), [
    ({"x-ratelimit-remaining-requests": "59", "x-ratelimit-remaining-tokens": "149984",
      "x-ratelimit-reset-requests": "1s"}, RateHeaders(59, 149984, 1.0)),
    ({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s"}, RateHeaders(0, None, 360.0)),
    ({"x-ratelimit-reset-requests": "20ms"}, RateHeaders(None, None, 0.02)),
    ({"x-ratelimit-reset-requests": "1h2m3.5s"}, RateHeaders(None, None, 3723.5)),
    ({"x-ratelimit-remaining-requests": "lots"}, None),
    ({"content-type": "application/json"}, None),
])
def test_openai_rate_headers_are_read(headers: dict[str, str], expected: RateHeaders | None) -> None:
    assert parse_rate_headers(headers) == expected


def test_the_batch_hears_when_its_first_attempt_is_let_through() -> None:
    """A batch's other workers wait for this (core/batch.py HEAD_START_S): set on the first admission only."""
    import threading
    import time

    from huntaze_cli.core.pacing import Pacers

    admitted = threading.Event()
    pacers = Pacers(2, admitted=admitted)
    gate = pacers.gate("openai|http://x")
    assert not admitted.is_set()
    assert gate.enter(time.monotonic() + 1)
    assert admitted.is_set() and pacers.admitted is admitted
    assert Pacers(1).admitted is not admitted   # a batch without one gets its own
