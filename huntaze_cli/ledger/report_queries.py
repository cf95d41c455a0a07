"""The few reads `huntaze report` needs that no other command makes: requests per hour (the hourly limit's
use over a period), the fallback chains answered, and the stored analyses before a moment. Spend, quota,
fans, purchases, experiments and insights come from their own modules' queries."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows


def _range(since: datetime, until: datetime, creator_id: int | None) -> tuple[str, list[Any]]:
    where = "created_at >= ? AND created_at < ?"
    params: list[Any] = [to_iso(utc(since)), to_iso(utc(until))]
    if creator_id is not None:
        where += " AND creator_id = ?"
        params.append(creator_id)
    return where, params


def hourly_requests(db: LedgerDB, since: datetime, until: datetime,
                    creator_id: int | None = None) -> list[dict[str, Any]]:
    """Counted requests per UTC hour ('YYYY-MM-DDTHH'), hours with none left out, chronological. Reads the
    report index (created_at, creator_id, ..., counted), never the table."""
    where, params = _range(since, until, creator_id)
    return rows(db, f"SELECT substr(created_at, 1, 13) AS hour, sum(counted) AS requests FROM usage_logs"
                    f" WHERE {where} AND counted = 1 GROUP BY 1 ORDER BY 1", params)


def provider_chains(db: LedgerDB, since: datetime, until: datetime,
                    creator_id: int | None = None) -> list[dict[str, Any]]:
    """Requests per (creator_id, providers tried) for the requests that tried more than one link: the
    raw material of fallbacks and link failures ('openai:server,gemini:ok' is one fallback)."""
    where, params = _range(since, until, creator_id)
    return rows(db, f"SELECT creator_id, providers_tried AS tried, count(*) AS requests FROM usage_logs"
                    f" WHERE {where} AND providers_tried LIKE ? GROUP BY 1, 2 ORDER BY 1, 2", [*params, "%,%"])


def summaries_before(db: LedgerDB, creator_id: int, until: datetime, limit: int = 2) -> list[dict[str, Any]]:
    """The creator's stored analyses made before `until`, newest first: {'summary', 'created_at'}."""
    found = rows(db, "SELECT summary_json, created_at FROM insight_summaries WHERE creator_id = ? AND created_at < ?"
                     " ORDER BY created_at DESC, id DESC LIMIT ?", (creator_id, to_iso(utc(until)), limit))
    return [{"summary": json.loads(row["summary_json"]), "created_at": row["created_at"]} for row in found]
