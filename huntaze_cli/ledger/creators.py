"""Creators and their plan or per-creator limit overrides."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from huntaze_cli.errors import Conflict, InvalidInput, NotFound
from huntaze_cli.io.limits import MONTHLY_USD, REQUESTS_PER_HOUR
from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction
from huntaze_cli.ledger.plans import effective_limits, validate_plan
from huntaze_cli.ledger.records import Creator

_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def to_creator(row: dict[str, Any]) -> Creator:
    limits = effective_limits(row["plan"], row["requests_per_hour_override"], row["monthly_usd_override"])
    return Creator(
        id=row["id"], name=row["name"], plan=row["plan"],
        requests_per_hour=limits.requests_per_hour, monthly_usd=limits.monthly_usd,
        requests_per_hour_override=row["requests_per_hour_override"],
        monthly_usd_override=row["monthly_usd_override"],
        created_at=from_iso(row["created_at"]),
        platforms=_platforms(row.get("platforms")),
    )


def validate_name(name: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InvalidInput(f"Invalid creator name {name!r}: use 1 to 64 letters, digits, '_', '.' or '-'.")


def validate_limits(requests_per_hour: int | None, monthly_usd: float | None) -> None:
    """The ranges of io/limits.py, checked again here for callers other than the command line."""
    REQUESTS_PER_HOUR.check(requests_per_hour, "Requests per hour")
    MONTHLY_USD.check(monthly_usd, "The monthly quota")


def get(db: LedgerDB, name: str) -> Creator | None:
    row = one(db, "SELECT * FROM creators WHERE name = ?", (name,))
    return to_creator(row) if row else None


def require(db: LedgerDB, name: str) -> Creator:
    found = get(db, name)
    if found is None:
        raise NotFound(f"No creator named '{name}'; add it with `huntaze creators add {name}`.",
                       metadata={"creator": name})
    return found


def list_all(db: LedgerDB) -> list[Creator]:
    return [to_creator(row) for row in rows(db, "SELECT * FROM creators ORDER BY name")]


def add(db: LedgerDB, name: str, plan: str, *, requests_per_hour: int | None,
        monthly_usd: float | None, now: datetime | None = None) -> Creator:
    validate_name(name)
    validate_plan(plan)
    validate_limits(requests_per_hour, monthly_usd)
    try:
        with transaction(db):
            db.conn.execute(
                "INSERT INTO creators (name, plan, requests_per_hour_override, monthly_usd_override,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (name, plan, requests_per_hour, monthly_usd, to_iso(utc(now))))
    except db.integrity_errors as exc:
        raise Conflict(f"Creator '{name}' already exists.", metadata={"creator": name}) from exc
    return require(db, name)


def ensure(db: LedgerDB, name: str, plan: str, now: datetime | None = None) -> Creator:
    """Get or create; ON CONFLICT DO NOTHING makes concurrent first uses all succeed."""
    found = get(db, name)
    if found is not None:
        return found
    validate_name(name)
    validate_plan(plan)
    with transaction(db, lock=None):
        db.conn.execute("INSERT INTO creators (name, plan, created_at) VALUES (?, ?, ?)"
                        " ON CONFLICT (name) DO NOTHING", (name, plan, to_iso(utc(now))))
    return require(db, name)


def set_plan(db: LedgerDB, name: str, plan: str) -> Creator:
    validate_plan(plan)
    with transaction(db):
        creator = require(db, name)
        db.conn.execute("UPDATE creators SET plan = ? WHERE id = ?", (plan, creator.id))
    return require(db, name)


def set_platforms(db: LedgerDB, name: str, platforms: list[str]) -> Creator:
    with transaction(db):
        creator = require(db, name)
        db.conn.execute("UPDATE creators SET platforms = ? WHERE id = ?",
                        (_json_list(list(dict.fromkeys(platforms))) if platforms else None, creator.id))
    return require(db, name)


def set_limits(db: LedgerDB, name: str, *, requests_per_hour: int | None,
               monthly_usd: float | None) -> Creator:
    validate_limits(requests_per_hour, monthly_usd)
    with transaction(db):
        creator = require(db, name)
        db.conn.execute(
            "UPDATE creators SET requests_per_hour_override = ?, monthly_usd_override = ? WHERE id = ?",
            (requests_per_hour, monthly_usd, creator.id))
    return require(db, name)


# json is imported only where a creator has platforms: most start-ups read no such row (~2 ms).
def _platforms(stored: str | None) -> tuple[str, ...]:
    if not stored:
        return ()
    import json

    return tuple(json.loads(stored))


def _json_list(values: list[str]) -> str:
    import json

    return json.dumps(values)
