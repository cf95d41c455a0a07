"""The range of every number a user gives (an option, a file cell, a config value), written once.

Every range fits the narrowest column the value lands in on either ledger: PostgreSQL's INTEGER is 32-bit
where SQLite's is 64-bit, so a count is bounded by PG_INTEGER_MAX and an id by PG_BIGINT_MAX, and an amount
of money stays far inside the exact range of a double (PostgreSQL DOUBLE PRECISION, SQLite REAL), so sums
of cents are exact. Checked at the edge, a value is then accepted by both backends alike and whatever a
SQLite ledger holds, `ledger migrate` carries to PostgreSQL.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from huntaze_cli.errors import InvalidInput

PG_INTEGER_MAX = 2**31 - 1  # PostgreSQL INTEGER (counts: experiment sends, purchases, tokens)
PG_BIGINT_MAX = 2**63 - 1  # PostgreSQL BIGINT and SQLite INTEGER (row ids)


class Range(NamedTuple):
    """Inclusive bounds (`above` makes the low bound exclusive: a price is above $0) of a whole number,
    an amount or a plain number."""

    low: float
    high: float
    kind: str = "number"  # "whole", "usd", "percent" or "number": how the sentence names it
    above: bool = False
    unit: str = ""  # after the high bound, e.g. " seconds"

    def describe(self) -> str:
        low, high = self._show(self.low), self._show(self.high)
        noun = {"whole": "a whole number", "usd": "a dollar amount",
                "percent": "a percent of the monthly budget"}.get(self.kind, "a number")
        span = f"above {low} and at most {high}" if self.above else f"from {low} to {high}"
        return f"{noun} {span}{self.unit}"

    def _show(self, bound: float) -> str:
        if self.kind == "usd":
            return f"${bound:,.2f}" if bound != int(bound) else f"${int(bound):,}"
        return f"{int(bound):,}" if bound == int(bound) else f"{bound:g}"

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        return (self.low < value if self.above else self.low <= value) and value <= self.high

    def check(self, value: Any, name: str) -> Any:
        """The value (an int for a whole range), or InvalidInput with one sentence naming `name`."""
        if value is None:
            return None
        if isinstance(value, bool):
            raise InvalidInput(f"{name} must be {self.describe()}, not {value}.")
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise InvalidInput(f"{name} must be {self.describe()}, not {value!r}.") from None
        if not self.contains(number) or (self.kind == "whole" and number != int(number)):
            shown = value if isinstance(value, int) else f"{number:g}"
            raise InvalidInput(f"{name} must be {self.describe()}, not {shown}.")
        if self.kind == "whole":
            return int(value) if isinstance(value, int) else int(number)
        return number


MAX_USD = 1_000_000_000.0  # no fan, sale or budget is larger; the bound keeps sums of cents exact

# Experiments: one record of results (they add up; the report sums them as BIGINT).
SENT = Range(1, 1_000_000_000, "whole")
BOUGHT = Range(0, 1_000_000_000, "whole")
REVENUE_USD = Range(0, MAX_USD, "usd")
# A base price for a sale or a mass message; a suggested price may go up to twice it.
PRICE_USD = Range(0, 10_000, "usd", above=True)
SUGGESTED_PRICE_USD = Range(0, 2 * PRICE_USD.high, "usd", above=True)
SPENT_USD = Range(0, MAX_USD, "usd")  # what a fan has spent
# Creators' limits and plans.
REQUESTS_PER_HOUR = Range(1, 1_000_000_000, "whole")
MONTHLY_USD = Range(0, MAX_USD, "usd")
# Hooks.
THRESHOLD_PERCENT = Range(0, 100, "percent", above=True)
HOOK_TIMEOUT_S = Range(0, 300, above=True, unit=" seconds")
# Model calls.
TEMPERATURE = Range(0, 2)
MAX_OUTPUT_TOKENS = Range(1, 8192, "whole")
# Row counts and ids.
ROW_LIMIT = Range(1, 1_000_000, "whole")
ROW_ID = Range(1, PG_BIGINT_MAX, "whole")
# How many answers one command writes.
CAPTION_VARIANTS = Range(1, 10, "whole")
SUGGESTIONS = Range(1, 10, "whole")
IDEAS = Range(1, 20, "whole")
GENERATED_VARIANTS = Range(2, 4, "whole")
CONCURRENCY = Range(1, 256, "whole")
TCP_PORT = Range(1, 65535, "whole")  # `serve --port`

MAX_PROMPT_CHARS = 10_000  # test-prompt's prompt, on the command line and over HTTP (the seed's bound)
