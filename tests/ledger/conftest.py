"""Fixtures shared by the ledger's contract tests: each test runs on a SQLite file and on a fresh
PostgreSQL schema (`ledger_location`, from tests/fakes/postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from huntaze_cli.ledger import Ledger, open_ledger


@pytest.fixture
def path(ledger_location: Path | str) -> Path | str:
    """A SQLite file or a PostgreSQL schema: every test that uses it runs on both backends."""
    return ledger_location


@pytest.fixture
def ledger(ledger_location: Path | str) -> Iterator[Ledger]:
    """On a SQLite file and on a PostgreSQL schema: every test that uses it runs on both backends."""
    with open_ledger(ledger_location) as opened:
        yield opened
