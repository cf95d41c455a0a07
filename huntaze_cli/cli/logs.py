"""`huntaze logs [show ID | prune]`: browse and prune the recorded requests."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from huntaze_cli.cli.common import WideOpt, emit, in_range, started
from huntaze_cli.cli.helpview import App
from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.io import limits
from huntaze_cli.money import usd

STATUSES = ("ok", "error", "pending")

app = App(
    help="Recent requests from the ledger: who, what, which model, tokens, cost.\n\n"
         "Examples:\n\n  huntaze logs -n 50\n\n  huntaze logs --creator mia --status error --since 24h\n\n"
         "  huntaze logs show 42\n\n  huntaze logs prune --older-than 90d --dry-run",
    invoke_without_command=True)


def _camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def _camel_row(row: dict[str, Any]) -> dict[str, Any]:
    return {_camel(k): v for k, v in row.items()}


@app.callback()
def logs(
    ctx: typer.Context,
    creator: Annotated[str | None, typer.Option("--creator", "-c", help="Only this creator.")] = None,
    feature: Annotated[str | None, typer.Option("--feature", "-f", help="Only this feature, e.g. caption.")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Only this model.")] = None,
    status: Annotated[str | None, typer.Option("--status", "-s", help=f"Only {', '.join(STATUSES)}.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this time (YYYY-MM-DD, ISO time, or 24h, 7d).")]
    = None,
    limit: Annotated[int, typer.Option("--limit", "-n", callback=in_range(limits.ROW_LIMIT, "--limit"),
                                       help="How many rows, newest first.")] = 20,
    wide: WideOpt = False,
) -> None:
    """List recent requests, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    from huntaze_cli.io.timeparse import parse_moment

    session = started("logs", creator)
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"--status '{status}' is not a status; use one of {', '.join(STATUSES)}.")
    start = parse_moment(since, "--since") if since else None
    if creator is not None and session.ledger.get_creator(creator) is None:
        raise NotFound(f"Creator '{creator}' does not exist; see `huntaze creators list`.")
    found = session.ledger.list_usage(creator=creator, feature=feature, model=model, status=status, since=start,
                                      limit=limit)
    rows = [_camel_row(r) for r in found]
    emit(rows, feature="logs", creator=creator, human=lambda: _table(rows, wide, session.flags.quiet))


def _table(rows: list[dict[str, Any]], wide: bool, quiet: bool) -> None:
    from huntaze_cli.cli import render

    if not rows:
        render.message("No requests recorded match; run a command, or widen the filters.")
        return
    render.print_table(lambda full: _grid(rows, full), wide, quiet=quiet)


def _grid(rows: list[dict[str, Any]], full: bool) -> Any:
    """Every column, or the seven that fit 80 columns (minute-precision time, the model without its
    provider, no tokens or cached: `logs show ID` and --wide have them)."""
    from huntaze_cli.cli.plain_table import Column, TableSpec

    columns = [("id", "right"), ("time (UTC)", "left"), ("creator", "left"), ("feature", "left"),
               ("provider:model" if full else "model", "left"), ("status", "left")]
    columns += [("tokens", "right"), ("cost", "right"), ("cached", "left")] if full else [("cost", "right")]
    # Ids, times and model names are copied into other commands: never wrap them.
    # A long creator or model name folds onto a second line rather than losing its end to an ellipsis.
    grid = TableSpec("Recent requests", [
        Column(col, justify, overflow="fold",  # type: ignore[arg-type]
               no_wrap=col in ("id", "time (UTC)", "feature", "provider:model", "cost"))
        for col, justify in columns])
    for r in rows:
        colour = {"ok": "green", "error": "red"}.get(r["status"], "yellow")
        status = ((r["status"], colour),)  # the error code is in `logs show ID`
        when = r["createdAt"][:19].replace("T", " ") if full else r["createdAt"][5:16].replace("T", " ")
        route = f"{r['provider']}:{r['model']}" if r["provider"] != r["model"] else r["provider"]
        cells = [str(r["id"]), when, _literal(r["creator"]), r["feature"], _literal(route if full else r["model"]),
                 status]
        cells += ([f"{r['inputTokens']:,}/{r['outputTokens']:,}", _cost_cell(r), "yes" if r["cached"] else ""]
                  if full else [_cost_cell(r)])
        grid.add_row(*cells)
    return grid


def _literal(value: Any) -> str:
    return "" if value is None else str(value)


def _cost_cell(r: dict[str, Any]) -> str:
    """What the row cost; a request in flight shows what it holds, an estimate is marked with ~."""

    if r["status"] == "pending":
        return f"held {usd(r.get('reservedUsd') or 0.0)}"
    cost = None if r.get("unpriced") else r["costUsd"]
    return ("~" if r.get("estimated") else "") + usd(cost)


def _parsed(text: str | None) -> Any:
    import json  # here, not at the top: `huntaze logs` itself has no JSON to parse (start-up, issue 18)

    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


@app.command("show")
def show(usage_id: Annotated[int, typer.Argument(help="Request id (the first column of `huntaze logs`).",
                                                 metavar="ID", callback=in_range(limits.ROW_ID, "ID"))]) -> None:
    """One request in full: every recorded column, with the request and response bodies."""
    session = started("logs")
    row = session.ledger.get_usage(usage_id)
    if row is None:
        raise NotFound(f"No request with id {usage_id}; see `huntaze logs`.")
    session.creator_label = row["creator"]
    data = _camel_row(row)
    data["requestJson"] = _parsed(row.get("request_json"))
    data["responseJson"] = _parsed(row.get("response_json"))
    emit(data, feature="logs", creator=row["creator"], human=lambda: _details(data))


def _details(data: dict[str, Any]) -> None:
    import json

    from rich.markup import escape

    from huntaze_cli.cli import render

    console = render.out()
    console.print(f"[bold]Request {data['id']}[/]")
    for key, value in data.items():
        if key in ("requestJson", "responseJson"):
            continue
        console.print(f"  {key:<16} {escape(str(value))}")
    for key, title in (("requestJson", "Request"), ("responseJson", "Response")):
        value = data[key]
        console.print(f"\n[bold]{title}[/]")
        if value is None:
            console.print("  (none recorded)")
        elif isinstance(value, str):
            console.print(escape(value))
        else:
            console.print(escape(json.dumps(value, indent=2, ensure_ascii=False)))


@app.command("prune")
def prune(
    older_than: Annotated[str | None, typer.Option("--older-than", help="Delete requests older than this, e.g. 90d, "
                                                                         "12w.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be deleted.")] = False,
) -> None:
    """Delete old request rows; quotas and monthly totals are kept."""
    from datetime import datetime, timezone

    from huntaze_cli.io.timeparse import parse_age
    from huntaze_cli.utc import iso_z

    session = started("logs")
    if older_than is None:
        raise InvalidInput("Say how old: `huntaze logs prune --older-than 90d` (add --dry-run to only count).")
    cutoff = datetime.now(timezone.utc) - parse_age(older_than, "--older-than")
    count = session.ledger.prune_usage(older_than=cutoff, dry_run=dry_run)
    verb = "would be deleted" if dry_run else "deleted"
    emit({"count": count, "dryRun": dry_run, "olderThan": iso_z(cutoff)},
         feature="logs",
         human=lambda: print(f"{count:,} request(s) older than {older_than} {verb}"
                             f" (before {cutoff:%Y-%m-%d %H:%M} UTC)."))
