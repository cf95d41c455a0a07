"""Mass-message drafts, one per fan segment: a computed price and expected conversion per segment, and the
text from the rules engine (agents/messaging/mass_rules.py). huntaze never sends them: they are drafts for a
human chatter.

    base       = --price, else the creator's median sale, else DEFAULT_BASE_PRICES["photo"]
    factor     = segment's median price paid / creator's median sale, when the segment has at least
                 MIN_PURCHASES (3) purchases and both medians are above 0; else PRIOR_FACTOR[segment]
    step       = fan_pricing.acceptance_step(segment acceptance)     (1 when declines are not recorded or
                                                                      the segment has under 3 purchases)
    reference  = base × factor                                        (what the segment typically pays)
    price      = price_point(clamp(reference × step, 0.5 × base, 2 × base))
    p          = (purchases + W × PRIOR_CONVERSION[segment]) / (offers + W), W = PRIOR_WEIGHT = 10 offers
                 (the segment's own acceptance, shrunk toward the prior when it has few offers; the prior
                 alone when declines are not recorded)
    elasticity = clamp(1 − 0.5 × (price / reference − 1), 0.5, 1.3)
    conversion = clamp(p × elasticity, 0.01, 0.95), rounded to 3 decimals
    expected buyers  = fans × conversion        expected revenue = expected buyers × price
tests/agents/messaging/test_mass_message.py works the cases by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from huntaze_cli.agents.messaging.mass_rules import TACTIC
from huntaze_cli.agents.revenue.segments import SegmentSummary
from huntaze_cli.agents.sales.fan_pricing import MIN_PURCHASES, acceptance_step
from huntaze_cli.agents.sales.formula import DEFAULT_BASE_PRICES, price_point

PRIOR_FACTOR = {"whales": 1.3, "regulars": 1.0, "new": 0.9, "lapsed": 0.8, "never-bought": 0.7}
PRIOR_CONVERSION = {"whales": 0.30, "regulars": 0.15, "new": 0.12, "lapsed": 0.05, "never-bought": 0.03}
PRIOR_WEIGHT = 10


@dataclass(frozen=True)
class SegmentOffer:
    price: float
    conversion: float
    rationale: str


def base_price(explicit: float | None, creator_median: float | None) -> tuple[float, str]:
    if explicit is not None:
        return explicit, f"your price ${explicit:,.2f}"
    if creator_median is not None:
        return creator_median, f"the creator's median sale ${creator_median:,.2f}"
    return DEFAULT_BASE_PRICES["photo"], f"the default photo price ${DEFAULT_BASE_PRICES['photo']:,.2f}"


def segment_offer(seg: SegmentSummary, base: float, creator_median: float | None,
                  declines_recorded: bool) -> SegmentOffer:
    measured = seg.purchases >= MIN_PURCHASES and bool(seg.median_price) and bool(creator_median)
    if measured:
        factor = seg.median_price / creator_median  # type: ignore[operator]
        why = f"pay {factor:.2f}× the creator's median sale (their median ${seg.median_price:,.2f})"
    else:
        factor = PRIOR_FACTOR[seg.name]
        why = f"{seg.purchases} purchase(s), too few to measure: prior ×{factor:.2f}"
    step = acceptance_step(seg.acceptance if declines_recorded and measured else None)
    reference = base * factor
    price = price_point(min(2 * base, max(0.5 * base, reference * step)))
    offers = seg.purchases + seg.declined if declines_recorded else 0
    bought = seg.purchases if declines_recorded else 0
    p = (bought + PRIOR_WEIGHT * PRIOR_CONVERSION[seg.name]) / (offers + PRIOR_WEIGHT)
    elasticity = min(1.3, max(0.5, 1 - 0.5 * (price / reference - 1)))
    conversion = round(min(0.95, max(0.01, p * elasticity)), 3)
    accept = (f"accepts {seg.acceptance:.0%} of {offers} offers" if declines_recorded and seg.acceptance is not None
              else "acceptance unknown")
    return SegmentOffer(price, conversion, f"{seg.name.capitalize()}: {why}, {accept} (×{step:.2f}): "
                        f"${reference * step:,.2f} → ${price:,.2f}; expected conversion {conversion:.1%}.")


@dataclass(frozen=True)
class Draft:
    segment: str
    fans: int
    text: str
    tactic: str
    price: float
    conversion: float
    expected_buyers: float
    expected_revenue: float
    rationale: str
    fan_ids: list[str]


def drafts(summaries: list[SegmentSummary], *, price: float | None, creator_median: float | None,
           declines_recorded: bool) -> list[Draft]:
    """The computed figures of each segment's draft; its text is written by MassMessageAgent (a model, or the
    rules engine)."""
    base, _ = base_price(price, creator_median)
    out = []
    for seg in summaries:
        offer = segment_offer(seg, base, creator_median, declines_recorded)
        buyers = round(seg.fans * offer.conversion, 2)
        out.append(Draft(seg.name, seg.fans, "", TACTIC[seg.name],
                         offer.price, offer.conversion, buyers, round(buyers * offer.price, 2), offer.rationale,
                         list(seg.fan_ids)))
    return out
