"""`huntaze creators add/list/show/set-plan/set-limits`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import emit, in_range, started
from huntaze_cli.cli.helpview import App
from huntaze_cli.io import limits
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session
    from huntaze_cli.ledger.records import Creator

app = App(help="Creators, their plans and limits.\n\nExamples:\n\n  huntaze creators add mia --plan pro\n\n"
                       "  huntaze creators set-plan mia business\n\n  huntaze creators list --json",
                  no_args_is_help=True)

RPH = in_range(limits.REQUESTS_PER_HOUR, "--requests-per-hour")
USD = in_range(limits.MONTHLY_USD, "--monthly-usd")
PlanArg = Annotated[str, typer.Argument(help="starter (50 req/h, $10/month), pro (100 req/h, $50/month) or "
                                             "business (500 req/h, no monthly cap).")]


def creator_dict(c: Creator) -> dict[str, Any]:
    return {"name": c.name, "plan": c.plan, "requestsPerHour": c.requests_per_hour, "monthlyUsd": c.monthly_usd,
            "overrides": {"requestsPerHour": c.requests_per_hour_override, "monthlyUsd": c.monthly_usd_override},
            "platforms": list(c.platforms), "createdAt": c.created_at}


def _show(c: Creator) -> None:
    from huntaze_cli.cli import render

    cap = usd(c.monthly_usd) if c.monthly_usd is not None else "no cap"
    custom = " (custom)" if c.requests_per_hour_override is not None or c.monthly_usd_override is not None else ""
    platforms = f" · {', '.join(c.platforms)}" if c.platforms else ""
    render.out().print(f"[bold]{c.name}[/] · plan [cyan]{c.plan}[/]{custom} · {c.requests_per_hour} requests/hour"
                       f" · {cap} a month{platforms}")


@app.command("add")
def add(name: Annotated[str, typer.Argument(help="Creator name: letters, digits, _ . -")],
        plan: Annotated[str, typer.Option("--plan", help="starter, pro or business.")] = "starter",
        requests_per_hour: Annotated[int | None, typer.Option("--requests-per-hour", callback=RPH,
                                                              help="Override the plan's hourly limit.")] = None,
        monthly_usd: Annotated[float | None, typer.Option("--monthly-usd", callback=USD,
                                                          help="Override the plan's monthly cap.")] = None) -> None:
    """Add a creator."""
    session = started("creators", name)
    c = session.ledger.add_creator(name, plan, requests_per_hour=requests_per_hour, monthly_usd=monthly_usd)
    emit(creator_dict(c), feature="creators", creator=c.name, human=lambda: _show(c))


@app.command("list")
def list_() -> None:
    """List creators."""
    from huntaze_cli.cli import render
    from huntaze_cli.cli.plain_table import Column, TableSpec

    session = started("creators")
    creators = session.ledger.list_creators()

    def human() -> None:
        if not creators:
            render.message("No creators yet; add one with `huntaze creators add NAME --plan pro`.")
            return
        grid = TableSpec("Creators", [Column(col) for col in ("name", "plan", "requests/hour", "monthly cap")])
        for c in creators:
            grid.add_row(c.name, c.plan, str(c.requests_per_hour),
                         usd(c.monthly_usd) if c.monthly_usd is not None else "no cap")
        render.table(grid)

    emit([creator_dict(c) for c in creators], feature="creators", human=human)


def _require(session: Session, name: str) -> Creator:
    from huntaze_cli.errors import NotFound

    c = session.ledger.get_creator(name)
    if c is None:
        raise NotFound(f"Creator '{name}' does not exist; add it with `huntaze creators add {name}`.")
    return c


@app.command("show")
def show(name: Annotated[str, typer.Argument(help="Creator name.")]) -> None:
    """Show a creator, its limits and current quota use."""
    from huntaze_cli.cli.quota import render_statuses, status_dict

    session = started("creators", name)
    c = _require(session, name)
    status = session.ledger.quota_status(c.name)
    emit({**creator_dict(c), "quota": status_dict(status)}, feature="creators", creator=c.name,
         human=lambda: render_statuses([status], table=False))


@app.command("set-plan")
def set_plan(name: Annotated[str, typer.Argument(help="Creator name.")], plan: PlanArg) -> None:
    """Change a creator's plan."""
    session = started("creators", name)
    c = session.ledger.set_plan(name, plan)
    emit(creator_dict(c), feature="creators", creator=c.name, human=lambda: _show(c))


@app.command("set-limits")
def set_limits(name: Annotated[str, typer.Argument(help="Creator name.")],
               requests_per_hour: Annotated[int | None, typer.Option("--requests-per-hour", callback=RPH)] = None,
               monthly_usd: Annotated[float | None, typer.Option("--monthly-usd", callback=USD)] = None,
               reset: Annotated[bool, typer.Option("--reset", help="Back to the plan's limits.")] = False) -> None:
    """Override a creator's hourly limit or monthly cap (--reset goes back to the plan)."""
    from huntaze_cli.errors import InvalidInput

    session = started("creators", name)
    current = _require(session, name)
    if reset:
        c = session.ledger.set_limits(name, requests_per_hour=None, monthly_usd=None)
    elif requests_per_hour is None and monthly_usd is None:
        raise InvalidInput("Give --requests-per-hour, --monthly-usd, or --reset.")
    else:
        c = session.ledger.set_limits(
            name,
            requests_per_hour=requests_per_hour if requests_per_hour is not None
            else current.requests_per_hour_override,
            monthly_usd=monthly_usd if monthly_usd is not None else current.monthly_usd_override)
    emit(creator_dict(c), feature="creators", creator=c.name, human=lambda: _show(c))
