"""Dollar amounts in sentences: enough decimals that a tiny cap or spend never reads as $0.00."""

from __future__ import annotations

import math


def decimals_for(*values: float) -> int:
    """The fewest decimals (2 to 6) that show every amount exactly; else two significant digits of the
    smallest non-zero one (at most 6): $0.02 stays "$0.02", a $0.0005 cap is "$0.0005", not "$0.00"."""
    for places in range(2, 7):
        if all(abs(v - round(v, places)) < 1e-9 for v in values):
            return places
    smallest = min((abs(v) for v in values if v), default=0.0)
    if smallest >= 0.1:
        return 2
    return min(6, max(2, 1 - math.floor(math.log10(smallest))))


def usd(*values: float) -> list[str]:
    """The amounts with one shared number of decimals, so they compare at a glance:
    usd(0, 0.0005) → ["$0.0000", "$0.0005"]."""
    places = decimals_for(*values)
    return [f"${v:,.{places}f}" for v in values]
