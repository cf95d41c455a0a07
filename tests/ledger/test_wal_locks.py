"""SQLite's POSIX locks belong to the process: closing any other descriptor of the ledger file drops them.
A second connection in the same process (a batch's worker threads each open one) must never do that, or
another process closing its connection believes it is the last one, checkpoints and deletes the WAL, and
the batch's reservations land in a deleted file no other process sees: caps and hourly limits would not
hold across processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from huntaze_cli.ledger import open_ledger

COUNT = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
         " print(c.execute('SELECT count(*) FROM usage_logs').fetchone()[0]); c.close()")


def _other_process_count(path: Path) -> int:
    out = subprocess.run([sys.executable, "-c", COUNT, str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout)


def test_a_second_connection_in_a_process_keeps_the_first_ones_writes_visible(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with open_ledger(path) as first:
        first.add_creator("mia")
        with open_ledger(path) as second:  # what each batch worker thread does
            assert _other_process_count(path) == 0  # another process opens and closes the ledger
            second.reserve("mia", feature="chat", provider="openai", model="m", reserve_usd=0.01,
                           correlation_id="c")
            first.reserve("mia", feature="chat", provider="openai", model="m", reserve_usd=0.01,
                          correlation_id="c")
            assert (tmp_path / "ledger.db-wal").exists()
            assert _other_process_count(path) == 2  # both reservations are visible to everyone
