"""`huntaze quota`: requests this hour and spend this month against the plan, with reset times."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import CreatorOpt, emit, started
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.ledger.records import QuotaStatus


def register(app: typer.Typer) -> None:
    app.command("quota", help=(
        "Show requests in the last hour and spend this month against the creator's plan.\n\n"
        "Examples:\n\n  huntaze quota\n\n  huntaze quota --creator mia --json\n\n  huntaze quota --all"))(quota)


def quota(
    creator: CreatorOpt = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Every creator, one table.")] = False,
) -> None:
    session = started("quota", creator)
    ledger = session.ledger
    if all_:
        creators = ledger.list_creators()
    else:
        one = session.creator(creator)
        session.creator_label = one.name
        creators = [one]
    statuses = [ledger.quota_status(c.name) for c in creators]
    data: Any = [status_dict(s) for s in statuses] if all_ else status_dict(statuses[0])
    emit(data, feature="quota", creator=None if all_ else creators[0].name,
         human=lambda: render_statuses(statuses, table=all_))


def _iso(value: datetime | None) -> str | None:
    from huntaze_cli.utc import iso_z

    return iso_z(value) if value else None


def status_dict(s: QuotaStatus) -> dict[str, Any]:
    return {
        "creator": s.creator, "plan": s.plan,
        "requests": {"used": s.requests_last_hour, "limit": s.requests_per_hour, "window": "1h",
                     "resetsAt": _iso(s.window_resets_at)},
        "spend": {"usedUsd": round(s.spend_month_usd, 6), "inFlightUsd": round(s.in_flight_usd, 6),
                  "limitUsd": s.monthly_usd,
                  "month": datetime.now(timezone.utc).strftime("%Y-%m"), "resetsAt": _iso(s.month_resets_at),
                  "requestsThisMonth": s.requests_month, "unpricedRequests": s.unpriced_month},
    }


def _bar(fraction: float, width: int = 20) -> str:
    fraction = max(0.0, min(1.0, fraction))
    filled = round(fraction * width)
    # Red past 90%: the operator's cue to raise the plan before the quota refuses requests.
    colour = "red" if fraction > 0.9 else "yellow" if fraction >= 0.7 else "green"
    return f"[{colour}]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


def _until(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    seconds = max(0, int((moment - datetime.now(timezone.utc)).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    when = f"{days}d {hours}h" if days else f"{hours}h {minutes}m" if hours else f"{minutes}m"
    return f"{moment:%Y-%m-%d %H:%M} UTC (in {when})"


def render_statuses(statuses: list[QuotaStatus], *, table: bool) -> None:
    from huntaze_cli.cli import render

    console = render.out()
    if not table:
        s = statuses[0]
        req_frac = s.requests_last_hour / s.requests_per_hour if s.requests_per_hour else 0
        from rich.markup import escape

        console.print(f"[bold]{escape(s.creator)}[/] · plan [cyan]{s.plan}[/]")
        console.print(f"  requests, last hour  {_bar(req_frac)} {s.requests_last_hour}/{s.requests_per_hour}"
                      f"   next slot frees: {_until(s.window_resets_at) if s.window_resets_at else 'now'}")
        if s.monthly_usd:
            console.print(f"  spend, this month    {_bar(s.spend_month_usd / s.monthly_usd)} "
                          f"{usd(s.spend_month_usd)}/{usd(s.monthly_usd)}"
                          f"   resets: {_until(s.month_resets_at)}")
        else:
            console.print(f"  spend, this month    {usd(s.spend_month_usd)} (no monthly cap)")
        if s.in_flight_usd:
            console.print(f"  held by requests in flight: {usd(s.in_flight_usd)}")
        if s.unpriced_month:
            console.print(f"  [yellow]{s.unpriced_month} request(s) this month used a model with no known "
                          "price; set one with `huntaze config set prices.\"MODEL\".input_per_mtok ...`[/]")
        return
    from rich.table import Table

    grid = Table(title="Quota by creator", title_justify="left")
    for col in ("creator", "plan", "requests / hour", "", "spend / month", ""):
        grid.add_column(col)
    for s in statuses:
        req_frac = s.requests_last_hour / s.requests_per_hour if s.requests_per_hour else 0
        spend = f"{usd(s.spend_month_usd)} / {usd(s.monthly_usd)}" if s.monthly_usd \
            else f"{usd(s.spend_month_usd)} (no cap)"
        grid.add_row(render.text(s.creator), s.plan, f"{s.requests_last_hour}/{s.requests_per_hour}",
                     _bar(req_frac, 12),
                     spend, _bar(s.spend_month_usd / s.monthly_usd, 12) if s.monthly_usd else "")
    console.print(grid)
