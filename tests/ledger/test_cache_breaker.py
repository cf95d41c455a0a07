"""Response cache expiry and the shared circuit-breaker state machine."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from huntaze_cli.ledger import BreakerState, Ledger, open_ledger
from tests.fakes.postgres import query

NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)


def put(ledger: Ledger, key: str, payload: str, creator_id: int, at: datetime = NOW, ttl_s: float = 300) -> None:
    ledger.cache_put(key, creator_id=creator_id, feature="caption", provider="openai", model="gpt-4o-mini",
                     payload=payload, ttl_s=ttl_s, now=at)


def test_cache_hit_until_expiry_then_miss(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia")
    assert ledger.cache_get("k1", now=NOW) is None
    put(ledger, "k1", '{"caption": "one"}', mia.id)
    assert ledger.cache_get("k1", now=NOW + timedelta(seconds=299.999)) == '{"caption": "one"}'
    assert ledger.cache_get("k1", now=NOW + timedelta(seconds=300)) is None


def test_cache_put_replaces_and_purges_expired_rows(ledger: Ledger, path: Path) -> None:
    mia = ledger.add_creator("mia")
    put(ledger, "old", "stale", mia.id)
    put(ledger, "k", "first", mia.id)
    put(ledger, "k", "second", mia.id, at=NOW + timedelta(seconds=200))
    assert ledger.cache_get("k", now=NOW + timedelta(seconds=450)) == "second"  # TTL restarted by the replace
    put(ledger, "new", "fresh", mia.id, at=NOW + timedelta(seconds=400))
    keys = sorted(row[0] for row in query(path, "SELECT key FROM response_cache"))
    assert keys == ["k", "new"]  # "old" expired at +300 and was purged by the put at +400


def test_breaker_starts_closed(ledger: Ledger) -> None:
    assert ledger.breaker_get("openai") == BreakerState("openai", "closed", 0, None)
    assert ledger.breaker_list() == []
    assert ledger.breaker_allow("openai", cooldown_s=60, now=NOW)


def test_breaker_opens_at_threshold_half_opens_after_cooldown_and_closes_on_success(ledger: Ledger) -> None:
    opened = [ledger.breaker_failure("openai", threshold=3, now=NOW + timedelta(seconds=i)) for i in range(3)]
    assert opened == [False, False, True]
    state = ledger.breaker_get("openai")
    assert (state.state, state.consecutive_failures, state.opened_at) == ("open", 3, NOW + timedelta(seconds=2))
    # A late failure from a call already in flight keeps it open but is not a new opening.
    assert ledger.breaker_failure("openai", threshold=3, now=NOW + timedelta(seconds=3)) is False
    assert ledger.breaker_get("openai").opened_at == NOW + timedelta(seconds=2)

    assert not ledger.breaker_allow("openai", cooldown_s=60, now=NOW + timedelta(seconds=61))
    assert ledger.breaker_allow("openai", cooldown_s=60, now=NOW + timedelta(seconds=62))
    assert ledger.breaker_get("openai").state == "half_open"
    # Exactly one probe: everyone else still sees it open while the probe is out ...
    assert not ledger.breaker_allow("openai", cooldown_s=60, now=NOW + timedelta(seconds=62))
    assert not ledger.breaker_allow("openai", cooldown_s=60, now=NOW + timedelta(seconds=121))
    # ... unless the probe never came back (its process died): a cool-down later, one new probe.
    assert ledger.breaker_allow("openai", cooldown_s=60, now=NOW + timedelta(seconds=122))
    assert not ledger.breaker_allow("openai", cooldown_s=60, now=NOW + timedelta(seconds=123))

    ledger.breaker_success("openai", now=NOW + timedelta(seconds=63))
    assert ledger.breaker_get("openai") == BreakerState("openai", "closed", 0, None)


def test_a_failure_while_half_open_reopens_immediately(ledger: Ledger) -> None:
    for i in range(5):
        ledger.breaker_failure("gemini", threshold=5, now=NOW + timedelta(seconds=i))
    assert ledger.breaker_allow("gemini", cooldown_s=60, now=NOW + timedelta(seconds=70))
    assert ledger.breaker_failure("gemini", threshold=5, now=NOW + timedelta(seconds=71)) is True
    state = ledger.breaker_get("gemini")
    assert (state.state, state.opened_at) == ("open", NOW + timedelta(seconds=71))
    assert not ledger.breaker_allow("gemini", cooldown_s=60, now=NOW + timedelta(seconds=100))


def test_success_resets_the_consecutive_count(ledger: Ledger) -> None:
    for _ in range(4):
        ledger.breaker_failure("openai", threshold=5, now=NOW)
    ledger.breaker_success("openai", now=NOW)
    assert ledger.breaker_failure("openai", threshold=5, now=NOW) is False
    assert ledger.breaker_get("openai").consecutive_failures == 1


def test_breaker_state_is_shared_through_the_file(path: Path) -> None:
    with open_ledger(path) as first, open_ledger(path) as second:
        first.breaker_failure("openai", threshold=1, now=NOW)
        assert not second.breaker_allow("openai", cooldown_s=60, now=NOW + timedelta(seconds=10))
        second.breaker_failure("azure", threshold=2, now=NOW)
        assert [(s.provider, s.state) for s in first.breaker_list()] == [("azure", "closed"), ("openai", "open")]


def _reserve_unless_tripped(ledger: Ledger, key: str = "openai") -> tuple[int | None, BreakerState]:
    return ledger.reserve_unless_tripped("mia", key, feature="chat", provider="openai", model="gpt-4o-mini",
                                         reserve_usd=0.01, correlation_id="c", now=NOW)


def test_reserve_unless_tripped_reads_the_breaker_and_reserves_only_when_it_is_closed(ledger: Ledger) -> None:
    """The runner's one ledger call per request on PostgreSQL (huntaze_reserve with the breaker key): the
    same answers on both backends."""
    ledger.add_creator("mia")
    usage_id, state = _reserve_unless_tripped(ledger)  # never failed: no breaker row at all
    assert usage_id is not None and (state.state, state.consecutive_failures) == ("closed", 0)
    ledger.breaker_failure("openai", threshold=3, now=NOW)
    usage_id, state = _reserve_unless_tripped(ledger)  # closed, one failure: reserved, and the runner knows
    assert usage_id is not None and (state.state, state.consecutive_failures) == ("closed", 1)
    ledger.breaker_failure("openai", threshold=2, now=NOW)  # opens it
    usage_id, state = _reserve_unless_tripped(ledger)
    assert usage_id is None and state.state == "open" and state.opened_at == NOW
    assert ledger.quota_status("mia", now=NOW).requests_last_hour == 2  # nothing reserved for the open one
    assert ledger.breaker_allow("openai", cooldown_s=0, now=NOW + timedelta(seconds=1))  # this caller probes
    usage_id, state = _reserve_unless_tripped(ledger)
    assert usage_id is None and state.state == "half_open"
    usage_id, state = _reserve_unless_tripped(ledger, key="gemini")  # another provider's breaker is its own
    assert usage_id is not None and state.state == "closed"
