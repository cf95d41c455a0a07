"""A ledger's whole schema as sorted text lines, per backend, for comparing two ledgers exactly.

SQLite: every object of sqlite_master with its SQL. PostgreSQL: columns (type, nullability, default,
identity), constraints, indexes, triggers and functions (their source), from the catalogs. Whitespace is
collapsed and the schema's own name replaced, so only what the database means is compared.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

_SPACE = re.compile(r"\s+")


def _flat(text: object) -> str:
    return _SPACE.sub(" ", str(text)).strip()


def sqlite_dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    conn.close()
    return sorted(" | ".join(_flat(value) for value in row) for row in rows)


_PG_QUERIES = {
    "column": """SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default,
                        is_identity, identity_generation
                 FROM information_schema.columns WHERE table_schema = current_schema()""",
    "constraint": """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                     WHERE connamespace = current_schema()::regnamespace""",
    "index": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()",
    "trigger": """SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger
                  WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class
                                                         WHERE relnamespace = current_schema()::regnamespace)""",
    "function": """SELECT proname, pg_get_function_arguments(oid), pg_get_function_result(oid), prosrc
                   FROM pg_proc WHERE pronamespace = current_schema()::regnamespace""",
}


def postgres_dump(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        lines = [f"{kind} | " + " | ".join(_flat(value) for value in row)
                 for kind, sql in _PG_QUERIES.items() for row in conn.execute(sql)]
    return sorted(line.replace(schema, "<schema>") for line in lines)
