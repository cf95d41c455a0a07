"""sales_math: the documented formula, worked by hand."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.sales import formula as sm
from huntaze_cli.agents.schemas import FanProfile, SaleInput


@pytest.mark.parametrize(("amount", "expected"), [(11.40, 10.99), (11.50, 11.99), (0.30, 0.99), (100.49, 99.99),
                                                  (17.0, 16.99)])
def test_price_point(amount: float, expected: float) -> None:
    assert sm.price_point(amount) == expected


def test_new_fan_photo() -> None:
    history = sm.FanHistory()
    # raw = 20 × photo 1.0 × spend none 0.85 × medium 1.0 × tier 1.0 × recency unknown 1.0 = 17.00 → 16.99
    price = sm.suggested_price(20, history, "medium", None, "photo")
    assert price == 16.99
    # elasticity = 1 − 0.5 × (16.99 / 20 − 1) = 1.07525 (reference = base: no purchases)
    # conversion = 0.15 × history none 0.7 × recency 1.0 × 1.07525 = 0.112901 → 0.113
    assert sm.expected_conversion(price, 20, history, "medium") == 0.113


def test_whale_video() -> None:
    history = sm.FanHistory(total_spent=900, purchases=12, days_since_last_purchase=3)
    # raw = 20 × video 1.15 × whale 1.2 × high 1.1 × tier whale 1.2 × hot 1.05 = 38.2536 → 38 → 37.99
    price = sm.suggested_price(20, history, "high", "whale", "video")
    assert price == 37.99
    # reference = AOV 900 / 12 = 75; elasticity = 1 − 0.5 × (37.99 / 75 − 1) = 1.246733
    # conversion = 0.25 × whale 1.4 × hot 1.2 × 1.246733 = 0.523628 → 0.524
    assert sm.expected_conversion(price, 20, history, "high") == 0.524


def test_price_is_clamped_to_twice_the_base() -> None:
    history = sm.FanHistory(total_spent=1000, days_since_last_purchase=1)
    # raw = 10 × custom 1.4 × whale 1.2 × high 1.1 × whale 1.2 × hot 1.05 = 23.28 → clamp 20 → 19.99
    assert sm.suggested_price(10, history, "high", "whale", "custom") == 19.99


def test_small_price_floor() -> None:
    history = sm.FanHistory(days_since_last_purchase=200)
    # raw = 2 × story 0.9 × none 0.85 × low 0.9 × free 0.9 × cold 0.9 = 1.1154 → 1 → 0.99
    assert sm.suggested_price(2, history, "low", "free", "story") == 0.99
    # conversion = 0.08 × 0.7 × cold 0.6 × elasticity(1 − 0.5 × (0.99 / 2 − 1) = 1.2525) = 0.042084 → 0.042
    assert sm.expected_conversion(0.99, 2, history, "low") == 0.042


def test_lifetime_value_wins_over_total_spent_and_flags_override_profile() -> None:
    assert sm.FanHistory(total_spent=10, lifetime_value=600).ltv == 600
    data = SaleInput(message="hi", price_usd=20, spent_usd=0,
                     fan=FanProfile(total_spent_usd=900, purchases=12, days_since_last_purchase=3))
    # --spent 0 overrides the stored 900: spend band none, but purchases/recency still come from the profile
    assert sm.history_from(data).total_spent == 0
    assert sm.spend_band(sm.history_from(data).ltv) == "none"


@pytest.mark.parametrize(("ltv", "band"), [(0, "none"), (49.99, "small"), (50, "regular"), (199, "regular"),
                                          (200, "big"), (500, "whale")])
def test_spend_bands(ltv: float, band: str) -> None:
    assert sm.spend_band(ltv) == band
