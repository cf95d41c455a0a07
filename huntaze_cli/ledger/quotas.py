"""Where the quota is checked: the sliding one-hour rate limit and the monthly dollar cap.

`reserve` checks both and records the request in one BEGIN IMMEDIATE transaction, so concurrent
processes can never admit more than the limit. A refused request writes nothing.
"""

from __future__ import annotations

from datetime import datetime

from huntaze_cli.errors import InvalidInput, QuotaExceeded, RateLimited
from huntaze_cli.ledger import creators
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
from huntaze_cli.ledger.db import LedgerDB, one, scalar, transaction
from huntaze_cli.ledger.plans import PLANS, upgrade_for
from huntaze_cli.ledger.records import Creator, QuotaStatus

__all__ = ["PLANS", "creator_lock", "quota_status", "reserve"]

# Totals are rounded to a nano-dollar so float drift never admits or refuses a request at the cap.
_ROUND = 9


def reserve(db: LedgerDB, creator_name: str, *, feature: str, provider: str, model: str,
            reserve_usd: float, correlation_id: str, request_json: str | None = None,
            batch_key: str | None = None, now: datetime | None = None) -> int:
    if not reserve_usd >= 0:
        raise InvalidInput(f"A reservation must be 0 dollars or more, not {reserve_usd}.")
    moment = utc(now)
    stamp = to_iso(moment)
    month = month_key(moment)
    with transaction(db, lock=creator_lock(creator_name)):
        # One read for the creator, its requests in the window and its month's spend: a batch runs this
        # per request, and every statement is a trip through the GIL for 32 threads.
        row = one(db, "SELECT c.*,"
                      " (SELECT count(*) FROM usage_logs u WHERE u.creator_id = c.id AND u.counted = 1"
                      "  AND u.created_at > ?) AS window_used,"
                      " (SELECT m.total_cost_usd FROM monthly_charges m WHERE m.creator_id = c.id AND m.month = ?)"
                      "  AS month_spent"
                      " FROM creators c WHERE c.name = ?", (to_iso(moment - HOUR), month, creator_name))
        if row is None:
            creators.require(db, creator_name)  # raises the NotFound sentence
        assert row is not None
        creator = creators.to_creator(row)
        _check_rate(db, creator, moment, row["window_used"])
        _check_month(creator, moment, reserve_usd, row["month_spent"] or 0.0)
        cursor = db.conn.execute(
            "INSERT INTO usage_logs (creator_id, feature, provider, model, cost_usd, reserved_usd, status,"
            " cached, counted, correlation_id, batch_key, request_json, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, 1, ?, ?, ?, ?)",
            (creator.id, feature, provider, model, reserve_usd, reserve_usd, correlation_id, batch_key,
             request_json, stamp))
        db.conn.execute(
            "INSERT INTO monthly_charges (creator_id, month, total_cost_usd, request_count, plan)"
            " VALUES (?, ?, ROUND(?, ?), 1, ?)"
            " ON CONFLICT (creator_id, month) DO UPDATE SET"
            " total_cost_usd = ROUND(monthly_charges.total_cost_usd + excluded.total_cost_usd, ?),"
            " request_count = monthly_charges.request_count + 1, plan = excluded.plan",
            (creator.id, month, reserve_usd, _ROUND, creator.plan, _ROUND))
        usage_id = cursor.lastrowid
    assert usage_id is not None
    return usage_id


def creator_lock(name: str) -> str:
    """The key that serialises one creator's reservations and settlements (on PostgreSQL)."""
    return f"creator:{name}"


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


def _check_month(creator: Creator, moment: datetime, reserve_usd: float, spent: float) -> None:
    cap = creator.monthly_usd
    if cap is None:
        return
    if spent < cap and round(spent + reserve_usd, _ROUND) <= cap:
        return
    resets = next_month_start(moment)
    this_request = "" if spent >= cap else f" and this request may cost up to ${reserve_usd:.2f}"
    raise QuotaExceeded(
        f"Creator '{creator.name}' has spent ${spent:.2f} of the ${cap:.2f} monthly quota for "
        f"{month_label(moment)}{this_request}; it resets on {resets:%Y-%m-%d %H:%M} UTC, or raise it with "
        f"{_raise_hint(creator)}.",
        metadata={"creator": creator.name, "plan": creator.plan, "limitUsd": cap, "spentUsd": round(spent, 6),
                  "reserveUsd": reserve_usd, "month": month_key(moment), "resetsAt": to_iso(resets)})


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
    charges = one(db, "SELECT total_cost_usd, request_count FROM monthly_charges"
                      " WHERE creator_id = ? AND month = ?", (creator.id, month))
    charges = charges or {"total_cost_usd": 0.0, "request_count": 0}
    unpriced = scalar(db, "SELECT count(*) FROM usage_logs WHERE creator_id = ? AND counted IN (0, 1)"
                          " AND created_at >= ? AND created_at < ? AND unpriced = 1",
                      (creator.id, to_iso(month_start(moment)), to_iso(next_month_start(moment))))
    return QuotaStatus(
        creator=creator.name, plan=creator.plan,
        requests_last_hour=window["used"], requests_per_hour=creator.requests_per_hour,
        window_resets_at=from_iso(window["oldest"]) + HOUR if window["oldest"] else None,
        spend_month_usd=round(charges["total_cost_usd"], 6), monthly_usd=creator.monthly_usd,
        month_resets_at=next_month_start(moment), requests_month=charges["request_count"],
        unpriced_month=unpriced, month=month,
    )


