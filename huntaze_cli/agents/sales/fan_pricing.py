"""Per-fan figures and the suggested next PPV price, computed from the imported purchase history.

A history row is one offer: the fan, when, the item, the price, and whether it was bought or declined.

    purchases      = offers bought                     declined = offers declined
    lifetime spend = Σ price of offers bought          median / max paid = over offers bought
    acceptance     = purchases / (purchases + declined), known only when the creator's history records
                     declines at all (an export of sales alone says nothing about refusals)
    creator price  = median price of every offer bought from the creator (all fans)

    Next PPV price (at least MIN_PURCHASES = 3 purchases and a median paid above 0, "fan" basis):
        step  = clamp(1 + 0.4 × (acceptance − 0.5), 0.8, 1.2)   (1 when acceptance is unknown)
        price = price_point(median paid × step)
    Thin history (fewer than 3 purchases): price_point(creator price) ("creator" basis), or, with no sale
    recorded for the creator at all, price_point(DEFAULT_BASE_PRICES["photo"]) ("default" basis).

    A fan who accepts every offer is under-priced (step 1.2: ask 20 % more); one who accepts half is
    priced right (step 1); one who refuses everything gets 20 % less.

    For an offer with a base price (optimize-sale's --price, chat's anchor price per content type):
        factor     = median paid / creator price          (how this fan pays against the creator's typical sale)
        reference  = base × CONTENT[type] × factor        (what this fan would typically pay for it)
        price      = price_point(clamp(reference × step, 0.5 × base, 2 × base))
        conversion = clamp(p × elasticity, 0.01, 0.95), rounded to 3 decimals
                     p = (purchases + 1) / (offers + 2)   (Laplace-smoothed acceptance)
                     elasticity = clamp(1 − 0.5 × (price / reference − 1), 0.5, 1.3)
    When acceptance is unknown the conversion is sales_math's generic one.
tests/agents/sales/test_fan_pricing.py works every case by hand.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from huntaze_cli.agents.sales.formula import CONTENT, DEFAULT_BASE_PRICES, price_point

MIN_PURCHASES = 3
STEP_SLOPE = 0.4
STEP_RANGE = (0.8, 1.2)


@dataclass(frozen=True)
class Offer:
    """One row of purchase history."""

    fan_id: str
    at: datetime
    item: str
    price: float
    bought: bool


@dataclass(frozen=True)
class FanStats:
    fan_id: str
    purchases: int = 0
    declined: int = 0
    lifetime_spend: float = 0.0
    median_paid: float | None = None
    max_paid: float | None = None
    acceptance: float | None = None
    first_purchase_at: datetime | None = None
    last_purchase_at: datetime | None = None

    @property
    def offers(self) -> int:
        return self.purchases + self.declined


def records_declines(history: Iterable[Offer]) -> bool:
    """Whether the history says anything about refusals (else acceptance is unknown)."""
    return any(not offer.bought for offer in history)


def fan_stats(fan_id: str, offers: Iterable[Offer], *, declines_recorded: bool) -> FanStats:
    """The figures of one fan from their own offers."""
    mine = [o for o in offers if o.fan_id == fan_id]
    paid = [o.price for o in mine if o.bought]
    dates = sorted(o.at for o in mine if o.bought)
    declined = sum(1 for o in mine if not o.bought)
    offers_n = len(paid) + declined
    acceptance = len(paid) / offers_n if declines_recorded and offers_n else None
    return FanStats(fan_id=fan_id, purchases=len(paid), declined=declined, lifetime_spend=round(sum(paid), 2),
                    median_paid=statistics.median(paid) if paid else None, max_paid=max(paid) if paid else None,
                    acceptance=acceptance, first_purchase_at=dates[0] if dates else None,
                    last_purchase_at=dates[-1] if dates else None)


def creator_price(offers: Iterable[Offer]) -> float | None:
    """Median price of every offer bought from the creator; None with no sale recorded."""
    paid = [o.price for o in offers if o.bought]
    return statistics.median(paid) if paid else None


def acceptance_step(acceptance: float | None) -> float:
    if acceptance is None:
        return 1.0
    return min(STEP_RANGE[1], max(STEP_RANGE[0], 1 + STEP_SLOPE * (acceptance - 0.5)))


@dataclass(frozen=True)
class NextPrice:
    price: float
    basis: str  # "fan", "creator" or "default"
    rationale: str
    factor: float = 1.0  # median paid / creator price (fan basis only)
    step: float = 1.0


def next_ppv_price(stats: FanStats, creator_median: float | None) -> NextPrice:
    """The suggested next PPV price for this fan, with the sentence that explains it."""
    if stats.purchases >= MIN_PURCHASES and stats.median_paid and creator_median:  # free unlocks price nothing
        step = acceptance_step(stats.acceptance)
        price = price_point(stats.median_paid * step)
        factor = stats.median_paid / creator_median
        if stats.acceptance is None:
            why = "acceptance unknown (no declined offers recorded), so no step"
        else:
            why = f"accepts {stats.acceptance:.0%} of offers, so ×{step:.2f}"
        return NextPrice(price, "fan", f"Median paid ${stats.median_paid:,.2f} over {stats.purchases} purchases, "
                         f"{why}: ${stats.median_paid * step:,.2f} → ${price:,.2f}.", round(factor, 4), step)
    thin = f"{stats.purchases} purchase{'s' if stats.purchases != 1 else ''} on record " + (
        f"(fewer than {MIN_PURCHASES})" if stats.purchases < MIN_PURCHASES else "at a median price of $0")
    if creator_median is not None:
        price = price_point(creator_median)
        return NextPrice(price, "creator", f"{thin.capitalize()}: the creator's median sale "
                         f"${creator_median:,.2f} → ${price:,.2f}.")
    base = DEFAULT_BASE_PRICES["photo"]
    price = price_point(base)
    return NextPrice(price, "default", f"{thin.capitalize()} and no sale recorded for the creator: the default "
                     f"photo price ${base:,.2f} → ${price:,.2f}.")


@dataclass(frozen=True)
class FanOfferQuote:
    price: float
    conversion: float | None  # None: acceptance unknown, the caller uses the generic conversion
    reference: float


def quote_offer(base: float, content_type: str, *, factor: float, step: float, purchases: int,
                offers: int, acceptance_known: bool) -> FanOfferQuote:
    """Price and conversion of one offer (base price, content type) for a fan priced from their history."""
    reference = base * CONTENT.get(content_type.lower(), 1.0) * factor
    price = price_point(min(2 * base, max(0.5 * base, reference * step)))
    if not acceptance_known:
        return FanOfferQuote(price, None, reference)
    smoothed = (purchases + 1) / (offers + 2)
    elasticity = min(1.3, max(0.5, 1 - 0.5 * (price / reference - 1)))
    return FanOfferQuote(price, round(min(0.95, max(0.01, smoothed * elasticity)), 3), reference)
