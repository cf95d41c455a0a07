"""A batch's workers share a few ledger connections, taking turns per ledger call, each call whole with its
transaction: on PostgreSQL a few (two hosts at --concurrency 64 asked the server for 130 and got "too many
clients" on the default max_connections of 100), on SQLite one (its writers take turns anyway)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from huntaze_cli.core.batch import PG_CONNECTIONS_PER_BATCH, _shared_ledgers
from huntaze_cli.core.session import Session
from huntaze_cli.ledger import open_ledger
from tests.fakes.postgres import query


def test_workers_share_at_most_a_few_postgresql_connections_and_one_on_sqlite(pg_url: str, tmp_path: Path,
                                                                                monkeypatch) -> None:
    monkeypatch.setenv("HUNTAZE_DB", pg_url)
    session = Session()
    shared = _shared_ledgers(session, 64)
    try:
        assert len(shared) == PG_CONNECTIONS_PER_BATCH and len({id(ledger) for ledger in shared}) == len(shared)
        assert len(_shared_ledgers(session, 3)) == 3
    finally:
        for ledger in shared:
            ledger.close()
        session.close()
    monkeypatch.setenv("HUNTAZE_DB", str(tmp_path / "l.db"))
    sqlite_session = Session()
    shared = _shared_ledgers(sqlite_session, 64)
    try:
        assert len(shared) == 1 and shared[0] is not sqlite_session.ledger
    finally:
        shared[0].close()
        sqlite_session.close()


def _in_threads(n: int, body: Callable[[], None]) -> list[BaseException]:
    """Run `body` on `n` threads at once; what any of them raised (reported by the caller, with its counts)."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            body()
        except BaseException as exc:  # noqa: BLE001  (returned to the test, which asserts there is none)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_threads_sharing_one_postgresql_ledger_take_turns_per_call(pg_url: str) -> None:
    """breaker_failure is a read-then-write transaction: on one connection, two threads' statements
    interleaved would break it. Taking turns per call, every failure is counted once."""
    threads_n, calls = 8, 25
    with open_ledger(pg_url) as ledger:

        def hammer() -> None:
            for _ in range(calls):
                ledger.breaker_failure("openai", threshold=10**6)

        assert _in_threads(threads_n, hammer) == []
        assert ledger.breaker_get("openai").consecutive_failures == threads_n * calls


def test_threads_sharing_one_sqlite_ledger_take_turns_per_call(tmp_path: Path) -> None:
    """The same on SQLite's one shared connection: a reserve and a settle per call, never interleaved."""
    threads_n, calls = 8, 25
    with open_ledger(tmp_path / "l.db") as ledger:
        ledger.add_creator("mia", "business", requests_per_hour=10**6)

        def hammer() -> None:
            for i in range(calls):
                ledger.breaker_failure("openai", threshold=10**6)
                usage_id = ledger.reserve("mia", feature="caption", provider="openai", model="gpt-4o-mini",
                                          reserve_usd=0.002, correlation_id=f"r{i}")
                ledger.settle(usage_id, status="ok", input_tokens=10, output_tokens=5, cost_usd=0.001,
                              latency_ms=1)

        assert _in_threads(threads_n, hammer) == []
        assert ledger.breaker_get("openai").consecutive_failures == threads_n * calls
        status = ledger.quota_status("mia")
        # 200 settlements of $0.001 each, and nothing left held.
        assert (status.requests_month, status.spend_month_usd, status.in_flight_usd) == (200, 0.2, 0.0)


def test_a_postgresql_batch_wider_than_its_connections_ends_every_item_ok(cli, llm_server, pg_url: str,
                                                                         tmp_path: Path) -> None:
    cli.use_postgres(pg_url)
    cli.use_server(llm_server)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "description": f"post {i}", "platform": "instagram"})
                              + "\n" for i in range(40)))
    r = cli("caption", "--input", str(source), "--concurrency", str(PG_CONNECTIONS_PER_BATCH * 3),
            "--provider", "openai", "--no-cache")
    assert r.code == 0, r.stderr
    assert [e["success"] for e in r.lines()] == [True] * 40
    assert query(pg_url, "SELECT count(*), count(DISTINCT batch_key) FROM usage_logs WHERE status = 'ok'") == [
        (40, 40)]
