"""Subprocess helper for the ledger concurrency tests: hammers one ledger, prints a JSON tally.

Usage: python ledger_worker.py MODE CREATOR CALLS START_AT
The ledger is found the way the CLI finds it (HUNTAZE_DB, else `ledger_url` in HUNTAZE_HOME's config), so
workers started with different HUNTAZE_HOMEs stand for different machines sharing one ledger.
MODE is `rate` (reserve only), `money` (reserve $0.05, settle at $0.03, every 7th admitted one left
pending as if the process crashed), `ensure` (ensure_creator), `claim` (claim_threshold for creator 1) or
`probe` (breaker_allow on an open breaker whose cool-down has passed: counts the probes admitted),
`trip` (one failure against a threshold of 1: opens breaker CREATOR) or `peek` (counts breaker_allow on
breaker CREATOR with an hour's cool-down) or `acquire` (provider_acquire on limit key CREATOR, rpm 10).
START_AT is a time.time() value all workers wait for, so they collide.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone
from typing import Any

from huntaze_cli.core.session import Session
from huntaze_cli.errors import HuntazeError, QuotaExceeded, RateLimited


def main() -> None:
    mode, creator, calls, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    tally: dict[str, Any] = {"ok": 0, "rate_limited": 0, "quota_exceeded": 0, "errors": []}
    # Opening races too: on a fresh file every worker may be the first to migrate it.
    with Session().ledger as ledger:
        time.sleep(max(0.0, start_at - time.time()))
        for call in range(calls):
            try:
                if mode == "ensure":
                    tally["ok"] += ledger.ensure_creator(creator).name == creator
                    continue
                if mode == "probe":
                    tally["ok"] += ledger.breaker_allow(creator, cooldown_s=60,
                                                        now=datetime(2026, 11, 25, 9, tzinfo=timezone.utc))
                    continue
                if mode == "acquire":  # one instant for all: exactly rpm of them may go
                    tally["ok"] += ledger.provider_acquire(
                        creator, rpm=10, tpm=None, tokens=100, now=datetime(2026, 11, 25, 9, tzinfo=timezone.utc)) == 0
                    continue
                if mode == "trip":
                    tally["ok"] += ledger.breaker_failure(creator, threshold=1)
                    continue
                if mode == "peek":
                    tally["ok"] += ledger.breaker_allow(creator, cooldown_s=3600)
                    continue
                if mode == "claim":
                    tally["ok"] += ledger.claim_threshold(1, "2026-11", "quota.threshold", 80 + call % 2)
                    continue
                usage_id = ledger.reserve(creator, feature="chat", provider="openai", model="gpt-4o-mini",
                                          reserve_usd=0.05, correlation_id=f"w-{call}")
                tally["ok"] += 1
                if mode == "money" and tally["ok"] % 7 != 0:
                    ledger.settle(usage_id, status="ok", input_tokens=10, output_tokens=20, cost_usd=0.03,
                                  latency_ms=1)
            except RateLimited:
                tally["rate_limited"] += 1
            except QuotaExceeded:
                tally["quota_exceeded"] += 1
            except HuntazeError as exc:  # e.g. a LedgerError for "database is locked": the test fails on it
                tally["errors"].append(f"{exc.code}: {exc.message}")
    print(json.dumps(tally))


if __name__ == "__main__":
    main()
