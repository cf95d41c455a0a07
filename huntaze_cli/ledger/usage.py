"""Settling reservations, recording uncounted answers, and browsing or pruning the request log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.ledger import creators
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, scalar, transaction
from huntaze_cli.ledger.quotas import ROUND_DIGITS

_FINAL_STATUSES = ("ok", "error")
# SQLite's settle reads the row as it stands before the settle in subqueries of the month's UPDATE (by the
# primary key; UPDATE ... FROM would need SQLite 3.33): what the row was settled at so far, what it releases
# from the month's holds (its reservation, on its first settle only) and which month it belongs to. An
# uncounted row (a cache hit, the rules engine) matches no month.
_ROW = "(SELECT {} FROM usage_logs WHERE id = ? AND counted = 1)"
_SETTLE_MONTH = (
    "UPDATE monthly_charges SET"
    f" total_cost_usd = ROUND(total_cost_usd + (? - {_ROW.format('cost_usd')}), ?),"
    " pending_usd = CASE WHEN pending_usd - {released} < 0 THEN 0 ELSE ROUND(pending_usd - {released}, ?) END"
    f" WHERE (creator_id, month) = {_ROW.format('creator_id, substr(created_at, 1, 7)')}"
).format(released=_ROW.format("CASE WHEN status = 'pending' THEN reserved_usd ELSE 0.0 END"))


def _check_status(status: str) -> None:
    if status not in _FINAL_STATUSES:
        raise InvalidInput(f"Unknown request status '{status}'; use 'ok' or 'error'.")


def settle(db: LedgerDB, usage_id: int, *, status: str, input_tokens: int, output_tokens: int,
           cost_usd: float | None, latency_ms: int, provider: str | None = None, model: str | None = None,
           error_code: str | None = None, response_json: str | None = None,
           providers_tried: str | None = None, estimated: bool = False, attempts: int | None = None,
           now: datetime | None = None) -> None:
    """Replace the reservation by the real cost; `cost_usd=None` means the model has no known price.

    The month's hold shrinks by the row's reservation (on its first settle only) and its settled spend
    grows by (final cost - what the row was settled at before), in the month the row was reserved in, so
    settling twice stays consistent and a call across midnight bills one month. `estimated` flags usage
    the provider did not report (a cut stream). The row keeps its reservation timestamp (the request
    happened when it was admitted); `now` is accepted so every time-dependent method has the same signature."""
    _check_status(status)
    final_cost = 0.0 if cost_usd is None else float(cost_usd)
    if db.backend == "postgresql":
        # The same statements in one (the `huntaze_settle` function, migration m026), under the row's lock.
        found = scalar(db, "SELECT huntaze_settle(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (usage_id, status, input_tokens, output_tokens, final_cost, int(cost_usd is None), latency_ms,
                        provider, model, error_code, int(estimated), attempts, response_json, providers_tried,
                        ROUND_DIGITS))
        if not found:
            raise NotFound(f"No usage row {usage_id} in the ledger; it may have been pruned.")
        return
    with transaction(db, lock=None):  # SQLite: every writer in turn, so the month may be written first
        # The month from the row as it was (_SETTLE_MONTH), then the row: two statements, no read in Python.
        db.conn.execute(_SETTLE_MONTH, (final_cost, usage_id, ROUND_DIGITS, usage_id, usage_id, ROUND_DIGITS,
                                        usage_id))
        found = db.conn.execute(
            "UPDATE usage_logs SET status = ?, input_tokens = ?, output_tokens = ?, cost_usd = ?,"
            " unpriced = ?, latency_ms = ?, provider = coalesce(?, provider), model = coalesce(?, model),"
            " error_code = ?, estimated = ?, attempts = coalesce(?, attempts),"
            " response_json = coalesce(?, response_json), providers_tried = coalesce(?, providers_tried)"
            " WHERE id = ?",
            (status, input_tokens, output_tokens, final_cost, int(cost_usd is None), latency_ms, provider,
             model, error_code, int(estimated), attempts, response_json, providers_tried, usage_id)).rowcount
        if not found:
            raise NotFound(f"No usage row {usage_id} in the ledger; it may have been pruned.")


def record(db: LedgerDB, creator_name: str, *, feature: str, provider: str, model: str,
           status: str, cached: bool, input_tokens: int = 0, output_tokens: int = 0,
           cost_usd: float | None = 0.0, error_code: str | None = None, latency_ms: int = 0,
           correlation_id: str, providers_tried: str | None = None, request_json: str | None = None,
           response_json: str | None = None, batch_key: str | None = None,
           now: datetime | None = None) -> int:
    """A row that is in the ledger but does not use up the plan (cache hits, rules-engine answers)."""
    _check_status(status)
    creator = creators.require(db, creator_name)
    with transaction(db, lock=None):  # one INSERT: nothing to order
        cursor = db.conn.execute(
            "INSERT INTO usage_logs (creator_id, feature, provider, model, input_tokens, output_tokens,"
            " cost_usd, reserved_usd, unpriced, status, error_code, cached, counted, latency_ms, correlation_id,"
            " providers_tried, batch_key, request_json, response_json, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
            (creator.id, feature, provider, model, input_tokens, output_tokens,
             0.0 if cost_usd is None else cost_usd, int(cost_usd is None), status, error_code, int(cached),
             latency_ms, correlation_id, providers_tried, batch_key, request_json, response_json,
             to_iso(utc(now))))
        usage_id = cursor.lastrowid
    assert usage_id is not None
    return usage_id


def succeeded_batch_keys(db: LedgerDB, keys: Iterable[str]) -> set[str]:
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):  # stay well under SQLite's bound-parameter limit
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(row[0] for row in db.conn.execute(
            f"SELECT DISTINCT batch_key FROM usage_logs WHERE batch_key IN ({marks}) AND status = 'ok'",
            chunk))
    return found


def succeeded_by_batch_key(db: LedgerDB, key: str) -> dict[str, Any] | None:
    """The latest successful row of a batch item (to write its answer back without asking again)."""
    row = db.conn.execute(
        "SELECT id FROM usage_logs WHERE batch_key = ? AND status = 'ok' ORDER BY id DESC LIMIT 1", (key,)).fetchone()
    return get_usage(db, row[0]) if row else None


_LIST_COLUMNS = (
    "u.id, u.created_at, c.name AS creator, u.feature, u.provider, u.model, u.status, u.error_code,"
    " u.cached, u.counted, u.unpriced, u.input_tokens, u.output_tokens, u.cost_usd, u.reserved_usd,"
    " u.latency_ms, u.correlation_id, u.providers_tried, u.batch_key, u.estimated, u.attempts, u.deadline_at")


def list_usage(db: LedgerDB, *, creator: str | None = None, feature: str | None = None,
               model: str | None = None, status: str | None = None, since: datetime | None = None,
               limit: int = 20) -> list[dict[str, Any]]:
    """Newest first, without the request/response bodies (see `get_usage`)."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if creator is not None:
        where.append("u.creator_id = ?")
        params.append(creators.require(db, creator).id)
    for column, value in (("feature", feature), ("model", model), ("status", status)):
        if value is not None:
            where.append(f"u.{column} = ?")
            params.append(value)
    if since is not None:
        where.append("u.created_at >= ?")
        params.append(to_iso(since))
    params.append(max(0, int(limit)))
    found = rows(db, f"SELECT {_LIST_COLUMNS} FROM usage_logs u JOIN creators c ON c.id = u.creator_id"
                     f" WHERE {' AND '.join(where)} ORDER BY u.created_at DESC, u.id DESC LIMIT ?", params)
    return [_booleans(row) for row in found]


def get_usage(db: LedgerDB, usage_id: int) -> dict[str, Any] | None:
    row = one(db, "SELECT u.*, c.name AS creator FROM usage_logs u JOIN creators c ON c.id = u.creator_id"
                  " WHERE u.id = ?", (usage_id,))
    return _booleans(row) if row else None


def prune_usage(db: LedgerDB, *, older_than: datetime, dry_run: bool) -> int:
    """Delete rows older than `older_than` (rounded down to a UTC midnight, so a day is either whole in
    the log or only in the rollup); monthly_charges and the daily rollup keep their totals, so quotas and
    cost reports never change."""
    cutoff = to_iso(utc(older_than).replace(hour=0, minute=0, second=0, microsecond=0))
    if dry_run:
        return int(scalar(db, "SELECT count(*) FROM usage_logs WHERE created_at < ?", (cutoff,)))
    with transaction(db):
        return db.conn.execute("DELETE FROM usage_logs WHERE created_at < ?", (cutoff,)).rowcount


def _booleans(row: dict[str, Any]) -> dict[str, Any]:
    for flag in ("cached", "counted", "unpriced", "estimated"):
        if flag in row:
            row[flag] = bool(row[flag])
    return row
