"""experiments_math: Wilson intervals, probability to beat the others, winner and sends needed, worked by hand;
then seeded simulations of whole experiments."""

from __future__ import annotations

import math
import random

import pytest

from huntaze_cli.agents.revenue import experiment_stats as em


def test_wilson_interval_by_hand() -> None:
    # p = 9/120 = 0.075, z² = 3.841459, z²/2n = 0.016006 → centre 0.091006
    # spread = z × √(0.075 × 0.925 / 120 + 3.841459 / 57600) = 1.959964 × √0.00064482 = 0.049771
    # denominator = 1 + 3.841459 / 120 = 1.032012
    low, high = em.wilson_interval(9, 120)
    assert low == pytest.approx((0.091006 - 0.049771) / 1.032012, abs=2e-6)  # 0.039956
    assert high == pytest.approx((0.091006 + 0.049771) / 1.032012, abs=2e-6)  # 0.136410


def test_wilson_interval_edges() -> None:
    # 0 of 10: centre = spread = 0.192073 → low 0; high = 2 × 0.192073 / 1.384146 = 0.277533
    assert em.wilson_interval(0, 10) == pytest.approx((0.0, 0.277533), abs=2e-6)
    assert em.wilson_interval(0, 0) is None


def test_probability_best_two_variants_by_hand() -> None:
    # 1 of 1 vs 0 of 1: posteriors Beta(2,1), pdf 2x, and Beta(1,2), CDF 2x − x²
    # P(A best) = ∫₀¹ 2x (2x − x²) dx = 4/3 − 1/2 = 5/6
    a, b = em.probability_best([(1, 1), (0, 1)])
    assert a == pytest.approx(5 / 6, abs=1e-5) and b == pytest.approx(1 / 6, abs=1e-5)


def test_probability_best_three_variants_by_hand() -> None:
    # Beta(2,1) against two Beta(1,2): ∫₀¹ 2x (2x − x²)² dx = ∫ 8x³ − 8x⁴ + 2x⁵ dx = 2 − 8/5 + 1/3 = 11/15
    probs = em.probability_best([(1, 1), (0, 1), (0, 1)])
    assert probs[0] == pytest.approx(11 / 15, abs=1e-5)
    assert probs[1] == pytest.approx(2 / 15, abs=1e-5) and probs[2] == pytest.approx(2 / 15, abs=1e-5)


def test_identical_variants_are_even() -> None:
    assert em.probability_best([(5, 10), (5, 10)]) == pytest.approx([0.5, 0.5], abs=1e-9)


def _exact_two(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Evan Miller's closed form for P(rate B > rate A), Beta(1+k, 1+n−k) posteriors: an independent check."""
    alpha_a, beta_a = 1 + a[0], 1 + a[1] - a[0]
    alpha_b, beta_b = 1 + b[0], 1 + b[1] - b[0]

    def lbeta(x: float, y: float) -> float:
        return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)

    return sum(math.exp(lbeta(alpha_a + i, beta_a + beta_b) - math.log(beta_b + i) - lbeta(1 + i, beta_b)
                        - lbeta(alpha_a, beta_a)) for i in range(alpha_b))


@pytest.mark.parametrize(("a", "b"), [((9, 120), (5, 120)), ((100, 1000), (80, 1000)), ((3, 40), (30, 400))])
def test_probability_best_matches_the_closed_form(a, b) -> None:
    assert em.probability_best([a, b])[0] == pytest.approx(_exact_two(b, a), abs=1e-5)


def test_sends_needed_by_hand() -> None:
    # posterior means p1 = 10/122 = 0.081967, p2 = 6/122 = 0.049180; two variants → z = Φ⁻¹(0.98) = 2.053749
    # n = ⌈4.217885 × (0.081967 × 0.918033 + 0.049180 × 0.950820) / 0.032787²⌉ = ⌈4.217885 × 0.122010 / 0.00107498⌉
    #   = ⌈478.7…⌉ = 479 per variant; 479 − 120 already sent = 359
    assert em.sends_needed([(9, 120), (5, 120)]) == 359
    assert em.sends_needed([(5, 100), (5, 100)]) is None


def test_report_no_winner_yet_says_how_many_more() -> None:
    r = em.report([("A", 120, 9, 225.0), ("B", 120, 5, 100.0)])
    a, b = r.variants
    assert a.conversion == 0.075 and a.revenue_per_message == 1.875  # 225 / 120
    assert b.revenue_per_message == pytest.approx(100 / 120)
    assert r.winner is None and r.sends_needed == 359 and r.threshold == 0.98
    assert a.probability_best == pytest.approx(_exact_two((5, 120), (9, 120)), abs=1e-5)  # ≈ 0.857


def test_report_winner_past_the_threshold() -> None:
    # 100/1000 vs 50/1000: P(A best) ≈ 0.99999 > 0.98, both past 100 sends
    r = em.report([("A", 1000, 100, 2500.0), ("B", 1000, 50, 1250.0)])
    assert r.winner == "A" and r.sends_needed == 0


def test_no_winner_before_the_minimum_sends() -> None:
    # 10/20 vs 0/20 is overwhelming (P ≈ 0.9999) but 20 sends is an anecdote: 100 − 20 = 80 more each
    r = em.report([("A", 20, 10, 250.0), ("B", 20, 0, 0.0)])
    assert r.variants[0].probability_best > 0.999
    assert r.winner is None and r.sends_needed == 80


def _simulate(rates: list[float], sends: int, runs: int, seed: int) -> list[str | None]:
    rng = random.Random(seed)
    winners = []
    for _ in range(runs):
        totals = []
        for i, rate in enumerate(rates):
            bought = sum(rng.random() < rate for _ in range(sends))
            totals.append((chr(65 + i), sends, bought, bought * 25.0))
        winners.append(em.report(totals).winner)
    return winners


def test_simulation_true_difference_finds_the_winner() -> None:
    # true 10 % vs 5 %, 1,000 sends each: the winner must be found, and always the right one
    winners = _simulate([0.10, 0.05], sends=1000, runs=200, seed=10)
    assert winners.count("A") / len(winners) >= 0.95
    assert "B" not in winners


def test_simulation_equal_rates_rarely_declare_a_winner() -> None:
    # equal 7.5 % rates, 1,000 sends each, 1,000 experiments: a winner in no more than about 5 % of them
    winners = _simulate([0.075, 0.075], sends=1000, runs=1000, seed=7)
    false_rate = sum(w is not None for w in winners) / len(winners)
    assert false_rate <= 0.06, false_rate


def test_simulation_naive_95_threshold_would_crown_one_in_ten() -> None:
    # Why the threshold is family-wise: with a plain 95 % per variant, equal twins produce about 10 % winners.
    rng = random.Random(7)
    naive = 0
    for _ in range(1000):
        counts = [(sum(rng.random() < 0.075 for _ in range(1000)), 1000) for _ in range(2)]
        naive += max(em.probability_best(counts)) > 0.95
    assert naive / 1000 > 0.07


def test_a_variant_with_no_sends_never_leads_and_says_what_it_needs() -> None:
    # Seen: A at 3,000,000,000 sent and 1 bought, B at 0 sent → "B leads with probability 100.0%".
    r = em.report([("A", 3_000_000_000, 1, 25.0), ("B", 0, 0, 0.0)])
    assert r.winner is None
    assert "B 100 more" in r.reason and "leads" not in r.reason
    assert [v.sends_to_minimum for v in r.variants] == [0, 100]


def test_equal_rates_with_unequal_sends_have_no_leader() -> None:
    # Seen: equal 10 % rates, the variant with fewer sends "led" at 63.8 % (its posterior is wider).
    r = em.report([("A", 2000, 200, 5000.0), ("B", 200, 20, 500.0)])
    assert r.variants[1].probability_best > 0.5  # the posterior's honest figure...
    assert r.winner is None and r.reason.startswith("No variant is ahead")  # ...but B is not ahead


@pytest.mark.parametrize(("a", "b"), [((3, 1_000_000), (2, 150)), ((1, 50_000_000), (4, 400))])
def test_a_narrow_posterior_beside_a_wide_one_matches_the_closed_form(a, b) -> None:
    # One posterior a million times narrower than the other: the merged grid integrates both finely.
    assert em.probability_best([a, b])[0] == pytest.approx(_exact_two(b, a), abs=1e-5)


def test_simulation_equal_rates_unequal_sends_rarely_crown_a_false_winner() -> None:
    # equal 10 % rates, 150 against 1,500 sends, 1,000 experiments at a fixed seed: at most 5 % false winners
    rng = random.Random(11)
    winners = 0
    for _ in range(1000):
        totals = []
        for label, sends in (("A", 150), ("B", 1500)):
            bought = sum(rng.random() < 0.10 for _ in range(sends))
            totals.append((label, sends, bought, bought * 25.0))
        winners += em.report(totals).winner is not None
    assert winners / 1000 <= 0.05, winners
