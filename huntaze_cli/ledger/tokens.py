"""API tokens for `huntaze serve` (m029): the SHA-256 of each token, its scope and its creator."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction

# A token's last use is written at most this often: one write per request would queue every request of
# every creator behind SQLite's single writer.
LAST_USED_EVERY = timedelta(minutes=1)

_SELECT = ("SELECT t.id, t.prefix, t.scope, t.label, t.created_at, t.revoked_at, t.last_used_at, t.creator_id,"
           " c.name AS creator FROM api_tokens t LEFT JOIN creators c ON c.id = t.creator_id")


def add(db: LedgerDB, *, sha256: str, prefix: str, creator_id: int | None, scope: str, label: str | None,
        now: datetime | None = None) -> int:
    with transaction(db, None):
        cursor = db.conn.execute(
            "INSERT INTO api_tokens (token_sha256, prefix, creator_id, scope, label, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", (sha256, prefix, creator_id, scope, label, to_iso(utc(now))))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def list_all(db: LedgerDB, *, include_revoked: bool = False) -> list[dict[str, Any]]:
    where = "" if include_revoked else " WHERE t.revoked_at IS NULL"
    return rows(db, _SELECT + where + " ORDER BY t.id")


def find(db: LedgerDB, sha256: str) -> dict[str, Any] | None:
    """The live token with this digest, else None (unknown and revoked look the same to a caller)."""
    return one(db, _SELECT + " WHERE t.token_sha256 = ? AND t.revoked_at IS NULL", (sha256,))


def any_live(db: LedgerDB) -> bool:
    return one(db, "SELECT 1 AS one FROM api_tokens WHERE revoked_at IS NULL LIMIT 1") is not None


def touch(db: LedgerDB, token: dict[str, Any], now: datetime | None = None) -> None:
    moment = utc(now)
    last = token.get("last_used_at")
    if last and moment - from_iso(last) < LAST_USED_EVERY:
        return
    with transaction(db, None):
        db.conn.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (to_iso(moment), token["id"]))


def revoke(db: LedgerDB, ref: str, now: datetime | None = None) -> dict[str, Any]:
    """Revoke by id or by the prefix `tokens list` shows; the row revoked, or NotFound."""
    ref = ref.strip()
    if not ref:
        raise InvalidInput("Give the token's id or prefix from `huntaze tokens list`.")
    with transaction(db):
        found = rows(db, _SELECT + " WHERE t.revoked_at IS NULL AND (CAST(t.id AS TEXT) = ? OR t.prefix = ?)",
                     (ref, ref))
        if not found:
            raise NotFound(f"No live token '{ref}'; see `huntaze tokens list`.")
        if len(found) > 1:
            raise InvalidInput(f"'{ref}' names {len(found)} tokens; revoke by id (see `huntaze tokens list`).")
        db.conn.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", (to_iso(utc(now)), found[0]["id"]))
    return found[0]
