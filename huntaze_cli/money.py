"""Dollar amounts as huntaze writes them for people, in every layer (one home for the rule).

Whole dollars and more with cents ($1,234.50); below a dollar as many digits as the amount has, up to six
($0.50, $0.000412), so that a cost of a millionth of a dollar or more never reads as $0.00; zero as $0; no
price at all (a model with no known price) as "unpriced".
"""

from __future__ import annotations


def usd(value: float | None) -> str:
    if value is None:
        return "unpriced"
    if value == 0:
        return "$0"
    if abs(value) >= 1:
        return f"${value:,.2f}"
    text = f"{value:.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return f"${value:.{max(2, decimals)}f}"
