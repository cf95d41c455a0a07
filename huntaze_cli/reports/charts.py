"""The report's charts: Vega-Lite specs built with altair and drawn to static SVG by vl-convert (Vega's own
renderer, embedded: no browser, no network, no JavaScript in the page). Imported only by `huntaze report`.

Why this pair: a static SVG is a few KB to a few tens of KB inline, needs no script to show (so the page
works offline, in a mail client's preview and in print), and the drawing is Vega's, not ours. plotly's
offline page carries its 4.8 MB script in every file.

Colours are the Okabe–Ito palette (told apart with every common colour-vision deficiency) and viridis for
the heatmap; every chart's numbers are also printed beside it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import vl_convert

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GAP_COLOUR = "#9a9a9a"
WIDTH = 560
HEIGHT = 220
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MAX_SERIES = 8  # stacked series beyond this are summed as "others" (the palette has eight colours)
MAX_EXPERIMENT_CHARTS = 6
_ID = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Chart:
    key: str      # file-name safe: the Markdown format writes it as KEY.svg
    title: str
    svg: str


def _theme(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font="sans-serif", background="white").configure_range(category=OKABE_ITO) \
        .configure_axis(labelFontSize=11, titleFontSize=11).configure_legend(labelFontSize=11, titleFontSize=11)


def to_svg(key: str, chart: alt.TopLevelMixin) -> str:
    """Static SVG; its ids (gradients, clip paths) get the chart's key as a prefix, so that several charts
    inline in one page never point at each other's definitions."""
    svg = vl_convert.vegalite_to_svg(_theme(chart).to_dict())
    ids = set(_ID.findall(svg))
    for ident in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{ident}"', f'id="{key}-{ident}"').replace(f"url(#{ident})", f"url(#{key}-{ident})") \
            .replace(f'href="#{ident}"', f'href="#{key}-{ident}"')
    return svg


def warm() -> None:
    """Draw one tiny chart: vl-convert starts its JavaScript engine on the first call."""
    vl_convert.vegalite_to_svg({"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x"}}})


def _values(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)


def _money_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, format="$,.2f")


def _day_axis(days: list[str]) -> alt.X:
    step = max(1, len(days) // 15)  # about 15 labels, whatever the period's length
    shown = days[::step]
    return alt.X("day:O", title=None, scale=alt.Scale(domain=days),
                 axis=alt.Axis(values=shown, labelAngle=-45, labelExpr="slice(datum.value, 5)"))


def _with_gaps(bars: alt.Chart, days: list[str], gaps: list[str]) -> alt.TopLevelMixin:
    """A dashed grey rule on each day with no data: a gap is shown, not drawn as a zero."""
    if not gaps:
        return bars
    rules = alt.Chart(_values([{"day": d, "label": "no data"} for d in gaps])).mark_rule(
        color=GAP_COLOUR, strokeDash=[3, 3]).encode(
        x=_day_axis(days), opacity=alt.Opacity("label:N", legend=alt.Legend(title=None), scale=alt.Scale(range=[0.9])))
    return alt.layer(bars, rules)


def _stack_top(rows: list[dict[str, Any]], series: str) -> list[dict[str, Any]]:
    totals: dict[str, float] = {}
    for row in rows:
        totals[row[series]] = totals.get(row[series], 0.0) + row["costUsd"]
    keep = set(sorted(totals, key=lambda k: (-totals[k], k))[:MAX_SERIES - 1]) if len(totals) > MAX_SERIES \
        else set(totals)
    return [{**row, series: row[series] if row[series] in keep else "others"} for row in rows]


def spend_by_day(days: list[str], rows: list[dict[str, Any]], gaps: list[str], series: str) -> alt.TopLevelMixin:
    bars = alt.Chart(_values(_stack_top(rows, series))).mark_bar().encode(
        x=_day_axis(days), y=alt.Y("sum(costUsd):Q", axis=_money_axis("USD per day")),
        color=alt.Color(f"{series}:N", title=series)).properties(width=WIDTH, height=HEIGHT)
    return _with_gaps(bars, days, gaps)


def hbar(rows: list[dict[str, Any]], label: str, value: str, title: str, *, money: bool = False,
         percent: bool = False) -> alt.TopLevelMixin:
    axis = _money_axis(title) if money else alt.Axis(title=title, format=".1%" if percent else ",d")
    return alt.Chart(_values(rows)).mark_bar(color=OKABE_ITO[0]).encode(
        y=alt.Y(f"{label}:N", title=None, sort="-x"), x=alt.X(f"{value}:Q", axis=axis),
    ).properties(width=WIDTH - 160, height=max(40, 22 * len(rows)))


def against_limit(rows: list[dict[str, Any]], days: list[str] | None, x: str, y: str, limit: float | None,
                  y_title: str, limit_label: str, *, line: bool = False, money: bool = False) -> alt.TopLevelMixin:
    """Bars (or a running line) against a horizontal limit rule: the plan's cap or the hourly limit."""
    x_enc = _day_axis(days) if days else alt.X(f"{x}:O", title=None, axis=alt.Axis(labelAngle=-45,
                                                                                 labelExpr="slice(datum.value, 5)"))
    axis = _money_axis(y_title) if money else alt.Axis(title=y_title)
    base = alt.Chart(_values(rows))
    marks = (base.mark_line(point=True, color=OKABE_ITO[0]) if line else base.mark_bar(color=OKABE_ITO[0])).encode(
        x=x_enc, y=alt.Y(f"{y}:Q", axis=axis)).properties(width=WIDTH, height=HEIGHT)
    if limit is None:
        return marks
    rule = alt.Chart(_values([{"limit": limit, "label": limit_label}])).mark_rule(
        color=OKABE_ITO[5], strokeDash=[6, 3], size=2).encode(
        y="limit:Q", stroke=alt.Stroke("label:N", legend=alt.Legend(title=None),
                                       scale=alt.Scale(range=[OKABE_ITO[5]])))
    return alt.layer(marks, rule)


def heatmap(cells: list[dict[str, Any]]) -> alt.TopLevelMixin:
    return alt.Chart(_values(cells)).mark_rect().encode(
        x=alt.X("hour:O", title="hour (UTC)", scale=alt.Scale(domain=list(range(24)))),
        y=alt.Y("weekday:O", title=None, scale=alt.Scale(domain=WEEKDAYS)),
        color=alt.Color("engagementRate:Q", title="engagement", scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(format=".1%")),
    ).properties(width=WIDTH - 60, height=7 * 22)


def intervals(variants: list[dict[str, Any]]) -> alt.TopLevelMixin:
    """Each variant's conversion with its 95% interval."""
    rows = [{"variant": v["label"], "conversion": v["conversionRate"],
             "low": v["conversionInterval95"][0], "high": v["conversionInterval95"][1]}
            for v in variants if v["conversionInterval95"] is not None]
    base = alt.Chart(_values(rows)).encode(y=alt.Y("variant:N", title=None))
    bars = base.mark_rule(color=OKABE_ITO[0], size=3).encode(
        x=alt.X("low:Q", title="conversion, 95% interval", axis=alt.Axis(format=".1%")), x2="high:Q")
    points = base.mark_point(filled=True, size=80, color=OKABE_ITO[5]).encode(x="conversion:Q")
    return alt.layer(bars, points).properties(width=WIDTH - 160, height=max(40, 30 * len(rows)))


def _add(charts: list[Chart], key: str, title: str, make: Callable[[], alt.TopLevelMixin]) -> None:
    charts.append(Chart(key, title, to_svg(key, make())))


def creator_charts(data: dict[str, Any]) -> dict[str, Chart]:
    """The charts a creator report has data for, by section key (in the report's order)."""
    out: list[Chart] = []
    _spend_charts(out, data)
    _engagement_charts(out, data["engagement"] or {})
    _fan_charts(out, data["fans"])
    for n, experiment in enumerate(data["experiments"][:MAX_EXPERIMENT_CHARTS]):
        if any(v["conversionInterval95"] for v in experiment["variants"]):
            _add(out, f"experiment-{n + 1}", f"Experiment {experiment['name']}: conversion",
                 lambda experiment=experiment: intervals(experiment["variants"]))
    return {chart.key: chart for chart in out}


def _spend_charts(out: list[Chart], data: dict[str, Any]) -> None:
    """Spend per day and feature, month to date against the cap, and the busiest hours against the limit."""
    days = [row["day"] for row in data["spend"]["byDay"]]
    spend = data["spend"]
    if spend["byDayFeature"]:
        _add(out, "spend-by-day", "AI spend per day, by feature",
             lambda: spend_by_day(days, spend["byDayFeature"], spend["gapDays"], "feature"))
    if spend["byFeature"]:
        _add(out, "spend-by-feature", "AI spend by feature",
             lambda: hbar(spend["byFeature"], "feature", "costUsd", "USD", money=True))
    if spend["monthToDate"]:
        _add(out, "month-to-date", f"Month-to-date spend ({spend['month']}) against the plan's cap",
             lambda: against_limit(spend["monthToDate"], None, "day", "cumulativeUsd", spend["monthlyCapUsd"],
                                   "USD so far", "monthly cap", line=True, money=True))
    hourly = data["hourly"]
    if hourly["peak"]:
        _add(out, "hourly-peak", "Busiest hour of each day against the hourly limit",
             lambda: against_limit([r for r in hourly["peakByDay"] if r["peakRequests"] is not None], days,
                                   "day", "peakRequests", hourly["limit"], "requests in the busiest hour",
                                   "hourly limit"))


def _engagement_charts(out: list[Chart], engagement: dict[str, Any]) -> None:
    for key, slug, title in (("byPlatform", "by-platform", "Engagement rate by platform"),
                             ("byContentType", "by-content-type", "Engagement rate by content type")):
        groups = [g for g in engagement.get(key) or [] if g["engagementRate"] is not None]
        if groups:
            _add(out, slug, title,
                 lambda groups=groups: hbar(groups, "name", "engagementRate", "engagement rate", percent=True))
    if engagement.get("weekdayHour"):
        _add(out, "weekday-hour", "Engagement by weekday and posting hour (UTC)",
             lambda: heatmap(engagement["weekdayHour"]))


def _fan_charts(out: list[Chart], fans: dict[str, Any]) -> None:
    if fans["fans"]:
        _add(out, "segments", "Fans per segment", lambda: hbar(fans["segments"], "segment", "fans", "fans"))
        if any(s["revenue90dUsd"] for s in fans["segments"]):
            _add(out, "segments-revenue", "90-day revenue per segment",
                 lambda: hbar(fans["segments"], "segment", "revenue90dUsd", "USD, last 90 days", money=True))
    if fans["topFans"]:
        rows = [{**f, "fan": f["name"] if f["name"] == f["fanId"] else f"{f['name']} ({f['fanId']})"}
                for f in fans["topFans"]]
        _add(out, "top-fans", "Top fans by 90-day spend",
             lambda: hbar(rows, "fan", "spend90dUsd", "USD, last 90 days", money=True))


def agency_charts(data: dict[str, Any]) -> dict[str, Chart]:
    out: list[Chart] = []
    days = [row["day"] for row in data["byDay"]]
    if data["byDayCreator"]:
        _add(out, "spend-by-day", "AI spend per day, by creator",
              lambda: spend_by_day(days, data["byDayCreator"], data["gapDays"], "creator"))
    for key, label, title in (("byCreator", "creator", "AI spend by creator"),
                              ("byModel", "model", "AI spend by model"),
                              ("byProvider", "provider", "AI spend by provider")):
        if data[key]:
            _add(out, f"by-{label}", title, lambda key=key, label=label: hbar(data[key], label, "costUsd", "USD",
                                                                            money=True))
    failures = [{"provider": r["provider"], "kind": "request failed", "requests": r["errors"]}
                for r in data["byProvider"] if r["errors"]]
    failures += [{"provider": f["provider"], "kind": f"link failed: {f['outcome']}", "requests": f["requests"]}
                 for f in data["linkFailures"]]
    if failures:
        _add(out, "failures", "Failures by provider", lambda: alt.Chart(_values(failures)).mark_bar().encode(
            y=alt.Y("provider:N", title=None), x=alt.X("sum(requests):Q", title="requests"),
            color=alt.Color("kind:N", title=None)).properties(width=WIDTH - 200, height=max(40, 30 * len(
                {f["provider"] for f in failures}))))
    cache = [r for r in data["byCreator"] if r["cacheHitRate"] is not None]
    if cache:
        _add(out, "cache-hits", "Cache hit rate by creator",
              lambda: hbar(cache, "creator", "cacheHitRate", "share of requests answered from the cache",
                           percent=True))
    return {chart.key: chart for chart in out}
