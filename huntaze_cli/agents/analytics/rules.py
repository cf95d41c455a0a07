"""Offline analysis: insights, recommendations, patterns and predictions worded from computed metrics.

Levels are computed: a best-vs-worst engagement ratio ≥ 2 is high impact, ≥ 1.3 medium, else low;
a trend change over 20% is high, over 5% medium; a platform with > 60% of revenue is a high-impact
concentration. Pattern frequency = share of posts showing the pattern. Prediction confidence and the
overall confidence grow with the number of posts: 0.3 + 0.65 × n / (n + 20), capped at 0.95.
"""

from __future__ import annotations

from huntaze_cli.agents.analytics.metrics import supported_best
from huntaze_cli.agents.knowledge import pct
from huntaze_cli.agents.schemas import (
    AnalyzeOutput,
    GroupStats,
    Insight,
    Level,
    Metrics,
    Pattern,
    Prediction,
    Recommendation,
)


def sample_confidence(posts: int) -> float:
    return round(min(0.95, 0.3 + 0.65 * posts / (posts + 20)), 2)


def _ratio_level(ratio: float) -> Level:
    return "high" if ratio >= 2 else "medium" if ratio >= 1.3 else "low"


def _rated(groups: dict[str, GroupStats]) -> list[tuple[str, GroupStats]]:
    rated = [(n, g) for n, g in groups.items() if g.engagement_rate is not None and n != "all"]
    return sorted(rated, key=lambda item: (-(item[1].engagement_rate or 0.0), item[0]))


def _compare(groups: dict[str, GroupStats], noun: str, out: AnalyzeOutput) -> None:
    rated = _rated(groups)
    if len(rated) < 2 or not rated[-1][1].engagement_rate:
        return
    (best, top), (worst, low) = rated[0], rated[-1]
    ratio = (top.engagement_rate or 0.0) / (low.engagement_rate or 1.0)
    level = _ratio_level(ratio)
    out.insights.append(Insight(text=f"{best} {noun} earn {ratio:.1f}× the engagement of {worst} {noun} "
                                f"({pct(top.engagement_rate)} vs {pct(low.engagement_rate)}).", impact=level))
    out.recommendations.append(Recommendation(
        text=f"Shift more of the mix toward {best} {noun}; keep {worst} for reach only if it drives revenue.",
        priority=level))


def _timing(metrics: Metrics, out: AnalyzeOutput) -> None:
    slot = supported_best(metrics.best_hours)
    if slot is None:
        return
    overall = metrics.engagement_rate or 0.0
    lift = slot.engagement_rate / overall if overall else 1.0
    level = _ratio_level(lift)
    out.insights.append(Insight(text=f"Posts at {slot.label} earn the best engagement ({pct(slot.engagement_rate)}, "
                                f"{lift:.1f}× the overall {pct(overall)}).", impact=level))
    out.recommendations.append(Recommendation(text=f"Schedule key posts around {slot.label}.", priority=level))
    if metrics.total_posts:
        out.patterns.append(Pattern(text=f"{slot.posts} of {metrics.total_posts} posts went out at {slot.label}.",
                                    frequency=round(slot.posts / metrics.total_posts, 4)))
    day = supported_best(metrics.best_weekdays)
    if day is not None:
        posts = f"{day.posts} post{'' if day.posts == 1 else 's'}"
        out.patterns.append(Pattern(text=f"{day.label} is the strongest weekday ({pct(day.engagement_rate)} over "
                                    f"{posts}).", frequency=round(day.posts / metrics.total_posts, 4)))


def _trend(metrics: Metrics, out: AnalyzeOutput, confidence: float) -> None:
    trend = metrics.trend
    if trend is None:
        return
    change = trend.engagement_change if trend.engagement_change is not None else trend.views_change
    size = abs(change or 0.0)
    level: Level = "high" if size > 0.2 else "medium" if size > 0.05 else "low"
    what = "Engagement" if trend.engagement_change is not None else "Views"
    moved = "held steady" if trend.direction == "flat" else f"went {trend.direction} {size * 100:.0f}% (relative)"
    out.insights.append(Insight(text=f"{what} {moved} from the first half to the second half of the period "
                                f"({pct(trend.first_half_engagement_rate)} → {pct(trend.second_half_engagement_rate)}"
                                f"; views {trend.first_half_views:,} → {trend.second_half_views:,}).", impact=level))
    if trend.direction == "down":
        out.recommendations.append(Recommendation(
            text="Engagement is slipping: repeat the formats of your best posts and test new hooks.", priority=level))
    rate = trend.second_half_engagement_rate
    if rate is not None and change is not None:
        projected = rate * (1 + (trend.engagement_change or 0.0) / 2)  # half the last change again, damped
        out.predictions.append(Prediction(text=f"If the trend holds, next period's engagement rate is about "
                                          f"{pct(projected)}.", confidence=round(confidence * 0.8, 2)))


def _revenue(metrics: Metrics, out: AnalyzeOutput) -> None:
    earners = sorted(((n, g) for n, g in metrics.by_platform.items() if g.revenue_share),
                     key=lambda item: (-(item[1].revenue_share or 0.0), item[0]))
    if not earners:
        return
    name, group = earners[0]
    share = group.revenue_share or 0.0
    level: Level = "high" if share > 0.6 else "medium" if share > 0.4 else "low"
    out.insights.append(Insight(text=f"{name} brings {pct(share)} of revenue (${group.revenue_usd:,.2f} of "
                                f"${metrics.total_revenue_usd:,.2f}).", impact=level))
    if share > 0.6 and len(metrics.by_platform) > 1:
        out.recommendations.append(Recommendation(
            text=f"Revenue depends on {name}: use the other platforms to funnel fans to it, and diversify.",
            priority="medium"))
    if metrics.revenue_per_follower is not None:
        out.patterns.append(Pattern(text=f"Revenue per follower is ${metrics.revenue_per_follower:.4f}.",
                                    frequency=1.0))


def analyze_metrics(metrics: Metrics) -> AnalyzeOutput:
    out = AnalyzeOutput(metrics=metrics)
    confidence = sample_confidence(metrics.total_posts)
    _compare(metrics.by_content_type, "posts", out)
    _compare(metrics.by_platform, "posts", out)
    _timing(metrics, out)
    _trend(metrics, out, confidence)
    _revenue(metrics, out)
    for name, group in sorted(metrics.by_content_type.items()):
        if metrics.total_posts and group.posts:
            out.patterns.append(Pattern(text=f"{group.posts} of {metrics.total_posts} posts are {name}.",
                                        frequency=round(group.posts / metrics.total_posts, 4)))
    highs = [o for o in metrics.outliers if o.direction == "high"]
    if highs:
        best = max(highs, key=lambda o: o.engagement_rate)
        out.insights.append(Insight(text=f"{len(highs)} post(s) far above the rest, best a {best.content_type} on "
                                    f"{best.platform} at {pct(best.engagement_rate)}: study and repeat them.",
                                    impact="medium"))
    if metrics.posts_without_views:
        out.recommendations.append(Recommendation(
            text=f"{metrics.posts_without_views} post(s) have no views recorded: export views to include them.",
            priority="low"))
    if metrics.engagement_rate is not None:
        out.predictions.append(Prediction(text=f"A typical new post should earn about {pct(metrics.engagement_rate)}"
                                          " engagement.", confidence=confidence))
    out.confidence = confidence
    return out
