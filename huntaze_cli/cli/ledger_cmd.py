"""`huntaze ledger info | migrate --to URL`: which ledger this host uses, and moving it to PostgreSQL."""

from __future__ import annotations

from typing import Annotated, Any

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
    merge: Annotated[bool, typer.Option("--merge", help="Carry this ledger into one already in use (the agency's, "
                                        "other laptops'): creators matched by name, ids remapped, safe to run "
                                        "twice.")] = False,
    map_: Annotated[list[str] | None, typer.Option("--map", help="With --merge: OLD=NEW, this ledger's creator OLD "
                                                   "is the target's NEW (repeatable).")] = None,
) -> None:
    """Copy this machine's SQLite ledger into a PostgreSQL ledger: every table and row, safe to run twice;
    row counts and cost per month are compared on both sides before it says done. With --merge, into a
    PostgreSQL ledger that already has its own creators and history."""
    from huntaze_cli.config.dburl import is_postgres_url, location_problem

    session = started("ledger")
    if not is_postgres_url(to):
        raise InvalidInput("--to must be a PostgreSQL URL like postgresql://USER:PASSWORD@HOST:5432/DATABASE.")
    problem = location_problem(to)
    if problem is not None:
        raise InvalidInput(problem)
    if map_ and not merge:
        raise InvalidInput("--map renames creators while merging; add --merge.")
    if merge:
        _merge(session, to, _names(map_ or []))
        return
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


def _names(pairs: list[str]) -> dict[str, str]:
    from huntaze_cli.ledger.creators import validate_name

    names: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InvalidInput(f"--map '{pair}' should look like OLD=NEW, e.g. --map mia_laptop=mia.")
        validate_name(new.strip())
        if old.strip() in names:
            raise InvalidInput(f"--map names '{old.strip()}' twice; give each creator once.")
        names[old.strip()] = new.strip()
    return names


def _merge(session: Any, to: str, names: dict[str, str]) -> None:
    data = session.ledger.merge_into(to, names)

    def human() -> None:
        from rich.table import Table

        from huntaze_cli.cli import render

        copied = ", ".join(f"{n:,} {what}" for what, n in data["copied"].items()) or "nothing new"
        render.out().print(f"Merged into {data['to']}: {copied}.", markup=False)
        grid = Table(title="Spend per creator and month (monthly charges; usage rows)", title_justify="left")
        for col in ("creator", "month", "this ledger", "before", "after", "rows before → after"):
            grid.add_column(col, justify="left" if col in ("creator", "month") else "right")
        for m in data["months"]:
            cell = lambda d: f"{d['requests']:,} req · ${d['costUsd']:.4f}"  # noqa: E731
            rows = m["usageRows"]
            grid.add_row(render.text(m["creator"]), m["month"], cell(m["merged"]), cell(m["before"]),
                         cell(m["after"]), f"{rows['before']:,} → {rows['after']:,}")
        render.out().print(grid)
        render.hint("Every sum was checked before the commit; running the merge again copies nothing.")

    emit(data, feature="ledger", human=human)
