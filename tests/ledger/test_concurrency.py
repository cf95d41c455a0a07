"""Real processes racing on one ledger (a SQLite file, or a PostgreSQL schema) from two HUNTAZE_HOMEs
standing for two machines: the check-and-reserve must be atomic across them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from huntaze_cli.config.dburl import is_postgres_url
from huntaze_cli.ledger import open_ledger
from tests.conftest import _clean_env

WORKER = Path(__file__).with_name("ledger_worker.py")
PROCESSES = 8
CALLS = 40


def run_workers(mode: str, location: Path | str, creator: str, tmp_path: Path, *,
                processes: int = PROCESSES, calls: int = CALLS) -> tuple[list[dict], float]:
    """Half the workers run as host A, half as host B. On PostgreSQL host A finds the ledger through
    `ledger_url` in its config file and host B through HUNTAZE_DB, as an agency would set them up."""
    hosts = []
    for name in ("host-a", "host-b"):
        home = tmp_path / name
        home.mkdir(exist_ok=True)
        env = {**_clean_env(), "HUNTAZE_HOME": str(home)}
        if name == "host-a" and is_postgres_url(location):
            (home / "config.toml").write_text(f'ledger_url = "{location}"\n')
        else:
            env["HUNTAZE_DB"] = str(location)
        hosts.append(env)
    start_at = time.time() + 2.0  # every worker is up and has opened the ledger before the race starts
    procs = [subprocess.Popen([sys.executable, str(WORKER), mode, creator, str(calls), str(start_at)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=hosts[n % 2])
             for n in range(processes)]
    tallies = []
    for proc in procs:
        out, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err
        tallies.append(json.loads(out))
    return tallies, time.time() - start_at


@pytest.fixture
def db_path(ledger_location: Path | str) -> Path | str:
    return ledger_location


def test_rate_limit_admits_exactly_the_limit_across_processes(db_path: Path | str,
        tmp_path: Path) -> None:
    with open_ledger(db_path) as ledger:
        ledger.add_creator("mia", "business", requests_per_hour=100)
    tallies, elapsed = run_workers("rate", db_path, "mia", tmp_path)

    assert [error for tally in tallies for error in tally["errors"]] == []
    assert sum(tally["ok"] for tally in tallies) == 100
    assert sum(tally["rate_limited"] for tally in tallies) == PROCESSES * CALLS - 100
    with open_ledger(db_path) as ledger:
        assert len(ledger.list_usage(creator="mia", limit=1000)) == 100
        status = ledger.quota_status("mia")
        assert status.requests_last_hour == 100
        assert status.requests_month == 100
    print(f"rate race: {PROCESSES}x{CALLS} reserves in {elapsed:.2f} s")


def test_monthly_cap_is_never_exceeded_under_concurrent_reserve_and_settle(db_path: Path | str,
        tmp_path: Path) -> None:
    cap = 3.0
    with open_ledger(db_path) as ledger:
        ledger.add_creator("zoe", "starter", requests_per_hour=10_000, monthly_usd=cap)
    tallies, elapsed = run_workers("money", db_path, "zoe", tmp_path)

    assert [error for tally in tallies for error in tally["errors"]] == []
    admitted = sum(tally["ok"] for tally in tallies)
    assert sum(tally["quota_exceeded"] for tally in tallies) == PROCESSES * CALLS - admitted > 0
    with open_ledger(db_path) as ledger:
        status = ledger.quota_status("zoe")
        rows = ledger.list_usage(creator="zoe", limit=1000)
    assert len(rows) == admitted == status.requests_month
    # Exact: settled spend plus what in-flight (here abandoned) calls hold never passes the cap.
    assert round(status.spend_month_usd + status.in_flight_usd, 9) <= cap
    # Settled spend is exactly the sum of the settled rows ($0.03 each); abandoned ones hold $0.05 in
    # reserved_usd, cost nothing yet, and their holds are exactly the month's in-flight total.
    assert status.spend_month_usd == pytest.approx(sum(row["cost_usd"] for row in rows), abs=1e-9)
    pending = [row for row in rows if row["status"] == "pending"]
    assert pending and all(row["cost_usd"] == 0 and row["reserved_usd"] == 0.05 for row in pending)
    assert status.in_flight_usd == pytest.approx(0.05 * len(pending), abs=1e-9)
    # Refusals only happen when a reservation no longer fits: after the last one, at most one $0.05 slot
    # plus the settle refunds still in flight (one per process, $0.02 each) can be left unused.
    assert cap - status.spend_month_usd - status.in_flight_usd < 0.05 + PROCESSES * 0.02 + 1e-9
    print(f"money race: {PROCESSES}x{CALLS} reserve+settle in {elapsed:.2f} s, {admitted} admitted")


def test_concurrent_first_open_and_ensure_creator_never_fail(db_path: Path | str,
        tmp_path: Path) -> None:
    """Fresh file: 8 processes migrate it and create the same creator at once."""
    tallies, _ = run_workers("ensure", db_path, "default", tmp_path)
    assert [error for tally in tallies for error in tally["errors"]] == []
    assert sum(tally["ok"] for tally in tallies) == PROCESSES * CALLS
    with open_ledger(db_path) as ledger:
        assert [creator.name for creator in ledger.list_creators()] == ["default"]


def test_a_threshold_is_claimed_by_exactly_one_process(db_path: Path | str,
        tmp_path: Path) -> None:
    with open_ledger(db_path) as ledger:
        ledger.add_creator("mia")
    tallies, _ = run_workers("claim", db_path, "mia", tmp_path)
    assert [error for tally in tallies for error in tally["errors"]] == []
    assert sum(tally["ok"] for tally in tallies) == 2  # thresholds 80 and 81, once each


def test_a_half_open_breaker_admits_exactly_one_probe_across_processes(db_path: Path | str,
        tmp_path: Path) -> None:
    from datetime import datetime, timezone

    opened = datetime(2026, 11, 25, 8, tzinfo=timezone.utc)  # the workers ask at 09:00: cool-down long over
    with open_ledger(db_path) as ledger:
        for _ in range(5):
            ledger.breaker_failure("local http://127.0.0.1:8080/v1", threshold=5, now=opened)
    tallies, _ = run_workers("probe", db_path, "local http://127.0.0.1:8080/v1", tmp_path)
    assert [error for tally in tallies for error in tally["errors"]] == []
    assert sum(tally["ok"] for tally in tallies) == 1  # 320 asks, one probe
    with open_ledger(db_path) as ledger:
        assert ledger.breaker_get("local http://127.0.0.1:8080/v1").state == "half_open"
        assert ledger.breaker_get("local http://127.0.0.1:9090/v1").state == "closed"  # another server


def test_one_host_opening_the_breaker_is_seen_by_the_other(db_path: Path | str,
        tmp_path: Path) -> None:
    tripped, _ = run_workers("trip", db_path, "openai", tmp_path, processes=1, calls=1)
    assert tripped[0]["ok"] == 1  # host A's failure opened it
    peeks, _ = run_workers("peek", db_path, "openai", tmp_path, processes=2, calls=3)
    assert [tally["ok"] for tally in peeks] == [0, 0]  # neither host may call the provider during cooldown
    with open_ledger(db_path) as ledger:
        assert ledger.breaker_get("openai").state == "open"


def test_a_provider_rpm_admits_exactly_the_limit_across_hosts(db_path: Path | str, tmp_path: Path) -> None:
    tallies, _ = run_workers("acquire", db_path, "openai https://api.openai.com/v1", tmp_path)
    assert [error for tally in tallies for error in tally["errors"]] == []
    assert sum(tally["ok"] for tally in tallies) == 10  # 320 asks within one minute, rpm 10
