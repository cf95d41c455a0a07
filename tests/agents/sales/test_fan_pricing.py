"""fan_pricing: per-fan figures and the next PPV price, worked by hand."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from huntaze_cli.agents.sales import fan_pricing as fp


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=timezone.utc)


# Fan 7 bought at 15, 20, 25, 30 and declined at 40; fan 8 bought twice at 10.
HISTORY = [fp.Offer("7", _at("2026-10-01"), "photo set", 15, True), fp.Offer("7", _at("2026-10-08"), "video", 20, True),
           fp.Offer("7", _at("2026-10-15"), "video", 25, True), fp.Offer("7", _at("2026-11-01"), "bundle", 30, True),
           fp.Offer("7", _at("2026-11-10"), "custom", 40, False),
           fp.Offer("8", _at("2026-11-02"), "photo set", 10, True), fp.Offer("8", _at("2026-11-03"), "pics", 10, True)]


def test_fan_stats_by_hand() -> None:
    s = fp.fan_stats("7", HISTORY, declines_recorded=True)
    # purchases 4, declined 1, spend 15 + 20 + 25 + 30 = 90, median (20 + 25) / 2 = 22.5, max 30, acceptance 4/5
    assert (s.purchases, s.declined, s.lifetime_spend, s.median_paid, s.max_paid) == (4, 1, 90, 22.5, 30)
    assert s.acceptance == 0.8 and s.offers == 5
    assert s.first_purchase_at == _at("2026-10-01") and s.last_purchase_at == _at("2026-11-01")


def test_creator_price_is_the_median_sale() -> None:
    # bought: 15, 20, 25, 30, 10, 10 → sorted 10, 10, 15, 20, 25, 30 → (15 + 20) / 2 = 17.5
    assert fp.creator_price(HISTORY) == 17.5
    assert fp.creator_price([]) is None


def test_next_price_from_the_fans_history() -> None:
    s = fp.fan_stats("7", HISTORY, declines_recorded=True)
    # step = 1 + 0.4 × (0.8 − 0.5) = 1.12; 22.5 × 1.12 = 25.20 → 25 − 0.01 = 24.99
    nxt = fp.next_ppv_price(s, 17.5)
    assert nxt.basis == "fan" and nxt.price == 24.99 and nxt.step == pytest.approx(1.12)
    assert nxt.factor == pytest.approx(1.2857, abs=1e-4)  # 22.5 / 17.5
    assert "$22.50" in nxt.rationale and "80%" in nxt.rationale and "$24.99" in nxt.rationale


def test_acceptance_unknown_when_no_decline_is_recorded() -> None:
    sales_only = [o for o in HISTORY if o.bought]
    s = fp.fan_stats("7", sales_only, declines_recorded=fp.records_declines(sales_only))
    # no declines anywhere: acceptance unknown, step 1; 22.5 → 23 − 0.01 = 22.99
    assert s.acceptance is None
    assert fp.next_ppv_price(s, 17.5).price == 22.99


@pytest.mark.parametrize(("acceptance", "step"), [(1.0, 1.2), (0.5, 1.0), (0.0, 0.8), (0.25, 0.9), (None, 1.0)])
def test_acceptance_step(acceptance, step) -> None:
    # 1 + 0.4 × (1.0 − 0.5) = 1.2; 1 + 0.4 × (0.25 − 0.5) = 0.9; 1 + 0.4 × (0 − 0.5) = 0.8
    assert fp.acceptance_step(acceptance) == pytest.approx(step)


def test_thin_history_falls_back_to_the_creator_price() -> None:
    s = fp.fan_stats("8", HISTORY, declines_recorded=True)  # 2 purchases < 3
    nxt = fp.next_ppv_price(s, 17.5)
    # creator median 17.5 → rounds half up to 18 → 17.99
    assert nxt.basis == "creator" and nxt.price == 17.99 and "fewer than 3" in nxt.rationale


def test_no_sale_at_all_falls_back_to_the_default_price() -> None:
    nxt = fp.next_ppv_price(fp.fan_stats("9", [], declines_recorded=False), None)
    # default photo anchor $10 → 9.99
    assert nxt.basis == "default" and nxt.price == 9.99


def test_offer_quote_by_hand() -> None:
    # video at base 20 for fan 7: factor 22.5 / 17.5 = 1.285714, step 1.12
    # reference = 20 × video 1.15 × 1.285714 = 29.571429; × 1.12 = 33.12 (within 10–40) → 32.99
    # smoothed acceptance = (4 + 1) / (5 + 2) = 0.714286
    # elasticity = 1 − 0.5 × (32.99 / 29.571429 − 1) = 0.942198; conversion = 0.714286 × 0.942198 = 0.673
    q = fp.quote_offer(20, "video", factor=22.5 / 17.5, step=1.12, purchases=4, offers=5, acceptance_known=True)
    assert q.price == 32.99 and q.conversion == 0.673 and q.reference == pytest.approx(29.571429)


def test_offer_quote_is_clamped_and_unknown_acceptance_leaves_conversion_to_the_generic_formula() -> None:
    # big spender: reference = 10 × custom 1.4 × factor 3 = 42; × 1.2 = 50.4 → clamp to 2 × 10 = 20 → 19.99
    q = fp.quote_offer(10, "custom", factor=3.0, step=1.2, purchases=5, offers=5, acceptance_known=False)
    assert q.price == 19.99 and q.conversion is None


def test_free_unlocks_do_not_price_a_fan_at_zero() -> None:
    free = [fp.Offer("5", _at(f"2026-11-0{d}"), "free teaser", 0, True) for d in (1, 2, 3)]
    s = fp.fan_stats("5", free + HISTORY, declines_recorded=True)
    # 3 purchases, median paid 0: nothing to scale from, so the creator's median is used:
    # 0, 0, 0, 10, 10, 15, 20, 25, 30 → the 5th of 9 = 10 → 9.99
    nxt = fp.next_ppv_price(s, fp.creator_price(free + HISTORY))
    assert nxt.basis == "creator" and nxt.price == 9.99 and "median price of $0" in nxt.rationale
