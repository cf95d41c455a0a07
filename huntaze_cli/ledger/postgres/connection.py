"""The PostgreSQL side of the ledger interface: a connection that runs the query modules' SQL unchanged.

The query modules are written once, with `?` placeholders and `cursor.lastrowid`, for SQLite. Here they
become `%s` placeholders and `RETURNING id`; transactions are serialised on a key (a creator, a breaker)
with a transaction-scoped advisory lock instead of SQLite's single writer.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
import psycopg.conninfo
import psycopg.errors
import psycopg.sql

from huntaze_cli.config.dburl import mask_url, scrub
from huntaze_cli.errors import LedgerError

# Tables whose rows have a generated `id` (an INSERT into them reports it back, like SQLite's lastrowid).
ID_TABLES = frozenset({"creators", "usage_logs", "insights", "insight_summaries", "fans", "quick_replies",
                       "hooks", "hook_runs", "provider_calls", "purchases", "experiments",
                       "experiment_variants", "experiment_results", "voice_texts",
                       "voice_profiles", "api_tokens"})
CONNECT_TIMEOUT_S = 10
# The same durability as the SQLite ledger (WAL + synchronous=NORMAL): a commit never waits for its own
# disk flush (the WAL writer flushes within a fraction of a second). Commits stay atomic and the database
# is never corrupted; only a server crash can lose the last instants. Every reservation otherwise waits
# for an fsync while holding its creator's lock, which halves a batch's throughput.
# JIT off: the ledger's statements run in milliseconds, and compiling one that the planner costs high (`fans
# segments` over 200,000 purchases) took longer than running it would have saved.
_SESSION_OPTIONS = "-c synchronous_commit=off -c jit=off"
BULK_STATISTICS_TARGET = 10  # analyze_after_bulk's sample: 300 rows per unit
BULK_WORK_MEM = "64MB"  # insert_many's sorts (200,000 purchases need about 40 MB)
_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || {}, 0))"
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def translate_sql(sql: str, with_params: bool) -> tuple[str, bool]:
    """(PostgreSQL text, whether it returns the new id). `?` outside quotes becomes `%s`; a literal `%`
    is doubled when parameters are passed (psycopg's format)."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote is not None:
            if char == quote:
                quote = None
            out.append("%%" if char == "%" and with_params else char)
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%" and with_params:
            out.append("%%")
        else:
            out.append(char)
    text = "".join(out)
    insert = _INSERT.match(sql)
    returns_id = bool(insert and insert.group(1).lower() in ID_TABLES and "returning" not in sql.lower())
    if returns_id:
        text += " RETURNING id"
    return text, returns_id


class Cursor:
    """What the query modules use of a sqlite3 cursor: fetch, iterate, description, rowcount, lastrowid."""

    def __init__(self, cursor: psycopg.Cursor[Any], returns_id: bool) -> None:
        self._cursor = cursor
        self.lastrowid: int | None = None
        if returns_id:
            row = cursor.fetchone()
            self.lastrowid = row[0] if row else None

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._cursor.fetchall())


class Connection:
    """`execute(sql, params)` as sqlite3 has it, over an autocommit psycopg connection."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw
        self.in_transaction = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        text, returns_id = translate_sql(sql, bool(params))
        return Cursor(self.raw.execute(text, tuple(params) if params else None), returns_id)  # type: ignore[arg-type]

    def close(self) -> None:
        self.raw.close()


class PostgresDB:
    """The PostgreSQL LedgerDB: same attributes and methods as the SQLite one in `ledger/db.py`."""

    backend = "postgresql"
    key_share = " FOR KEY SHARE"  # see LedgerDB.key_share
    integrity_errors: tuple[type[Exception], ...] = (psycopg.errors.IntegrityError,)
    errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def __init__(self, raw: psycopg.Connection[Any], url: str) -> None:
        self.conn = Connection(raw)
        self.url = url
        self.path = mask_url(url)  # how errors and `ledger info` name it

    @contextlib.contextmanager
    def transaction(self, lock: str | None) -> Iterator[PostgresDB]:
        if self.conn.in_transaction:  # a nested call joins the outer transaction (and its lock)
            if lock is not None:
                self.lock(lock)
            yield self
            return
        raw = self.conn.raw
        self.conn.in_transaction = True
        try:
            if lock is not None:
                # BEGIN and the lock in one round trip: every trip is held against the others on a busy host.
                raw.execute(psycopg.sql.SQL("BEGIN; " + _LOCK_SQL).format(psycopg.sql.Literal(lock)))
            else:
                raw.execute("BEGIN")
            yield self
        except BaseException:
            self.conn.in_transaction = False
            if not raw.closed:
                with contextlib.suppress(psycopg.Error):
                    raw.execute("ROLLBACK")
            raise
        self.conn.in_transaction = False
        raw.execute("COMMIT")

    def lock(self, key: str) -> None:
        """Hold an advisory lock on `key` until the transaction ends (keys are per schema, so two ledgers
        in one database never wait on each other)."""
        self.conn.raw.execute(psycopg.sql.SQL(_LOCK_SQL).format(psycopg.sql.Literal(key)))

    def lock_on(self, prefix: str, sql: str, params: Sequence[Any]) -> None:
        """Hold the advisory lock `prefix` + the value `sql` selects (no row: no lock), found and taken in one
        statement, so that a key read from the ledger costs no round trip of its own."""
        text, _ = translate_sql(sql, True)
        self.conn.raw.execute(psycopg.sql.SQL(_LOCK_SQL).format(
            psycopg.sql.SQL("{} || ({})::text").format(psycopg.sql.Literal(prefix), psycopg.sql.SQL(text))),
            tuple(params))

    def insert_many(self, table: str, columns: Sequence[str], values: Iterable[Sequence[Any]],
                    key: Sequence[str], scope: tuple[str, Any] | None = None) -> int:
        """Insert rows, skipping any whose `key` (the table's unique key, NOT NULL columns) is stored already;
        the number inserted. `values` must not repeat a key. COPY into a temporary table, then one INSERT ...
        SELECT of the rows not stored, in the order given: a round trip per row costs 20 times more, and
        ON CONFLICT twice as much as this anti-join (a speculative insertion per row). The table is locked
        against other writers (readers go on) until commit, so no other import can add a key between the
        anti-join and the insert. Call it inside a transaction (the staging table goes with it).
        `scope` (column, value): every row has that value in that key column. When no stored row has it (a
        creator's first import), no stored key can match: the rows are COPYed straight into the table, in
        the order given, under the same lock (no staging table, no anti-join and its sorts)."""
        raw = self.conn.raw
        names = ", ".join(columns)
        stage = f"_huntaze_stage_{table}"
        raw.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        if scope is not None and scope[0] in key:
            stored = raw.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {scope[0]} = %s)", (scope[1],))
            if not stored.fetchone()[0]:  # type: ignore[index]
                return self._copy_in(table, names, values)
        raw.execute(f"SET LOCAL work_mem = '{BULK_WORK_MEM}'")  # the anti-join's sorts stay in memory
        raw.execute("SET LOCAL jit = off")  # compiling the anti-join's plan costs more than it saves
        raw.execute(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {names} FROM {table} WHERE false")
        raw.execute(f"ALTER TABLE {stage} ADD COLUMN _position BIGSERIAL")  # the order given, as COPY sent it
        self._copy(stage, names, values)
        same = " AND ".join(f"t.{name} = s.{name}" for name in key)
        inserted = raw.execute(f"INSERT INTO {table} ({names}) SELECT {', '.join(f's.{n}' for n in columns)}"
                               f" FROM {stage} s WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {same})"
                               " ORDER BY s._position").rowcount
        raw.execute(f"DROP TABLE {stage}")
        return max(0, inserted)

    def _copy_in(self, table: str, names: str, values: Iterable[Sequence[Any]]) -> int:
        return self._copy(table, names, values)

    def _copy(self, table: str, names: str, values: Iterable[Sequence[Any]]) -> int:
        """COPY the rows in, in binary: the server then parses no text into numbers (200,000 purchases went in
        0.13-0.25 s sooner, of 1.3-1.5 s). The columns' types, as binary COPY needs them, are the table's own.
        Returns how many rows were sent."""
        cursor = self.conn.raw.cursor()
        description = cursor.execute(f"SELECT {names} FROM {table} LIMIT 0").description or []
        sent = 0
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([column.type_code for column in description])
            for row in values:
                copy.write_row(row)
                sent += 1
        return sent

    def analyze_after_bulk(self, changed: dict[str, int]) -> None:
        """ANALYZE each table whose rows changed by at least autovacuum's threshold (50 + 10 %), or which was
        never analyzed, inside the writer's transaction. Right after a bulk import the planner otherwise knows
        nothing of the new rows until autovacuum comes by (if it runs at all): it took 200,000 purchases for a
        handful and planned `fans segments` as nested loops over them (seconds instead of a fifth of one). A
        sample of 3,000 rows (statistics target 10, this transaction only) gives the same plans as the default
        30,000, in a tenth of the time (25 ms instead of 200 at 200,000 purchases)."""
        raw = self.conn.raw
        sizes = dict(raw.execute("SELECT relname, reltuples FROM pg_class WHERE relnamespace = current_schema()"
                                 "::regnamespace AND relname = ANY(%s)", (list(changed),)).fetchall())
        stale = [t for t, n in changed.items() if n and (sizes.get(t, -1) < 0 or n >= 50 + 0.1 * sizes[t])]
        if stale:
            raw.execute(f"SET LOCAL default_statistics_target = {BULK_STATISTICS_TARGET}")
            raw.execute("ANALYZE " + ", ".join(stale))

    def bytewise(self, text_sql: str) -> str:
        """Ordered by code points (the "C" collation), as SQLite and Python order it, whatever the database's."""
        return f'({text_sql}) COLLATE "C"'

    def week_start(self, day_sql: str) -> str:
        return f"to_char(date_trunc('week', ({day_sql})::date), 'YYYY-MM-DD')"

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.raw.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' ORDER BY table_name")]

    def size_bytes(self) -> int:
        """Tables, indexes and TOAST of the ledger's schema."""
        row = self.conn.raw.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ).fetchone()
        return int(row[0]) if row else 0

    def translate(self, exc: Exception) -> LedgerError:
        return translate(exc, self.url)

    def close(self) -> None:
        self.conn.close()


class DriverError(Exception):
    """A driver failure with the password scrubbed, kept as the cause that `--debug` shows."""


def translate(exc: Exception, url: str) -> LedgerError:
    """One sentence per PostgreSQL failure class, naming the (masked) URL and what to do."""
    where = mask_url(url)
    text = scrub(str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__, url)
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        error = LedgerError(f"The PostgreSQL ledger {where} refused access ({text}); grant this user the "
                            "rights on the ledger's schema, or use another user in the URL.")
    elif isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
        error = LedgerError(f"The PostgreSQL ledger {where} stayed locked for too long ({text}); try again.")
    elif isinstance(exc, psycopg.OperationalError):
        error = LedgerError(f"Cannot reach the PostgreSQL ledger {where} ({text}); check that the server is "
                            "running and the URL (--db, HUNTAZE_DB or ledger_url) is right.")
    elif isinstance(exc, psycopg.ProgrammingError | psycopg.errors.SyntaxError) and "connection" in text.lower():
        error = LedgerError(f"The ledger URL {where} is not valid ({text}); write it as "
                            "postgresql://USER:PASSWORD@HOST:5432/DATABASE.")
    else:
        error = LedgerError(f"The PostgreSQL ledger {where} failed: {text}; run with --debug and report it if "
                            "it persists.")
    # The driver's own exception may quote the connection string: `--debug` shows this scrubbed copy.
    error.__cause__ = DriverError(f"{exc.__class__.__module__}.{exc.__class__.__name__}: "
                                  f"{scrub(str(exc), url)}")
    error.__suppress_context__ = True
    return error


def connect(url: str) -> PostgresDB:
    """An autocommit connection (transactions are explicit); prepared statements after a few uses."""
    from huntaze_cli.config.dburl import check_postgres_url

    check_postgres_url(url)
    try:
        # The URL's own `options` (e.g. -csearch_path=...) are kept: ours are added to them, not put instead.
        given = psycopg.conninfo.conninfo_to_dict(url).get("options")
        options = f"{given} {_SESSION_OPTIONS}" if given else _SESSION_OPTIONS
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                              application_name="huntaze", options=options)
    except psycopg.Error as exc:
        error = translate(exc, url)
        raise error from error.__cause__
    return PostgresDB(raw, url)
