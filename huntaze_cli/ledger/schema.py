"""The ledger schema, written once for both databases: named migrations applied in order, each recorded by
name in `_migrations` (so one `_migrations` table means the same thing on SQLite and on PostgreSQL).

A migration is a function of a `Dialect` (`ledger/dialect.py`) returning its SQL statements. Where the
databases differ it uses the dialect's fields: `{d.id}` the generated primary key, `{d.ref}` a column holding
an id, `{d.real}` a float; statements only one backend needs are a tuple field of the dialect (empty on the
other). `ledger/migrations.py` (SQLite) and `ledger/postgres/migrations.py` apply them.

Adding a migration (voice profiles, API tokens, ...):
1. Append a function at the END of this file, decorated with `@migration`, named `mNNN_what_it_adds` with
   the next free number; its name is what ledgers record, so never rename, reorder or edit one that shipped.
2. Write the SQL once, with only the dialect's words (`{d.id}`, `{d.ref}`, `{d.real}`): TEXT for text and
   ISO timestamps, INTEGER for counts and 0/1 flags. Plain ANSI `ALTER TABLE ... ADD COLUMN` and
   `CREATE INDEX ... WHERE` run on both.
3. Something that cannot be written the same on both (a server function, a trigger body) becomes a new field
   of `Dialect`, filled in `SQLITE` and in `ledger/postgres/dialect.py`'s `POSTGRESQL`.
4. Add the new tables, columns and indexes to the pinned schema in tests/ledger/test_schema.py, and run
   tests/ledger with HUNTAZE_TEST_PG set: tests/ledger/test_one_schema.py compares the two backends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.dialect import Dialect

if TYPE_CHECKING:
    from huntaze_cli.ledger.db import LedgerDB
    from huntaze_cli.ledger.postgres.connection import PostgresDB

    Database = LedgerDB | PostgresDB

Statements = Sequence[str]
Definition = Callable[[Dialect], Statements]
Migration = Callable[["Database"], None]  # one definition bound to a backend: runs its statements on a db
DEFINITIONS: list[Definition] = []
MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
_MIGRATION_LOCK = "migrations"  # PostgreSQL's advisory lock key; SQLite's BEGIN IMMEDIATE serialises anyway


def migration(fn: Definition) -> Definition:
    DEFINITIONS.append(fn)
    return fn


def bind(dialect: Dialect, execute: Callable[[Database, str], None]) -> list[Migration]:
    """Every migration for one backend, named as its definition: `execute` runs one DDL statement."""
    return [_bound(definition, dialect, execute) for definition in DEFINITIONS]


def _bound(definition: Definition, dialect: Dialect, execute: Callable[[Database, str], None]) -> Migration:
    def apply(db: Database) -> None:
        for statement in definition(dialect):
            execute(db, statement)

    apply.__name__ = apply.__qualname__ = definition.__name__
    apply.__doc__ = definition.__doc__
    return apply


def apply_pending(db: Database, migrations: Sequence[Migration],
                  applied_names: Callable[[Database], set[str]]) -> list[str]:
    """Apply the migrations not yet recorded, in one transaction; returns the names applied by this call."""
    if {fn.__name__ for fn in migrations} <= applied_names(db):
        return []  # the common case: no write lock taken
    applied_now: list[str] = []
    with db.transaction(_MIGRATION_LOCK):
        db.conn.execute(MIGRATIONS_TABLE)
        done = applied_names(db)  # re-read under the lock: another process or host may have migrated meanwhile
        for fn in migrations:
            if fn.__name__ in done:
                continue
            fn(db)
            db.conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (fn.__name__, to_iso(utc())))
            applied_now.append(fn.__name__)
    return applied_now


@migration
def m001_creators(d: Dialect) -> Statements:
    return [f"""
        CREATE TABLE creators (
            {d.id},
            name TEXT NOT NULL UNIQUE,
            plan TEXT NOT NULL,
            requests_per_hour_override INTEGER,
            monthly_usd_override {d.real},
            created_at TEXT NOT NULL
        )"""]


@migration
def m002_usage_logs(d: Dialect) -> Statements:
    return [
        f"""
        CREATE TABLE usage_logs (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            feature TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd {d.real} NOT NULL DEFAULT 0,
            reserved_usd {d.real} NOT NULL DEFAULT 0,
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
    ]


@migration
def m003_monthly_charges(d: Dialect) -> Statements:
    return [
        f"""
        CREATE TABLE monthly_charges (
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            month TEXT NOT NULL,
            total_cost_usd {d.real} NOT NULL DEFAULT 0,
            request_count INTEGER NOT NULL DEFAULT 0,
            plan TEXT NOT NULL,
            PRIMARY KEY (creator_id, month)
        )""",
        *d.dollar_functions,
    ]


@migration
def m004_response_cache(d: Dialect) -> Statements:
    return [
        f"""
        CREATE TABLE response_cache (
            key TEXT PRIMARY KEY,
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            feature TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_response_cache_expires ON response_cache (expires_at)",
    ]


@migration
def m005_breaker_state(d: Dialect) -> Statements:
    return ["""
        CREATE TABLE breaker_state (
            provider TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            opened_at TEXT,
            updated_at TEXT NOT NULL
        )"""]


@migration
def m006_knowledge(d: Dialect) -> Statements:
    return [
        f"""
        CREATE TABLE insights (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            source_agent TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            weight {d.real} NOT NULL DEFAULT 0,
            data_json TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT
        )""",
        "CREATE INDEX idx_insights_creator ON insights (creator_id, source_agent)",
        # Summaries are whole documents (the `insights` command), not ranked facts: their own table.
        f"""
        CREATE TABLE insight_summaries (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            summary_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_insight_summaries_creator ON insight_summaries (creator_id, created_at)",
    ]


@migration
def m007_fans(d: Dialect) -> Statements:
    return [f"""
        CREATE TABLE fans (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            fan_id TEXT NOT NULL,
            name TEXT,
            tier TEXT,
            lifetime_value_usd {d.real},
            total_spent_usd {d.real},
            last_purchase_at TEXT,
            engagement TEXT,
            extra_json TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (creator_id, fan_id)
        )"""]


@migration
def m008_quick_replies(d: Dialect) -> Statements:
    return [f"""
        CREATE TABLE quick_replies (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            name TEXT NOT NULL,
            text TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            UNIQUE (creator_id, name)
        )"""]


@migration
def m009_hooks(d: Dialect) -> Statements:
    return [
        f"""
        CREATE TABLE hooks (
            {d.id},
            event TEXT NOT NULL,
            command TEXT,
            url TEXT,
            threshold {d.real},
            timeout_s {d.real} NOT NULL DEFAULT 10,
            created_at TEXT NOT NULL
        )""",
        f"""
        CREATE TABLE hook_firings (
            creator_id {d.ref} NOT NULL,
            month TEXT NOT NULL,
            event TEXT NOT NULL,
            threshold {d.real} NOT NULL,
            fired_at TEXT NOT NULL,
            UNIQUE (creator_id, month, event, threshold)
        )""",
        f"""
        CREATE TABLE hook_runs (
            {d.id},
            hook_id {d.ref} REFERENCES hooks(id) ON DELETE CASCADE,
            event TEXT NOT NULL,
            status TEXT NOT NULL,
            detail TEXT,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_hook_runs_hook ON hook_runs (hook_id, created_at)",
    ]


@migration
def m010_usage_daily(d: Dialect) -> Statements:
    """A per-day rollup kept exact by triggers, so cost reports read thousands of rows, not millions."""
    return [
        f"""
        CREATE TABLE usage_daily (
            day TEXT NOT NULL,
            creator_id {d.ref} NOT NULL,
            feature TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            requests INTEGER NOT NULL,
            provider_requests INTEGER NOT NULL,
            cached INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cost_usd {d.real} NOT NULL,
            unpriced INTEGER NOT NULL,
            PRIMARY KEY (day, creator_id, feature, provider, model)
        ){d.without_rowid}""",
        *d.rollup_function,
        "CREATE TRIGGER usage_daily_insert AFTER INSERT ON usage_logs" + d.rollup_action["insert"],
        "CREATE TRIGGER usage_daily_delete AFTER DELETE ON usage_logs" + d.rollup_action["delete"],
        "CREATE TRIGGER usage_daily_update AFTER UPDATE OF creator_id, feature, provider, model, input_tokens,"
        " output_tokens, cost_usd, unpriced, status, cached, counted, created_at ON usage_logs"
        + d.rollup_action["update"],
        # Backfill whatever the ledger already holds.
        """
        INSERT INTO usage_daily SELECT substr(created_at, 1, 10), creator_id, feature, provider, model, count(*),
            sum(counted), sum(cached), sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END), sum(input_tokens),
            sum(output_tokens), sum(cost_usd), sum(unpriced)
        FROM usage_logs GROUP BY 1, 2, 3, 4, 5""",
    ]


@migration
def m011_creator_platforms(d: Dialect) -> Statements:
    """The platforms a creator publishes on (chosen at `init`), as a JSON list."""
    # Quoted as sqlite-utils' add_column wrote it before: SQLite keeps the text, so old and new ledgers match.
    return ['ALTER TABLE creators ADD COLUMN "platforms" TEXT']


@migration
def m012_exact_reservations(d: Dialect) -> Statements:
    """In-flight holds apart from settled spend, a deadline per reservation, estimated usage flagged.

    monthly_charges.total_cost_usd becomes settled spend only and pending_usd the reservations of calls in
    flight, so a refusal caused only by in-flight holds can say so. A pending row holds its reservation in
    reserved_usd and costs 0 until settled. deadline_at is the request's total deadline: a later reserve
    releases rows whose process died (more than a minute past it)."""
    return [
        "ALTER TABLE usage_logs ADD COLUMN deadline_at TEXT",
        "ALTER TABLE usage_logs ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1))",
        "ALTER TABLE usage_logs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
        f"ALTER TABLE monthly_charges ADD COLUMN pending_usd {d.real} NOT NULL DEFAULT 0",
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
    ]


@migration
def m013_prune_keeps_rollups(d: Dialect) -> Statements:
    """`logs prune` deletes request rows, never cost history: the daily rollup keeps what they added."""
    return [d.drop_trigger.format(name="usage_daily_delete", table="usage_logs")]


@migration
def m017_purchases(d: Dialect) -> Statements:
    """Purchase history (one row per offer: bought or declined), for fan segments and per-fan prices. The
    unique key makes re-importing the same export a no-op."""
    return [f"""
        CREATE TABLE purchases (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            fan_id TEXT NOT NULL,
            purchased_at TEXT NOT NULL,
            item TEXT NOT NULL,
            price_usd {d.real} NOT NULL,
            bought INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (creator_id, fan_id, purchased_at, item, price_usd, bought)
        )"""]


@migration
def m018_experiments(d: Dialect) -> Statements:
    """A/B tests of sales messages: variants, and results recorded as sends, purchases and revenue."""
    return [f"""
        CREATE TABLE experiments (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (creator_id, name)
        )""", f"""
        CREATE TABLE experiment_variants (
            {d.id},
            experiment_id {d.ref} NOT NULL REFERENCES experiments(id),
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (experiment_id, label)
        )""", f"""
        CREATE TABLE experiment_results (
            {d.id},
            variant_id {d.ref} NOT NULL REFERENCES experiment_variants(id),
            sent INTEGER NOT NULL,
            bought INTEGER NOT NULL,
            revenue_usd {d.real} NOT NULL,
            source TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX experiment_results_variant ON experiment_results (variant_id)"]


@migration
def m024_usage_unpriced_index(d: Dialect) -> Statements:
    """`quota` counts a creator's unpriced requests this month: without this index it reads every row of
    the creator's month (10 ms per creator at a million rows, so `quota --all` took most of a second)."""
    return ["CREATE INDEX idx_usage_logs_unpriced ON usage_logs (creator_id, created_at) WHERE unpriced = 1"]


@migration
def m025_provider_calls(d: Dialect) -> Statements:
    """Requests sent per provider and server in the last minute, for the `rpm`/`tpm` limits an agency's
    hosts share (one API key, one provider limit)."""
    return [
        f"""
        CREATE TABLE provider_calls (
            {d.id},
            limit_key TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_provider_calls_window ON provider_calls (limit_key, created_at)",
    ]


# Numbers were handed out per branch, so they are not in list order: the list order is the order applied.
@migration
def m015_local_servers(d: Dialect) -> Statements:
    """What each local model server supports: its structured-output mode, slots and context size."""
    return ["""
        CREATE TABLE local_servers (
            base_url TEXT PRIMARY KEY,
            structured_mode TEXT,
            total_slots INTEGER,
            n_ctx INTEGER,
            updated_at TEXT NOT NULL
        )"""]


@migration
def m026_reserve_and_settle_in_one_statement(d: Dialect) -> Statements:
    """`quotas.reserve` and `usage.settle` as one server-side statement each, on PostgreSQL (`huntaze_reserve`,
    `huntaze_settle`: see ledger/postgres/dialect.py). SQLite does both in-process, where a round trip costs
    nothing, and records the name only, so that both backends list the same migrations."""
    return d.reserve_and_settle


@migration
def m027_purchase_order_ref(d: Dialect) -> Statements:
    """Two genuine purchases by one fan of one item on one day are two rows: `order_ref` (the export's order
    id, else the row's rank among identical rows of its file, "" for the first) joins the unique key. SQLite
    cannot change a table's unique key in place, so the table is rebuilt, the same way on both; its rows
    keep their order (nothing refers to a purchase's id), and every row stored so far is a first: ""."""
    kept = "creator_id, fan_id, purchased_at, item, price_usd, bought, imported_at"
    return [
        "ALTER TABLE purchases RENAME TO purchases_m017",
        f"""
        CREATE TABLE purchases (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            fan_id TEXT NOT NULL,
            purchased_at TEXT NOT NULL,
            item TEXT NOT NULL,
            price_usd {d.real} NOT NULL,
            bought INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            order_ref TEXT NOT NULL DEFAULT '',
            UNIQUE (creator_id, fan_id, purchased_at, item, price_usd, bought, order_ref)
        )""",
        f"INSERT INTO purchases ({kept}) SELECT {kept} FROM purchases_m017 ORDER BY id",
        "DROP TABLE purchases_m017",
    ]


@migration
def m028_voice_profiles(d: Dialect) -> Statements:
    """A creator's voice (`voice learn`): the texts it was learned from, each once (`text_key` is the hash of its
    words, so relearning the same file adds nothing), and the profile computed from all of them."""
    return [
        f"""
        CREATE TABLE voice_texts (
            {d.id},
            creator_id {d.ref} NOT NULL REFERENCES creators(id),
            text_key TEXT NOT NULL,
            text TEXT NOT NULL,
            platform TEXT,
            posted_at TEXT,
            engagement {d.real},
            added_at TEXT NOT NULL,
            UNIQUE (creator_id, text_key)
        )""", f"""
        CREATE TABLE voice_profiles (
            {d.id},
            creator_id {d.ref} NOT NULL UNIQUE REFERENCES creators(id),
            profile_json TEXT NOT NULL,
            texts INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )"""]


@migration
def m029_api_tokens(d: Dialect) -> Statements:
    """The agency hub (issue 22). `api_tokens`: `huntaze serve`'s bearer tokens, only the SHA-256 of each (the
    token is shown once, when created), with its scope and the creator it acts for (NULL: an agency-wide admin
    token). `ledger_merges`: what `ledger migrate --merge` has carried from each merged ledger (a row's new id,
    or the amounts of a daily or monthly total already added), so that a second merge copies nothing."""
    return [f"""
        CREATE TABLE ledger_merges (
            source TEXT NOT NULL,
            item TEXT NOT NULL,
            target_id {d.ref},
            carried TEXT,
            merged_at TEXT NOT NULL,
            PRIMARY KEY (source, item)
        )""", f"""
        CREATE TABLE api_tokens (
            {d.id},
            token_sha256 TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            creator_id {d.ref} REFERENCES creators(id),
            scope TEXT NOT NULL,
            label TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT,
            last_used_at TEXT
        )"""]


@migration
def m030_fan_totals(d: Dialect) -> Statements:
    """Each fan's sums over their purchase history (offers bought, declined, spend, first and last purchase),
    rewritten by every writer of `purchases` in its own transaction (ledger/fan_totals.py), so that `fans
    segments` reads one row per fan instead of summing every offer. Derived rows only: no foreign key of their
    own (a purchase's checks its creator), so keeping them costs no check per row. Backfilled from the history
    already stored, with the very sums the writers compute."""
    return [f"""
        CREATE TABLE fan_totals (
            creator_id {d.ref} NOT NULL,
            fan_id TEXT NOT NULL,
            purchases INTEGER NOT NULL,
            declined INTEGER NOT NULL,
            spent {d.real} NOT NULL,
            first_at TEXT,
            last_at TEXT,
            PRIMARY KEY (creator_id, fan_id)
        ){d.without_rowid}""", """
        INSERT INTO fan_totals (creator_id, fan_id, purchases, declined, spent, first_at, last_at)
        SELECT creator_id, fan_id, sum(bought), count(*) - sum(bought),
            sum(CASE WHEN bought = 1 THEN price_usd ELSE 0 END),
            min(CASE WHEN bought = 1 THEN purchased_at END), max(CASE WHEN bought = 1 THEN purchased_at END)
        FROM purchases GROUP BY creator_id, fan_id"""]


@migration
def m031_purchases_checked_once_per_import(d: Dialect) -> Statements:
    """`purchases.creator_id` loses its foreign key: PostgreSQL checked it row by row (a trigger and a lookup of
    the creator for each of an export's 200,000 rows: a third of the import). Every writer names one creator
    it has just read or made in the same transaction (the import checks its creator once, `ledger migrate`
    copies or maps the creators first) and creators are never deleted, so the check per row proved nothing
    more. SQLite cannot drop a foreign key in place: the table is rebuilt the same way on both, as m027 did (its
    rows keep their order; nothing refers to a purchase's id)."""
    kept = "creator_id, fan_id, purchased_at, item, price_usd, bought, imported_at, order_ref"
    return [
        "ALTER TABLE purchases RENAME TO purchases_m027",
        f"""
        CREATE TABLE purchases (
            {d.id},
            creator_id {d.ref} NOT NULL,
            fan_id TEXT NOT NULL,
            purchased_at TEXT NOT NULL,
            item TEXT NOT NULL,
            price_usd {d.real} NOT NULL,
            bought INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            order_ref TEXT NOT NULL DEFAULT '',
            UNIQUE (creator_id, fan_id, purchased_at, item, price_usd, bought, order_ref)
        )""",
        f"INSERT INTO purchases ({kept}) SELECT {kept} FROM purchases_m027 ORDER BY id",
        "DROP TABLE purchases_m027",
    ]


@migration
def m032_creator_prices(d: Dialect) -> Statements:
    """How many times each price was paid to a creator, over their whole history, kept with `fan_totals` by
    the same writers: `fans segments` counts the prices of every segment but its largest from the purchases,
    and that one's as the rest of these counts (half the rows to read and sort at agency size)."""
    return [f"""
        CREATE TABLE creator_prices (
            creator_id {d.ref} NOT NULL,
            price_usd {d.real} NOT NULL,
            bought INTEGER NOT NULL,
            PRIMARY KEY (creator_id, price_usd)
        ){d.without_rowid}""", """
        INSERT INTO creator_prices (creator_id, price_usd, bought)
        SELECT creator_id, price_usd, count(*) FROM purchases WHERE bought = 1 GROUP BY creator_id, price_usd"""]
