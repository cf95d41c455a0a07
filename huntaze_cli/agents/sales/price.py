"""The price of an offer to one fan: from the fan's purchase history when it is deep enough (fan_pricing),
else from the generic formula (formula). The one place that chooses between the two; both sit below it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from huntaze_cli.agents.sales.fan_pricing import MIN_PURCHASES, quote_offer
from huntaze_cli.agents.sales.formula import expected_conversion, history_from, suggested_price

if TYPE_CHECKING:  # the tables and the figures load without pydantic
    from huntaze_cli.agents.schemas import FanContext


@dataclass(frozen=True)
class PriceQuote:
    price: float
    conversion: float
    basis: str | None = None  # how the price was set, when the fan has purchase history to say so


def quote(base: float, ctx: FanContext, content_type: str = "photo") -> PriceQuote:
    """Price and conversion for a fan context (what optimize-sale and upsells use). A fan with enough
    purchase history is priced from it (fan_pricing) instead of the generic bands (formula)."""
    history = history_from(ctx)
    pricing = ctx.fan.pricing if ctx.fan else None
    if pricing is not None and pricing.basis == "fan":
        q = quote_offer(base, content_type, factor=pricing.factor, step=pricing.step, purchases=pricing.purchases,
                        offers=pricing.offers, acceptance_known=pricing.acceptance is not None)
        conversion = q.conversion if q.conversion is not None else \
            expected_conversion(q.price, base, history, ctx.effective_engagement)
        who = f"fan {ctx.fan.id}" if ctx.fan.id else "this fan"
        accepts = "acceptance unknown" if pricing.acceptance is None else f"accepts {pricing.acceptance:.0%} of offers"
        return PriceQuote(q.price, conversion, f"Priced from {who}'s purchase history, not the generic formula: "
                          f"{pricing.purchases} purchases, pays {pricing.factor:.2f}× the creator's median sale, "
                          f"{accepts} (×{pricing.step:.2f}); this {content_type} at base ${base:,.2f} → "
                          f"${q.price:,.2f}.")
    price = suggested_price(base, history, ctx.effective_engagement, ctx.effective_tier, content_type)
    basis = None
    if pricing is not None:
        who = f"fan {ctx.fan.id}" if ctx.fan and ctx.fan.id else "this fan"
        basis = (f"Generic formula: {who}'s purchase history is too thin to price from ({pricing.purchases} paid "
                 f"purchase(s); {MIN_PURCHASES} needed).")
    return PriceQuote(price, expected_conversion(price, base, history, ctx.effective_engagement), basis)
