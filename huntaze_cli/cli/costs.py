"""`huntaze costs`: spend and usage grouped by creator, feature, model, provider or time."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from huntaze_cli.cli.common import WideOpt, started
from huntaze_cli.core.views import COST_GROUPS as GROUPS
from huntaze_cli.errors import InvalidInput

FORMATS = ("table", "json", "csv", "prometheus")


def register(app: typer.Typer) -> None:
    app.command("costs", help=(
        "Cost report: requests, tokens and dollars grouped by creator, feature, model, provider or time.\n\n"
        "Examples:\n\n  huntaze costs --by creator --month 2026-11\n\n"
        "  huntaze costs --by day --since 7d --chart\n\n  huntaze costs --by model --format csv > costs.csv\n\n"
        "  huntaze costs --format prometheus > /var/lib/node_exporter/huntaze.prom"))(costs)


def costs(
    by: Annotated[str, typer.Option("--by", help=f"Group by: {', '.join(GROUPS)}.")] = "creator",
    since: Annotated[str | None, typer.Option("--since", help="From this date (YYYY-MM-DD, ISO time, or 7d).")]
    = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date, inclusive.")] = None,
    month: Annotated[str | None, typer.Option("--month", help="One calendar month (UTC), YYYY-MM.")] = None,
    creator: Annotated[str | None, typer.Option("--creator", "-c", help="Only this creator.")] = None,
    format_: Annotated[str, typer.Option("--format", "-f", help=f"Output: {', '.join(FORMATS)}.")] = "table",
    csv: Annotated[bool, typer.Option("--csv", help="Same as --format csv.")] = False,
    chart: Annotated[bool, typer.Option("--chart", help="Bar chart of spend over time (daily, or weekly "
                                                         "with --by week).")] = False,
    wide: WideOpt = False,
) -> None:
    session = started("costs", creator)
    from huntaze_cli.core.views import cost_period

    start, end = cost_period(by, month=month, since=since, until=until)
    fmt = "csv" if csv else format_
    if fmt not in FORMATS:
        raise InvalidInput(f"--format '{format_}' is not a format; use one of {', '.join(FORMATS)}.")
    if session.flags.json:
        fmt = "json"
    ledger = session.ledger
    if creator is not None and ledger.get_creator(creator) is None:
        raise InvalidInput(f"Creator '{creator}' does not exist; see `huntaze creators list`.")

    if fmt == "prometheus":
        from huntaze_cli.cli.costs_render import prometheus

        print(prometheus(ledger.cost_breakdown(since=start, until=end, creator=creator)), end="")
        return
    rows = ledger.cost_report(by=by, since=start, until=end, creator=creator)
    totals = ledger.cost_totals(since=start, until=end, creator=creator)
    period = {"since": start.isoformat() if start else None, "until": end.isoformat() if end else None}
    series: list[dict[str, Any]] | None = None
    if chart:
        series = ledger.cost_report(by="week" if by == "week" else "day", since=start, until=end,
                                    creator=creator)
    data: dict[str, Any] = {"by": by, "period": period, "rows": rows, "totals": totals}
    if series is not None:
        data["series"] = series
    if fmt == "json":
        from huntaze_cli.cli import render

        # --format json prints the report like --json does (emit alone prints nothing without --json)
        render.print_json(render.success_envelope(data, render.meta(session, feature="costs", creator=creator)))
        return
    from huntaze_cli.cli import costs_render

    if fmt == "csv":
        costs_render.csv_rows(rows)
        return
    costs_render.table(by, rows, totals, period, wide=wide, quiet=session.flags.quiet)
    if series is not None:
        costs_render.chart(series, weekly=by == "week")
