"""Opening the ledger file: refuse anything that is not a SQLite database, then WAL + busy timeout.

Every SQLite failure surfaces as a LedgerError sentence naming the file; a file that is not ours is
never written to.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from huntaze_cli.errors import LedgerError

BUSY_TIMEOUT_MS = 30_000
BULK_CACHE_KB = 64 * 1024  # SQLite's page cache while inserting in bulk (insert_many)
_SQLITE_HEADER = b"SQLite format 3\x00"


def check_path(path: Path, *, create_dir: bool) -> None:
    """Refuse paths we cannot use before SQLite gets a chance to create or touch anything."""
    parent = path.parent
    if not parent.exists():
        if not create_dir:
            raise LedgerError(f"The ledger directory {parent} does not exist; create it or pass "
                              "another --db.")
        try:
            parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise LedgerError(f"Cannot create the ledger directory {parent} ({exc.strerror}); "
                              "create it yourself or pass another --db.") from exc
    if not parent.is_dir():
        raise LedgerError(f"The ledger location {parent} is not a directory; pass another --db.")
    if path.is_dir():
        raise LedgerError(f"The ledger path {path} is a directory; pass a file path with --db.")
    if path.exists():
        if _file_id(path) not in _OPEN_FILES:
            # Only when this process has no connection to it yet: closing a second descriptor of the
            # file would drop the POSIX locks SQLite holds for the whole process (see _OPEN_FILES).
            _check_header(path)
        if not os.access(path, os.W_OK):
            raise LedgerError(f"The ledger {path} is read-only; make it writable or pass another --db.")
    # WAL mode needs to create the -wal and -shm files beside the database.
    if not os.access(parent, os.W_OK | os.X_OK):
        raise LedgerError(f"The ledger directory {parent} is not writable; fix its permissions or pass "
                          "another --db.")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise LedgerError(f"Cannot read the ledger {path} ({exc.strerror}); fix its permissions or pass "
                          "another --db.") from exc
    if header and header != _SQLITE_HEADER:  # an empty file is a valid, empty database
        raise LedgerError(f"The file {path} is not a huntaze ledger (not a SQLite database); it was left "
                          "untouched: move it away or pass another --db.")


# Ledger files this process has SQLite connections to, by (device, inode), with their count. POSIX locks
# belong to the process: closing any other descriptor of a file drops them all, and then another process
# closing its connection believes it is the last one, checkpoints and deletes the WAL that ours still
# write to (a batch's threads each open a connection). So the file is never opened outside SQLite while
# a connection to it is open here.
_OPEN_FILES: dict[tuple[int, int], int] = {}
_OPEN_FILES_LOCK = threading.Lock()


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


class LedgerDB:
    """The connection every ledger module works on. sqlite-utils' Database over the same connection (for
    schema work: migrations, introspection) is built on first use: importing sqlite-utils costs ~35 ms,
    which `quota` and `costs` must not pay on every run just to read a few rows.

    The PostgreSQL backend (`ledger/postgres/`) has the same attributes and methods, so the query modules
    run unchanged on either."""

    backend = "sqlite"
    # What a SELECT of a referenced row adds to keep it from being deleted until commit (the one check that
    # stands for a foreign key's check per row): BEGIN IMMEDIATE already holds every other writer off.
    key_share = ""
    integrity_errors: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, conn: sqlite3.Connection, file_id: tuple[int, int] | None = None,
                 path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self._utils: Any = None
        self._file_id = file_id
        if file_id is not None:
            with _OPEN_FILES_LOCK:
                _OPEN_FILES[file_id] = _OPEN_FILES.get(file_id, 0) + 1

    @property
    def utils(self) -> Any:  # sqlite_utils.Database
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils

    def transaction(self, lock: str | None) -> contextlib.AbstractContextManager[LedgerDB]:
        return _sqlite_transaction(self)

    def lock(self, key: str) -> None:
        """Serialise on `key` until the transaction ends: BEGIN IMMEDIATE already serialises every writer."""

    def lock_on(self, prefix: str, sql: str, params: Sequence[Any]) -> None:
        """Serialise on `prefix` + the value `sql` selects: BEGIN IMMEDIATE already serialises every writer."""

    def insert_many(self, table: str, columns: Sequence[str], values: Iterable[Sequence[Any]],
                    key: Sequence[str], scope: tuple[str, Any] | None = None) -> int:
        """Insert rows, skipping any whose `key` (the table's unique key) is stored already; the number
        inserted. One prepared statement for all rows (executemany): call it inside a transaction. `scope`
        (a key column every row shares, and its value) matters on PostgreSQL only: ON CONFLICT here costs
        no more than a plain insert."""
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        # The unique index of 200,000 purchases outgrows SQLite's default 2 MB page cache: pages would be
        # evicted and read back for every row (a third of the insert's time).
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
        try:
            return self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING",
                                         values).rowcount
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    def bytewise(self, text_sql: str) -> str:
        """A text expression ordered by its characters' code points (as Python sorts str): SQLite's default."""
        return text_sql

    def analyze_after_bulk(self, changed: dict[str, int]) -> None:
        """Refresh the planner's statistics of tables a bulk write changed this much: nothing to do on SQLite,
        whose planner is built to work without them (the ledger never runs ANALYZE there)."""

    def week_start(self, day_sql: str) -> str:
        """SQL for the Monday starting the ISO week of a 'YYYY-MM-DD' text expression."""
        return f"date({day_sql}, 'weekday 0', '-6 days')"

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]

    def size_bytes(self) -> int:
        """The database file and its write-ahead log."""
        if self.path is None:
            return 0
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    def translate(self, exc: Exception) -> LedgerError:
        return translate(exc, self.path or "")  # type: ignore[arg-type]

    def close(self) -> None:
        self.conn.close()
        if self._file_id is not None:
            with _OPEN_FILES_LOCK:
                left = _OPEN_FILES.get(self._file_id, 1) - 1
                if left > 0:
                    _OPEN_FILES[self._file_id] = left
                else:
                    _OPEN_FILES.pop(self._file_id, None)
            self._file_id = None


LEDGER_FILE_MODE = 0o600


def _create_private(path: Path) -> None:
    """Create a missing ledger file readable by its owner only: it holds fans' messages and profiles.
    SQLite gives the -wal and -shm files the database file's permissions, so they follow. O_EXCL: only a
    file that did not exist is opened here, and under the lock no other thread can have connected to it
    before the descriptor is closed again (see _OPEN_FILES)."""
    with _OPEN_FILES_LOCK:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, LEDGER_FILE_MODE)
        except OSError:  # it exists (the usual case), or sqlite3.connect below reports why not
            return
        os.close(fd)


def connect(path: Path) -> LedgerDB:
    """A connection in autocommit mode: transactions are explicit (see `transaction`)."""
    _create_private(path)
    try:
        # Any thread may use it: a batch's workers share one, taking turns per Ledger call (core/batch.py).
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        # A read first: a corrupt file fails here, before any pragma could write to it.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise LedgerError(f"The ledger {path} could not be switched to WAL mode (got {mode}); "
                              "pass a --db on a local disk.")
        # WAL + NORMAL: commits are atomic and never corrupt; only a power cut can lose the last few.
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from exc
    except LedgerError:
        conn.close()
        raise
    return LedgerDB(conn, _file_id(path), path)


def translate(exc: sqlite3.Error, path: Path | str) -> LedgerError:
    """One sentence per SQLite failure class, naming the file and what to do."""
    text = str(exc)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return LedgerError(f"The ledger {path} is corrupted or not a SQLite database ({text}); it was left "
                           "untouched: move it away or pass another --db.")
    if "readonly" in lowered or "read-only" in lowered:
        return LedgerError(f"The ledger {path} is read-only; make it and its directory writable or pass "
                           "another --db.")
    if "locked" in lowered or "busy" in lowered:
        return LedgerError(f"The ledger {path} stayed locked by another process for over "
                           f"{BUSY_TIMEOUT_MS // 1000} s; try again.")
    if "unable to open" in lowered or "disk i/o" in lowered or "full" in lowered:
        return LedgerError(f"Cannot open or write the ledger {path} ({text}); check its permissions and "
                           "free disk space, or pass another --db.")
    return LedgerError(f"The ledger {path} failed: {text}; run with --debug and report it if it persists.")


# Threads of one process (batch mode) queue for the write lock here: SQLite's busy handler polls with
# sleeps of up to 100 ms, so 32 threads contending through it wait far longer than the lock is held.
# Other processes still meet at SQLite's lock (busy timeout). Re-entrant: a nested call fails in SQLite,
# with a clear error, rather than deadlocking here.
_WRITE_LOCK = threading.RLock()


# Per-creator (or per-breaker) lock keys, used by the PostgreSQL backend where writers run in parallel.
GLOBAL_LOCK = "ledger"


def transaction(db: LedgerDB, lock: str | None = GLOBAL_LOCK) -> contextlib.AbstractContextManager[LedgerDB]:
    """One write transaction. On SQLite it is BEGIN IMMEDIATE (every writer in turn). On PostgreSQL the
    transaction is serialised on `lock` only: a creator's name for its quota, None for writes that need no
    read-then-write order; the default key serialises like SQLite does."""
    return db.transaction(lock)


@contextlib.contextmanager
def _sqlite_transaction(db: LedgerDB) -> Iterator[LedgerDB]:
    """BEGIN IMMEDIATE: take the write lock up front, so a read-then-write never races another process
    (and never hits SQLITE_BUSY_SNAPSHOT, which the busy timeout cannot wait out)."""
    with _WRITE_LOCK:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")


def rows(db: LedgerDB, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql, params)
    keys = [column[0] for column in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]


def one(db: LedgerDB, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict[str, Any] | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def scalar(db: LedgerDB, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
    row = db.conn.execute(sql, params).fetchone()
    return row[0] if row else None
