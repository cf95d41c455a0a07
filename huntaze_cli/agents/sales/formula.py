"""The suggested price and expected conversion rate: a documented formula, never a model's guess.

    ltv   = max(lifetime value, total spent)                  (USD, what the fan has paid so far)
    raw   = base × CONTENT[type] × SPEND[band(ltv)] × ENGAGEMENT[e] × TIER[tier] × RECENCY_PRICE[days]
    raw   = clamp(raw, 0.5 × base, 2 × base)                  (never halve nor more than double the ask)
    price = round_half_up(raw) − 0.01, at least 0.99          (psychological x.99 price point)

    conversion = BASE_CONVERSION[e] × HISTORY[band(ltv)] × RECENCY_CONVERSION[days] × elasticity
    elasticity = clamp(1 − 0.5 × (price / reference − 1), 0.5, 1.3)
                 reference = average order value (ltv / purchases) when the fan has purchases, else base
    conversion = clamp(conversion, 0.01, 0.95), rounded to 3 decimals

Spend bands by ltv: none = 0, small < 50, regular < 200, big < 500, whale ≥ 500.
Recency (days since last purchase): hot ≤ 7, warm ≤ 30, cooling ≤ 90, cold > 90, unknown.
Unknown tiers and content types weigh 1.0. The tables are below; tests/agents/sales/test_formula.py works cases by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fan_pricing and the revenue commands use the tables without loading pydantic
    from huntaze_cli.agents.schemas import FanContext

CONTENT = {"photo": 1.0, "story": 0.9, "message": 0.9, "audio": 0.95, "video": 1.15, "live": 1.2,
           "bundle": 1.25, "custom": 1.4}
SPEND = {"none": 0.85, "small": 0.95, "regular": 1.0, "big": 1.1, "whale": 1.2}
ENGAGEMENT = {"low": 0.9, "medium": 1.0, "high": 1.1}
TIER = {"free": 0.9, "new": 0.9, "regular": 1.0, "fan": 1.0, "standard": 1.0, "vip": 1.1, "premium": 1.1,
        "whale": 1.2, "top": 1.2}
RECENCY_PRICE = {"hot": 1.05, "warm": 1.0, "cooling": 0.95, "cold": 0.9, "unknown": 1.0}
BASE_CONVERSION = {"low": 0.08, "medium": 0.15, "high": 0.25}
HISTORY = {"none": 0.7, "small": 0.9, "regular": 1.0, "big": 1.2, "whale": 1.4}
RECENCY_CONVERSION = {"hot": 1.2, "warm": 1.0, "cooling": 0.8, "cold": 0.6, "unknown": 1.0}
# Anchor prices for upsell offers in chat, where no price is given (USD, before the formula).
DEFAULT_BASE_PRICES = {"photo": 10.0, "video": 25.0, "bundle": 40.0, "custom": 60.0, "story": 5.0}


@dataclass(frozen=True)
class FanHistory:
    total_spent: float = 0.0
    lifetime_value: float | None = None
    purchases: int = 0
    days_since_last_purchase: int | None = None

    @property
    def ltv(self) -> float:
        return max(self.lifetime_value or 0.0, self.total_spent)

    @property
    def average_order(self) -> float | None:
        return self.ltv / self.purchases if self.purchases > 0 and self.ltv > 0 else None


def history_from(ctx: FanContext) -> FanHistory:
    """The fan's history, with the command's `--spent` overriding the stored total."""
    fan = ctx.fan
    return FanHistory(total_spent=ctx.effective_spent, lifetime_value=fan.lifetime_value_usd if fan else None,
                      purchases=fan.purchases if fan else 0,
                      days_since_last_purchase=fan.days_since_last_purchase if fan else None)


def spend_band(ltv: float) -> str:
    if ltv <= 0:
        return "none"
    if ltv < 50:
        return "small"
    if ltv < 200:
        return "regular"
    return "big" if ltv < 500 else "whale"


def recency_band(days: int | None) -> str:
    if days is None:
        return "unknown"
    if days <= 7:
        return "hot"
    if days <= 30:
        return "warm"
    return "cooling" if days <= 90 else "cold"


def price_point(amount: float) -> float:
    """Nearest whole dollar (half up) minus one cent: 11.40 → 10.99, 11.50 → 11.99; at least 0.99."""
    whole = int(Decimal(repr(round(amount, 6))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return round(max(whole, 1) - 0.01, 2)


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def suggested_price(base: float, history: FanHistory, engagement: str = "medium", tier: str | None = None,
                    content_type: str = "photo") -> float:
    raw = (base * CONTENT.get(content_type.lower(), 1.0) * SPEND[spend_band(history.ltv)]
           * ENGAGEMENT.get(engagement, 1.0) * TIER.get((tier or "").lower(), 1.0)
           * RECENCY_PRICE[recency_band(history.days_since_last_purchase)])
    return price_point(_clamp(raw, 0.5 * base, 2 * base))


def expected_conversion(price: float, base: float, history: FanHistory, engagement: str = "medium") -> float:
    reference = history.average_order or base
    elasticity = _clamp(1 - 0.5 * (price / reference - 1), 0.5, 1.3)
    rate = (BASE_CONVERSION.get(engagement, BASE_CONVERSION["medium"]) * HISTORY[spend_band(history.ltv)]
            * RECENCY_CONVERSION[recency_band(history.days_since_last_purchase)] * elasticity)
    return round(_clamp(rate, 0.01, 0.95), 3)
