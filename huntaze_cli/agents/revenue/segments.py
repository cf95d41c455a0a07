"""Fan segments, computed from purchase history at a given moment `now`.

Each fan falls in exactly one segment, tested in this order:
    never-bought  no purchase on record (and no spend in the fan export)
    whales        the top 5 % of the creator's fans by 90-day spend: the first ceil(0.05 × fans) fans by
                  90-day spend (ties broken by fan id), counting only fans who spent in those 90 days
    new           first purchase within the last 14 days
    lapsed        no purchase in the last 30 days
    regulars      everyone else who buys
A fan known only from the fan export (a spend but no history rows) is lapsed when the export's last
purchase is over 30 days old, else a regular: without dates of each sale, whale and new cannot be told.

Per segment: fans, lifetime revenue (Σ lifetime spend, SPEND_DEFINITION: one definition everywhere), 90-day
revenue, purchases, declined offers, acceptance
(purchases / offers, None when declines are not recorded) and the median price paid by its fans.
tests/agents/revenue/test_segments.py works the cases by hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from huntaze_cli.agents.sales.fan_pricing import Offer

SEGMENTS = ("whales", "regulars", "new", "lapsed", "never-bought")
WHALE_SHARE = 0.05
WINDOW_DAYS = 90
NEW_DAYS = 14
LAPSED_DAYS = 30
DEFINITIONS = {
    "whales": f"top {WHALE_SHARE:.0%} of fans by {WINDOW_DAYS}-day spend",
    "regulars": "buying fans in none of the other segments",
    "new": f"first purchase in the last {NEW_DAYS} days",
    "lapsed": f"no purchase in the last {LAPSED_DAYS} days",
    "never-bought": "no purchase on record",
}


SPEND_DEFINITION = ("lifetime spend = the fan export's total_spent when it is larger than the imported purchases "
                    "(it counts sales from before them), else the sum of the imported purchases")


@dataclass(frozen=True)
class ExportedFan:
    """What the fan export says (used when a fan has no history rows)."""

    fan_id: str
    total_spent: float = 0.0
    last_purchase_at: datetime | None = None


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs twice as much, at 100,000 fans
class FanTotals:
    """One fan's figures: what their export says and the sums of their purchase history. The ledger
    computes these in SQL (one pass over the history); `totals_from_offers` computes the same from rows."""

    fan_id: str
    exported_spend: float = 0.0
    exported_last_at: datetime | None = None
    purchases: int = 0
    declined: int = 0
    spent: float = 0.0  # Σ price of the offers bought, in the imported history
    spent_90d: float = 0.0  # the same, since now − WINDOW_DAYS
    first_at: datetime | None = None  # first and last purchase in the history
    last_at: datetime | None = None

    @property
    def lifetime_spend(self) -> float:
        """The one definition of a fan's spend (SPEND_DEFINITION), shown by `fans show` and summed by segments."""
        return round(max(self.exported_spend, self.spent), 2)

    @property
    def spend_source(self) -> str:
        return "fan export" if self.exported_spend > self.spent else "purchase history"


@dataclass
class SegmentSummary:
    name: str
    fans: int = 0
    revenue: float = 0.0  # Σ lifetime spend of its fans (SPEND_DEFINITION)
    revenue_90d: float = 0.0  # Σ purchases of the last WINDOW_DAYS days (history only: exports have no dates)
    revenue_from_export: float = 0.0  # the part of `revenue` that only the fan exports know
    purchases: int = 0
    declined: int = 0
    acceptance: float | None = None
    median_price: float | None = None
    fan_ids: list[str] = field(default_factory=list)


# (fan id, price paid, how many times): what medians need, without every row.
PriceCount = tuple[str, float, int]


def price_counts(history: list[Offer]) -> list[PriceCount]:
    """The ledger's `price_counts`, from history rows."""
    counts: dict[tuple[str, float], int] = {}
    for o in history:
        if o.bought:
            counts[o.fan_id, o.price] = counts.get((o.fan_id, o.price), 0) + 1
    return [(fan_id, price, n) for (fan_id, price), n in counts.items()]


def totals_from_offers(fans: Iterable[ExportedFan], history: list[Offer], now: datetime) -> list[FanTotals]:
    """Each fan's totals from history rows (the ledger's SQL computes the same; offers of fans not in `fans`
    are left out, as the ledger's join leaves them)."""
    window = now - timedelta(days=WINDOW_DAYS)
    mine: dict[str, list[Offer]] = {}
    for offer in history:
        mine.setdefault(offer.fan_id, []).append(offer)
    out = []
    for fan in fans:
        offers = mine.get(fan.fan_id, [])
        paid = [o for o in offers if o.bought]
        out.append(FanTotals(fan.fan_id, fan.total_spent, fan.last_purchase_at, purchases=len(paid),
                             declined=len(offers) - len(paid), spent=sum(o.price for o in paid),
                             spent_90d=sum(o.price for o in paid if o.at >= window),
                             first_at=min((o.at for o in paid), default=None),
                             last_at=max((o.at for o in paid), default=None)))
    return out


def assign(fans: Iterable[ExportedFan], history: list[Offer], now: datetime) -> dict[str, str]:
    """fan id → segment name."""
    return assign_totals(totals_from_offers(fans, history, now), now)


def assign_totals(totals: list[FanTotals], now: datetime) -> dict[str, str]:
    """fan id → segment name, from each fan's totals."""
    ranked = sorted((t for t in totals if t.purchases and t.spent_90d > 0), key=lambda t: (-t.spent_90d, t.fan_id))
    whales = {t.fan_id for t in ranked[:math.ceil(WHALE_SHARE * len(totals))]}
    out: dict[str, str] = {}
    for fan in totals:
        if not fan.purchases:
            if fan.exported_spend > 0:
                last = fan.exported_last_at
                stale = last is not None and last < now - timedelta(days=LAPSED_DAYS)
                out[fan.fan_id] = "lapsed" if stale else "regulars"
            else:
                out[fan.fan_id] = "never-bought"
        elif fan.fan_id in whales:
            out[fan.fan_id] = "whales"
        elif fan.first_at is not None and fan.first_at >= now - timedelta(days=NEW_DAYS):
            out[fan.fan_id] = "new"
        elif fan.last_at is not None and fan.last_at < now - timedelta(days=LAPSED_DAYS):
            out[fan.fan_id] = "lapsed"
        else:
            out[fan.fan_id] = "regulars"
    return out


def summarize(fans: Iterable[ExportedFan], history: list[Offer], now: datetime) -> list[SegmentSummary]:
    """Every segment (empty ones included, in SEGMENTS order) with its counts and revenue."""
    return summarize_totals(totals_from_offers(fans, history, now), price_counts(history), now,
                            declines_recorded=any(not o.bought for o in history))


def summarize_totals(totals: list[FanTotals], prices_paid: Iterable[PriceCount], now: datetime, *,
                     declines_recorded: bool) -> list[SegmentSummary]:
    """summarize's figures from each fan's totals and the prices they paid."""
    segment_of = assign_totals(totals, now)
    by_name = {name: SegmentSummary(name) for name in SEGMENTS}
    prices: dict[str, dict[float, int]] = {name: {} for name in SEGMENTS}
    for fan_id, price, n in prices_paid:
        name = segment_of.get(fan_id)
        if name is not None:  # a fan of the history missing from the fans: left out, as their offers are
            counts = prices[name]
            counts[price] = counts.get(price, 0) + n
    for fan in totals:
        name = segment_of[fan.fan_id]
        seg = by_name[name]
        seg.fans += 1
        seg.fan_ids.append(fan.fan_id)
        seg.purchases += fan.purchases
        seg.declined += fan.declined
        seg.revenue += fan.lifetime_spend
        seg.revenue_from_export += max(0.0, fan.exported_spend - fan.spent)
        seg.revenue_90d += fan.spent_90d
    for name, seg in by_name.items():
        seg.revenue, seg.revenue_90d = round(seg.revenue, 2), round(seg.revenue_90d, 2)
        seg.revenue_from_export = round(seg.revenue_from_export, 2)
        offers = seg.purchases + seg.declined
        seg.acceptance = seg.purchases / offers if declines_recorded and offers else None
        seg.median_price = weighted_median(prices[name])
        seg.fan_ids.sort()
    return [by_name[name] for name in SEGMENTS]


def summaries_from_figures(figures: dict[str, dict[str, Any]], prices: dict[str, dict[float, int]],
                           members: dict[str, list[str]] | None = None) -> list[SegmentSummary]:
    """summarize_totals' result from the ledger's per-segment sums (Ledger.segment_figures, the same rules in
    SQL) and, when asked for, each segment's fan ids (Ledger.segment_members)."""
    declines_recorded = any(f["declined"] for f in figures.values())
    out = []
    for name in SEGMENTS:
        f = figures.get(name)
        seg = SegmentSummary(name, fan_ids=list((members or {}).get(name, ())))
        if f is not None:
            seg.fans, seg.purchases, seg.declined = f["fans"], f["purchases"], f["declined"]
            seg.revenue, seg.revenue_90d = round(f["revenue"], 2), round(f["revenue_90d"], 2)
            seg.revenue_from_export = round(f["from_export"], 2)
            offers = seg.purchases + seg.declined
            seg.acceptance = seg.purchases / offers if declines_recorded and offers else None
            seg.median_price = weighted_median(prices.get(name, {}))
        out.append(seg)
    return out


def weighted_median(counts: dict[float, int]) -> float | None:
    """statistics.median of a list holding each price `count` times, without building the list."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def at(position: int) -> float:  # the value at a 0-based position of the sorted list
        for price, n in ordered:
            if position < n:
                return price
            position -= n
        raise IndexError(position)

    if total % 2:
        return at(total // 2)
    return (at(total // 2 - 1) + at(total // 2)) / 2
