"""`huntaze quota`: requests this hour and spend this month against the plan, with reset times."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import CreatorOpt, WideOpt, emit, started
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.cli import render
    from huntaze_cli.ledger.records import QuotaStatus


def register(app: typer.Typer) -> None:
    app.command("quota", help=(
        "Show requests in the last hour and spend this month against the creator's plan.\n\n"
        "Examples:\n\n  huntaze quota\n\n  huntaze quota --creator mia --json\n\n  huntaze quota --all"))(quota)


def quota(
    creator: CreatorOpt = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Every creator, one table.")] = False,
    wide: WideOpt = False,
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
         human=lambda: render_statuses(statuses, table=all_, wide=wide, quiet=session.flags.quiet))


def status_dict(s: QuotaStatus) -> dict[str, Any]:
    from huntaze_cli.core.views import quota_status

    return quota_status(s)


def _bar_colour(fraction: float) -> str:
    # Red past 90%: the operator's cue to raise the plan before the quota refuses requests.
    return "red" if fraction > 0.9 else "yellow" if fraction >= 0.7 else "green"


def _bar_pieces(fraction: float, width: int = 20) -> list[tuple[str, str | None]]:
    fraction = max(0.0, min(1.0, fraction))
    filled = round(fraction * width)
    return [("█" * filled, _bar_colour(fraction)), ("░" * (width - filled), "dim")]


def _bar(fraction: float, width: int = 20) -> str:
    """The bar as rich markup, for a table cell."""
    (full, colour), (empty, _) = _bar_pieces(fraction, width)
    return f"[{colour}]{full}[/][dim]{empty}[/]"


def _until(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    seconds = max(0, int((moment - datetime.now(timezone.utc)).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    when = f"{days}d {hours}h" if days else f"{hours}h {minutes}m" if hours else f"{minutes}m"
    return f"{moment:%Y-%m-%d %H:%M} UTC (in {when})"


def render_statuses(statuses: list[QuotaStatus], *, table: bool, wide: bool = False, quiet: bool = False) -> None:
    from huntaze_cli.cli import render

    if not table:
        render.lines(_status_lines(statuses[0]))
        return
    render.print_table(lambda full: _grid(statuses, full), wide, quiet=quiet)


def _status_lines(s: QuotaStatus) -> list[list[render.Piece]]:
    """One creator's quota as styled lines (render.lines prints them plain off a terminal, without rich)."""
    req_frac = s.requests_last_hour / s.requests_per_hour if s.requests_per_hour else 0
    rows: list[list[render.Piece]] = [[(s.creator, "bold"), (" · plan ", None), (s.plan, "cyan")]]
    rows.append([("  requests, last hour  ", None), *_bar_pieces(req_frac),
                 (f" {s.requests_last_hour}/{s.requests_per_hour}   next slot frees: "
                  f"{_until(s.window_resets_at) if s.window_resets_at else 'now'}", None)])
    if s.monthly_usd:
        rows.append([("  spend, this month    ", None), *_bar_pieces(s.spend_month_usd / s.monthly_usd),
                     (f" {usd(s.spend_month_usd)}/{usd(s.monthly_usd)}   resets: {_until(s.month_resets_at)}", None)])
    else:
        rows.append([(f"  spend, this month    {usd(s.spend_month_usd)} (no monthly cap)", None)])
    if s.in_flight_usd:
        rows.append([(f"  held by requests in flight: {usd(s.in_flight_usd)}", None)])
    if s.unpriced_month:
        rows.append([(f"  {s.unpriced_month} request(s) this month used a model with no known price; set one "
                      "with `huntaze config set prices.\"MODEL\".input_per_mtok ...`", "yellow")])
    return rows


def _grid(statuses: list[QuotaStatus], full: bool) -> Any:
    """Every creator's use, with a bar beside each figure, or without the bars where they do not fit."""
    from rich.table import Table

    from huntaze_cli.cli import render

    grid = Table(title="Quota by creator", title_justify="left")
    grid.add_column("creator", overflow="fold")  # a long name folds, never loses its end
    grid.add_column("plan", no_wrap=True)
    grid.add_column("requests/hour", no_wrap=True)
    if full:
        grid.add_column("", no_wrap=True)
    grid.add_column("spend/month", no_wrap=True)
    if full:
        grid.add_column("", no_wrap=True)
    for s in statuses:
        req_frac = s.requests_last_hour / s.requests_per_hour if s.requests_per_hour else 0
        spend = f"{usd(s.spend_month_usd)} / {usd(s.monthly_usd)}" if s.monthly_usd \
            else f"{usd(s.spend_month_usd)} (no cap)"
        cells = [render.text(s.creator), s.plan, f"{s.requests_last_hour}/{s.requests_per_hour}"]
        cells += [_bar(req_frac, 12), spend, _bar(s.spend_month_usd / s.monthly_usd, 12) if s.monthly_usd else ""] \
            if full else [spend]
        grid.add_row(*cells)
    return grid
