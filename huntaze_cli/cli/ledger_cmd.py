"""`huntaze ledger info | migrate --to URL`: which ledger this host uses, and moving it to PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

from huntaze_cli.cli.common import emit, started
from huntaze_cli.cli.helpview import App
from huntaze_cli.errors import InvalidInput

app = App(
    help="The ledger itself: where it is, its schema and size, and moving it to a shared PostgreSQL.\n\n"
         "Examples:\n\n  huntaze ledger info\n\n"
         "  huntaze ledger migrate --to postgresql://huntaze:PASSWORD@db.agency.lan:5432/huntaze",
    no_args_is_help=True)


def _size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


@app.command("info")
def info() -> None:
    """Backend, location (password masked), schema version, row counts and size."""
    session = started("ledger")
    data = session.ledger.info()

    def human() -> None:
        from rich.table import Table

        from huntaze_cli.cli import render

        render.out().print(f"[bold]{data['backend']}[/bold] ledger at {data['location']}")
        render.out().print(f"schema {data['schemaVersion']} ({data['migrations']} migrations), "
                           f"{_size(data['sizeBytes'])}")
        grid = Table(title_justify="left")
        grid.add_column("table")
        grid.add_column("rows", justify="right")
        for table, count in data["rows"].items():
            grid.add_row(table, f"{count:,}")
        render.out().print(grid)

    emit(data, feature="ledger", human=human)


@app.command("migrate")
def migrate(
    to: Annotated[str, typer.Option("--to", help="The PostgreSQL ledger: postgresql://USER:PASSWORD@HOST:5432/DB.")],
) -> None:
    """Copy this machine's SQLite ledger into a PostgreSQL ledger: every table and row, safe to run twice;
    row counts and cost per month are compared on both sides before it says done."""
    from huntaze_cli.config.dburl import is_postgres_url, location_problem

    session = started("ledger")
    if not is_postgres_url(to):
        raise InvalidInput("--to must be a PostgreSQL URL like postgresql://USER:PASSWORD@HOST:5432/DATABASE.")
    problem = location_problem(to)
    if problem is not None:
        raise InvalidInput(problem)
    data = session.ledger.copy_to(to)

    def human() -> None:
        from huntaze_cli.cli import render

        copied = sum(entry["copied"] for entry in data["tables"].values())
        total = sum(entry["rows"] for table, entry in data["tables"].items() if table != "usage_daily")
        months = ", ".join(f"{m['month']} ${m['costUsd']:.2f}" for m in data["months"]) or "no usage yet"
        render.out().print(f"Copied {copied:,} new rows ({total:,} in all) to {data['to']}; row counts of "
                           f"{len(data['tables'])} tables and cost per month ({months}) match on both sides.")
        render.out().print(f"Point every host at it: `export HUNTAZE_DB='{data['to']}'` (with the real password), "
                           "or `huntaze config set ledger_url ...`.")

    emit(data, feature="ledger", human=human)
