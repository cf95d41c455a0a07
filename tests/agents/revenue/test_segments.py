"""segments: one segment per fan, counts and revenue, worked by hand (now = 2026-11-25)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from huntaze_cli.agents.revenue import segments as sg
from huntaze_cli.agents.sales.fan_pricing import Offer

NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)  # 90-day window from 2026-08-27


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=timezone.utc)


HISTORY = [
    Offer("f1", _at("2026-08-01"), "bundle", 50, True), Offer("f1", _at("2026-11-20"), "custom", 200, True),
    Offer("f2", _at("2026-11-20"), "video", 30, True),                                  # first buy 5 days ago
    Offer("f3", _at("2026-09-01"), "video", 40, True), Offer("f3", _at("2026-10-01"), "pics", 20, True),
    Offer("f4", _at("2026-10-01"), "pics", 25, True), Offer("f4", _at("2026-11-10"), "pics", 25, True),
    Offer("f5", _at("2026-11-15"), "video", 30, False),                                 # only declined
]
FANS = [sg.ExportedFan(f"f{i}") for i in range(1, 6)] + [
    sg.ExportedFan("f6", total_spent=100, last_purchase_at=_at("2026-08-01")),           # export only, stale
    sg.ExportedFan("f7")]                                                                # nothing at all


def test_assign_by_hand() -> None:
    # 7 fans → ceil(0.05 × 7) = 1 whale: 90-day spend f1 200, f3 60, f4 50, f2 30 → f1
    # f2 first bought 5 days ago → new; f3 last bought 55 days ago → lapsed; f4 bought 15 days ago → regular
    # f5 only declined, f7 nothing → never-bought; f6 spent per the export, last 116 days ago → lapsed
    assert sg.assign(FANS, HISTORY, NOW) == {"f1": "whales", "f2": "new", "f3": "lapsed", "f4": "regulars",
                                             "f5": "never-bought", "f6": "lapsed", "f7": "never-bought"}


def test_twenty_one_fans_make_two_whales() -> None:
    fans = [sg.ExportedFan(f"x{i:02}") for i in range(21)]
    history = [Offer(f"x{i:02}", _at("2026-11-01"), "pics", 10 + i, True) for i in range(21)]
    # ceil(0.05 × 21) = ceil(1.05) = 2: the two biggest 90-day spenders, x20 ($30) and x19 ($29)
    whales = [fid for fid, seg in sg.assign(fans, history, NOW).items() if seg == "whales"]
    assert sorted(whales) == ["x19", "x20"]


def test_summaries_by_hand() -> None:
    by = {s.name: s for s in sg.summarize(FANS, HISTORY, NOW)}
    assert list(by) == list(sg.SEGMENTS)
    w = by["whales"]  # f1: 50 + 200 = 250; in 90 days 200; 2 of 2 offers bought; median of 50, 200 = 125
    assert (w.fans, w.revenue, w.revenue_90d, w.purchases, w.acceptance, w.median_price) == (1, 250, 200, 2, 1.0, 125)
    lapsed = by["lapsed"]  # f3 40 + 20 = 60 (both inside 90 days) + f6's exported 100 = 160; median of 40, 20 = 30
    assert (lapsed.fans, lapsed.revenue, lapsed.revenue_90d, lapsed.median_price) == (2, 160, 60, 30)
    assert lapsed.fan_ids == ["f3", "f6"]
    regulars = by["regulars"]  # f4 25 + 25
    assert (regulars.fans, regulars.revenue, regulars.revenue_90d, regulars.median_price) == (1, 50, 50, 25)
    assert (by["new"].fans, by["new"].revenue) == (1, 30)
    never = by["never-bought"]  # f5 declined once: acceptance 0 / 1
    assert (never.fans, never.revenue, never.declined, never.acceptance, never.median_price) == (2, 0, 1, 0.0, None)


def test_acceptance_unknown_without_recorded_declines() -> None:
    sales_only = [o for o in HISTORY if o.bought]
    assert all(s.acceptance is None for s in sg.summarize(FANS, sales_only, NOW))


def test_no_fans() -> None:
    assert [s.fans for s in sg.summarize([], [], NOW)] == [0] * 5
    assert sg.summarize([], [], NOW)[0].revenue == pytest.approx(0)
