"""The ledger schema after all migrations, pinned exactly (like simonw/llm's test_migrate.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from huntaze_cli.ledger import db as ledger_db
from huntaze_cli.ledger import open_ledger
from huntaze_cli.ledger.migrations import MIGRATIONS, migrate

EXPECTED_TABLES: dict[str, list[str]] = {
    "_migrations": ["name TEXT", "applied_at TEXT"],
    "creators": ["id INTEGER", "name TEXT", "plan TEXT", "requests_per_hour_override INTEGER",
                 "monthly_usd_override REAL", "created_at TEXT", "platforms TEXT"],
    "usage_logs": ["id INTEGER", "creator_id INTEGER", "feature TEXT", "provider TEXT", "model TEXT",
                   "input_tokens INTEGER", "output_tokens INTEGER", "cost_usd REAL", "reserved_usd REAL",
                   "unpriced INTEGER", "status TEXT", "error_code TEXT", "cached INTEGER", "counted INTEGER",
                   "latency_ms INTEGER", "correlation_id TEXT", "providers_tried TEXT", "batch_key TEXT",
                   "request_json TEXT", "response_json TEXT", "created_at TEXT", "deadline_at TEXT",
                   "estimated INTEGER", "attempts INTEGER"],
    "monthly_charges": ["creator_id INTEGER", "month TEXT", "total_cost_usd REAL", "request_count INTEGER",
                        "plan TEXT", "pending_usd REAL"],
    "response_cache": ["key TEXT", "creator_id INTEGER", "feature TEXT", "provider TEXT", "model TEXT",
                       "payload TEXT", "created_at TEXT", "expires_at TEXT"],
    "breaker_state": ["provider TEXT", "state TEXT", "consecutive_failures INTEGER", "opened_at TEXT",
                      "updated_at TEXT"],
    "insights": ["id INTEGER", "creator_id INTEGER", "source_agent TEXT", "kind TEXT", "text TEXT", "weight REAL",
                 "data_json TEXT", "created_at TEXT", "expires_at TEXT"],
    "insight_summaries": ["id INTEGER", "creator_id INTEGER", "summary_json TEXT", "created_at TEXT"],
    "fans": ["id INTEGER", "creator_id INTEGER", "fan_id TEXT", "name TEXT", "tier TEXT", "lifetime_value_usd REAL",
             "total_spent_usd REAL", "last_purchase_at TEXT", "engagement TEXT", "extra_json TEXT",
             "updated_at TEXT"],
    "quick_replies": ["id INTEGER", "creator_id INTEGER", "name TEXT", "text TEXT", "tags TEXT", "created_at TEXT"],
    "hooks": ["id INTEGER", "event TEXT", "command TEXT", "url TEXT", "threshold REAL", "timeout_s REAL",
              "created_at TEXT"],
    "hook_firings": ["creator_id INTEGER", "month TEXT", "event TEXT", "threshold REAL", "fired_at TEXT"],
    "hook_runs": ["id INTEGER", "hook_id INTEGER", "event TEXT", "status TEXT", "detail TEXT", "created_at TEXT"],
    "provider_calls": ["id INTEGER", "limit_key TEXT", "tokens INTEGER", "created_at TEXT"],
    "usage_daily": ["day TEXT", "creator_id INTEGER", "feature TEXT", "provider TEXT", "model TEXT",
                    "requests INTEGER", "provider_requests INTEGER", "cached INTEGER", "errors INTEGER",
                    "input_tokens INTEGER", "output_tokens INTEGER", "cost_usd REAL", "unpriced INTEGER"],
    "purchases": ["id INTEGER", "creator_id INTEGER", "fan_id TEXT", "purchased_at TEXT", "item TEXT",
                  "price_usd REAL", "bought INTEGER", "imported_at TEXT", "order_ref TEXT"],
    "experiments": ["id INTEGER", "creator_id INTEGER", "name TEXT", "created_at TEXT"],
    "experiment_variants": ["id INTEGER", "experiment_id INTEGER", "label TEXT", "text TEXT"],
    "experiment_results": ["id INTEGER", "variant_id INTEGER", "sent INTEGER", "bought INTEGER", "revenue_usd REAL",
                           "source TEXT", "recorded_at TEXT"],
    "local_servers": ["base_url TEXT", "structured_mode TEXT", "total_slots INTEGER", "n_ctx INTEGER",
                      "updated_at TEXT"],
    "voice_texts": ["id INTEGER", "creator_id INTEGER", "text_key TEXT", "text TEXT", "platform TEXT",
                    "posted_at TEXT", "engagement REAL", "added_at TEXT"],
    "voice_profiles": ["id INTEGER", "creator_id INTEGER", "profile_json TEXT", "texts INTEGER", "updated_at TEXT"],
    "api_tokens": ["id INTEGER", "token_sha256 TEXT", "prefix TEXT", "creator_id INTEGER", "scope TEXT",
                   "label TEXT", "created_at TEXT", "revoked_at TEXT", "last_used_at TEXT"],
    "ledger_merges": ["source TEXT", "item TEXT", "target_id INTEGER", "carried TEXT", "merged_at TEXT"],
    "fan_totals": ["creator_id INTEGER", "fan_id TEXT", "purchases INTEGER", "declined INTEGER", "spent REAL",
                   "first_at TEXT", "last_at TEXT"],
    "creator_prices": ["creator_id INTEGER", "price_usd REAL", "bought INTEGER"],
}

# No delete trigger (m013): pruning request rows never changes the cost history in the rollup.
EXPECTED_TRIGGERS = {("usage_daily_insert", "usage_logs"), ("usage_daily_update", "usage_logs")}

# (table, columns, unique) for every index, named or implied by a UNIQUE / PRIMARY KEY constraint.
EXPECTED_INDEXES = {
    ("_migrations", ("name",), True),
    ("creators", ("name",), True),
    ("usage_logs", ("batch_key",), False),
    ("usage_logs", ("created_at", "creator_id", "feature", "provider", "model", "status", "cached", "counted",
                    "unpriced", "input_tokens", "output_tokens", "cost_usd"), False),
    ("usage_logs", ("creator_id", "counted", "created_at"), False),
    ("usage_logs", ("creator_id", "created_at"), False),
    ("usage_logs", ("creator_id", "deadline_at"), False),
    ("monthly_charges", ("creator_id", "month"), True),
    ("response_cache", ("expires_at",), False),
    ("response_cache", ("key",), True),
    ("breaker_state", ("provider",), True),
    ("insights", ("creator_id", "source_agent"), False),
    ("insight_summaries", ("creator_id", "created_at"), False),
    ("fans", ("creator_id", "fan_id"), True),
    ("quick_replies", ("creator_id", "name"), True),
    ("hook_firings", ("creator_id", "month", "event", "threshold"), True),
    ("hook_runs", ("hook_id", "created_at"), False),
    ("usage_daily", ("day", "creator_id", "feature", "provider", "model"), True),
    ("purchases", ("creator_id", "fan_id", "purchased_at", "item", "price_usd", "bought", "order_ref"), True),
    ("experiments", ("creator_id", "name"), True),
    ("experiment_variants", ("experiment_id", "label"), True),
    ("experiment_results", ("variant_id",), False),
    ("provider_calls", ("limit_key", "created_at"), False),
    ("local_servers", ("base_url",), True),
    ("voice_texts", ("creator_id", "text_key"), True),
    ("voice_profiles", ("creator_id",), True),
    ("api_tokens", ("token_sha256",), True),
    ("ledger_merges", ("source", "item"), True),
    ("fan_totals", ("creator_id", "fan_id"), True),
    ("creator_prices", ("creator_id", "price_usd"), True),
}

MIGRATION_NAMES = ["m001_creators", "m002_usage_logs", "m003_monthly_charges", "m004_response_cache",
                   "m005_breaker_state", "m006_knowledge", "m007_fans", "m008_quick_replies", "m009_hooks",
                   "m010_usage_daily", "m011_creator_platforms", "m012_exact_reservations",
                   "m013_prune_keeps_rollups", "m017_purchases", "m018_experiments",
                   "m024_usage_unpriced_index", "m025_provider_calls", "m015_local_servers",
                   "m026_reserve_and_settle_in_one_statement", "m027_purchase_order_ref",
                   "m028_voice_profiles", "m029_api_tokens", "m030_fan_totals",
                   "m031_purchases_checked_once_per_import", "m032_creator_prices"]


def _schema(path: Path) -> dict[str, list[str]]:
    db = sqlite_utils.Database(path)
    try:
        return {table: [f"{column.name} {column.type}" for column in db[table].columns] for table in db.table_names()}
    finally:
        db.close()


def test_schema_after_migrations_is_exactly_the_expected_one(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_ledger(path).close()
    assert _schema(path) == EXPECTED_TABLES
    db = sqlite_utils.Database(path)
    indexes = {(table, tuple(index.columns), bool(index.unique))
               for table in db.table_names() for index in db[table].indexes}
    triggers = {(trigger.name, trigger.table) for trigger in db.triggers}
    db.close()
    assert indexes == EXPECTED_INDEXES
    assert triggers == EXPECTED_TRIGGERS


def test_migrations_are_recorded_by_name_in_order(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_ledger(path).close()
    assert [fn.__name__ for fn in MIGRATIONS] == MIGRATION_NAMES
    with sqlite3.connect(path) as conn:
        recorded = conn.execute("SELECT name, applied_at FROM _migrations ORDER BY rowid").fetchall()
    assert [name for name, _ in recorded] == MIGRATION_NAMES
    assert all(applied_at.endswith("Z") and len(applied_at) == 27 for _, applied_at in recorded)


def test_reopening_applies_nothing_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with open_ledger(path) as ledger:
        ledger.add_creator("mia")
    before = _schema(path)
    db = ledger_db.connect(path)
    assert migrate(db) == []
    db.close()
    with open_ledger(path) as ledger:
        assert ledger.get_creator("mia") is not None
    assert _schema(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATION_NAMES)


def test_wal_busy_timeout_and_foreign_keys_are_set(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with open_ledger(path) as ledger:
        conn = ledger._db.conn  # white-box: the pragmas are per connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # WAL is persistent in the file: a plain connection sees it too.
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_partly_migrated_ledger_gets_only_the_missing_migrations(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with open_ledger(path):
        pass
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE hook_runs")
        conn.execute("DROP TABLE hook_firings")
        conn.execute("DROP TABLE hooks")
        conn.execute("DELETE FROM _migrations WHERE name = 'm009_hooks'")
    db = ledger_db.connect(path)
    assert migrate(db) == ["m009_hooks"]
    db.close()
    assert _schema(path) == EXPECTED_TABLES


def test_m012_moves_the_holds_of_an_older_ledger_out_of_its_settled_spend(tmp_path: Path) -> None:
    """A ledger from before m012 kept a pending row's reservation in cost_usd and in the month's total."""
    from huntaze_cli.ledger import db as ledger_db

    path = tmp_path / "ledger.db"
    database = ledger_db.connect(path)
    database.conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for fn in MIGRATIONS[:11]:  # the schema as it shipped up to m011
        fn(database)
        database.conn.execute("INSERT INTO _migrations VALUES (?, '2026-11-01T00:00:00.000000Z')", (fn.__name__,))
    conn = database.conn
    conn.execute("INSERT INTO creators (id, name, plan, created_at) VALUES (1, 'mia', 'starter', 'x')")
    for cost, status in ((0.03, "ok"), (0.05, "pending")):
        conn.execute("INSERT INTO usage_logs (creator_id, feature, provider, model, cost_usd, reserved_usd, status,"
                     " counted, correlation_id, created_at) VALUES (1, 'chat', 'openai', 'm', ?, 0.05, ?, 1, 'c',"
                     " '2026-11-20T10:00:00.000000Z')", (cost, status))
    conn.execute("INSERT INTO monthly_charges VALUES (1, '2026-11', 0.08, 2, 'starter')")
    applied = migrate(database)  # m012, m013, then whatever later migrations exist
    assert applied[:2] == ["m012_exact_reservations", "m013_prune_keeps_rollups"]
    assert applied == [fn.__name__ for fn in MIGRATIONS[11:]]
    assert conn.execute("SELECT total_cost_usd, pending_usd FROM monthly_charges").fetchone() == \
        pytest.approx((0.03, 0.05))
    assert conn.execute("SELECT cost_usd, reserved_usd FROM usage_logs WHERE status = 'pending'").fetchone() == \
        (0.0, 0.05)
    # The daily rollup followed (cost history = settled costs only).
    assert conn.execute("SELECT cost_usd FROM usage_daily").fetchone()[0] == pytest.approx(0.03)
    database.close()


# PostgreSQL: the same named migrations, the same tables and columns (types in PostgreSQL's words).
_PG_TYPES = {"INTEGER": {"integer", "bigint"}, "TEXT": {"text"}, "REAL": {"double precision"}}


def test_every_sqlite_migration_has_its_postgresql_counterpart() -> None:
    from huntaze_cli.ledger.postgres.migrations import MIGRATIONS as PG_MIGRATIONS

    assert [fn.__name__ for fn in PG_MIGRATIONS] == MIGRATION_NAMES, (
        "both backends bind the one list of ledger/schema.py: a migration added there runs on both")


def test_postgresql_schema_matches_the_sqlite_one(pg_url: str) -> None:
    from tests.fakes.postgres import query

    open_ledger(pg_url).close()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in query(pg_url, "SELECT table_name, column_name, data_type FROM information_schema.columns"
                                             " WHERE table_schema = current_schema() ORDER BY table_name,"
                                             " ordinal_position"):
        found.setdefault(table, []).append((column, kind))
    assert set(found) == set(EXPECTED_TABLES)
    for table, columns in EXPECTED_TABLES.items():
        expected = [column.split(" ") for column in columns]
        assert [name for name, _ in found[table]] == [name for name, _ in expected], table
        for (name, kind), (_, sqlite_kind) in zip(found[table], expected, strict=True):
            assert kind in _PG_TYPES[sqlite_kind], (table, name, kind)
    indexed = {(table, definition.split(" USING ")[1].split("(", 1)[1].rsplit(")", 1)[0].split(" WHERE")[0],
                "UNIQUE" in definition) for table, definition in query(
        pg_url, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()")}
    expected_indexes = {(table, ", ".join(columns), unique) for table, columns, unique in EXPECTED_INDEXES}
    # SQLite's `id INTEGER PRIMARY KEY` is the rowid, not an index; PostgreSQL indexes the primary key.
    expected_indexes |= {(table, "id", True) for table, columns in EXPECTED_TABLES.items() if "id INTEGER" in columns}
    assert {(t, c.replace(")", ""), u) for t, c, u in indexed} == expected_indexes
    recorded = [row[0] for row in query(pg_url, "SELECT name FROM _migrations ORDER BY name")]
    assert recorded == sorted(MIGRATION_NAMES)  # by name: helpers' number ranges are not in list order


def test_postgresql_hosts_starting_at_once_migrate_once(pg_url: str) -> None:
    """Eight processes open a fresh PostgreSQL schema at the same moment: one migrates, the others wait."""
    import subprocess
    import sys
    import time

    from tests.fakes.postgres import query

    start_at = time.time() + 1.5
    probe = ("import sys, time; from huntaze_cli.ledger import open_ledger; time.sleep(max(0, float(sys.argv[2])"
             " - time.time())); open_ledger(sys.argv[1]).close()")
    procs = [subprocess.Popen([sys.executable, "-c", probe, pg_url, str(start_at)], stderr=subprocess.PIPE,
                              text=True) for _ in range(8)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert [row[0] for row in query(pg_url, "SELECT name FROM _migrations ORDER BY name")] == sorted(MIGRATION_NAMES)
