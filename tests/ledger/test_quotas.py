"""reserve / settle / record: the sliding window, the monthly cap, and monthly_charges bookkeeping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from huntaze_cli.errors import InvalidInput, NotFound, QuotaExceeded, RateLimited
from huntaze_cli.ledger import Ledger
from tests.fakes.postgres import query

NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)


def reserve(ledger: Ledger, creator: str = "mia", usd: float = 0.01, at: datetime = NOW, **extra: Any) -> int:
    return ledger.reserve(creator, feature="chat", provider="openai", model="gpt-4o-mini", reserve_usd=usd,
                          correlation_id="corr", now=at, **extra)


def charges(path: Path | str) -> list[tuple[Any, ...]]:
    return query(path, "SELECT creator_id, month, total_cost_usd, request_count, plan FROM monthly_charges"
                       " ORDER BY month")


def counted_cost_by_month(path: Path | str) -> dict[str, float]:
    return dict(query(path, "SELECT substr(created_at, 1, 7), sum(cost_usd) FROM usage_logs WHERE counted = 1"
                            " GROUP BY 1"))


def test_reserve_then_settle_keeps_monthly_charges_equal_to_the_counted_rows(ledger: Ledger, path: Path) -> None:
    mia = ledger.add_creator("mia")
    first = reserve(ledger, usd=0.05)
    second = reserve(ledger, usd=0.05, at=NOW + timedelta(minutes=1))
    # Reservations are held apart from settled spend.
    assert charges(path) == [(mia.id, "2026-11", 0.0, 2, "starter")]
    assert ledger.quota_status("mia", now=NOW).in_flight_usd == 0.1
    ledger.settle(first, status="ok", input_tokens=120, output_tokens=80, cost_usd=0.0123, latency_ms=900,
                  response_json='{"reply": "hi"}', providers_tried="openai")
    ledger.settle(second, status="error", input_tokens=0, output_tokens=0, cost_usd=0.0, latency_ms=30000,
                  error_code="TIMEOUT", provider="gemini", model="gemini-2.5-flash", providers_tried="openai,gemini")
    ledger.record("mia", feature="chat", provider="openai", model="gpt-4o-mini", status="ok", cached=True,
                  correlation_id="c3", now=NOW + timedelta(minutes=2))
    assert charges(path) == [(mia.id, "2026-11", 0.0123, 2, "starter")]
    assert ledger.quota_status("mia", now=NOW).in_flight_usd == 0.0
    assert counted_cost_by_month(path) == {"2026-11": pytest.approx(0.0123)}

    row = ledger.get_usage(first)
    assert row is not None
    assert (row["status"], row["cost_usd"], row["reserved_usd"], row["input_tokens"], row["output_tokens"]) == (
        "ok", 0.0123, 0.05, 120, 80)
    assert (row["unpriced"], row["counted"], row["cached"], row["creator"]) == (False, True, False, "mia")
    assert row["response_json"] == '{"reply": "hi"}' and row["latency_ms"] == 900
    failed = ledger.get_usage(second)
    assert failed is not None
    assert (failed["status"], failed["error_code"], failed["provider"], failed["model"], failed["counted"]) == (
        "error", "TIMEOUT", "gemini", "gemini-2.5-flash", True)
    assert failed["providers_tried"] == "openai,gemini"

    status = ledger.quota_status("mia", now=NOW + timedelta(minutes=3))
    assert (status.requests_last_hour, status.requests_month, status.spend_month_usd) == (2, 2, 0.0123)


def test_many_small_costs_add_up_exactly(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia", "business")
    for i in range(200):
        usage_id = reserve(ledger, usd=0.1, at=NOW + timedelta(seconds=i))
        ledger.settle(usage_id, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.000123, latency_ms=1)
    assert charges(path)[0][2] == round(200 * 0.000123, 9)
    assert charges(path)[0][3] == 200


def test_record_rows_are_logged_but_do_not_use_the_plan(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia", requests_per_hour=2)
    for i in range(5):
        ledger.record("mia", feature="caption", provider="rules", model="rules", status="ok", cached=False,
                      correlation_id=f"r{i}", now=NOW)
    assert charges(path) == []
    reserve(ledger)
    reserve(ledger)
    with pytest.raises(RateLimited):
        reserve(ledger)
    status = ledger.quota_status("mia", now=NOW)
    assert (status.requests_last_hour, status.requests_month) == (2, 2)
    assert len(ledger.list_usage(limit=100)) == 7
    assert ledger.cost_totals()["requests"] == 7 and ledger.cost_totals()["providerRequests"] == 2


def test_sliding_window_refusal_text_metadata_and_release(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia", requests_per_hour=3)
    for minutes in (0, 10, 20):
        reserve(ledger, at=NOW + timedelta(minutes=minutes))
    before = charges(path)
    with pytest.raises(RateLimited) as caught:
        reserve(ledger, at=NOW + timedelta(minutes=30, seconds=0.5))
    error = caught.value
    assert error.message == ("Creator 'mia' has used 3 of 3 requests in the last hour; the next slot frees at "
                             "09:00 UTC (in 30m 0s).")
    assert error.metadata == {"creator": "mia", "limit": 3, "used": 3, "retryAfterSeconds": 1800,
                              "resetsAt": "2026-11-25T09:00:00.000000Z"}
    assert error.retryable and error.code == "RATE_LIMITED" and error.exit_code == 4
    # A refusal writes nothing.
    assert charges(path) == before and len(ledger.list_usage(limit=100)) == 3
    # Exactly one hour later the oldest request has left the window.
    with pytest.raises(RateLimited):
        reserve(ledger, at=NOW + timedelta(minutes=59, seconds=59))
    reserve(ledger, at=NOW + timedelta(hours=1))
    status = ledger.quota_status("mia", now=NOW + timedelta(hours=1))
    assert status.requests_last_hour == 3
    assert status.window_resets_at == NOW + timedelta(minutes=70)


def test_refusal_message_rounds_the_wait_up(ledger: Ledger) -> None:
    ledger.add_creator("mia", requests_per_hour=1)
    reserve(ledger, at=NOW)
    with pytest.raises(RateLimited) as caught:
        reserve(ledger, at=NOW + timedelta(minutes=47, seconds=56, microseconds=500_000))
    assert caught.value.message.endswith("the next slot frees at 09:00 UTC (in 12m 4s).")
    assert caught.value.metadata["retryAfterSeconds"] == 724


def test_lowering_the_limit_below_usage_waits_for_enough_requests_to_leave(ledger: Ledger) -> None:
    ledger.add_creator("mia", requests_per_hour=10)
    for minutes in (0, 10, 20, 30):
        reserve(ledger, at=NOW + timedelta(minutes=minutes))
    ledger.set_limits("mia", requests_per_hour=2, monthly_usd=None)
    with pytest.raises(RateLimited) as caught:
        reserve(ledger, at=NOW + timedelta(minutes=40))
    # 4 used, limit 2: three must leave, the third oldest (at :20) leaves at 09:20.
    assert caught.value.metadata["resetsAt"] == "2026-11-25T09:20:00.000000Z"
    assert caught.value.metadata["used"] == 4


def test_monthly_cap_refusal_text_and_metadata(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia")  # starter: $10
    usage_id = reserve(ledger, usd=9.99)
    ledger.settle(usage_id, status="ok", input_tokens=1, output_tokens=1, cost_usd=9.99, latency_ms=1)
    with pytest.raises(QuotaExceeded) as caught:
        reserve(ledger, usd=0.02, at=NOW + timedelta(minutes=1))
    error = caught.value
    assert error.message == (
        "Creator 'mia' has spent $9.99 of the $10.00 monthly quota for November 2026 and this request may cost "
        "up to $0.02; it resets on 2026-12-01 00:00 UTC, or raise it with `huntaze creators set-plan mia pro`.")
    assert error.metadata == {"creator": "mia", "plan": "starter", "limitUsd": 10.0, "spentUsd": 9.99,
                              "inFlightUsd": 0.0, "inFlight": False, "reserveUsd": 0.02, "month": "2026-11",
                              "resetsAt": "2026-12-01T00:00:00.000000Z"}
    assert not error.retryable and error.code == "QUOTA_EXCEEDED" and error.exit_code == 3
    assert charges(path)[0][2:4] == (9.99, 1)  # nothing written
    # Exactly filling the cap is allowed; after that even a free reservation is refused.
    last = reserve(ledger, usd=0.01, at=NOW + timedelta(minutes=2))
    ledger.settle(last, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.01, latency_ms=1)
    with pytest.raises(QuotaExceeded) as caught:
        reserve(ledger, usd=0.0, at=NOW + timedelta(minutes=3))
    assert caught.value.message.startswith("Creator 'mia' has spent $10.00 of the $10.00 monthly quota for "
                                           "November 2026; it resets on")
    # The next calendar month starts from zero.
    december = reserve(ledger, usd=0.5, at=datetime(2026, 12, 1, tzinfo=timezone.utc))
    ledger.settle(december, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.5, latency_ms=1)
    assert [row[1:4] for row in charges(path)] == [("2026-11", 10.0, 2), ("2026-12", 0.5, 1)]


def test_refusal_caused_only_by_holds_in_flight_says_so_and_is_retryable(ledger: Ledger) -> None:
    ledger.add_creator("mia", monthly_usd=0.002)
    settled = reserve(ledger, usd=0.0004)
    ledger.settle(settled, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.00064, latency_ms=1)
    held = [reserve(ledger, usd=0.0004) for _ in range(3)]  # $0.0012 in flight: 0.00064 + 0.0012 < 0.002
    with pytest.raises(QuotaExceeded) as caught:
        reserve(ledger, usd=0.0004)
    error = caught.value
    # Spend is at 32% of the cap: the refusal is "wait", not "wait for next month", with digits that show it.
    assert error.retryable and error.metadata["inFlight"] is True and error.exit_code == 3
    assert error.message == ("Creator 'mia' has spent $0.00064 of the $0.002 monthly quota and $0.0012 is held "
                             "by requests still in flight, so this request (up to $0.0004) must wait for them; "
                             "retry in a few seconds.")
    for usage_id in held:  # they settle below their holds: the same request now fits
        ledger.settle(usage_id, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.0001, latency_ms=1)
    reserve(ledger, usd=0.0004)


def test_extend_grows_a_hold_within_the_cap_and_is_refused_past_it(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia", monthly_usd=1.0)
    usage_id = reserve(ledger, usd=0.4)
    ledger.extend_reservation(usage_id, 0.5, now=NOW)
    assert ledger.get_usage(usage_id)["reserved_usd"] == 0.9  # type: ignore[index]
    assert ledger.quota_status("mia", now=NOW).in_flight_usd == 0.9
    with pytest.raises(QuotaExceeded) as caught:
        ledger.extend_reservation(usage_id, 0.2, now=NOW)
    assert "a further attempt of this request" in caught.value.message
    assert ledger.quota_status("mia", now=NOW).in_flight_usd == 0.9  # nothing written
    ledger.settle(usage_id, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.7, latency_ms=1)
    assert charges(path)[0][2:4] == (0.7, 1)
    assert ledger.quota_status("mia", now=NOW).in_flight_usd == 0.0
    with pytest.raises(InvalidInput):
        ledger.extend_reservation(usage_id, 0.1, now=NOW)


def test_quota_hint_for_an_override_or_the_top_plan(ledger: Ledger) -> None:
    ledger.add_creator("mia", "business", monthly_usd=1.0)
    spent = reserve(ledger, usd=1.0)
    ledger.settle(spent, status="ok", input_tokens=1, output_tokens=1, cost_usd=1.0, latency_ms=1)
    with pytest.raises(QuotaExceeded) as caught:
        reserve(ledger, usd=0.1)
    assert "`huntaze creators set-limits mia --monthly-usd AMOUNT`" in caught.value.message


def test_business_plan_has_no_monthly_cap(ledger: Ledger) -> None:
    ledger.add_creator("big", "business")
    reserve(ledger, "big", usd=5000.0)
    reserve(ledger, "big", usd=5000.0)
    status = ledger.quota_status("big", now=NOW)
    assert status.monthly_usd is None and status.in_flight_usd == 10000.0


def test_settle_bills_the_month_the_request_was_reserved_in(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia")
    late = datetime(2026, 11, 30, 23, 59, 59, 999999, tzinfo=timezone.utc)
    usage_id = reserve(ledger, usd=0.05, at=late)
    ledger.settle(usage_id, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.02, latency_ms=2000,
                  now=late + timedelta(seconds=2))
    assert [row[1:4] for row in charges(path)] == [("2026-11", 0.02, 1)]


def test_unknown_price_is_flagged_not_billed_as_free_silently(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia")
    usage_id = reserve(ledger, usd=0.05)
    ledger.settle(usage_id, status="ok", input_tokens=500, output_tokens=700, cost_usd=None, latency_ms=10)
    row = ledger.get_usage(usage_id)
    assert row is not None
    assert (row["cost_usd"], row["unpriced"], row["input_tokens"], row["output_tokens"]) == (0.0, True, 500, 700)
    assert charges(path)[0][2:4] == (0.0, 1)
    status = ledger.quota_status("mia", now=NOW)
    assert status.unpriced_month == 1
    assert ledger.cost_totals()["unpriced"] == 1


def test_an_abandoned_reservation_holds_until_a_minute_past_its_deadline_then_is_released(ledger: Ledger,
                                                                                          path: Path) -> None:
    ledger.add_creator("mia", requests_per_hour=2, monthly_usd=1.0)
    deadline = NOW + timedelta(seconds=90)
    abandoned = reserve(ledger, usd=0.25, deadline=deadline)  # the process "dies": never settled
    status = ledger.quota_status("mia", now=NOW + timedelta(minutes=2))
    assert (status.requests_last_hour, status.spend_month_usd, status.in_flight_usd) == (1, 0.0, 0.25)
    # 59 s past its deadline it still holds its dollars ...
    reserve(ledger, usd=0.5, at=deadline + timedelta(seconds=59))
    assert ledger.get_usage(abandoned)["status"] == "pending"  # type: ignore[index]
    assert ledger.quota_status("mia", now=NOW).in_flight_usd == 0.75
    # ... a later reserve, more than a minute past it, releases them: back to the month, still a request.
    with pytest.raises(RateLimited):
        reserve(ledger, usd=0.1, at=deadline + timedelta(seconds=61))
    row = ledger.get_usage(abandoned)
    assert row is not None and (row["status"], row["error_code"], row["cost_usd"], row["counted"]) == \
        ("error", "ABANDONED", 0.0, True)
    status = ledger.quota_status("mia", now=deadline + timedelta(seconds=61))
    assert (status.requests_last_hour, status.in_flight_usd, status.requests_month) == (2, 0.5, 2)
    assert charges(path)[0][2:4] == (0.0, 2)


def test_settling_twice_does_not_double_count(ledger: Ledger, path: Path) -> None:
    ledger.add_creator("mia")
    usage_id = reserve(ledger, usd=0.05)
    ledger.settle(usage_id, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.03, latency_ms=1)
    ledger.settle(usage_id, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.04, latency_ms=1)
    assert charges(path)[0][2] == 0.04


def test_quota_status_for_an_idle_creator(ledger: Ledger) -> None:
    ledger.add_creator("mia", "pro")
    status = ledger.quota_status("mia", now=NOW)
    assert status.creator == "mia" and status.plan == "pro" and status.month == "2026-11"
    assert (status.requests_last_hour, status.requests_per_hour, status.window_resets_at) == (0, 100, None)
    assert (status.spend_month_usd, status.monthly_usd, status.requests_month, status.unpriced_month) == (
        0.0, 50.0, 0, 0)
    assert status.month_resets_at == datetime(2026, 12, 1, tzinfo=timezone.utc)
    december = ledger.quota_status("mia", now=datetime(2026, 12, 31, 23, 0, tzinfo=timezone.utc))
    assert december.month_resets_at == datetime(2027, 1, 1, tzinfo=timezone.utc)


def test_invalid_calls(ledger: Ledger) -> None:
    ledger.add_creator("mia")
    with pytest.raises(NotFound, match="huntaze creators add ghost"):
        reserve(ledger, "ghost")
    with pytest.raises(InvalidInput):
        reserve(ledger, usd=-0.01)
    with pytest.raises(NotFound):
        ledger.settle(999, status="ok", input_tokens=0, output_tokens=0, cost_usd=0, latency_ms=0)
    usage_id = reserve(ledger)
    with pytest.raises(InvalidInput):
        ledger.settle(usage_id, status="pending", input_tokens=0, output_tokens=0, cost_usd=0, latency_ms=0)
    with pytest.raises(InvalidInput):
        ledger.record("mia", feature="chat", provider="rules", model="rules", status="maybe", cached=False,
                      correlation_id="x")


def test_succeeded_batch_keys(ledger: Ledger) -> None:
    ledger.add_creator("mia", "business")
    done = reserve(ledger, batch_key="batch:1")
    failed = reserve(ledger, batch_key="batch:2")
    reserve(ledger, batch_key="batch:3")  # still pending
    ledger.settle(done, status="ok", input_tokens=1, output_tokens=1, cost_usd=0.001, latency_ms=1)
    ledger.settle(failed, status="error", input_tokens=0, output_tokens=0, cost_usd=0.0, latency_ms=1)
    ledger.record("mia", feature="chat", provider="rules", model="rules", status="ok", cached=False,
                  correlation_id="x", batch_key="batch:4")
    keys = [f"batch:{i}" for i in range(1, 6)] + [f"other:{i}" for i in range(1200)]
    assert ledger.succeeded_batch_keys(keys) == {"batch:1", "batch:4"}
    assert ledger.succeeded_batch_keys([]) == set()


def test_a_plan_removed_from_code_gets_the_smallest_plans_limits_on_both_backends(ledger: Ledger,
                                                                                   path: Path) -> None:
    """PostgreSQL decides in its `huntaze_reserve` function from the plan table it is sent: it must fall back
    exactly as `effective_limits` does."""
    ledger.add_creator("mia")
    query(path, "UPDATE creators SET plan = 'legacy-gold' WHERE name = 'mia'")
    for minute in range(50):  # starter: 50 an hour
        reserve(ledger, usd=0.0, at=NOW + timedelta(seconds=minute))
    with pytest.raises(RateLimited) as caught:
        reserve(ledger, usd=0.0, at=NOW + timedelta(minutes=1))
    assert caught.value.metadata["limit"] == 50 and caught.value.metadata["used"] == 50


def test_a_refusal_already_decided_by_the_server_always_gets_the_month_sentence() -> None:
    """At a nano-dollar rounding edge PostgreSQL's arithmetic and Python's may part: the server's refusal
    stands, and the sentence is still the month's, never a silent admission."""
    from huntaze_cli.ledger.quotas import _check_month
    from huntaze_cli.ledger.records import Creator

    mia = Creator(id=1, name="mia", plan="starter", requests_per_hour=50, monthly_usd=10.0,
                  requests_per_hour_override=None, monthly_usd_override=None, created_at=NOW)
    _check_month(mia, NOW, 0.01, 5.0, 0.0)  # fits: no refusal of its own
    with pytest.raises(QuotaExceeded, match=r"has spent \$5.00 of the \$10.00 monthly quota"):
        _check_month(mia, NOW, 0.01, 5.0, 0.0, refused=True)


def test_extending_or_settling_a_row_that_is_not_there_is_not_found(ledger: Ledger) -> None:
    ledger.add_creator("mia")
    with pytest.raises(NotFound):
        ledger.extend_reservation(999, 0.01)
    with pytest.raises(NotFound):
        ledger.settle(999, status="error", input_tokens=0, output_tokens=0, cost_usd=None, latency_ms=0)
