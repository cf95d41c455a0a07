"""AIKnowledgeNetwork storage: insights one agent stores per creator and the others read as context."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction


def _expiry(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return to_iso(value)


def _insert(db: LedgerDB, creator_id: int, source_agent: str, item: dict[str, Any], stamp: str) -> int:
    if not item.get("text") or not item.get("kind"):
        raise InvalidInput("An insight needs a non-empty 'kind' and 'text'.")
    data = item.get("data")
    cursor = db.conn.execute(
        "INSERT INTO insights (creator_id, source_agent, kind, text, weight, data_json, created_at,"
        " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (creator_id, source_agent, item["kind"], item["text"], float(item.get("weight", 0.0)),
         json.dumps(data) if data is not None else None, stamp, _expiry(item.get("expires_at"))))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_insight(db: LedgerDB, creator_id: int, *, source_agent: str, kind: str, text: str,
                weight: float, data: dict[str, Any] | None = None, expires_at: datetime | None = None,
                now: datetime | None = None) -> int:
    item = {"kind": kind, "text": text, "weight": weight, "data": data, "expires_at": expires_at}
    with transaction(db):
        return _insert(db, creator_id, source_agent, item, to_iso(utc(now)))


def replace_insights(db: LedgerDB, creator_id: int, source_agent: str, items: list[dict[str, Any]],
                     now: datetime | None = None) -> None:
    """An agent's new batch replaces its previous one; readers see the old batch or the new, never half."""
    stamp = to_iso(utc(now))
    with transaction(db):
        db.conn.execute("DELETE FROM insights WHERE creator_id = ? AND source_agent = ?",
                        (creator_id, source_agent))
        for item in items:
            _insert(db, creator_id, source_agent, item, stamp)


def current_insights(db: LedgerDB, creator_id: int, *, limit: int = 5,
                     now: datetime | None = None) -> list[dict[str, Any]]:
    found = rows(db, "SELECT id, creator_id, source_agent, kind, text, weight, data_json, created_at,"
                     " expires_at FROM insights WHERE creator_id = ? AND (expires_at IS NULL OR expires_at > ?)"
                     " ORDER BY weight DESC, created_at DESC, id DESC LIMIT ?",
                 (creator_id, to_iso(utc(now)), limit))
    for row in found:
        raw = row.pop("data_json")
        row["data"] = json.loads(raw) if raw else None
    return found


def store_summary(db: LedgerDB, creator_id: int, summary: dict[str, Any],
                  now: datetime | None = None) -> None:
    with transaction(db):
        db.conn.execute("INSERT INTO insight_summaries (creator_id, summary_json, created_at)"
                        " VALUES (?, ?, ?)", (creator_id, json.dumps(summary), to_iso(utc(now))))


def latest_summary(db: LedgerDB, creator_id: int) -> dict[str, Any] | None:
    """{'summary': {...}, 'created_at': ISO text} or None."""
    row = one(db, "SELECT summary_json, created_at FROM insight_summaries WHERE creator_id = ?"
                  " ORDER BY created_at DESC, id DESC LIMIT 1", (creator_id,))
    return {"summary": json.loads(row["summary_json"]), "created_at": row["created_at"]} if row else None
