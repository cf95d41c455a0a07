"""A/B test statistics for sales messages, in documented pure Python: the standard library only, so
`experiments report` loads no statistics library (tests/cli/test_cmd_experiments.py checks its imports).

Per variant, from messages sent n, purchases k and revenue r:
    conversion            = k / n
    95 % interval         Wilson score: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964
    revenue per message   = r / n
    P(beats the others)   posterior of each rate Beta(1 + k, 1 + n − k) (uniform prior); the probability
                          that its rate is the highest, ∫ f_i(x) Π_{j≠i} F_j(x) dx, integrated numerically
                          on GRID midpoints over the range holding the posteriors (mean ± 12 sd)
A winner is declared when its probability passes WINNER_PROBABILITY = 96 % family-wise: each of the k
variants must pass 1 − 0.04 / k (98 % for two), and every variant has at least MIN_SENDS sends. With a
plain 95 % per variant, two equal variants would crown one of them in about 10 % of experiments (either
may pass); the family-wise threshold keeps false winners under 5 %, also when one variant has ten times the
other's sends (tests/agents/revenue/test_experiment_stats.py simulates both; at 95 % family-wise the unequal
case gave 5.4 %, hence 96 %).
Sends still needed (no winner yet), from the leader's and runner-up's posterior means p1 > p2:
    n      = ⌈z_k² × (p1(1 − p1) + p2(1 − p2)) / (p1 − p2)²⌉ per variant, z_k = Φ⁻¹(1 − 0.04 / k)
    needed = max(n, MIN_SENDS) − fewest sends among the variants, per variant (None when p1 = p2: no
             difference observed yet, so no sample size can be projected)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

Z95 = 1.959964
WINNER_PROBABILITY = 0.96
MIN_SENDS = 100
GRID = 2000


def wilson_interval(bought: int, sent: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion; None when nothing was sent."""
    if sent <= 0:
        return None
    p = bought / sent
    centre = p + z * z / (2 * sent)
    spread = z * math.sqrt(p * (1 - p) / sent + z * z / (4 * sent * sent))
    denominator = 1 + z * z / sent
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def _posterior(bought: int, sent: int) -> tuple[float, float]:
    return 1.0 + bought, 1.0 + sent - bought


def _grid(params: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """Midpoints and cell widths covering every posterior: GRID points spread over each posterior's own
    mean ± 12 sd, merged, so a posterior a billion sends made narrow is integrated as finely as a wide one
    (one shared grid over [0, 1] would hold all of its mass in a single cell)."""
    per = max(200, GRID // len(params))
    points: set[float] = set()
    bounds = []
    for a, b in params:
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        low, high = max(0.0, mean - 12 * sd), min(1.0, mean + 12 * sd)
        bounds.append((low, high))
        step = (high - low) / per
        points.update(low + (i + 0.5) * step for i in range(per))
    xs = sorted(x for x in points if 0.0 < x < 1.0)
    low, high = min(lo for lo, _ in bounds), max(hi for _, hi in bounds)
    edges = [low] + [(x + y) / 2 for x, y in zip(xs, xs[1:], strict=False)] + [high]
    return xs, [edges[i + 1] - edges[i] for i in range(len(xs))]


def probability_best(counts: list[tuple[int, int]]) -> list[float]:
    """For each (bought, sent), the posterior probability that its rate is the highest."""
    if len(counts) < 2:
        return [1.0] * len(counts)
    params = [_posterior(k, n) for k, n in counts]
    xs, widths = _grid(params)
    masses, cdfs = [], []
    for a, b in params:
        logs = [(a - 1) * math.log(x) + (b - 1) * math.log1p(-x) for x in xs]
        top = max(logs)
        weights = [math.exp(v - top) * w for v, w in zip(logs, widths, strict=True)]
        total = sum(weights)
        mass = [w / total for w in weights]
        cdf, running = [], 0.0
        for m in mass:  # the CDF at a midpoint: the mass below it plus half its own cell
            cdf.append(running + m / 2)
            running += m
        masses.append(mass)
        cdfs.append(cdf)
    out = []
    for i in range(len(params)):
        others = [cdfs[j] for j in range(len(params)) if j != i]
        total = 0.0
        for g in range(len(xs)):
            product = masses[i][g]
            for cdf in others:
                product *= cdf[g]
            total += product
        out.append(total)
    norm = sum(out)
    return [p / norm for p in out]


def winner_threshold(variants: int) -> float:
    """Per-variant probability a winner needs so that false winners stay near 1 − WINNER_PROBABILITY."""
    return 1 - (1 - WINNER_PROBABILITY) / max(variants, 1)


def sends_needed(counts: list[tuple[int, int]]) -> int | None:
    """More sends per variant before the leader could pass the threshold, if the observed rates hold."""
    params = [_posterior(k, n) for k, n in counts]
    means = sorted((a / (a + b) for a, b in params), reverse=True)
    fewest = min(n for _, n in counts)
    p1, p2 = means[0], means[1]
    if math.isclose(p1, p2, rel_tol=1e-12, abs_tol=1e-12):
        return None
    z = NormalDist().inv_cdf(winner_threshold(len(counts)))
    n = math.ceil(z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2) ** 2)
    return max(0, max(n, MIN_SENDS) - fewest)


@dataclass(frozen=True)
class VariantResult:
    label: str
    sent: int
    bought: int
    revenue: float
    conversion: float | None
    interval: tuple[float, float] | None
    revenue_per_message: float | None
    probability_best: float
    sends_to_minimum: int  # sends still missing before this variant can lead (0 once it has MIN_SENDS)


@dataclass(frozen=True)
class Report:
    variants: list[VariantResult]
    winner: str | None
    threshold: float
    sends_needed: int | None  # per variant; 0 once there is a winner
    reason: str


def report(totals: list[tuple[str, int, int, float]]) -> Report:
    """totals: (label, sent, bought, revenue) per variant.

    A variant under MIN_SENDS sends is never a leader or a winner (its posterior is mostly the prior), and
    the leader is the variant whose observed conversion is strictly the highest: with equal rates, the one
    with fewer sends has the wider posterior and so a P(best) above 1/k, but it is not ahead."""
    counts = [(bought, sent) for _, sent, bought, _ in totals]
    probs = probability_best(counts)
    threshold = winner_threshold(len(totals))
    variants = [VariantResult(label, sent, bought, round(revenue, 2), bought / sent if sent else None,
                              wilson_interval(bought, sent), revenue / sent if sent else None, prob,
                              max(0, MIN_SENDS - sent))
                for (label, sent, bought, revenue), prob in zip(totals, probs, strict=True)]
    if len(totals) < 2:
        return Report(variants, None, threshold, None, "An experiment needs at least two variants.")
    short = [v for v in variants if v.sends_to_minimum]
    if short:
        needed = max(sends_needed(counts) or 0, max(v.sends_to_minimum for v in short))
        missing = ", ".join(f"{v.label} {v.sends_to_minimum} more" for v in short)
        return Report(variants, None, threshold, needed,
                      f"No leader yet: every variant needs {MIN_SENDS} sends before it can lead ({missing}).")
    ranked = sorted(variants, key=lambda v: v.conversion or 0.0, reverse=True)
    best, runner_up = ranked[0], ranked[1]
    if math.isclose(best.conversion or 0.0, runner_up.conversion or 0.0, rel_tol=1e-12, abs_tol=1e-12):
        return Report(variants, None, threshold, sends_needed(counts),
                      f"No variant is ahead: {best.label} and {runner_up.label} convert at the same rate "
                      f"({(best.conversion or 0.0):.1%}) so far; keep sending.")
    if best.probability_best > threshold:
        shown = ">99.9%" if best.probability_best > 0.999 else f"{best.probability_best:.1%}"
        return Report(variants, best.label, threshold, 0,
                      f"{best.label} beats the others with probability {shown} "
                      f"(threshold {threshold:.1%}).")
    needed = sends_needed(counts)
    if needed is not None:
        needed = max(1, needed)  # the normal approximation may say "enough" while the posterior disagrees
    if needed is None:
        reason = "No difference between the variants yet; keep sending (no sample size can be projected)."
    else:
        reason = (f"No winner yet: {best.label} leads with probability {best.probability_best:.1%} "
                  f"(needs {threshold:.1%}); about {needed} more sends per variant if the rates hold.")
    return Report(variants, None, threshold, needed, reason)
