"""`huntaze analyze` (metrics file → insights), `huntaze insights` (latest stored summary, no AI) and
`huntaze ideas` (content ideas from the creator's history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.ai_common import route_options
from huntaze_cli.cli.common import (
    BaseUrlOpt,
    CreatorOpt,
    ModelOpt,
    NoCacheOpt,
    ProviderOpt,
    emit,
    in_range,
    session,
    started,
)
from huntaze_cli.io import limits
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.core.coordinator import TeamAnswer


def register(app: typer.Typer) -> None:
    app.command("analyze", help=(
        "Analyse a metrics export: engagement, best hours, trend and revenue, with insights and advice.\n\n"
        "Input is CSV or JSON, one row per post (posted_at, platform, content_type, likes, comments, shares, "
        "saves, views, revenue_usd, followers). The result is stored for `insights`, and what it learns "
        "reaches caption, chat and optimize-sale.\n\n"
        "Examples:\n\n  huntaze analyze posts.csv\n\n  huntaze analyze export.json --creator mia --json"))(analyze)
    app.command("insights", help=(
        "Show the creator's latest stored analysis (no AI call).\n\n"
        "Examples:\n\n  huntaze insights --creator mia\n\n  huntaze insights --json"))(insights)
    app.command("ideas", help=(
        "Content ideas from the creator's history, with top-performing content and recommended topics.\n\n"
        "Run `huntaze analyze` first for ideas grounded in your numbers.\n\n"
        "Examples:\n\n  huntaze ideas --count 5\n\n  huntaze ideas --platform tiktok --topic fitness --json"))(ideas)


def analyze(
    metrics_file: Annotated[str, typer.Argument(help="CSV or JSON metrics file, or - for stdin.")],
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    from huntaze_cli.agents.analytics.metrics import load_metrics, parse_metrics
    from huntaze_cli.cli import render
    from huntaze_cli.cli.common import read_text
    from huntaze_cli.core.answer import analyze as core_analyze
    from huntaze_cli.core.answer import check_analyze_route

    s = started("analyze", creator)
    s.creator_label = s.creator_name(creator)
    opts = route_options(creator, provider, model, base_url, no_cache)
    check_analyze_route(s, opts)
    data = parse_metrics(read_text("-", "metrics"), "<stdin>") if metrics_file == "-" else load_metrics(metrics_file)
    answer = core_analyze(s, data, opts)

    def show() -> None:
        show_analysis(answer.data())
        render.footer(s, answer.result)

    emit(answer.data(), feature="analyze", creator=answer.creator, result=answer.result, human=show, **answer.meta())


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2%}"


def trend_text(trend: dict[str, Any]) -> str:
    """"up, engagement +12% relative (8.1% → 9.1%)": the change is relative to the first half's rate, so a
    reader does not take it for an engagement rate or for percentage points."""
    change, first, second = (trend.get(k) for k in ("engagementChange", "firstHalfEngagementRate",
                                                    "secondHalfEngagementRate"))
    if change is None:
        return str(trend.get("direction"))
    rates = f" ({_pct(first)} → {_pct(second)})" if first is not None and second is not None else ""
    return f"{trend.get('direction')}, engagement {change * 100:+.0f}% relative{rates}"


def show_analysis(data: dict[str, Any]) -> None:
    from rich.table import Table

    from huntaze_cli.cli import render

    console = render.out()
    metrics = data.get("metrics") or {}
    for title, key in (("By platform", "byPlatform"), ("By content type", "byContentType")):
        groups = metrics.get(key) or {}
        if not groups:
            continue
        grid = Table(title=title, title_justify="left")
        for col in ("", "posts", "views", "engagement", "revenue", "revenue share"):
            grid.add_column(col, justify="right" if col else "left")
        for name, g in groups.items():
            grid.add_row(render.text(name), str(g.get("posts", 0)), f"{g.get('views', 0):,}",
                         _pct(g.get("engagementRate")),
                         usd(g.get("revenueUsd") or 0.0), _pct(g.get("revenueShare")))
        console.print(grid)
    if metrics.get("bestHours"):
        hours = ", ".join(f"{h['label']} ({_pct(h['engagementRate'])})" for h in metrics["bestHours"][:3])
        console.print(f"[bold]Best hours (UTC):[/] {hours}")
    trend = metrics.get("trend")
    if trend:
        console.print(f"[bold]Trend:[/] {trend_text(trend)}")
    sections = (("Insights", "insights", "impact"), ("Recommendations", "recommendations", "priority"),
                ("Patterns", "patterns", "frequency"), ("Predictions", "predictions", "confidence"))
    for title, key, level in sections:
        items = data.get(key) or []
        if not items:
            continue
        console.print(f"\n[bold]{title}[/]")
        for item in items:
            tag = item.get(level)
            tag_txt = f"{tag:.0%}" if isinstance(tag, float) else str(tag)
            console.print(f"  [cyan]{tag_txt:>6}[/]  ", end="")
            console.print(item.get("text", ""), markup=False)
    if data.get("confidence") is not None:
        console.print(f"\n[dim]confidence {data['confidence']:.0%}[/]")


def insights(creator: CreatorOpt = None) -> None:
    s = started("insights", creator)
    c = s.find_creator(creator)  # reading never creates `default`
    name = s.creator_label = s.creator_name(creator)
    stored = s.ledger.latest_summary(c.id) if c is not None else None
    if c is None or stored is None:
        from huntaze_cli.errors import NotFound

        raise NotFound(f"No analysis stored for '{name}' yet; run `huntaze analyze METRICS_FILE"
                       f"{'' if name == 'default' else ' --creator ' + name}` first.")
    knowledge = s.ledger.current_insights(c.id, limit=10)
    data = {**stored["summary"], "createdAt": stored["created_at"],
            "knowledge": [{"text": k["text"], "kind": k["kind"], "weight": k["weight"],
                           "sourceAgent": k["source_agent"]} for k in knowledge]}

    def human() -> None:
        from huntaze_cli.cli import render

        render.note(session(), f"Analysis of {stored['created_at']} by {stored['summary'].get('provider')}")
        show_analysis(stored["summary"].get("analysis") or {})

    emit(data, feature="insights", creator=c.name, human=human)


def ideas(
    count: Annotated[int, typer.Option("--count", "-n", callback=in_range(limits.IDEAS, "--count"),
                                       help="How many ideas.")] = 5,
    platform: Annotated[str | None, typer.Option("--platform", "-P", help="Focus on one platform.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", "-t", help="A topic to include (repeatable).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language code.")] = "en",
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    from huntaze_cli.agents.content.idea_rules import IDEA_LANGUAGES
    from huntaze_cli.agents.language import written_language
    from huntaze_cli.cli import render
    from huntaze_cli.core.answer import ideas as core_ideas

    s = started("ideas", creator)
    answer, grounded = core_ideas(s, count=count, platform=platform, topics=topic or [], lang=lang,
                                  opts=route_options(creator, provider, model, base_url, no_cache))
    language, untemplated = written_language(lang, answer.result.provider, IDEA_LANGUAGES)

    def show() -> None:
        show_ideas(answer)
        if untemplated:
            render.note(s, untemplated)
        if not grounded:
            render.note(s, "No stored analysis for this creator: run `huntaze analyze FILE` for ideas grounded in "
                           "your numbers.")
        render.footer(s, answer.result)

    emit(answer.data(), feature="ideas", creator=answer.creator, result=answer.result, human=show,
         language=language, **answer.meta())


def show_ideas(answer: TeamAnswer) -> None:
    from huntaze_cli.cli import render

    console = render.out()
    out = answer.output
    for i, idea in enumerate(out.ideas, 1):
        from rich.text import Text

        line = Text(f"{i}. ", style="bold")
        line.append(idea.title, style="bold")
        line.append(f" ({idea.platform or 'any'} · {idea.content_type or 'any'})", style="dim")
        console.print(line)
        console.print(Text(f"   {idea.description}"))
    if out.recommended_topics:
        console.print("\n[bold]Recommended topics:[/] ", end="")
        console.print(", ".join(out.recommended_topics), markup=False)
    if out.top_performing_content:
        console.print("[bold]Top-performing:[/] ", end="")
        console.print("; ".join(out.top_performing_content), markup=False)


