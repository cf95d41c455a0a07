"""Provider rpm/tpm in the ledger: a sliding one-minute window per provider and server, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from huntaze_cli.ledger import Ledger

NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)
KEY = "openai https://api.openai.com/v1"


def at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_rpm_admits_the_limit_then_waits_for_the_oldest_to_leave_the_minute(ledger: Ledger) -> None:
    admitted = [ledger.provider_acquire(KEY, rpm=3, tpm=None, tokens=10, now=at(s)) for s in (0, 10, 20)]
    assert admitted == [0.0, 0.0, 0.0]
    # The 4th at t=30 s waits for the request of t=0 to leave the window (60 s plus a margin of 2 s for
    # the provider's clock): 62 - 30 = 32 s.
    assert ledger.provider_acquire(KEY, rpm=3, tpm=None, tokens=10, now=at(30)) == pytest.approx(32.0)
    # A refusal records nothing: at t=62.001 the first has left, so one more goes, then the next waits
    # for t=10's request (72 - 62.001).
    assert ledger.provider_acquire(KEY, rpm=3, tpm=None, tokens=10, now=at(62.001)) == 0.0
    assert ledger.provider_acquire(KEY, rpm=3, tpm=None, tokens=10, now=at(62.001)) == pytest.approx(9.999)


def test_tpm_counts_tokens_and_waits_until_enough_have_left(ledger: Ledger) -> None:
    assert ledger.provider_acquire(KEY, rpm=None, tpm=1000, tokens=600, now=at(0)) == 0.0
    assert ledger.provider_acquire(KEY, rpm=None, tpm=1000, tokens=300, now=at(5)) == 0.0
    # 900 in the window; 200 more needs the 600 of t=0 to leave (t=62): wait 62 - 20 = 42 s.
    assert ledger.provider_acquire(KEY, rpm=None, tpm=1000, tokens=200, now=at(20)) == pytest.approx(42.0)
    assert ledger.provider_acquire(KEY, rpm=None, tpm=1000, tokens=100, now=at(20)) == 0.0  # 1000 fits exactly


def test_a_request_larger_than_tpm_goes_alone_in_an_empty_window(ledger: Ledger) -> None:
    assert ledger.provider_acquire(KEY, rpm=None, tpm=100, tokens=5000, now=at(0)) == 0.0
    assert ledger.provider_acquire(KEY, rpm=None, tpm=100, tokens=5000, now=at(1)) == pytest.approx(61.0)
    assert ledger.provider_acquire(KEY, rpm=None, tpm=100, tokens=5000, now=at(62.001)) == 0.0


def test_limits_are_per_provider_and_server(ledger: Ledger) -> None:
    assert ledger.provider_acquire(KEY, rpm=1, tpm=None, tokens=1, now=at(0)) == 0.0
    assert ledger.provider_acquire(KEY, rpm=1, tpm=None, tokens=1, now=at(1)) > 0
    assert ledger.provider_acquire("local http://127.0.0.1:8080/v1", rpm=1, tpm=None, tokens=1, now=at(1)) == 0.0
