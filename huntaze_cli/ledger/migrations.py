"""Schema migrations: named functions applied once, in order, recorded in `_migrations`.

Never edit a migration that has shipped; append a new one. `tests/test_ledger_schema.py` pins the
resulting schema.
"""

from __future__ import annotations

from collections.abc import Callable

from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, transaction

Migration = Callable[[LedgerDB], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


def _script(db: LedgerDB, *statements: str) -> None:
    for statement in statements:
        db.conn.execute(statement)


def applied_names(db: LedgerDB) -> set[str]:
    # Plain SQL on every open (the common case applies nothing); sqlite-utils only when migrating.
    exists = db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone()
    if not exists:
        return set()
    return {row[0] for row in db.conn.execute("SELECT name FROM _migrations")}


def migrate(db: LedgerDB) -> list[str]:
    """Apply pending migrations; returns the names applied by this call."""
    wanted = [fn.__name__ for fn in MIGRATIONS]
    if set(wanted) <= applied_names(db):
        return []  # the common case: no write lock taken
    applied_now: list[str] = []
    with transaction(db):
        # Re-read under the lock: a concurrent first opener may have migrated meanwhile.
        db.conn.execute("CREATE TABLE IF NOT EXISTS _migrations"
                        " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = applied_names(db)
        for fn in MIGRATIONS:
            if fn.__name__ in done:
                continue
            fn(db)
            db.conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                            (fn.__name__, to_iso(utc())))
            applied_now.append(fn.__name__)
    return applied_now


@migration
def m001_creators(db: LedgerDB) -> None:
    _script(db, """
        CREATE TABLE creators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            plan TEXT NOT NULL,
            requests_per_hour_override INTEGER,
            monthly_usd_override REAL,
            created_at TEXT NOT NULL
        )""")


@migration
def m002_usage_logs(db: LedgerDB) -> None:
    _script(
        db,
        """
        CREATE TABLE usage_logs (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            feature TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            reserved_usd REAL NOT NULL DEFAULT 0,
            unpriced INTEGER NOT NULL DEFAULT 0 CHECK (unpriced IN (0, 1)),
            status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'error')),
            error_code TEXT,
            cached INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
            counted INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1)),
            latency_ms INTEGER NOT NULL DEFAULT 0,
            correlation_id TEXT NOT NULL,
            providers_tried TEXT,
            batch_key TEXT,
            request_json TEXT,
            response_json TEXT,
            created_at TEXT NOT NULL
        )""",
        # The sliding one-hour window: counted requests of one creator, by time.
        "CREATE INDEX idx_usage_logs_window ON usage_logs (creator_id, counted, created_at)",
        # Covering index for reports and `logs`: a range on created_at, every aggregated column in the index.
        """CREATE INDEX idx_usage_logs_report ON usage_logs (created_at, creator_id, feature, provider, model,
            status, cached, counted, unpriced, input_tokens, output_tokens, cost_usd)""",
        "CREATE INDEX idx_usage_logs_batch_key ON usage_logs (batch_key) WHERE batch_key IS NOT NULL",
    )


@migration
def m003_monthly_charges(db: LedgerDB) -> None:
    _script(db, """
        CREATE TABLE monthly_charges (
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            month TEXT NOT NULL,
            total_cost_usd REAL NOT NULL DEFAULT 0,
            request_count INTEGER NOT NULL DEFAULT 0,
            plan TEXT NOT NULL,
            PRIMARY KEY (creator_id, month)
        )""")


@migration
def m004_response_cache(db: LedgerDB) -> None:
    _script(
        db,
        """
        CREATE TABLE response_cache (
            key TEXT PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            feature TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_response_cache_expires ON response_cache (expires_at)",
    )


@migration
def m005_breaker_state(db: LedgerDB) -> None:
    _script(db, """
        CREATE TABLE breaker_state (
            provider TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            opened_at TEXT,
            updated_at TEXT NOT NULL
        )""")


@migration
def m006_knowledge(db: LedgerDB) -> None:
    _script(
        db,
        """
        CREATE TABLE insights (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            source_agent TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            weight REAL NOT NULL DEFAULT 0,
            data_json TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT
        )""",
        "CREATE INDEX idx_insights_creator ON insights (creator_id, source_agent)",
        # Summaries are whole documents (the `insights` command), not ranked facts: their own table.
        """
        CREATE TABLE insight_summaries (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            summary_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_insight_summaries_creator ON insight_summaries (creator_id, created_at)",
    )


@migration
def m007_fans(db: LedgerDB) -> None:
    _script(db, """
        CREATE TABLE fans (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            fan_id TEXT NOT NULL,
            name TEXT,
            tier TEXT,
            lifetime_value_usd REAL,
            total_spent_usd REAL,
            last_purchase_at TEXT,
            engagement TEXT,
            extra_json TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (creator_id, fan_id)
        )""")


@migration
def m008_quick_replies(db: LedgerDB) -> None:
    _script(db, """
        CREATE TABLE quick_replies (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            name TEXT NOT NULL,
            text TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            UNIQUE (creator_id, name)
        )""")


@migration
def m009_hooks(db: LedgerDB) -> None:
    _script(
        db,
        """
        CREATE TABLE hooks (
            id INTEGER PRIMARY KEY,
            event TEXT NOT NULL,
            command TEXT,
            url TEXT,
            threshold REAL,
            timeout_s REAL NOT NULL DEFAULT 10,
            created_at TEXT NOT NULL
        )""",
        """
        CREATE TABLE hook_firings (
            creator_id INTEGER NOT NULL,
            month TEXT NOT NULL,
            event TEXT NOT NULL,
            threshold REAL NOT NULL,
            fired_at TEXT NOT NULL,
            UNIQUE (creator_id, month, event, threshold)
        )""",
        """
        CREATE TABLE hook_runs (
            id INTEGER PRIMARY KEY,
            hook_id INTEGER REFERENCES hooks(id) ON DELETE CASCADE,
            event TEXT NOT NULL,
            status TEXT NOT NULL,
            detail TEXT,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_hook_runs_hook ON hook_runs (hook_id, created_at)",
    )


_DAILY_ADD = """
    INSERT INTO usage_daily (day, creator_id, feature, provider, model, requests, provider_requests, cached,
        errors, input_tokens, output_tokens, cost_usd, unpriced)
    VALUES (substr({r}.created_at, 1, 10), {r}.creator_id, {r}.feature, {r}.provider, {r}.model, {sign},
        {sign} * {r}.counted, {sign} * {r}.cached, {sign} * ({r}.status = 'error'), {sign} * {r}.input_tokens,
        {sign} * {r}.output_tokens, {sign} * {r}.cost_usd, {sign} * {r}.unpriced)
    ON CONFLICT (day, creator_id, feature, provider, model) DO UPDATE SET
        requests = requests + excluded.requests, provider_requests = provider_requests + excluded.provider_requests,
        cached = cached + excluded.cached, errors = errors + excluded.errors,
        input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
        cost_usd = cost_usd + excluded.cost_usd, unpriced = unpriced + excluded.unpriced;"""


@migration
def m010_usage_daily(db: LedgerDB) -> None:
    """A per-day rollup kept exact by triggers, so cost reports read thousands of rows, not millions."""
    _script(
        db,
        """
        CREATE TABLE usage_daily (
            day TEXT NOT NULL,
            creator_id INTEGER NOT NULL,
            feature TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            requests INTEGER NOT NULL,
            provider_requests INTEGER NOT NULL,
            cached INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cost_usd REAL NOT NULL,
            unpriced INTEGER NOT NULL,
            PRIMARY KEY (day, creator_id, feature, provider, model)
        ) WITHOUT ROWID""",
        "CREATE TRIGGER usage_daily_insert AFTER INSERT ON usage_logs BEGIN"
        + _DAILY_ADD.format(r="new", sign="1") + " END",
        "CREATE TRIGGER usage_daily_delete AFTER DELETE ON usage_logs BEGIN"
        + _DAILY_ADD.format(r="old", sign="-1") + " END",
        "CREATE TRIGGER usage_daily_update AFTER UPDATE OF creator_id, feature, provider, model, input_tokens,"
        " output_tokens, cost_usd, unpriced, status, cached, counted, created_at ON usage_logs BEGIN"
        + _DAILY_ADD.format(r="old", sign="-1") + _DAILY_ADD.format(r="new", sign="1") + " END",
        # Backfill whatever the ledger already holds.
        """
        INSERT INTO usage_daily SELECT substr(created_at, 1, 10), creator_id, feature, provider, model, count(*),
            sum(counted), sum(cached), sum(status = 'error'), sum(input_tokens), sum(output_tokens), sum(cost_usd),
            sum(unpriced)
        FROM usage_logs GROUP BY 1, 2, 3, 4, 5""",
    )


@migration
def m011_creator_platforms(db: LedgerDB) -> None:
    """The platforms a creator publishes on (chosen at `init`), as a JSON list."""
    db.utils["creators"].add_column("platforms", str)


@migration
def m012_exact_reservations(db: LedgerDB) -> None:
    """In-flight holds apart from settled spend, a deadline per reservation, estimated usage flagged.

    monthly_charges.total_cost_usd becomes settled spend only and pending_usd the reservations of calls in
    flight, so a refusal caused only by in-flight holds can say so. A pending row holds its reservation in
    reserved_usd and costs 0 until settled. deadline_at is the request's total deadline: a later reserve
    releases rows whose process died (more than a minute past it)."""
    _script(
        db,
        "ALTER TABLE usage_logs ADD COLUMN deadline_at TEXT",
        "ALTER TABLE usage_logs ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1))",
        "ALTER TABLE usage_logs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE monthly_charges ADD COLUMN pending_usd REAL NOT NULL DEFAULT 0",
        # Rows in flight, by creator and deadline: what reserve scans to release abandoned ones.
        "CREATE INDEX idx_usage_logs_pending ON usage_logs (creator_id, deadline_at) WHERE status = 'pending'",
        # Existing pending rows held their reservation in cost_usd and in the month's total: move it.
        """UPDATE monthly_charges SET
            pending_usd = (SELECT coalesce(sum(u.cost_usd), 0) FROM usage_logs u WHERE u.status = 'pending'
                AND u.counted = 1 AND u.creator_id = monthly_charges.creator_id
                AND substr(u.created_at, 1, 7) = monthly_charges.month),
            total_cost_usd = total_cost_usd - (SELECT coalesce(sum(u.cost_usd), 0) FROM usage_logs u
                WHERE u.status = 'pending' AND u.counted = 1 AND u.creator_id = monthly_charges.creator_id
                AND substr(u.created_at, 1, 7) = monthly_charges.month)""",
        "UPDATE usage_logs SET reserved_usd = cost_usd, cost_usd = 0 WHERE status = 'pending'",
    )


@migration
def m013_prune_keeps_rollups(db: LedgerDB) -> None:
    """`logs prune` deletes request rows, never cost history: the daily rollup keeps what they added."""
    _script(db, "DROP TRIGGER usage_daily_delete")


@migration
def m017_purchases(db: LedgerDB) -> None:
    """Purchase history (one row per offer: bought or declined), for fan segments and per-fan prices. The
    unique key makes re-importing the same export a no-op."""
    _script(db, """
        CREATE TABLE purchases (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            fan_id TEXT NOT NULL,
            purchased_at TEXT NOT NULL,
            item TEXT NOT NULL,
            price_usd REAL NOT NULL,
            bought INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (creator_id, fan_id, purchased_at, item, price_usd, bought)
        )""")


@migration
def m018_experiments(db: LedgerDB) -> None:
    """A/B tests of sales messages: variants, and results recorded as sends, purchases and revenue."""
    _script(db, """
        CREATE TABLE experiments (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (creator_id, name)
        )""", """
        CREATE TABLE experiment_variants (
            id INTEGER PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (experiment_id, label)
        )""", """
        CREATE TABLE experiment_results (
            id INTEGER PRIMARY KEY,
            variant_id INTEGER NOT NULL REFERENCES experiment_variants(id),
            sent INTEGER NOT NULL,
            bought INTEGER NOT NULL,
            revenue_usd REAL NOT NULL,
            source TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX experiment_results_variant ON experiment_results (variant_id)")


@migration
def m024_usage_unpriced_index(db: LedgerDB) -> None:
    """`quota` counts a creator's unpriced requests this month: without this index it reads every row of
    the creator's month (10 ms per creator at a million rows, so `quota --all` took most of a second)."""
    _script(db, "CREATE INDEX idx_usage_logs_unpriced ON usage_logs (creator_id, created_at) WHERE unpriced = 1")


@migration
def m025_provider_calls(db: LedgerDB) -> None:
    """Requests sent per provider and server in the last minute, for the `rpm`/`tpm` limits an agency's
    hosts share (one API key, one provider limit)."""
    _script(
        db,
        """
        CREATE TABLE provider_calls (
            id INTEGER PRIMARY KEY,
            limit_key TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_provider_calls_window ON provider_calls (limit_key, created_at)",
    )


@migration
def m015_local_servers(db: LedgerDB) -> None:
    """What each local model server supports: its structured-output mode, slots and context size."""
    _script(
        db,
        """
        CREATE TABLE local_servers (
            base_url TEXT PRIMARY KEY,
            structured_mode TEXT,
            total_slots INTEGER,
            n_ctx INTEGER,
            updated_at TEXT NOT NULL
        )""",
    )


@migration
def m026_reserve_and_settle_in_one_statement(db: LedgerDB) -> None:
    """PostgreSQL only (its `huntaze_reserve` and `huntaze_settle` functions): SQLite does both in-process,
    where a round trip costs nothing. The name is recorded here so that both backends list the same migrations."""
