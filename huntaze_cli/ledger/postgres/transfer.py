"""`huntaze ledger migrate --to postgresql://...`: copy a SQLite ledger into PostgreSQL, then prove it.

Every table and every row, ids kept (so references stay right and a second run finds every row already
there: nothing is duplicated). One transaction: a failed copy leaves PostgreSQL as it was. `usage_daily`
is not copied but rebuilt by PostgreSQL's trigger as the usage rows arrive, so it is checked, not trusted.
Before it says done, it compares row counts of every table and the cost per month on both sides.
"""

from __future__ import annotations

from typing import Any

import psycopg

from huntaze_cli.errors import InvalidInput, LedgerError
from huntaze_cli.ledger.db import LedgerDB
from huntaze_cli.ledger.postgres import open_database
from huntaze_cli.ledger.postgres.connection import ID_TABLES, PostgresDB, translate

_NOT_COPIED = {"_migrations", "usage_daily"}  # each side's own: schema history, and the trigger-kept rollup
_CHUNK = 5_000
# Checked on both sides: (what, SQL giving (key, count, dollars) rows). Creators are compared by id and name:
# ids that exist on both sides but name other creators would attach this ledger's usage to the wrong one.
_CHECKS = (
    ("creators by id", "SELECT id || ':' || name, 1, 0 FROM creators ORDER BY id"),
    ("usage_logs cost per month",
     "SELECT substr(created_at, 1, 7), count(*), round(sum(cost_usd), 9) FROM usage_logs GROUP BY 1 ORDER BY 1"),
    ("monthly_charges per month",
     "SELECT month, sum(request_count), round(sum(total_cost_usd), 9) FROM monthly_charges GROUP BY 1 ORDER BY 1"),
    ("usage_daily cost per month",
     "SELECT substr(day, 1, 7), sum(requests), round(sum(cost_usd), 9) FROM usage_daily GROUP BY 1 ORDER BY 1"),
)


def _order(source: LedgerDB, tables: list[str]) -> list[str]:
    """Referenced tables first (foreign keys), otherwise by name."""
    needs = {table: {row[2] for row in source.conn.execute(f'PRAGMA foreign_key_list("{table}")')} - {table}
             for table in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in sorted(tables) if t not in ordered and needs[t] <= set(ordered) | (needs[t] - set(tables))]
        if not ready:  # a cycle cannot happen in our schema; copy the rest as they come
            ready = [t for t in sorted(tables) if t not in ordered]
        ordered.extend(ready)
    return ordered


def _columns(source: LedgerDB, table: str) -> list[str]:
    return [row[1] for row in source.conn.execute(f'PRAGMA table_info("{table}")')]


def _copy_table(source: LedgerDB, target: PostgresDB, table: str, columns: list[str]) -> int:
    raw = target.conn.raw
    names = ", ".join(f'"{c}"' for c in columns)
    stage = f"_huntaze_stage_{table}"
    raw.execute(f'CREATE TEMP TABLE "{stage}" (LIKE "{table}") ON COMMIT DROP')
    with raw.cursor().copy(f'COPY "{stage}" ({names}) FROM STDIN') as copy:
        cursor = source.conn.execute(f'SELECT {names} FROM "{table}"')
        while batch := cursor.fetchmany(_CHUNK):
            for row in batch:
                copy.write_row(row)
    inserted = raw.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{stage}"'
                           " ON CONFLICT DO NOTHING").rowcount
    raw.execute(f'DROP TABLE "{stage}"')
    if table in ID_TABLES:  # later inserts on PostgreSQL continue after the copied ids
        raw.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                    f' greatest((SELECT max(id) FROM "{table}"), 1))')
    return max(0, inserted)


def _counts(db: LedgerDB | PostgresDB, tables: list[str]) -> dict[str, int]:
    return {table: int(db.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in tables}


def _check_rows(db: LedgerDB | PostgresDB, sql: str) -> list[tuple[Any, ...]]:
    return [(month, int(count or 0), round(float(total or 0.0), 6)) for month, count, total in
            db.conn.execute(sql).fetchall()]


def copy_ledger(source: LedgerDB, url: str) -> dict[str, Any]:
    if source.backend != "sqlite":
        raise InvalidInput("This ledger is already on PostgreSQL; `ledger migrate --to` copies a SQLite ledger: "
                           "pass it with --db PATH.")
    tables = [t for t in source.table_names() if t not in _NOT_COPIED]
    target = open_database(url)
    try:
        missing = sorted(set(tables) - set(target.table_names()))
        if missing:
            raise LedgerError(f"The PostgreSQL ledger {target.path} has no table {', '.join(missing)}; update "
                              "huntaze on this machine and the others to the same version, then run it again.")
        copied: dict[str, int] = {}
        with target.transaction("migrations"):  # one copier at a time; all or nothing
            for table in _order(source, tables):
                copied[table] = _copy_table(source, target, table, _columns(source, table))
            # Checked before the commit: a mismatch rolls the whole copy back.
            here, there = _counts(source, [*tables, "usage_daily"]), _counts(target, [*tables, "usage_daily"])
            differences = [f"{table}: {here[table]} here, {there[table]} there" for table in here
                           if here[table] != there[table]]
            checks = {}
            for what, sql in _CHECKS:
                mine, theirs = _check_rows(source, sql), _check_rows(target, sql)
                checks[what] = mine
                if mine != theirs:
                    differences.append(f"{what} differs")
            if differences:
                raise LedgerError(f"The PostgreSQL ledger {target.path} already holds other rows than this one "
                                  f"({'; '.join(differences)}), so nothing was copied: copy into an empty "
                                  "database, or point this host at PostgreSQL and leave its local history here.")
        return {"to": target.path, "tables": {t: {"rows": here[t], "copied": copied.get(t, 0)} for t in here},
                "months": [{"month": month, "requests": count, "costUsd": cost}
                           for month, count, cost in checks["usage_logs cost per month"]],
                "verified": True}
    except psycopg.Error as exc:
        error = translate(exc, url)
        raise error from error.__cause__
    finally:
        target.close()
