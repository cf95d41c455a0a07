"""The agency's revenue figures from the ledger: reads fans and purchase history through the Ledger facade
and hands them to the pure math (fan_pricing, segments). Commands render what this returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from huntaze_cli.agents.revenue import segments
from huntaze_cli.agents.sales import fan_pricing
from huntaze_cli.agents.sales.fan_pricing import FanStats, NextPrice, Offer
from huntaze_cli.ledger.clock import utc

if TYPE_CHECKING:
    from huntaze_cli.ledger import Ledger


@dataclass(frozen=True)
class CreatorHistory:
    fans: list[segments.ExportedFan]
    offers: list[Offer]

    @property
    def declines_recorded(self) -> bool:
        return fan_pricing.records_declines(self.offers)

    @property
    def creator_price(self) -> float | None:
        return fan_pricing.creator_price(self.offers)


def _moment(text: object) -> datetime | None:
    if not text:
        return None
    try:
        return utc(datetime.fromisoformat(str(text).replace("Z", "+00:00")))
    except ValueError:
        return None


def load(ledger: Ledger, creator_id: int) -> CreatorHistory:
    fans = [segments.ExportedFan(f["fan_id"], float(f.get("total_spent_usd") or 0.0),
                                 _moment(f.get("last_purchase_at")))
            for f in ledger.list_fans(creator_id, limit=10_000_000)]
    return CreatorHistory(fans, _offers(ledger, creator_id))


def _offers(ledger: Ledger, creator_id: int) -> list[Offer]:
    return [Offer(r["fan_id"], r["purchased_at"], r["item"], r["price_usd"], r["bought"])
            for r in ledger.list_purchases(creator_id)]


def segment_summaries(ledger: Ledger, creator_id: int, now: datetime | None = None) -> list[segments.SegmentSummary]:
    history = load(ledger, creator_id)
    return segments.summarize(history.fans, history.offers, utc(now))


@dataclass(frozen=True)
class FanCard:
    segment: str
    stats: FanStats
    next_price: NextPrice


def fan_card(ledger: Ledger, creator_id: int, fan_id: str, now: datetime | None = None) -> FanCard:
    """A fan's segment, figures and suggested next PPV price."""
    history = load(ledger, creator_id)
    segment = segments.assign(history.fans, history.offers, utc(now)).get(fan_id, "never-bought")
    stats = fan_pricing.fan_stats(fan_id, history.offers, declines_recorded=history.declines_recorded)
    return FanCard(segment, stats, fan_pricing.next_ppv_price(stats, history.creator_price))


def pricing_profile(ledger: Ledger, creator_id: int, fan_id: str) -> dict[str, Any] | None:
    """The FanProfile.pricing fields for chat/suggest/optimize-sale, or None when the creator has no purchase
    history at all (then the generic sales formula applies, as before)."""
    history = CreatorHistory([], _offers(ledger, creator_id))
    if not history.offers:
        return None
    stats = fan_pricing.fan_stats(fan_id, history.offers, declines_recorded=history.declines_recorded)
    nxt = fan_pricing.next_ppv_price(stats, history.creator_price)
    return {"basis": nxt.basis, "next_price_usd": nxt.price, "factor": nxt.factor, "step": nxt.step,
            "purchases": stats.purchases, "offers": stats.offers, "acceptance": stats.acceptance,
            "median_paid_usd": stats.median_paid, "lifetime_spend_usd": stats.lifetime_spend,
            "last_purchase_at": stats.last_purchase_at, "rationale": nxt.rationale}


def mass_message_drafts(ledger: Ledger, creator_id: int, *, wanted: list[str] | None, price: float | None,
                        now: datetime | None = None) -> list[Any]:
    """One draft per segment asked for (default: every segment that has fans), figures computed from the
    creator's purchase history (agents/messaging/mass_drafts.py)."""
    from huntaze_cli.agents.messaging.mass_drafts import drafts

    history = load(ledger, creator_id)
    summaries = segments.summarize(history.fans, history.offers, utc(now))
    chosen = [s for s in summaries if s.name in wanted] if wanted else [s for s in summaries if s.fans]
    return drafts(chosen, price=price, creator_median=history.creator_price,
                  declines_recorded=history.declines_recorded)
