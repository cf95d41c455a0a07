"""Dates from the command line: 2026-11-01, 2026-11-01T08:00, 7d, 24h, 2026-11 (months)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from huntaze_cli.errors import InvalidInput

_RELATIVE = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# Longer than any ledger's history, and short enough that `now - duration` stays a valid date.
MAX_AGE = timedelta(days=36_500)


def _duration(amount: str, unit: str, option: str, value: str) -> timedelta:
    try:
        span = timedelta(**{_UNITS[unit]: int(amount)})
    except OverflowError:
        span = None
    if span is None or span > MAX_AGE:
        raise InvalidInput(f"{option} '{value}' reaches back more than 100 years; use a shorter duration or a date.")
    return span


def parse_moment(value: str, option: str, *, end_of_day: bool = False) -> datetime:
    """An aware UTC datetime. A bare date with end_of_day means the whole day is included."""
    text = value.strip()
    rel = _RELATIVE.match(text)
    if rel:
        return datetime.now(timezone.utc) - _duration(rel.group(1), rel.group(2), option, value)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{option} '{value}' is not a date; use YYYY-MM-DD, an ISO time such as "
                           "2026-11-01T08:00, or a duration such as 7d or 24h.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        if end_of_day and len(text) == 10:
            moment += timedelta(days=1)
        return moment.astimezone(timezone.utc)
    except OverflowError:
        # 9999-12-31 plus its day, or an offset that pushes the instant past year 9999.
        raise InvalidInput(f"{option} '{value}' is outside the dates huntaze can count; use a date between "
                           "year 1 and 9999.") from None


def parse_month(value: str, option: str = "--month") -> tuple[datetime, datetime]:
    """[first instant of the month, first instant of the next month) in UTC."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1 <= int(match.group(1)) <= 9998:
        raise InvalidInput(f"{option} '{value}' is not a month; use YYYY-MM, e.g. 2026-11.")
    year, month = int(match.group(1)), int(match.group(2))
    start = datetime(year, month, 1, tzinfo=timezone.utc)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
    return start, end


def parse_age(value: str, option: str) -> timedelta:
    rel = _RELATIVE.match(value.strip())
    if not rel:
        raise InvalidInput(f"{option} '{value}' is not a duration; use e.g. 90d, 12h or 4w.")
    return _duration(rel.group(1), rel.group(2), option, value)
