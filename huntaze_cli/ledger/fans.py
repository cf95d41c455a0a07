"""Fan context (imported from CSV/JSON exports) used by chat, suggest and optimize-sale."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction

_FIELDS = ("name", "tier", "lifetime_value_usd", "total_spent_usd", "last_purchase_at", "engagement")
_KEEP_STORED = ",".join(f" {name} = coalesce(excluded.{name}, fans.{name})" for name in (*_FIELDS, "extra_json"))


def _value(value: Any) -> Any:
    return to_iso(value) if isinstance(value, datetime) else value


def upsert_fans(db: LedgerDB, creator_id: int, fans: list[dict[str, Any]],
                now: datetime | None = None) -> int:
    """Insert or update by fan_id; a field missing from an import keeps its stored value."""
    stamp = to_iso(utc(now))
    with transaction(db):
        for position, fan in enumerate(fans, start=1):
            fan_id = fan.get("fan_id")
            if fan_id is None or str(fan_id).strip() == "":
                raise InvalidInput(f"Fan #{position} has no fan_id; every fan needs one.")
            extra = fan.get("extra")
            db.conn.execute(
                "INSERT INTO fans (creator_id, fan_id, name, tier, lifetime_value_usd, total_spent_usd,"
                " last_purchase_at, engagement, extra_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (creator_id, fan_id) DO UPDATE SET"
                + _KEEP_STORED + ", updated_at = excluded.updated_at",
                (creator_id, str(fan_id).strip(), *(_value(fan.get(name)) for name in _FIELDS),
                 json.dumps(extra) if extra else None, stamp))
    return len(fans)


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    raw = row.pop("extra_json")
    row["extra"] = json.loads(raw) if raw else {}
    return row


def get_fan(db: LedgerDB, creator_id: int, fan_id: str) -> dict[str, Any] | None:
    row = one(db, "SELECT * FROM fans WHERE creator_id = ? AND fan_id = ?", (creator_id, str(fan_id)))
    return _decode(row) if row else None


def list_fans(db: LedgerDB, creator_id: int, limit: int = 100) -> list[dict[str, Any]]:
    """Most valuable first."""
    return [_decode(row) for row in rows(
        db, "SELECT * FROM fans WHERE creator_id = ?"
            " ORDER BY lifetime_value_usd DESC NULLS LAST, total_spent_usd DESC NULLS LAST, fan_id LIMIT ?",
        (creator_id, limit))]
