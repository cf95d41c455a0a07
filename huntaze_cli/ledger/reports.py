"""Cost reports: whole days come from the `usage_daily` rollup (kept exact by triggers), the partial
days at the edges of a since/until range from usage_logs through its covering index."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger import creators
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows

# Group key per source; time keys are text prefixes of the fixed-width timestamps / day keys.
_GROUPS: dict[str, tuple[str, str]] = {  # by -> (rollup expression, raw expression)
    "creator": ("creator_id", "creator_id"),
    "feature": ("feature", "feature"),
    "model": ("model", "model"),
    "provider": ("provider", "provider"),
    "day": ("day", "substr(created_at, 1, 10)"),
    # The Monday starting the ISO week ('2026-11-23'): each backend writes that date function its own way.
    "week": ("{week:day}", "{week:substr(created_at, 1, 10)}"),
    "month": ("substr(day, 1, 7)", "substr(created_at, 1, 7)"),
}
_TIME_KEYS = ("day", "week", "month")
GROUP_BY = tuple(_GROUPS)
_FIELDS = ("requests", "providerRequests", "cached", "errors", "inputTokens", "outputTokens", "costUsd", "unpriced")

# Aliases are quoted: PostgreSQL folds unquoted names to lower case.
_ROLLUP_AGGREGATES = (
    'sum(requests) AS requests, sum(provider_requests) AS "providerRequests", sum(cached) AS cached,'
    ' sum(errors) AS errors, sum(input_tokens) AS "inputTokens", sum(output_tokens) AS "outputTokens",'
    ' sum(cost_usd) AS "costUsd", sum(unpriced) AS unpriced')
_RAW_AGGREGATES = (
    'count(*) AS requests, sum(counted) AS "providerRequests", sum(cached) AS cached,'
    " sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors, sum(input_tokens) AS \"inputTokens\","
    ' sum(output_tokens) AS "outputTokens", sum(cost_usd) AS "costUsd", sum(unpriced) AS unpriced')


def _sql(db: LedgerDB, expression: str) -> str:
    if expression.startswith("{week:"):
        return db.week_start(expression[len("{week:"):-1])
    return expression


def _next_midnight(moment: datetime) -> datetime:
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == moment else midnight + timedelta(days=1)


def _aggregate(db: LedgerDB, keys: dict[str, tuple[str, str]], since: datetime | None, until: datetime | None,
               creator_id: int | None) -> list[dict[str, Any]]:
    """Rows of (keys..., totals) for [since, until), merging the rollup and the raw edges. `keys` maps an
    output column to its (rollup expression, raw expression); no keys means one grand total."""
    parts: list[tuple[str, str, str, list[Any]]] = []  # (table, aggregates, where, params)
    start, end = (utc(since) if since else None), (utc(until) if until else None)
    first_day = _next_midnight(start) if start else None
    last_day = end.replace(hour=0, minute=0, second=0, microsecond=0) if end else None
    if first_day is not None and last_day is not None and first_day >= last_day:
        parts.append(("usage_logs", _RAW_AGGREGATES, "created_at >= ? AND created_at < ?",
                      [to_iso(start), to_iso(end)]))  # type: ignore[arg-type]
    else:
        parts.append(("usage_daily", _ROLLUP_AGGREGATES, "day >= ? AND day < ?",
                      [f"{first_day:%Y-%m-%d}" if first_day else "", f"{last_day:%Y-%m-%d}" if last_day else "~"]))
        if start is not None and first_day is not None and start < first_day:
            parts.append(("usage_logs", _RAW_AGGREGATES, "created_at >= ? AND created_at < ?",
                          [to_iso(start), to_iso(first_day)]))
        if end is not None and last_day is not None and last_day < end:
            parts.append(("usage_logs", _RAW_AGGREGATES, "created_at >= ? AND created_at < ?",
                          [to_iso(last_day), to_iso(end)]))
    merged: dict[Any, dict[str, Any]] = {}
    for table, aggregates, where, params in parts:
        if creator_id is not None:
            where += " AND creator_id = ?"
            params = [*params, creator_id]
        if not keys:
            sql = f"SELECT {aggregates} FROM {table} WHERE {where}"
        else:
            selected = ", ".join(f"{_sql(db, pair[0] if table == 'usage_daily' else pair[1])} AS {name}"
                                 for name, pair in keys.items())
            grouping = ", ".join(str(i) for i in range(1, len(keys) + 1))
            sql = f"SELECT {selected}, {aggregates} FROM {table} WHERE {where} GROUP BY {grouping}"
        for row in rows(db, sql, params):
            if not row["requests"]:  # an aggregate over no rows: NULL sums
                continue
            ident = tuple(row[name] for name in keys)
            total = merged.setdefault(ident, {**{name: row[name] for name in keys}, **dict.fromkeys(_FIELDS, 0)})
            for field in _FIELDS:
                total[field] += row[field]
    return list(merged.values())


def _creator_id(db: LedgerDB, creator: str | None) -> int | None:
    return creators.require(db, creator).id if creator is not None else None


def cost_report(db: LedgerDB, *, by: str, since: datetime | None = None, until: datetime | None = None,
                creator: str | None = None) -> list[dict[str, Any]]:
    """One row per key; `since` inclusive, `until` exclusive; by cost (time keys: chronological)."""
    if by not in _GROUPS:
        raise InvalidInput(f"Cannot group costs by '{by}'; use one of: {', '.join(_GROUPS)}.")
    found = [row for row in _aggregate(db, {"key": _GROUPS[by]}, since, until, _creator_id(db, creator))
             if row["requests"]]  # keys whose rows were all pruned leave zero rows in the rollup
    if by == "creator":
        names = {row["id"]: row["name"] for row in rows(db, "SELECT id, name FROM creators")}
        for row in found:
            row["key"] = names.get(row["key"], str(row["key"]))
    for row in found:
        row["costUsd"] = round(row["costUsd"], 6)
    if by in _TIME_KEYS:
        return sorted(found, key=lambda row: row["key"])
    return sorted(found, key=lambda row: (-row["costUsd"], row["key"]))


def cost_totals(db: LedgerDB, *, since: datetime | None = None, until: datetime | None = None,
                creator: str | None = None) -> dict[str, Any]:
    found = _aggregate(db, {}, since, until, _creator_id(db, creator))
    total = found[0] if found else dict.fromkeys(_FIELDS, 0)
    total["costUsd"] = round(total["costUsd"], 6)
    return total


def cost_grid(db: LedgerDB, *, by: tuple[str, ...], since: datetime | None = None, until: datetime | None = None,
              creator: str | None = None) -> list[dict[str, Any]]:
    """One row per combination of the `by` keys (e.g. day × feature), each key under its own name, with the
    totals; creators by name. Unordered."""
    unknown = [key for key in by if key not in _GROUPS]
    if unknown:
        raise InvalidInput(f"Cannot group costs by '{unknown[0]}'; use one of: {', '.join(_GROUPS)}.")
    found = [row for row in _aggregate(db, {key: _GROUPS[key] for key in by}, since, until, _creator_id(db, creator))
             if row["requests"]]
    if "creator" in by:
        names = {row["id"]: row["name"] for row in rows(db, "SELECT id, name FROM creators")}
        for row in found:
            row["creator"] = names.get(row["creator"], str(row["creator"]))
    for row in found:
        row["costUsd"] = round(row["costUsd"], 6)
    return found


_BREAKDOWN_KEYS = {"creator_id": ("creator_id", "creator_id"), "feature": ("feature", "feature"),
                   "model": ("model", "model")}


def cost_breakdown(db: LedgerDB, *, since: datetime | None = None, until: datetime | None = None,
                   creator: str | None = None) -> list[dict[str, Any]]:
    """One row per (creator, feature, model) with requests, tokens and cost: the series a metrics
    exporter needs. Reads the daily rollup like `cost_report`, so it stays fast on a large ledger."""
    found = [row for row in _aggregate(db, _BREAKDOWN_KEYS, since, until, _creator_id(db, creator))
             if row["requests"]]
    names = {row["id"]: row["name"] for row in rows(db, "SELECT id, name FROM creators")}
    out = []
    for row in found:
        creator_id = row.pop("creator_id")
        out.append({"creator": names.get(creator_id, str(creator_id)), **row, "costUsd": round(row["costUsd"], 6)})
    return sorted(out, key=lambda r: (r["creator"], r["feature"], r["model"]))
