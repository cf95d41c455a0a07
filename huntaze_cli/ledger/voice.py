"""A creator's voice: the texts it was learned from (each once per creator) and the profile computed from them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, scalar, transaction


def add_texts(db: LedgerDB, creator_id: int, texts: list[dict[str, Any]], now: datetime | None = None) -> int:
    """Store the texts not stored yet (by `key`); returns how many were new."""
    stamp = to_iso(utc(now))
    added = 0
    with transaction(db):
        for t in texts:
            added += db.conn.execute(
                "INSERT INTO voice_texts (creator_id, text_key, text, platform, posted_at, engagement, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (creator_id, text_key) DO NOTHING",
                (creator_id, t["key"], t["text"], t.get("platform"), t.get("date"), t.get("engagement"),
                 stamp)).rowcount
    return added


def texts(db: LedgerDB, creator_id: int) -> list[dict[str, Any]]:
    """Every stored text of the creator, in the order learned."""
    return rows(db, "SELECT text, platform, posted_at AS date, engagement FROM voice_texts WHERE creator_id = ?"
                    " ORDER BY id", (creator_id,))


def count_texts(db: LedgerDB, creator_id: int) -> int:
    return int(scalar(db, "SELECT count(*) FROM voice_texts WHERE creator_id = ?", (creator_id,)) or 0)


def store_profile(db: LedgerDB, creator_id: int, profile: dict[str, Any], text_count: int,
                  now: datetime | None = None) -> None:
    with transaction(db):
        db.conn.execute(
            "INSERT INTO voice_profiles (creator_id, profile_json, texts, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (creator_id) DO UPDATE SET profile_json = excluded.profile_json, texts = excluded.texts,"
            " updated_at = excluded.updated_at",
            (creator_id, json.dumps(profile, ensure_ascii=False, sort_keys=True), text_count, to_iso(utc(now))))


def get_profile(db: LedgerDB, creator_id: int) -> dict[str, Any] | None:
    """{'profile': {...}, 'texts': n, 'updated_at': ISO text} or None."""
    row = one(db, "SELECT profile_json, texts, updated_at FROM voice_profiles WHERE creator_id = ?", (creator_id,))
    if row is None:
        return None
    return {"profile": json.loads(row["profile_json"]), "texts": row["texts"], "updated_at": row["updated_at"]}


def forget(db: LedgerDB, creator_id: int) -> tuple[int, bool]:
    """Remove the creator's voice: (texts removed, whether a profile was removed)."""
    with transaction(db):
        removed = db.conn.execute("DELETE FROM voice_texts WHERE creator_id = ?", (creator_id,)).rowcount
        had = db.conn.execute("DELETE FROM voice_profiles WHERE creator_id = ?", (creator_id,)).rowcount > 0
    return removed, had
