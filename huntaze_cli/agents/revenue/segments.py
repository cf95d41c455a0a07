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

Per segment: fans, lifetime revenue (Σ spend), 90-day revenue, purchases, declined offers, acceptance
(purchases / offers, None when declines are not recorded) and the median price paid by its fans.
tests/agents/revenue/test_segments.py works the cases by hand.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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


@dataclass(frozen=True)
class ExportedFan:
    """What the fan export says (used when a fan has no history rows)."""

    fan_id: str
    total_spent: float = 0.0
    last_purchase_at: datetime | None = None


@dataclass
class SegmentSummary:
    name: str
    fans: int = 0
    revenue: float = 0.0
    revenue_90d: float = 0.0
    purchases: int = 0
    declined: int = 0
    acceptance: float | None = None
    median_price: float | None = None
    fan_ids: list[str] = field(default_factory=list)


def assign(fans: Iterable[ExportedFan], history: list[Offer], now: datetime) -> dict[str, str]:
    """fan id → segment name."""
    fans = list(fans)
    bought: dict[str, list[Offer]] = {}
    for offer in history:
        if offer.bought:
            bought.setdefault(offer.fan_id, []).append(offer)
    window = now - timedelta(days=WINDOW_DAYS)
    spend_90 = {fid: sum(o.price for o in offers if o.at >= window) for fid, offers in bought.items()}
    ranked = sorted((fid for fid, spent in spend_90.items() if spent > 0), key=lambda fid: (-spend_90[fid], fid))
    whales = set(ranked[:math.ceil(WHALE_SHARE * len(fans))])
    out: dict[str, str] = {}
    for fan in fans:
        offers = bought.get(fan.fan_id)
        if not offers:
            if fan.total_spent > 0:
                last = fan.last_purchase_at
                stale = last is not None and last < now - timedelta(days=LAPSED_DAYS)
                out[fan.fan_id] = "lapsed" if stale else "regulars"
            else:
                out[fan.fan_id] = "never-bought"
            continue
        first, last = min(o.at for o in offers), max(o.at for o in offers)
        if fan.fan_id in whales:
            out[fan.fan_id] = "whales"
        elif first >= now - timedelta(days=NEW_DAYS):
            out[fan.fan_id] = "new"
        elif last < now - timedelta(days=LAPSED_DAYS):
            out[fan.fan_id] = "lapsed"
        else:
            out[fan.fan_id] = "regulars"
    return out


def summarize(fans: Iterable[ExportedFan], history: list[Offer], now: datetime) -> list[SegmentSummary]:
    """Every segment (empty ones included, in SEGMENTS order) with its counts and revenue."""
    fans = list(fans)
    segment_of = assign(fans, history, now)
    declines_recorded = any(not o.bought for o in history)
    by_name = {name: SegmentSummary(name) for name in SEGMENTS}
    exported = {f.fan_id: f for f in fans}
    window = now - timedelta(days=WINDOW_DAYS)
    prices: dict[str, list[float]] = {name: [] for name in SEGMENTS}
    with_history: set[str] = set()
    for offer in history:
        name = segment_of.get(offer.fan_id)
        if name is None:
            continue
        with_history.add(offer.fan_id)
        seg = by_name[name]
        if offer.bought:
            seg.purchases += 1
            seg.revenue += offer.price
            seg.revenue_90d += offer.price if offer.at >= window else 0.0
            prices[name].append(offer.price)
        else:
            seg.declined += 1
    for fan_id, name in segment_of.items():
        seg = by_name[name]
        seg.fans += 1
        seg.fan_ids.append(fan_id)
        if fan_id not in with_history:  # known only from the export
            seg.revenue += exported[fan_id].total_spent
    for name, seg in by_name.items():
        seg.revenue, seg.revenue_90d = round(seg.revenue, 2), round(seg.revenue_90d, 2)
        offers = seg.purchases + seg.declined
        seg.acceptance = seg.purchases / offers if declines_recorded and offers else None
        seg.median_price = statistics.median(prices[name]) if prices[name] else None
        seg.fan_ids.sort()
    return [by_name[name] for name in SEGMENTS]
