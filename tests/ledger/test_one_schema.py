"""One schema, two databases: every migration of `ledger/schema.py` applied from empty on SQLite and on
PostgreSQL gives the same tables, columns (types mapped), keys, indexes, checks and triggers; and a ledger
made now is the very one the two former migration modules made (their dumps are kept in tests/ledger/schemas/).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from huntaze_cli.ledger import db as ledger_db
from huntaze_cli.ledger import migrations as sqlite_migrations
from huntaze_cli.ledger.schema import DEFINITIONS, apply_pending
from tests.ledger.schema_dump import postgres_dump, sqlite_dump

SNAPSHOTS = Path(__file__).parent / "schemas"
# The last migration the two former modules (ledger/migrations.py, ledger/postgres/migrations.py) held.
SNAPSHOT_UPTO = "m026_reserve_and_settle_in_one_statement"

# A column as both databases describe it: (name, type, not null, default, primary key position).
Column = tuple[str, str, bool, str | None, int]


def _pg_type(table: str, name: str, sqlite_type: str) -> str:
    """The PostgreSQL type of a SQLite column: ids, and columns holding one, are 64-bit there."""
    if sqlite_type == "INTEGER" and (name == "id" or name.endswith("_id")):
        return "bigint"
    return {"INTEGER": "integer", "TEXT": "text", "REAL": "double precision"}[sqlite_type]


def _expression(text: str | None) -> str | None:
    """A default or an index predicate without PostgreSQL's casts, parentheses and spacing."""
    if text is None:
        return None
    return re.sub(r"\s+", " ", re.sub(r"::\w+|[()]", "", text)).strip()


def _sqlite_schema(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        columns: dict[str, list[Column]] = {}
        foreign: set[tuple[str, str, str, str, str]] = set()
        indexes: set[tuple[str, tuple[str, ...], bool, str | None]] = set()
        checks: dict[str, int] = {}
        for table in tables:
            info = conn.execute(f"PRAGMA table_info({table})").fetchall()
            # A primary key column is never NULL on PostgreSQL; SQLite's pragma says 0 but keys are never
            # written NULL by the ledger (and INTEGER PRIMARY KEY cannot be).
            columns[table] = [(name, _pg_type(table, name, kind), bool(notnull) or pk > 0, _expression(default), pk)
                              for _, name, kind, notnull, default, pk in info]
            foreign |= {(table, row[3], row[2], row[4], row[6]) for row in
                        conn.execute(f"PRAGMA foreign_key_list({table})")}
            if any(pk and name == "id" and kind == "INTEGER" for _, name, kind, _, _, pk in info):
                indexes.add((table, ("id",), True, None))  # the rowid, indexed by PostgreSQL's primary key
            for _, index, unique, _, partial in conn.execute(f"PRAGMA index_list({table})"):
                cols = tuple(row[2] for row in conn.execute(f"PRAGMA index_info({index})"))
                predicate = None
                if partial:
                    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
                    predicate = _expression(sql.split(" WHERE ", 1)[1])
                indexes.add((table, cols, bool(unique), predicate))
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            checks[table] = sql.count(" CHECK (")
        triggers = set(conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'").fetchall())
    conn.close()
    return {"columns": columns, "foreign": foreign, "indexes": indexes, "checks": checks, "triggers": triggers}


def _postgres_schema(url: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return conn.execute(sql).fetchall()

        primary: dict[tuple[str, str], int] = {}
        for table, names in rows("""SELECT c.conrelid::regclass::text, array(SELECT a.attname FROM unnest(c.conkey)
                                        WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid
                                        AND a.attnum = k.attnum ORDER BY n)
                                    FROM pg_constraint c WHERE c.contype = 'p'
                                    AND c.connamespace = current_schema()::regnamespace"""):
            primary |= {(table, name): position for position, name in enumerate(names, 1)}
        columns: dict[str, list[Column]] = {}
        for table, name, kind, nullable, default in rows(
                "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns"
                " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
            columns.setdefault(table, []).append((name, kind, nullable == "NO", _expression(default),
                                                  primary.get((table, name), 0)))
        foreign = set(rows("""
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, r.attname,
                CASE c.confdeltype WHEN 'c' THEN 'CASCADE' ELSE 'NO ACTION' END
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"""))
        indexes = {(table, tuple(cols), unique, _expression(predicate)) for table, cols, unique, predicate in rows("""
            SELECT t.relname, array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY n),
                i.indisunique, pg_get_expr(i.indpred, i.indrelid)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace""")}
        checks = dict.fromkeys(columns, 0)
        for table, count in rows("""SELECT conrelid::regclass::text, count(*) FROM pg_constraint WHERE contype = 'c'
                                    AND connamespace = current_schema()::regnamespace GROUP BY 1"""):
            checks[table] = count
        triggers = set(rows("""SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal
                               AND tgrelid IN (SELECT oid FROM pg_class
                                               WHERE relnamespace = current_schema()::regnamespace)"""))
    return {"columns": columns, "foreign": foreign, "indexes": indexes, "checks": checks, "triggers": triggers}


def _postgres_migrations() -> list[Any]:
    from huntaze_cli.ledger.postgres.migrations import MIGRATIONS

    return MIGRATIONS


def _upto(migrations: list[Any], name: str) -> list[Any]:
    names = [fn.__name__ for fn in migrations]
    return migrations[: names.index(name) + 1]


def _migrate_sqlite(path: Path, upto: str | None = None) -> list[str]:
    migrations = sqlite_migrations.MIGRATIONS if upto is None else _upto(sqlite_migrations.MIGRATIONS, upto)
    database = ledger_db.connect(path)
    try:
        return apply_pending(database, migrations, sqlite_migrations.applied_names)
    finally:
        database.close()


def _migrate_postgres(url: str, upto: str | None = None) -> list[str]:
    from huntaze_cli.ledger.postgres import migrations as pg_migrations
    from huntaze_cli.ledger.postgres.connection import connect

    migrations = _postgres_migrations() if upto is None else _upto(_postgres_migrations(), upto)
    database = connect(url)
    try:
        return apply_pending(database, migrations, pg_migrations.applied_names)
    finally:
        database.close()


def migrate_upto(location: Path | str, name: str) -> list[str]:
    """A ledger of either backend (a file, or a PostgreSQL URL) migrated up to and including `name`."""
    if isinstance(location, str):
        return _migrate_postgres(location, upto=name)
    return _migrate_sqlite(location, upto=name)


def test_both_backends_bind_every_definition_once_in_the_same_order() -> None:
    names = [definition.__name__ for definition in DEFINITIONS]
    assert len(set(names)) == len(names)
    assert [fn.__name__ for fn in sqlite_migrations.MIGRATIONS] == names
    assert [fn.__name__ for fn in _postgres_migrations()] == names


def test_every_migration_from_empty_gives_the_same_schema_on_both_backends(tmp_path: Path, pg_url: str) -> None:
    names = [definition.__name__ for definition in DEFINITIONS]
    assert _migrate_sqlite(tmp_path / "ledger.db") == names
    assert _migrate_postgres(pg_url) == names
    on_sqlite, on_postgres = _sqlite_schema(tmp_path / "ledger.db"), _postgres_schema(pg_url)
    assert set(on_sqlite["columns"]) == set(on_postgres["columns"])
    for table, columns in on_sqlite["columns"].items():
        assert on_postgres["columns"][table] == columns, table
    for part in ("foreign", "indexes", "checks", "triggers"):
        assert on_postgres[part] == on_sqlite[part], part
    assert ("hook_runs", "hook_id", "hooks", "id", "CASCADE") in on_sqlite["foreign"]  # the comparison sees actions
    assert ("usage_logs", ("creator_id", "deadline_at"), False, "status = 'pending'") in on_sqlite["indexes"]


def test_a_sqlite_ledger_made_now_is_the_one_the_former_migrations_made(tmp_path: Path) -> None:
    _migrate_sqlite(tmp_path / "ledger.db", upto=SNAPSHOT_UPTO)
    expected = (SNAPSHOTS / "m026.sqlite.txt").read_text().splitlines()
    assert sqlite_dump(tmp_path / "ledger.db") == expected


def test_a_postgresql_ledger_made_now_is_the_one_the_former_migrations_made(pg_url: str) -> None:
    _migrate_postgres(pg_url, upto=SNAPSHOT_UPTO)
    expected = (SNAPSHOTS / "m026.postgresql.txt").read_text().splitlines()
    assert postgres_dump(pg_url) == expected


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_ledger_of_the_former_code_gets_only_the_migrations_after_it(backend: str, tmp_path: Path,
                                                                       request: pytest.FixtureRequest) -> None:
    """A ledger made up to m026 opens with today's code: nothing is re-run, only later migrations apply."""
    names = [definition.__name__ for definition in DEFINITIONS]
    later = names[names.index(SNAPSHOT_UPTO) + 1:]
    if backend == "sqlite":
        location: Path | str = tmp_path / "ledger.db"
        assert _migrate_sqlite(location, upto=SNAPSHOT_UPTO) == names[: len(names) - len(later)]
        assert _migrate_sqlite(location) == later
    else:
        location = request.getfixturevalue("pg_url")
        assert _migrate_postgres(location, upto=SNAPSHOT_UPTO) == names[: len(names) - len(later)]
        assert _migrate_postgres(location) == later
