"""open_ledger refuses files it cannot use, with one sentence naming the file, and never touches them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from huntaze_cli.errors import LedgerError
from huntaze_cli.ledger import open_ledger


def test_garbage_file_is_refused_and_left_byte_for_byte_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    garbage = b"this is my tax return, not a database\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(LedgerError) as caught:
        open_ledger(path)
    assert str(path) in caught.value.message
    assert "not a SQLite database" in caught.value.message
    assert path.read_bytes() == garbage
    assert list(tmp_path.glob("ledger.db-*")) == []  # no -wal/-shm left behind


def test_sqlite_header_with_corrupt_body_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the header, destroy the pages
    path.write_bytes(bytes(data))
    with pytest.raises(LedgerError) as caught:
        open_ledger(path)
    assert str(path) in caught.value.message
    assert path.read_bytes() == bytes(data)


def test_missing_directory_is_an_error_unless_asked_to_create_it(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "deeper" / "ledger.db"
    with pytest.raises(LedgerError) as caught:
        open_ledger(path)
    assert caught.value.message == (f"The ledger directory {path.parent} does not exist; create it or pass "
                                    "another --db.")
    assert not path.parent.exists()
    with open_ledger(path, create_dir=True) as ledger:
        assert ledger.list_creators() == []
    assert path.is_file()


def test_a_directory_as_the_ledger_path_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    path.mkdir()
    with pytest.raises(LedgerError) as caught:
        open_ledger(path)
    assert "is a directory" in caught.value.message and str(path) in caught.value.message
    assert caught.value.exit_code == 6


def test_an_empty_file_is_a_valid_new_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    path.touch()
    with open_ledger(path) as ledger:
        ledger.add_creator("mia")
    with open_ledger(path) as ledger:
        assert [creator.name for creator in ledger.list_creators()] == ["mia"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_ledger(path).close()
    path.chmod(0o444)
    try:
        with pytest.raises(LedgerError, match="read-only"):
            open_ledger(path)
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(LedgerError, match="not writable"):
            open_ledger(folder / "ledger.db")
    finally:
        folder.chmod(0o755)


def test_sqlite_failures_after_opening_become_ledger_errors(tmp_path: Path) -> None:
    """A write failing inside the engine surfaces as LedgerError naming the file, not sqlite3.Error."""
    path = tmp_path / "ledger.db"
    with open_ledger(path) as ledger:
        ledger._db.conn.execute("PRAGMA query_only = ON")  # white-box: simulate a read-only database
        with pytest.raises(LedgerError) as caught:
            ledger.add_creator("mia")
    assert str(path) in caught.value.message
    assert "read-only" in caught.value.message


def test_ledger_is_a_context_manager_that_closes(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "ledger.db") as ledger:
        ledger.add_creator("mia")
    with pytest.raises(LedgerError):
        ledger.list_creators()  # closed connection → a LedgerError, not a raw sqlite3 error


def test_a_new_ledger_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    # A permissive umask, as on many desktops: the files must still be owner-only (they hold fans' data).
    old = os.umask(0o002)
    try:
        path = tmp_path / "new" / "ledger.db"
        with open_ledger(path, create_dir=True) as ledger:
            ledger.add_creator("mia")
            files = {p.name: p.stat().st_mode & 0o777 for p in path.parent.iterdir()}
    finally:
        os.umask(old)
    assert set(files) >= {"ledger.db", "ledger.db-wal", "ledger.db-shm"}, files
    assert all(mode == 0o600 for mode in files.values()), {k: oct(v) for k, v in files.items()}
    assert path.parent.stat().st_mode & 0o077 == 0


def test_a_postgresql_url_keeps_its_own_options_and_the_ledger_its_schema(pg_url: str) -> None:
    """The search_path in the URL's `options` must survive the options huntaze adds for its session."""
    from tests.fakes.postgres import query

    with open_ledger(pg_url) as ledger:
        ledger.add_creator("mia")
        schema = ledger._db.conn.execute("SELECT current_schema()").fetchone()[0]  # white-box
        commit_mode = ledger._db.conn.execute("SHOW synchronous_commit").fetchone()[0]
    assert schema.startswith("hz_test_") and f"search_path%3D{schema}" in pg_url
    assert commit_mode == "off"
    assert query(pg_url, "SELECT name FROM creators") == [("mia",)]
