"""The agency's revenue figures from the ledger: reads fans and purchase history through the Ledger facade
and hands them to the pure math (fan_pricing, segments). Commands render what this returns.

At agency size (hundreds of thousands of history rows) the sums are the ledger's SQL: one row per fan
(`Ledger.fan_totals`) and per fan and price paid (`Ledger.price_counts`), never every offer; only one fan's
own offers are read as rows (`fans show`, a fan's price)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from huntaze_cli.agents.revenue import segments
from huntaze_cli.agents.sales import fan_pricing
from huntaze_cli.agents.sales.fan_pricing import FanStats, NextPrice, Offer
from huntaze_cli.ledger.clock import utc

if TYPE_CHECKING:
    from huntaze_cli.ledger import Ledger
    from huntaze_cli.ledger.purchases import SegmentCuts


@dataclass(frozen=True)
class CreatorTotals:
    fans: list[segments.FanTotals]
    prices: list[segments.PriceCount]

    @property
    def declines_recorded(self) -> bool:
        """Whether the history says anything about refusals (else acceptance is unknown)."""
        return any(f.declined for f in self.fans)

    @property
    def creator_price(self) -> float | None:
        """Median price of every offer bought from the creator (all fans); None with no sale recorded."""
        counts: dict[float, int] = {}
        for _, price, n in self.prices:
            counts[price] = counts.get(price, 0) + n
        return segments.weighted_median(counts)

    def of(self, fan_id: str) -> segments.FanTotals | None:
        return next((f for f in self.fans if f.fan_id == fan_id), None)

    def summaries(self, now: datetime | None) -> list[segments.SegmentSummary]:
        return segments.summarize_totals(self.fans, self.prices, utc(now), declines_recorded=self.declines_recorded)


def _moment(text: object) -> datetime | None:
    if not text:
        return None
    try:
        return utc(datetime.fromisoformat(str(text).replace("Z", "+00:00")))
    except ValueError:
        return None


def load(ledger: Ledger, creator_id: int, now: datetime | None = None) -> CreatorTotals:
    """Each fan's totals as of `now` (the 90-day window ends there), and the prices paid."""
    since = utc(now) - timedelta(days=segments.WINDOW_DAYS)
    return CreatorTotals([
        segments.FanTotals(r["fan_id"], float(r["total_spent_usd"] or 0.0), _moment(r["last_purchase_at"]),
                           purchases=int(r["purchases"] or 0), declined=int(r["declined"] or 0),
                           spent=float(r["spent"] or 0.0), spent_90d=float(r["spent_since"] or 0.0),
                           first_at=r["first_at"], last_at=r["last_at"])
        for r in ledger.fan_totals(creator_id, since)], ledger.price_counts(creator_id))


def _offers(ledger: Ledger, creator_id: int, fan_id: str | None) -> list[Offer]:
    return [Offer(r["fan_id"], r["purchased_at"], r["item"], r["price_usd"], r["bought"])
            for r in ledger.list_purchases(creator_id, fan_id)]


def segment_cuts(now: datetime | None) -> SegmentCuts:
    """segments.assign_totals' windows as of `now`, for the ledger's SQL."""
    from huntaze_cli.ledger.purchases import SegmentCuts
    from huntaze_cli.utc import iso_z

    moment = utc(now)
    lapsed = moment - timedelta(days=segments.LAPSED_DAYS)
    # A fan export's last purchase is stored to the second: `last < lapsed` holds for it exactly when it is
    # before the whole second at or after `lapsed`.
    whole = lapsed if not lapsed.microsecond else lapsed.replace(microsecond=0) + timedelta(seconds=1)
    return SegmentCuts(window_since=moment - timedelta(days=segments.WINDOW_DAYS),
                       new_since=moment - timedelta(days=segments.NEW_DAYS), lapsed_before=lapsed,
                       exported_lapsed_before=iso_z(whole, "seconds"), whale_share=segments.WHALE_SHARE)


def segment_summaries(ledger: Ledger, creator_id: int, now: datetime | None = None, *,
                      members: bool = False) -> list[segments.SegmentSummary]:
    """Every segment's figures, summed by the ledger (not one row per fan); fan ids only when `members`."""
    cuts = segment_cuts(now)
    figures, prices = ledger.segment_figures(creator_id, cuts)
    return segments.summaries_from_figures(figures, prices,
                                           ledger.segment_members(creator_id, cuts) if members else None)


@dataclass(frozen=True)
class FanCard:
    segment: str
    stats: FanStats
    next_price: NextPrice
    lifetime_spend: float  # segments.SPEND_DEFINITION, the figure segments sum
    spend_source: str  # "fan export" or "purchase history"


def fan_card(ledger: Ledger, creator_id: int, fan_id: str, now: datetime | None = None) -> FanCard:
    """A fan's segment, figures and suggested next PPV price."""
    totals = load(ledger, creator_id, now)
    segment = segments.assign_totals(totals.fans, utc(now)).get(fan_id, "never-bought")
    stats = fan_pricing.fan_stats(fan_id, _offers(ledger, creator_id, fan_id),
                                  declines_recorded=totals.declines_recorded)
    mine = totals.of(fan_id) or segments.FanTotals(fan_id, spent=stats.lifetime_spend)
    return FanCard(segment, stats, fan_pricing.next_ppv_price(stats, totals.creator_price), mine.lifetime_spend,
                   mine.spend_source)


def pricing_profile(ledger: Ledger, creator_id: int, fan_id: str) -> dict[str, Any] | None:
    """The FanProfile.pricing fields for chat/suggest/optimize-sale, or None when the creator has no purchase
    history at all (then the generic sales formula applies, as before)."""
    totals = load(ledger, creator_id)
    if not any(f.purchases or f.declined for f in totals.fans):
        return None
    stats = fan_pricing.fan_stats(fan_id, _offers(ledger, creator_id, fan_id),
                                  declines_recorded=totals.declines_recorded)
    nxt = fan_pricing.next_ppv_price(stats, totals.creator_price)
    return {"basis": nxt.basis, "next_price_usd": nxt.price, "factor": nxt.factor, "step": nxt.step,
            "purchases": stats.purchases, "offers": stats.offers, "acceptance": stats.acceptance,
            "median_paid_usd": stats.median_paid, "lifetime_spend_usd": stats.lifetime_spend,
            "last_purchase_at": stats.last_purchase_at, "rationale": nxt.rationale}


def mass_message_drafts(ledger: Ledger, creator_id: int, *, wanted: list[str] | None, price: float | None,
                        now: datetime | None = None) -> list[Any]:
    """One draft per segment asked for (default: every segment that has fans), figures computed from the
    creator's purchase history (agents/messaging/mass_drafts.py)."""
    from huntaze_cli.agents.messaging.mass_drafts import drafts

    totals = load(ledger, creator_id, now)
    summaries = totals.summaries(now)
    chosen = [s for s in summaries if s.name in wanted] if wanted else [s for s in summaries if s.fans]
    return drafts(chosen, price=price, creator_median=totals.creator_price,
                  declines_recorded=totals.declines_recorded)
