"""A/B experiments of sales messages: variants and the results recorded against them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huntaze_cli.errors import Conflict, InvalidInput, NotFound
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, one, rows, transaction


def create(db: LedgerDB, creator_id: int, name: str, variants: list[tuple[str, str]],
           now: datetime | None = None) -> int:
    """A new experiment with its (label, text) variants; a name already used by the creator is refused."""
    with transaction(db):
        if one(db, "SELECT id FROM experiments WHERE creator_id = ? AND name = ?", (creator_id, name)):
            raise Conflict(f"Experiment '{name}' already exists; pick another name or see "
                               f"`huntaze experiments report {name}`.")
        cursor = db.conn.execute("INSERT INTO experiments (creator_id, name, created_at) VALUES (?, ?, ?)",
                                 (creator_id, name, to_iso(utc(now))))
        experiment_id = int(cursor.lastrowid or 0)
        for label, text in variants:
            db.conn.execute("INSERT INTO experiment_variants (experiment_id, label, text) VALUES (?, ?, ?)",
                            (experiment_id, label, text))
    return experiment_id


def _experiment(db: LedgerDB, creator_id: int, name: str) -> dict[str, Any]:
    found = one(db, "SELECT id, name, created_at FROM experiments WHERE creator_id = ? AND name = ?",
                (creator_id, name))
    if found is None:
        raise NotFound(f"No experiment named '{name}'; see `huntaze experiments list` or create it with "
                       f"`huntaze experiments new {name} --variant A=\"...\" --variant B=\"...\"`.")
    return found


def record(db: LedgerDB, creator_id: int, name: str, results: list[dict[str, Any]],
           now: datetime | None = None) -> int:
    """Add results (variant label, sent, bought, revenue_usd, source) to an experiment, all or none."""
    stamp = to_iso(utc(now))
    with transaction(db):
        experiment = _experiment(db, creator_id, name)
        labels = {r["label"]: r["id"] for r in rows(
            db, "SELECT id, label FROM experiment_variants WHERE experiment_id = ?", (experiment["id"],))}
        for result in results:
            if result["label"] not in labels:
                raise InvalidInput(f"Experiment '{name}' has no variant '{result['label']}'; its variants are "
                                   f"{', '.join(sorted(labels))}.")
            db.conn.execute("INSERT INTO experiment_results (variant_id, sent, bought, revenue_usd, source,"
                            " recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                            (labels[result["label"]], int(result["sent"]), int(result["bought"]),
                             float(result["revenue_usd"]), result.get("source"), stamp))
    return len(results)


def totals(db: LedgerDB, creator_id: int, name: str) -> dict[str, Any]:
    """The experiment with, per variant (in label order), its text and summed sent, bought and revenue."""
    experiment = _experiment(db, creator_id, name)
    experiment["variants"] = rows(
        db, "SELECT v.label, v.text, coalesce(sum(r.sent), 0) AS sent, coalesce(sum(r.bought), 0) AS bought,"
            " coalesce(sum(r.revenue_usd), 0) AS revenue_usd, count(r.id) AS records"
            " FROM experiment_variants v LEFT JOIN experiment_results r ON r.variant_id = v.id"
            " WHERE v.experiment_id = ? GROUP BY v.id, v.label, v.text ORDER BY v.label",
        (experiment["id"],))
    return experiment


def list_all(db: LedgerDB, creator_id: int) -> list[dict[str, Any]]:
    return rows(db, "SELECT e.name, e.created_at, count(DISTINCT v.id) AS variants,"
                    " coalesce((SELECT sum(r.sent) FROM experiment_results r JOIN experiment_variants v2"
                    " ON r.variant_id = v2.id WHERE v2.experiment_id = e.id), 0) AS sent"
                    " FROM experiments e LEFT JOIN experiment_variants v ON v.experiment_id = e.id"
                    " WHERE e.creator_id = ? GROUP BY e.id, e.name, e.created_at ORDER BY e.created_at, e.id",
                (creator_id,))
