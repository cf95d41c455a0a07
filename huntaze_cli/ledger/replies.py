"""Saved quick-reply templates per creator (no AI)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from huntaze_cli.errors import Conflict, InvalidInput
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["tags"] = json.loads(row["tags"]) if row["tags"] else []
    return row


def add_reply(db: LedgerDB, creator_id: int, name: str, text: str, tags: list[str] | None = None,
              now: datetime | None = None) -> int:
    if not name.strip() or not text.strip():
        raise InvalidInput("A quick reply needs a non-empty name and text.")
    try:
        with transaction(db):
            cursor = db.conn.execute(
                "INSERT INTO quick_replies (creator_id, name, text, tags, created_at) VALUES (?, ?, ?, ?, ?)",
                (creator_id, name, text, json.dumps(list(tags or [])), to_iso(utc(now))))
    except db.integrity_errors as exc:
        raise Conflict(f"A quick reply named '{name}' already exists; remove it first with "
                           f"`huntaze replies rm {name}` or pick another name.") from exc
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def list_replies(db: LedgerDB, creator_id: int) -> list[dict[str, Any]]:
    return [_decode(row) for row in rows(db, "SELECT * FROM quick_replies WHERE creator_id = ? ORDER BY name",
                                         (creator_id,))]


def get_reply(db: LedgerDB, creator_id: int, name: str) -> dict[str, Any] | None:
    row = one(db, "SELECT * FROM quick_replies WHERE creator_id = ? AND name = ?", (creator_id, name))
    return _decode(row) if row else None


def delete_reply(db: LedgerDB, creator_id: int, name: str) -> bool:
    with transaction(db):
        return db.conn.execute("DELETE FROM quick_replies WHERE creator_id = ? AND name = ?",
                               (creator_id, name)).rowcount > 0


def update_reply(db: LedgerDB, creator_id: int, name: str, text: str, tags: list[str] | None = None) -> bool:
    """Replace a quick reply's text and tags; False when there is none by that name."""
    if not text.strip():
        raise InvalidInput("A quick reply needs a non-empty text.")
    with transaction(db):
        return db.conn.execute("UPDATE quick_replies SET text = ?, tags = ? WHERE creator_id = ? AND name = ?",
                               (text, json.dumps(list(tags or [])), creator_id, name)).rowcount > 0
