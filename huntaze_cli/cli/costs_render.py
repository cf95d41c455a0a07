"""Renderings of a cost report: rich table, CSV, terminal bar chart, Prometheus text exposition."""

from __future__ import annotations

import sys
from datetime import datetime, time, timedelta
from typing import Any

from huntaze_cli.cli import render
from huntaze_cli.money import usd

COLUMNS = ("key", "requests", "providerRequests", "cached", "errors", "inputTokens", "outputTokens", "costUsd",
           "unpriced")


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def human_span(since: str | None, until: str | None) -> str:
    """The report's period as a person says it: "November 2026", "18 Nov 2026 → now", "all time". `until`
    is exclusive when it falls on midnight (a --month or --until day ends there), so the day before is shown."""
    start = datetime.fromisoformat(since) if since else None
    end = datetime.fromisoformat(until) if until else None
    midnight = time(0, 0)
    if start is None and end is None:
        return "all time"
    if start and end and start.time() == midnight and end.time() == midnight and start.day == 1 and end.day == 1 \
            and (end.year * 12 + end.month) - (start.year * 12 + start.month) == 1:
        return f"{start:%B %Y}"

    def show(moment: datetime, is_end: bool) -> str:
        if moment.time() == midnight:
            return _day(moment - timedelta(days=1) if is_end else moment)
        if is_end and moment.time() >= time(23, 59, 59):
            return _day(moment)
        return f"{_day(moment)} {moment:%H:%M} UTC"

    first = show(start, False) if start else "the beginning"
    last = show(end, True) if end else "now"
    return first if first == last else f"{first} → {last}"


def table(by: str, rows: list[dict[str, Any]], totals: dict[str, Any], period: dict[str, Any], *,
          wide: bool = False, quiet: bool = False) -> None:
    span = human_span(period["since"], period["until"])
    if not rows:
        render.message(f"No requests recorded ({span}).")
        return
    render.print_table(lambda full: _grid(by, rows, totals, span, full), wide, quiet=quiet)


# (header, key) of the count columns: every one, or the few that fit 80 columns beside the group and the cost.
_COUNTS = (("requests", "requests"), ("sent", "providerRequests"), ("cached", "cached"), ("errors", "errors"),
           ("tokens in", "inputTokens"), ("tokens out", "outputTokens"))
_SHORT = ("requests", "cached", "errors")


def _grid(by: str, rows: list[dict[str, Any]], totals: dict[str, Any], span: str, full: bool) -> Any:
    """Every column, or requests, cached, errors, tokens in/out in one column, and the cost."""
    from huntaze_cli.cli.plain_table import Column, TableSpec

    columns = [Column(by, footer="total", overflow="fold")]  # a long name folds, never loses its end
    counts = [(name, key) for name, key in _COUNTS if full or name in _SHORT]
    columns += [Column(name, "right", footer=f"{totals.get(key, 0):,}", no_wrap=True) for name, key in counts]
    if not full:
        columns.append(Column("tokens in/out", "right", no_wrap=True,
                              footer=f"{totals.get('inputTokens', 0):,}/{totals.get('outputTokens', 0):,}"))
    columns.append(Column("cost", "right", footer=usd(totals.get("costUsd", 0.0))))
    grid = TableSpec(f"Costs by {by} ({span})", columns, show_footer=True)
    for row in rows:
        cost: Any = usd(row["costUsd"])
        if row.get("unpriced"):
            cost = ((cost + " ", None), (f"(+{row['unpriced']} unpriced)", "yellow"))
        cells = [f"{row[key]:,}" for _, key in counts]
        if not full:
            cells.append(f"{row['inputTokens']:,}/{row['outputTokens']:,}")
        grid.add_row("" if row["key"] is None else str(row["key"]), *cells, cost)
    return grid


def csv_rows(rows: list[dict[str, Any]]) -> None:
    import csv  # --format csv only: not part of the table's start-up

    writer = csv.DictWriter(sys.stdout, fieldnames=list(COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def chart(series: list[dict[str, Any]], *, weekly: bool, width: int = 40) -> None:
    """Horizontal bars, one per day (or week): spend, with the request count beside it."""
    console = render.out()
    if not series:
        return
    top = max(r["costUsd"] for r in series) or 1.0
    console.print(f"\n[bold]{'Weekly' if weekly else 'Daily'} spend[/]")
    for row in series:
        filled = row["costUsd"] / top * width
        bar = "█" * int(filled) + ("▌" if filled - int(filled) >= 0.5 else "")
        console.print(f"{row['key']:>10} [cyan]{bar:<{width + 1}}[/] {usd(row['costUsd']):>10}  "
                      f"[dim]{row['requests']} req[/]")


def _label(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def prometheus(rows: list[dict[str, Any]]) -> str:
    """Text exposition format for node_exporter's textfile collector."""
    lines = [
        "# HELP huntaze_cost_usd_total Spend recorded in the huntaze ledger, in US dollars.",
        "# TYPE huntaze_cost_usd_total counter",
    ]
    for r in rows:
        labels = f'creator="{_label(r["creator"])}",feature="{_label(r["feature"])}",model="{_label(r["model"])}"'
        lines.append(f"huntaze_cost_usd_total{{{labels}}} {r['costUsd']:.6f}")
    lines += ["# HELP huntaze_requests_total Requests recorded in the huntaze ledger.",
              "# TYPE huntaze_requests_total counter"]
    for r in rows:
        labels = f'creator="{_label(r["creator"])}",feature="{_label(r["feature"])}",model="{_label(r["model"])}"'
        lines.append(f"huntaze_requests_total{{{labels}}} {r['requests']}")
    lines += ["# HELP huntaze_tokens_total Tokens recorded in the huntaze ledger.",
              "# TYPE huntaze_tokens_total counter"]
    for r in rows:
        base = f'creator="{_label(r["creator"])}",feature="{_label(r["feature"])}",model="{_label(r["model"])}"'
        lines.append(f'huntaze_tokens_total{{{base},direction="input"}} {r["inputTokens"]}')
        lines.append(f'huntaze_tokens_total{{{base},direction="output"}} {r["outputTokens"]}')
    return "\n".join(lines) + "\n"
