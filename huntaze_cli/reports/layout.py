"""What a report shows, in order: sections of notes, charts and their numbers as tables of plain text. The
HTML and Markdown writers both render this, so the two formats carry the same numbers. Texts here are raw
(names from imported files included): each writer escapes for its own format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from huntaze_cli import money

ARROWS = {"up": "▲", "down": "▼", "flat": "▶", "none": "–"}
TONE_WORDS = {"good": "better", "bad": "worse", "neutral": ""}


@dataclass(frozen=True)
class Mark:
    """A table cell with a tone: a delta drawn with an arrow, a word and a colour (never colour alone)."""

    text: str
    tone: str  # good | bad | neutral


Cell = str | Mark


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    numeric: set[int] = field(default_factory=set)  # right-aligned columns


@dataclass
class Figure:
    title: str
    chart: str | None = None       # key into the charts, or None for a table alone
    table: Table | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    notes: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    items: list[str] = field(default_factory=list)   # a bulleted list (insights)


@dataclass
class Page:
    title: str
    subtitle: str
    sections: list[Section]
    empty: str | None = None  # the sentence shown instead of sections when there is no data


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def usd(value: float | None) -> str:
    """A report's dollars: huntaze's one rule (huntaze_cli.money), a dash where there is no figure."""
    return "–" if value is None else money.usd(value)


def _value(metric: str, value: float | None) -> str:
    if metric.endswith("Usd"):
        return usd(value)
    if metric.endswith("Rate"):
        return pct(value, 2)
    return num(value)


def delta_mark(row: dict[str, Any]) -> Mark:
    direction, metric = row["direction"], row["metric"]
    arrow = ARROWS[direction]
    if direction == "none":
        return Mark(f"{arrow} no previous data", "neutral")
    if direction == "flat":
        return Mark(f"{arrow} flat", "neutral")
    change = row["change"]
    if metric.endswith("Rate"):
        amount = f"{change * 100:+.2f} pts"
    elif metric.endswith("Usd"):
        amount = ("+" if change > 0 else "−") + usd(abs(change))
    else:
        amount = f"{change:+,.0f}"
    relative = f" ({row['changePct'] * 100:+.0f}%)" if row["changePct"] is not None and not metric.endswith("Rate") \
        else ""
    word = TONE_WORDS[row["tone"]]
    return Mark(f"{arrow} {direction} {amount}{relative}" + (f", {word}" if word else ""), row["tone"])


def deltas_table(rows: list[dict[str, Any]]) -> Table:
    return Table(["", "this period", "previous period", "change"],
                 [[r["label"], _value(r["metric"], r["current"]), _value(r["metric"], r["previous"]), delta_mark(r)]
                  for r in rows], numeric={1, 2})


def _period(data: dict[str, Any]) -> str:
    period = data["period"]
    return f"{period['since'][:10]} to {period['until'][:16].replace('T', ' ')} UTC ({period['days']} days)"


def _gaps(gaps: list[str], days: int) -> list[str]:
    if not gaps:
        return []
    shown = ", ".join(gaps[:10]) + (f" and {len(gaps) - 10} more" if len(gaps) > 10 else "")
    return [f"No usage recorded on {len(gaps)} of {days} days (dashed grey lines in the chart): {shown}."]


def _spend_section(data: dict[str, Any], charts: set[str]) -> Section:
    spend, hourly = data["spend"], data["hourly"]
    totals = spend["totals"]
    section = Section("spend", "AI spend", notes=[
        f"{usd(totals['costUsd'])} over {num(totals['requests'])} requests "
        f"({num(totals['cached'])} from the cache, {num(totals['errors'])} failed)."])
    days = [r for r in spend["byDay"] if r["costUsd"] is not None]
    section.figures.append(Figure("AI spend per day, by feature", "spend-by-day" if "spend-by-day" in charts else None,
                                  Table(["day", "spend", "requests"],
                                        [[r["day"], usd(r["costUsd"]), num(r["requests"])] for r in days], {1, 2}),
                                  notes=_gaps(spend["gapDays"], data["period"]["days"])))
    section.figures.append(Figure("AI spend by feature", "spend-by-feature" if "spend-by-feature" in charts else None,
                                  Table(["feature", "spend", "requests"],
                                        [[r["feature"], usd(r["costUsd"]), num(r["requests"])]
                                         for r in spend["byFeature"]], {1, 2})))
    cap = spend["monthlyCapUsd"]
    cap_text = (f"{usd(spend['monthToDateUsd'])} of the {usd(cap)} monthly cap ({pct(spend['capShare'])}) spent in "
                f"{spend['month']}." if cap else f"{usd(spend['monthToDateUsd'])} spent in {spend['month']}; the plan "
                                                 "has no monthly cap.")
    section.figures.append(Figure(f"Month-to-date spend against the plan's cap ({data['plan']} plan)",
                                  "month-to-date" if "month-to-date" in charts else None, notes=[cap_text]))
    limit = hourly["limit"]
    section.figures.append(Figure(
        "Hourly limit use", "hourly-peak" if "hourly-peak" in charts else None,
        Table(["day", "busiest hour (UTC)", "requests", "of the limit"],
              [[r["day"], f"{r['hour']:02d}:00", num(r["peakRequests"]),
                pct(r["peakRequests"] / limit if limit else None)]
               for r in hourly["peakByDay"] if r["peakRequests"] is not None], {2, 3}),
        notes=[f"Limit {num(limit)} requests per hour; the busiest hour of the period used {num(hourly['peak'])} "
               f"({pct(hourly['peakShare'])}); {num(hourly['hoursAtLimit'])} day(s) reached the limit. "
               f"Last hour of the period: {num(spend['lastHourRequests'])} requests."]))
    return section


def _group_table(groups: list[dict[str, Any]]) -> Table:
    return Table(["", "posts", "views", "engagement", "revenue"],
                 [[g["name"], num(g["posts"]), num(g["views"]), pct(g["engagementRate"], 2), usd(g["revenueUsd"])]
                  for g in groups], {1, 2, 3, 4})


def _engagement_section(data: dict[str, Any], charts: set[str]) -> Section:
    engagement = data["engagement"]
    section = Section("engagement", "Engagement")
    if engagement is None:
        section.notes.append(f"No analysis stored for {data['creator']} yet: run `huntaze analyze posts.csv "
                             f"--creator {data['creator']}` with a metrics export to see engagement here.")
        return section
    timeframe = engagement["timeframe"]
    span = f", posts from {(timeframe['start'] or '')[:10]} to {(timeframe['end'] or '')[:10]}" \
        if timeframe.get("start") else ""
    section.notes.append(f"From the analysis of {engagement['analyzedAt'][:10]}{span}: "
                         f"{num(engagement['posts'])} posts, "
                         f"{num(engagement['views'])} views, engagement {pct(engagement['engagementRate'], 2)}.")
    section.figures.append(Figure("By platform", "by-platform" if "by-platform" in charts else None,
                                  _group_table(engagement["byPlatform"])))
    section.figures.append(Figure("By content type", "by-content-type" if "by-content-type" in charts else None,
                                  _group_table(engagement["byContentType"])))
    cells = engagement["weekdayHour"]
    if cells is None:
        heat = Figure("By weekday and hour", notes=[
            "This analysis was stored before huntaze kept the weekday × hour grid: run `huntaze analyze` again."])
    elif not cells:
        heat = Figure("By weekday and hour", notes=["The analysed export has no dated posts with views."])
    else:
        best = sorted(cells, key=lambda c: (-c["engagementRate"], -c["posts"]))[:5]
        heat = Figure("By weekday and posting hour (UTC)", "weekday-hour" if "weekday-hour" in charts else None,
                      Table(["best slots", "posts", "engagement"],
                            [[f"{c['weekday']} {c['hour']:02d}:00", num(c["posts"]), pct(c["engagementRate"], 2)]
                             for c in best], {1, 2}),
                      notes=[f"{len(cells)} of 168 weekday-hour slots have posts; empty cells had none."])
    section.figures.append(heat)
    return section


def _fans_section(data: dict[str, Any], charts: set[str]) -> Section:
    fans = data["fans"]
    sales = fans["sales"]
    section = Section("fans", "Fans and sales", notes=[
        f"{usd(sales['revenueUsd'])} from {num(sales['purchases'])} purchases by {num(sales['buyingFans'])} fans "
        f"in this period."])
    if not fans["fans"]:
        section.notes.append("No fans imported yet: `huntaze fans import purchases.csv` brings the purchase history.")
        return section
    section.figures.append(Figure(
        "Fan segments", "segments" if "segments" in charts else None,
        Table(["segment", "fans", "revenue", "90-day revenue", "purchases", "acceptance"],
              [[s["segment"], num(s["fans"]), usd(s["revenueUsd"]), usd(s["revenue90dUsd"]), num(s["purchases"]),
                pct(s["acceptance"])] for s in fans["segments"]], {1, 2, 3, 4, 5}),
        notes=[f"{s['segment']}: {s['definition']}." for s in fans["segments"]]))
    if "segments-revenue" in charts:
        section.figures.append(Figure("90-day revenue per segment", "segments-revenue"))
    section.figures.append(Figure(
        "Top fans by 90-day spend", "top-fans" if "top-fans" in charts else None,
        Table(["fan", "id", "90-day spend", "purchases"],
              [[f["name"], f["fanId"], usd(f["spend90dUsd"]), num(f["purchases90d"])] for f in fans["topFans"]],
              {2, 3}),
        notes=[] if fans["topFans"] else ["No purchase in the last 90 days."]))
    return section


def _experiments_section(data: dict[str, Any], charts: set[str]) -> Section:
    section = Section("experiments", "Experiments")
    if not data["experiments"]:
        section.notes.append("No experiment yet: `huntaze experiments new NAME --variant A=... --variant B=...`.")
    for n, e in enumerate(data["experiments"]):
        key = f"experiment-{n + 1}"
        section.figures.append(Figure(
            f"{e['name']} ({e['status']})", key if key in charts else None,
            Table(["variant", "sent", "bought", "conversion", "95% interval", "revenue", "P(best)"],
                  [[v["label"], num(v["sent"]), num(v["bought"]), pct(v["conversionRate"]),
                    "–" if v["conversionInterval95"] is None else
                    f"{pct(v['conversionInterval95'][0])} – {pct(v['conversionInterval95'][1])}",
                    usd(v["revenueUsd"]), pct(v["probabilityBest"])] for v in e["variants"]], {1, 2, 3, 5, 6}),
            notes=[f"Verdict: {e['verdict']}"] + [f"{v['label']}: {v['text']}" for v in e["variants"]]))
    return section


def _insights_section(data: dict[str, Any]) -> Section:
    found = data["insights"]
    section = Section("insights", "Insights and recommendations")
    section.items += [f"Insight: {i['text']}" for i in found["insights"]]
    section.items += [f"Recommendation: {r['text']}" for r in found["recommendations"]]
    section.items += [f"{k['kind']} ({k['sourceAgent']}): {k['text']}" for k in found["knowledge"]]
    if not section.items:
        section.notes.append("No stored insights yet; they come from `huntaze analyze` and the other agents.")
    return section


def creator_page(data: dict[str, Any], charts: set[str]) -> Page:
    title = f"Performance report: {data['creator']}"
    subtitle = f"{_period(data)} · {data['plan']} plan"
    if not data["hasData"]:
        return Page(title, subtitle, [], empty=(
            f"No data for {data['creator']} yet: no AI usage, analysis, fans, purchases, experiments or insights are "
            "recorded. Import an export (`huntaze fans import`, `huntaze analyze`) or use huntaze, and the next "
            "report will have numbers."))
    changes = Section("changes", "What changed since the previous period",
                      notes=[f"Previous period: {data['previousPeriod']['since'][:10]} to "
                             f"{data['previousPeriod']['until'][:10]}."],
                      figures=[Figure("Changes", table=deltas_table(data["deltas"]))])
    return Page(title, subtitle, [changes, _spend_section(data, charts), _engagement_section(data, charts),
                                  _fans_section(data, charts), _experiments_section(data, charts),
                                  _insights_section(data)])


def _cost_table(rows: list[dict[str, Any]], key: str, extra: bool = False) -> Table:
    headers = [key, "spend", "requests", "failed", "cache hits"] + (["fallbacks"] if extra else [])
    return Table(headers, [[r[key], usd(r["costUsd"]), num(r["requests"]), num(r["errors"]),
                            f"{num(r['cached'])} ({pct(r['cacheHitRate'])})"]
                           + ([num(r["fallbacks"])] if extra else []) for r in rows], {1, 2, 3, 4, 5})


def agency_page(data: dict[str, Any], charts: set[str]) -> Page:
    title = "Agency report: every creator"
    subtitle = f"{_period(data)} · {data['creators']} creators"
    if not data["hasData"]:
        return Page(title, subtitle, [], empty="No AI usage is recorded in this period or the one before it.")
    totals = data["totals"]

    def chart(key: str) -> str | None:
        return key if key in charts else None

    overview = Section("changes", "What changed since the previous period", notes=[
        f"{usd(totals['costUsd'])} over {num(totals['requests'])} requests; {pct(data['errorRate'])} failed, "
        f"{num(data['fallbacks'])} answered after a fallback, {pct(data['cacheHitRate'])} from the cache."],
        figures=[Figure("Changes", table=deltas_table(data["deltas"]))])
    spend = Section("spend", "Spend", figures=[
        Figure("AI spend per day, by creator", chart("spend-by-day"),
               Table(["day", "spend", "requests"], [[r["day"], usd(r["costUsd"]), num(r["requests"])]
                                                    for r in data["byDay"] if r["costUsd"] is not None], {1, 2}),
               notes=_gaps(data["gapDays"], data["period"]["days"])),
        Figure("By creator", chart("by-creator"), _cost_table(data["byCreator"], "creator", extra=True)),
        Figure("By model", chart("by-model"), _cost_table(data["byModel"], "model")),
        Figure("By provider", chart("by-provider"), _cost_table(data["byProvider"], "provider"))])
    reliability = Section("reliability", "Failures, fallbacks and cache", figures=[
        Figure("Failures by provider", chart("failures"),
               Table(["provider", "what failed", "requests"],
                     [[r["provider"], "request failed (whole chain)", num(r["errors"])] for r in data["byProvider"]
                      if r["errors"]] + [[f["provider"], f"link failed: {f['outcome']}", num(f["requests"])]
                                         for f in data["linkFailures"]], {2}),
               notes=["A failed link was followed by the next provider in the chain; a failed request failed on "
                      "every link."]),
        Figure("Cache hit rate by creator", chart("cache-hits"))])
    return Page(title, subtitle, [overview, spend, reliability])
