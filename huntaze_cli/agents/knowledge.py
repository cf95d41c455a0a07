"""AIKnowledgeNetwork content: turn computed metrics into KnowledgeItems, and render items for prompts.

Pure functions: the ledger stores the items per creator; agents read them back as prompt context.
Weights (0–1) rank items; a stronger, better-supported finding weighs more.
"""

from __future__ import annotations

from dataclasses import replace

from huntaze_cli.agents.analytics.metrics import supported_best
from huntaze_cli.agents.base import KnowledgeItem, fence
from huntaze_cli.agents.schemas import AnalyzeOutput, GroupStats, Metrics

SOURCE = "analytics"
_IMPACT_WEIGHT = {"high": 0.8, "medium": 0.6, "low": 0.4}


def pct(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate * 100:.1f}%"


def _ranked(groups: dict[str, GroupStats]) -> list[tuple[str, GroupStats]]:
    rated = [(name, g) for name, g in groups.items() if g.engagement_rate is not None and name != "all"]
    return sorted(rated, key=lambda item: (-(item[1].engagement_rate or 0.0), item[0]))


def _comparison(groups: dict[str, GroupStats], kind: str, noun: str) -> KnowledgeItem | None:
    ranked = _ranked(groups)
    if len(ranked) < 2 or not ranked[-1][1].engagement_rate:
        return None
    (best, top), (worst, low) = ranked[0], ranked[-1]
    ratio = (top.engagement_rate or 0.0) / (low.engagement_rate or 1.0)
    text = (f"{best} {noun} earn {ratio:.1f}× the engagement of {worst} {noun} "
            f"({pct(top.engagement_rate)} vs {pct(low.engagement_rate)})")
    weight = 0.8 if ratio >= 1.5 and top.posts >= 2 else 0.6
    return KnowledgeItem(SOURCE, kind, text, weight)


def knowledge_from_metrics(metrics: Metrics) -> list[KnowledgeItem]:
    """The durable findings in a metrics set, strongest first."""
    items = [_comparison(metrics.by_content_type, "content_type", "posts"),
             _comparison(metrics.by_platform, "platform", "posts")]
    slot = supported_best(metrics.best_hours)
    if slot is not None:
        items.append(KnowledgeItem(SOURCE, "best_hour", f"posts at {slot.label} earn the best engagement "
                                   f"({pct(slot.engagement_rate)} over {slot.posts} posts)",
                                   0.7 if slot.posts >= 2 else 0.5))
    day = supported_best(metrics.best_weekdays)
    if day is not None:
        items.append(KnowledgeItem(SOURCE, "best_weekday", f"{day.label} posts earn the best engagement "
                                   f"({pct(day.engagement_rate)})", 0.5))
    trend = metrics.trend
    if trend and trend.direction != "flat":
        change = trend.engagement_change if trend.engagement_change is not None else trend.views_change
        what = "engagement" if trend.engagement_change is not None else "views"
        items.append(KnowledgeItem(SOURCE, "trend", f"{what} is {trend.direction} {abs(change or 0) * 100:.0f}% "
                                   "in the second half of the period", 0.6))
    earners = sorted(((n, g) for n, g in metrics.by_platform.items() if g.revenue_share),
                     key=lambda item: (-(item[1].revenue_share or 0.0), item[0]))
    if earners:
        name, group = earners[0]
        items.append(KnowledgeItem(SOURCE, "revenue", f"{name} brings {pct(group.revenue_share)} of revenue "
                                   f"(${group.revenue_usd:,.2f})", 0.7 if (group.revenue_share or 0) > 0.6 else 0.5))
    return sorted((i for i in items if i is not None), key=lambda i: (-i.weight, i.kind))


def knowledge_from_analysis(output: AnalyzeOutput) -> list[KnowledgeItem]:
    """What `analyze` should store: computed findings plus its high/medium-impact insights, each tagged with
    the platforms the analysed posts came from."""
    items = knowledge_from_metrics(output.metrics)
    known = {i.text for i in items}
    for insight in output.insights:
        if insight.impact != "low" and insight.text not in known:
            items.append(KnowledgeItem(SOURCE, "insight", insight.text, _IMPACT_WEIGHT[insight.impact]))
    platforms = tuple(sorted(p for p in output.metrics.by_platform if p not in ("all", "unknown")))
    items = [replace(i, platforms=platforms) for i in items]
    return sorted(items, key=lambda i: (-i.weight, i.kind, i.text))


def for_platform(items: list[KnowledgeItem], platform: str) -> list[KnowledgeItem]:
    """The items that apply to a platform: learned from its posts, or from posts of any platform."""
    return [i for i in items if not i.platforms or platform in i.platforms]


def top_knowledge(items: list[KnowledgeItem], limit: int = 8) -> list[KnowledgeItem]:
    return sorted(items, key=lambda i: (-i.weight, i.kind, i.text))[:limit]


def render_knowledge(items: list[KnowledgeItem], limit: int = 8) -> str:
    """The 'What we know about this creator' prompt block ('' when nothing is known)."""
    chosen = top_knowledge(items, limit)
    if not chosen:
        return ""
    lines = [f"- {item.text} [{item.kind}, from {item.source_agent}, weight {item.weight:.2f}]" for item in chosen]
    # Stored text carries names from earlier input (a metrics file's platform column): data, never orders.
    return ("What we know about this creator (stored insights, use them as facts):\n"
            + fence("CREATOR_KNOWLEDGE", "\n".join(lines)))
