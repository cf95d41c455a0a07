"""UTC time as huntaze writes it for people and scripts: ISO-8601 ending in `Z` (one home for the format).
The ledger's fixed-width storage format builds on `utc()` in ledger/clock.py."""

from __future__ import annotations

from datetime import datetime, timezone


def utc(now: datetime | None = None) -> datetime:
    """`now` as an aware UTC datetime; a naive value is taken to be UTC already."""
    if now is None:
        return datetime.now(timezone.utc)
    if now.tzinfo is None:
        return now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc)


def iso_z(moment: datetime | None = None, timespec: str = "auto") -> str:
    """'2026-11-25T14:30:00.123Z' (timespec as datetime.isoformat's: "seconds", "milliseconds", ...)."""
    return utc(moment).isoformat(timespec=timespec).replace("+00:00", "Z")
