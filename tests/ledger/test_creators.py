"""Creators, plans and per-creator limit overrides."""

from __future__ import annotations

import pytest

from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.ledger import PLANS, Ledger


def test_plans_are_the_seed_table() -> None:
    assert {name: (p.requests_per_hour, p.monthly_usd) for name, p in PLANS.items()} == {
        "starter": (50, 10.0), "pro": (100, 50.0), "business": (500, None)}


def test_add_creator_uses_the_plan_limits(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia")
    assert (mia.name, mia.plan, mia.requests_per_hour, mia.monthly_usd) == ("mia", "starter", 50, 10.0)
    assert (mia.requests_per_hour_override, mia.monthly_usd_override) == (None, None)
    assert mia.created_at.tzinfo is not None
    big = ledger.add_creator("big", "business")
    assert (big.requests_per_hour, big.monthly_usd) == (500, None)
    assert ledger.get_creator("mia") == mia
    assert ledger.get_creator("nobody") is None
    assert [c.name for c in ledger.list_creators()] == ["big", "mia"]


def test_overrides_win_over_the_plan_and_survive_a_plan_change(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia", "pro", requests_per_hour=7, monthly_usd=2.5)
    assert (mia.requests_per_hour, mia.monthly_usd) == (7, 2.5)
    mia = ledger.set_plan("mia", "business")
    assert (mia.plan, mia.requests_per_hour, mia.monthly_usd) == ("business", 7, 2.5)
    mia = ledger.set_limits("mia", requests_per_hour=None, monthly_usd=None)
    assert (mia.requests_per_hour, mia.monthly_usd) == (500, None)
    mia = ledger.set_limits("mia", requests_per_hour=None, monthly_usd=0.0)
    assert (mia.requests_per_hour, mia.monthly_usd, mia.monthly_usd_override) == (500, 0.0, 0.0)


def test_duplicate_name_is_refused(ledger: Ledger) -> None:
    ledger.add_creator("mia")
    with pytest.raises(InvalidInput) as caught:
        ledger.add_creator("mia", "pro")
    assert caught.value.message == "Creator 'mia' already exists."
    assert ledger.get_creator("mia").plan == "starter"  # type: ignore[union-attr]


def test_unknown_plan_lists_the_plans(ledger: Ledger) -> None:
    with pytest.raises(InvalidInput) as caught:
        ledger.add_creator("mia", "gold")
    assert caught.value.message == "Unknown plan 'gold'; choose one of: starter, pro, business."
    ledger.add_creator("mia")
    with pytest.raises(InvalidInput, match="starter, pro, business"):
        ledger.set_plan("mia", "gold")


@pytest.mark.parametrize("name", ["", "a" * 65, "mia jones", "mia/x", "zoé", "mia\n", "'; DROP TABLE creators"])
def test_invalid_names_are_refused(ledger: Ledger, name: str) -> None:
    with pytest.raises(InvalidInput, match="letters, digits"):
        ledger.add_creator(name)
    with pytest.raises(InvalidInput):
        ledger.ensure_creator(name)
    assert ledger.list_creators() == []


@pytest.mark.parametrize("name", ["a", "a" * 64, "Mia.J_2-x", "0"])
def test_valid_names(ledger: Ledger, name: str) -> None:
    assert ledger.add_creator(name).name == name


def test_unknown_creator_says_how_to_add_it(ledger: Ledger) -> None:
    for call in (lambda: ledger.set_plan("ghost", "pro"),
                 lambda: ledger.set_limits("ghost", requests_per_hour=1, monthly_usd=None),
                 lambda: ledger.quota_status("ghost")):
        with pytest.raises(NotFound) as caught:
            call()
        assert caught.value.message == "No creator named 'ghost'; add it with `huntaze creators add ghost`."


def test_invalid_limits_are_refused(ledger: Ledger) -> None:
    ledger.add_creator("mia")
    for rph, usd in ((0, None), (-5, None), (None, -1.0), (None, float("nan"))):
        with pytest.raises(InvalidInput):
            ledger.set_limits("mia", requests_per_hour=rph, monthly_usd=usd)
    with pytest.raises(InvalidInput):
        ledger.add_creator("zoe", requests_per_hour=0)
    assert ledger.get_creator("mia").requests_per_hour == 50  # type: ignore[union-attr]


def test_ensure_creator_gets_or_creates_without_changing_an_existing_plan(ledger: Ledger) -> None:
    first = ledger.ensure_creator("default")
    assert first.plan == "starter"
    again = ledger.ensure_creator("default", "business")
    assert again == first
    assert len(ledger.list_creators()) == 1
