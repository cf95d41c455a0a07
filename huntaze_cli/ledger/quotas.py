"""Where the quota is checked: the sliding one-hour rate limit and the monthly dollar cap.

`reserve` checks both and records the request in one BEGIN IMMEDIATE transaction on SQLite, and in one
statement under the creator's advisory lock on PostgreSQL (the `huntaze_reserve` function), so concurrent
processes and hosts can never admit more than the limit. A refused request writes nothing.

The month's row keeps settled spend (`total_cost_usd`) apart from the holds of calls in flight
(`pending_usd`): the cap holds on their sum, and a refusal caused only by holds says so and is retryable.
A reservation may be extended (`extend`) before a further billed attempt of the same request; each carries
the request's deadline, and a reserve releases the creator's holds more than `ABANDON_GRACE` past theirs
(their process died): the dollars go back to the month, the request still counts in its hour.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from huntaze_cli.errors import InvalidInput, NotFound, QuotaExceeded, RateLimited
from huntaze_cli.ledger import breaker, creators
from huntaze_cli.ledger.clock import (
    HOUR,
    duration_text,
    from_iso,
    month_key,
    month_label,
    month_start,
    next_month_start,
    to_iso,
    utc,
)
from huntaze_cli.ledger.db import LedgerDB, one, rows, scalar, transaction
from huntaze_cli.ledger.plans import FALLBACK_PLAN, PLANS, upgrade_for
from huntaze_cli.ledger.records import BreakerState, Creator, QuotaStatus
from huntaze_cli.money import usd

__all__ = ["ABANDON_GRACE", "PLANS", "creator_lock", "extend", "lock_creator_of_usage", "quota_status",
           "release_abandoned", "reserve", "reserve_unless_tripped"]

# Totals are rounded to a nano-dollar so float drift never admits or refuses a request at the cap.
ROUND_DIGITS = 9
# A reservation still pending this long after its deadline belongs to a dead process.
ABANDON_GRACE = timedelta(minutes=1)
# Without a deadline (rows reserved before m012), a hold is released this long after it was made.
_LEGACY_DEADLINE = timedelta(hours=1)


_CREATOR_LOCK = "creator:"


def creator_lock(creator_id: int) -> str:
    """The key that serialises one creator's reservations, extensions and releases. SQLite serialises every
    writer anyway; on PostgreSQL, where hosts write in parallel, this is what keeps the check-then-write of
    the hour window and the month's spend exact. (A settlement needs only its row: it can only lower what
    the month holds. m026's functions build the same key.)"""
    return f"{_CREATOR_LOCK}{creator_id}"


def lock_creator_of_usage(db: LedgerDB, usage_id: int) -> None:
    """Take the creator lock of a usage row; the row's creator is looked up in the same statement."""
    db.lock_on(_CREATOR_LOCK, "SELECT creator_id FROM usage_logs WHERE id = ?", (usage_id,))


def _check_amount(reserve_usd: float) -> None:
    if not reserve_usd >= 0:  # also NaN
        raise InvalidInput(f"A reservation must be 0 dollars or more, not {reserve_usd}.")


def reserve(db: LedgerDB, creator_name: str, *, feature: str, provider: str, model: str,
            reserve_usd: float, correlation_id: str, request_json: str | None = None,
            batch_key: str | None = None, deadline: datetime | None = None, now: datetime | None = None) -> int:
    _check_amount(reserve_usd)
    reserve_on = _reserve_on_server if db.backend == "postgresql" else _reserve_in_file
    usage_id, _ = reserve_on(db, creator_name, feature=feature, provider=provider, model=model,
                             reserve_usd=reserve_usd, correlation_id=correlation_id, request_json=request_json,
                             batch_key=batch_key, deadline=deadline, moment=utc(now))
    assert usage_id is not None  # no breaker was asked about
    return usage_id


def _reserve_in_file(db: LedgerDB, creator_name: str, *, feature: str, provider: str, model: str,
                     reserve_usd: float, correlation_id: str, request_json: str | None, batch_key: str | None,
                     deadline: datetime | None, moment: datetime,
                     breaker_key: str | None = None) -> tuple[int | None, BreakerState]:
    """SQLite: one BEGIN IMMEDIATE transaction reads the creator, its hour window, its month, whether it has
    abandoned holds and the breaker (one statement), then writes the row and the month: five statements in
    all. A breaker that is not closed writes nothing; abandoned holds are released and committed first (the
    release stands even when this reservation is then refused), and the reservation is tried again."""
    stamp = to_iso(moment)
    month = month_key(moment)
    for _ in range(2):  # a second time only after releasing abandoned holds
        with transaction(db, lock=None):  # BEGIN IMMEDIATE: every writer of the file in turn
            row = one(db, "SELECT c.*,"
                          " (SELECT count(*) FROM usage_logs u WHERE u.creator_id = c.id AND u.counted = 1"
                          "  AND u.created_at > ?) AS window_used,"
                          " m.total_cost_usd AS month_spent, m.pending_usd AS month_pending,"
                          f" EXISTS (SELECT 1 FROM usage_logs WHERE creator_id = c.id AND {_STALE}) AS stale,"
                          " b.state AS breaker_state, b.consecutive_failures AS breaker_failures,"
                          " b.opened_at AS breaker_opened_at"
                          " FROM creators c"
                          " LEFT JOIN monthly_charges m ON m.creator_id = c.id AND m.month = ?"
                          " LEFT JOIN breaker_state b ON b.provider = ?"
                          " WHERE c.name = ?",
                      (to_iso(moment - HOUR), *_stale_params(moment), month, breaker_key, creator_name))
            if row is None:
                creators.require(db, creator_name)  # raises the NotFound sentence
                raise AssertionError("a creator vanished inside a write transaction")  # pragma: no cover
            state = _breaker_of(row, breaker_key)
            if state.state != "closed":
                return None, state
            if row["stale"]:
                _release(db, row["id"], moment)
                continue  # committed as the block ends
            creator = creators.to_creator(row)
            _check_rate(db, creator, moment, row["window_used"])
            _check_month(creator, moment, reserve_usd, row["month_spent"] or 0.0, row["month_pending"] or 0.0)
            cursor = db.conn.execute(
                "INSERT INTO usage_logs (creator_id, feature, provider, model, cost_usd, reserved_usd, status,"
                " cached, counted, correlation_id, batch_key, request_json, created_at, deadline_at)"
                " VALUES (?, ?, ?, ?, 0, ?, 'pending', 0, 1, ?, ?, ?, ?, ?)",
                (creator.id, feature, provider, model, reserve_usd, correlation_id, batch_key,
                 request_json, stamp, to_iso(deadline) if deadline is not None else None))
            db.conn.execute(
                "INSERT INTO monthly_charges (creator_id, month, total_cost_usd, pending_usd, request_count, plan)"
                " VALUES (?, ?, 0, ROUND(?, ?), 1, ?)"
                " ON CONFLICT (creator_id, month) DO UPDATE SET"
                " pending_usd = ROUND(monthly_charges.pending_usd + excluded.pending_usd, ?),"
                " request_count = monthly_charges.request_count + 1, plan = excluded.plan",
                (creator.id, month, reserve_usd, ROUND_DIGITS, creator.plan, ROUND_DIGITS))
            usage_id = cursor.lastrowid
            assert usage_id is not None
            return usage_id, state
    raise AssertionError("abandoned holds were released but are still there")  # pragma: no cover


def _breaker_of(row: dict[str, Any], breaker_key: str | None) -> BreakerState:
    """The breaker read with a reservation (closed when it has no row, or when none was asked about)."""
    return breaker.to_state({"provider": breaker_key or "", "state": row["breaker_state"] or "closed",
                             "consecutive_failures": row["breaker_failures"] or 0,
                             "opened_at": row["breaker_opened_at"]})


@functools.cache
def _plans_json() -> str:
    """The plan table as `huntaze_reserve` reads it: {plan: [requests per hour, monthly dollars or null]}
    (made on PostgreSQL's path only: a SQLite start-up does not even import json)."""
    import json

    return json.dumps({name: [limits.requests_per_hour, limits.monthly_usd] for name, limits in PLANS.items()})


def reserve_unless_tripped(db: LedgerDB, creator_name: str, breaker_key: str, *, feature: str, provider: str,
                           model: str, reserve_usd: float, correlation_id: str, request_json: str | None = None,
                           batch_key: str | None = None, deadline: datetime | None = None,
                           now: datetime | None = None) -> tuple[int | None, BreakerState]:
    """The provider's breaker and, if it is closed, the reservation: (usage id, breaker), or (None, breaker)
    with nothing reserved when the breaker is open or half-open. One round trip on PostgreSQL."""
    _check_amount(reserve_usd)
    reserve_on = _reserve_on_server if db.backend == "postgresql" else _reserve_in_file
    return reserve_on(db, creator_name, feature=feature, provider=provider, model=model, reserve_usd=reserve_usd,
                      correlation_id=correlation_id, request_json=request_json, batch_key=batch_key,
                      deadline=deadline, moment=utc(now), breaker_key=breaker_key)


def _reserve_on_server(db: LedgerDB, creator_name: str, *, feature: str, provider: str, model: str,
                       reserve_usd: float, correlation_id: str, request_json: str | None, batch_key: str | None,
                       deadline: datetime | None, moment: datetime,
                       breaker_key: str | None = None) -> tuple[int | None, BreakerState]:
    """PostgreSQL: the same reservation as above in one statement (the `huntaze_reserve` function, migration
    m026), so the creator's lock is held only while the server works. A refusal comes back as figures,
    and the same checks as SQLite's turn them into the sentence."""
    month = month_key(moment)
    for _ in range(2):  # a second time only after releasing abandoned holds
        row = one(db, "SELECT * FROM huntaze_reserve(?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (creator_name, _plans_json(), FALLBACK_PLAN, feature, provider, model, reserve_usd, correlation_id,
                   batch_key, request_json, to_iso(moment), to_iso(deadline) if deadline is not None else None,
                   to_iso(moment - HOUR), month, *_stale_params(moment), ROUND_DIGITS, breaker_key))
        if row is None:
            creators.require(db, creator_name)  # raises the NotFound sentence
            raise AssertionError("huntaze_reserve found no creator that exists")  # pragma: no cover
        state = _breaker_of(row, breaker_key)
        if row["usage_id"] is not None or state.state != "closed":
            return row["usage_id"], state
        if not row["stale"]:
            break
        with transaction(db, lock=creator_lock(row["creator_id"])):  # the release stands even if then refused
            _release(db, row["creator_id"], moment)
    else:  # pragma: no cover  (a release that left stale holds behind)
        raise AssertionError("abandoned holds were released but are still there")
    # The sentences are the SQLite path's, with the limits the server decided on.
    creator = creators.require(db, creator_name)._replace(requests_per_hour=row["requests_per_hour"],
                                                          monthly_usd=row["monthly_usd"])
    _check_rate(db, creator, moment, row["window_used"])
    # Refused on the month: _check_month's sentence, even at a nano-dollar rounding edge where it would admit.
    _check_month(creator, moment, reserve_usd, row["month_spent"], row["month_pending"], refused=True)
    raise AssertionError("huntaze_reserve refused a creator without a cap")  # pragma: no cover


def extend(db: LedgerDB, usage_id: int, extra_usd: float, now: datetime | None = None) -> None:
    """Raise a pending reservation by `extra_usd` before a further billed attempt of the same request;
    refused (QuotaExceeded, nothing written) when the month's cap cannot hold it."""
    if not extra_usd >= 0:
        raise InvalidInput(f"A reservation can only grow, not by {extra_usd}.")
    moment = utc(now)
    with transaction(db, lock=None):
        lock_creator_of_usage(db, usage_id)
        row = one(db, "SELECT creator_id, created_at, status, counted FROM usage_logs WHERE id = ?", (usage_id,))
        if row is None:
            raise NotFound(f"No usage row {usage_id} in the ledger; it may have been pruned.")
        if row["status"] != "pending" or not row["counted"]:
            raise InvalidInput(f"Usage row {usage_id} is already settled; its reservation cannot grow.")
        month = row["created_at"][:7]
        found = one(db, "SELECT c.*, m.total_cost_usd AS month_spent, m.pending_usd AS month_pending"
                        " FROM creators c JOIN monthly_charges m ON m.creator_id = c.id AND m.month = ?"
                        " WHERE c.id = ?", (month, row["creator_id"]))
        assert found is not None
        _check_month(creators.to_creator(found), moment, extra_usd, found["month_spent"] or 0.0,
                     found["month_pending"] or 0.0, extending=True)
        db.conn.execute("UPDATE usage_logs SET reserved_usd = ROUND(reserved_usd + ?, ?) WHERE id = ?",
                        (extra_usd, ROUND_DIGITS, usage_id))
        db.conn.execute("UPDATE monthly_charges SET pending_usd = ROUND(pending_usd + ?, ?)"
                        " WHERE creator_id = ? AND month = ?", (extra_usd, ROUND_DIGITS, row["creator_id"], month))


def release_abandoned(db: LedgerDB, creator_name: str, now: datetime | None = None) -> int:
    """Release a creator's reservations whose process died; returns how many were released."""
    creator_id = creators.require(db, creator_name).id
    with transaction(db, lock=creator_lock(creator_id)):
        return _release(db, creator_id, utc(now))


# A creator's holds abandoned by a dead process (with its `_stale_params`).
_STALE = "status = 'pending' AND (deadline_at < ? OR (deadline_at IS NULL AND created_at < ?))"


def _stale_params(moment: datetime) -> tuple[Any, ...]:
    return to_iso(moment - ABANDON_GRACE), to_iso(moment - ABANDON_GRACE - _LEGACY_DEADLINE)


def _stale(db: LedgerDB, creator_id: int, moment: datetime) -> list[dict[str, Any]]:
    return rows(db, f"SELECT id, substr(created_at, 1, 7) AS month, reserved_usd FROM usage_logs"
                    f" WHERE creator_id = ? AND {_STALE}", (creator_id, *_stale_params(moment)))


def _release(db: LedgerDB, creator_id: int, moment: datetime) -> int:
    """Under the creator's lock. A settlement (which takes only its row's lock) may land meanwhile: a row is
    released only if it is still pending when written, and the rows are written before the months, the
    order every writer keeps (see m026)."""
    released = []
    for item in _stale(db, creator_id, moment):
        # The row stays counted, so it still uses a slot in its hour.
        if db.conn.execute("UPDATE usage_logs SET status = 'error', error_code = 'ABANDONED', cost_usd = 0"
                           " WHERE id = ? AND status = 'pending'", (item["id"],)).rowcount:
            released.append(item)
    for item in released:  # the dollars go back to the month
        db.conn.execute("UPDATE monthly_charges SET pending_usd = CASE WHEN pending_usd - ? < 0 THEN 0"
                        " ELSE ROUND(pending_usd - ?, ?) END WHERE creator_id = ? AND month = ?",
                        (item["reserved_usd"], item["reserved_usd"], ROUND_DIGITS, creator_id, item["month"]))
    return len(released)


def _check_rate(db: LedgerDB, creator: Creator, moment: datetime, used: int) -> None:
    window_start = to_iso(moment - HOUR)
    limit = creator.requests_per_hour
    if used < limit:
        return
    # The next slot frees when enough of the oldest requests leave the window to go below the limit.
    oldest_needed = scalar(
        db, "SELECT created_at FROM usage_logs WHERE creator_id = ? AND counted = 1 AND created_at > ?"
            " ORDER BY created_at LIMIT 1 OFFSET ?", (creator.id, window_start, used - limit))
    frees_at = from_iso(oldest_needed) + HOUR
    wait = max(0.0, (frees_at - moment).total_seconds())
    raise RateLimited(
        f"Creator '{creator.name}' has used {used} of {limit} requests in the last hour; the next slot frees "
        f"at {frees_at:%H:%M} UTC (in {duration_text(wait)}).",
        metadata={"creator": creator.name, "limit": limit, "used": used,
                  "retryAfterSeconds": max(1, int(-(-wait // 1))), "resetsAt": to_iso(frees_at)})


def _check_month(creator: Creator, moment: datetime, reserve_usd: float, spent: float, pending: float,
                 extending: bool = False, refused: bool = False) -> None:
    """Raise QuotaExceeded when the cap cannot hold `reserve_usd` more; `refused`: the ledger's server has
    already decided so, and this only writes the sentence."""
    cap = creator.monthly_usd
    if cap is None:
        return
    if not refused and round(spent + pending + reserve_usd, ROUND_DIGITS) <= cap \
            and (spent < cap or reserve_usd == 0 and extending):
        return
    resets = next_month_start(moment)
    # Refused only because of calls still in flight: once they settle (usually below their hold) it may fit.
    in_flight = pending > 0 and round(spent + reserve_usd, ROUND_DIGITS) <= cap
    what = "a further attempt of this request" if extending else "this request"
    metadata = {"creator": creator.name, "plan": creator.plan, "limitUsd": cap, "spentUsd": round(spent, 9),
                "inFlightUsd": round(pending, 9), "reserveUsd": reserve_usd, "month": month_key(moment),
                "resetsAt": to_iso(resets), "inFlight": in_flight}
    if in_flight:
        raise QuotaExceeded(
            f"Creator '{creator.name}' has spent {usd(spent)} of the {usd(cap)} monthly quota and "
            f"{usd(pending)} is held by requests still in flight, so {what} (up to "
            f"{usd(reserve_usd)}) must wait for them; retry in a few seconds.",
            metadata=metadata, retryable=True)
    held = f" (plus {usd(pending)} held by requests in flight)" if pending > 0 else ""
    this_request = "" if spent >= cap else f" and {what} may cost up to {usd(reserve_usd)}"
    raise QuotaExceeded(
        f"Creator '{creator.name}' has spent {usd(spent)}{held} of the {usd(cap)} monthly quota for "
        f"{month_label(moment)}{this_request}; it resets on {resets:%Y-%m-%d %H:%M} UTC, or raise it with "
        f"{_raise_hint(creator)}.",
        metadata=metadata)


def _raise_hint(creator: Creator) -> str:
    upgrade = upgrade_for(creator.plan)
    if creator.monthly_usd_override is None and upgrade is not None:
        return f"`huntaze creators set-plan {creator.name} {upgrade}`"
    return f"`huntaze creators set-limits {creator.name} --monthly-usd AMOUNT`"


def quota_status(db: LedgerDB, creator_name: str, now: datetime | None = None) -> QuotaStatus:
    moment = utc(now)
    creator = creators.require(db, creator_name)
    window = one(db, "SELECT count(*) AS used, min(created_at) AS oldest FROM usage_logs"
                     " WHERE creator_id = ? AND counted = 1 AND created_at > ?",
                 (creator.id, to_iso(moment - HOUR)))
    assert window is not None
    month = month_key(moment)
    charges = one(db, "SELECT total_cost_usd, pending_usd, request_count FROM monthly_charges"
                      " WHERE creator_id = ? AND month = ?", (creator.id, month))
    charges = charges or {"total_cost_usd": 0.0, "pending_usd": 0.0, "request_count": 0}
    unpriced = scalar(db, "SELECT count(*) FROM usage_logs WHERE creator_id = ? AND counted IN (0, 1)"
                          " AND created_at >= ? AND created_at < ? AND unpriced = 1",
                      (creator.id, to_iso(month_start(moment)), to_iso(next_month_start(moment))))
    return QuotaStatus(
        creator=creator.name, plan=creator.plan,
        requests_last_hour=window["used"], requests_per_hour=creator.requests_per_hour,
        window_resets_at=from_iso(window["oldest"]) + HOUR if window["oldest"] else None,
        spend_month_usd=round(charges["total_cost_usd"], 9), monthly_usd=creator.monthly_usd,
        in_flight_usd=round(charges["pending_usd"], 9),
        month_resets_at=next_month_start(moment), requests_month=charges["request_count"],
        unpriced_month=unpriced, month=month,
    )


