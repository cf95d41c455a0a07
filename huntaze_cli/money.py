"""Dollar amounts in sentences: enough decimals that a tiny cap or spend never reads as $0.00."""

from __future__ import annotations

import math


def decimals_for(*values: float) -> int:
    """Cents (2) unless a non-zero amount needs more to show two significant digits; at most 6."""
    smallest = min((abs(v) for v in values if v), default=0.0)
    if smallest == 0.0 or smallest >= 0.1:
        return 2
    return min(6, max(2, 1 - math.floor(math.log10(smallest))))


def usd(*values: float) -> list[str]:
    """The amounts with one shared number of decimals, so they compare at a glance:
    usd(0, 0.0005) → ["$0.00000", "$0.00050"]."""
    places = decimals_for(*values)
    return [f"${v:,.{places}f}" for v in values]
