"""Provider rate limits (`rpm`, `tpm` in `[providers.NAME]`), shared by every process and host through the
ledger: a sliding one-minute window of the requests sent to one provider and server.

`acquire` admits a request and records it in one transaction serialised on the limit's key, or says how
long to wait for the window to make room. It never refuses outright: a provider's per-minute limit is a
pace to keep, not a quota.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger.clock import from_iso, to_iso, utc
from huntaze_cli.ledger.db import LedgerDB, rows, transaction

# The provider's minute, plus a margin: it counts a request when it arrives, a little after we counted it
# (more on a loaded host), so a slot freed here at exactly 60 s would still be taken there.
WINDOW = timedelta(minutes=1, seconds=2)
_MIN_WAIT_S = 0.01


def acquire(db: LedgerDB, key: str, *, rpm: int | None, tpm: int | None, tokens: int,
            now: datetime | None = None) -> float:
    """0.0 when the request may go now (and is recorded), else the seconds until the window has room.

    A request alone larger than `tpm` goes when the window is empty, so it is slowed, never starved."""
    if tokens < 0:
        raise InvalidInput(f"A request cannot use {tokens} tokens.")
    moment = utc(now)
    start = to_iso(moment - WINDOW)
    with transaction(db, lock=f"provider:{key}"):
        recent = rows(db, "SELECT created_at, tokens FROM provider_calls WHERE limit_key = ? AND created_at > ?"
                          " ORDER BY created_at, id", (key, start))
        used = len(recent)
        in_window = sum(row["tokens"] for row in recent)
        fits_rpm = rpm is None or used < rpm
        fits_tpm = tpm is None or used == 0 or in_window + tokens <= tpm
        if fits_rpm and fits_tpm:
            db.conn.execute("DELETE FROM provider_calls WHERE limit_key = ? AND created_at <= ?", (key, start))
            db.conn.execute("INSERT INTO provider_calls (limit_key, tokens, created_at) VALUES (?, ?, ?)",
                            (key, tokens, to_iso(moment)))
            return 0.0
    frees = moment
    if not fits_rpm:
        assert rpm is not None
        frees = max(frees, from_iso(recent[used - rpm]["created_at"]) + WINDOW)
    if not fits_tpm:
        assert tpm is not None
        left = in_window
        for row in recent:  # the oldest leave first; wait until enough tokens have left
            left -= row["tokens"]
            if left + tokens <= tpm or left == 0:
                frees = max(frees, from_iso(row["created_at"]) + WINDOW)
                break
    return max(_MIN_WAIT_S, (frees - moment).total_seconds())
