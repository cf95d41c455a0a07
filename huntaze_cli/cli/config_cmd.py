"""`huntaze config get/set/unset/list/path`."""

from __future__ import annotations

from typing import Annotated

import typer

from huntaze_cli.cli.common import emit, started
from huntaze_cli.cli.helpview import App

app = App(help="User configuration (TOML). Environment variables override the file.\n\n"
                       "Examples:\n\n  huntaze config set default_creator mia\n\n"
                       "  huntaze config set features.caption.provider gemini\n\n"
                       "  huntaze config set 'prices.\"my-model\".input_per_mtok' 0.2\n\n  huntaze config list",
                  no_args_is_help=True)


@app.command("path")
def path() -> None:
    """Print the config file's path."""
    from huntaze_cli.config.paths import config_path

    started("config")
    p = config_path()
    emit({"path": str(p), "exists": p.exists()}, feature="config", human=lambda: print(p))


@app.command("get")
def get(key: Annotated[str, typer.Argument(help="Dotted key, e.g. features.caption.model.")]) -> None:
    """Print one setting (keys are masked)."""
    from huntaze_cli.config.paths import config_path
    from huntaze_cli.config.settings import get_value

    started("config")
    value = get_value(config_path(), key)
    emit({"key": key, "value": value}, feature="config", human=lambda: print(value))


@app.command("set")
def set_(key: Annotated[str, typer.Argument(help="Dotted key, e.g. timeout_s.")],
         value: Annotated[str, typer.Argument(help="Value: TOML literal (30, true, [\"gemini\", \"rules\"]) "
                                                   "or text.")]) -> None:
    """Set one setting; the file is validated before it is written (mode 0600)."""
    from huntaze_cli.config.paths import config_path
    from huntaze_cli.config.settings import SECRET_FIELDS, set_value

    started("config")
    stored = set_value(config_path(), key, value)
    from huntaze_cli.config.dburl import mask_secrets

    shown = "****** (set)" if key.rsplit(".", 1)[-1] in SECRET_FIELDS else stored
    if isinstance(shown, str):
        shown = mask_secrets(shown)  # a ledger_url's password is not echoed back
    emit({"key": key, "value": shown}, feature="config", human=lambda: print(f"{key} = {shown}"))


@app.command("unset")
def unset(key: Annotated[str, typer.Argument(help="Dotted key.")]) -> None:
    """Remove one setting from the file (back to its default)."""
    from huntaze_cli.config.paths import config_path
    from huntaze_cli.config.settings import unset_value

    started("config")
    removed = unset_value(config_path(), key)
    emit({"key": key, "removed": removed}, feature="config",
         human=lambda: print(f"{key} removed" if removed else f"{key} was not set"))


@app.command("list")
def list_() -> None:
    """Every effective setting with its source (file, env, default); keys masked."""
    from huntaze_cli.config.settings import flatten

    session = started("config")
    rows = flatten(session.settings)

    def human() -> None:
        from rich.table import Table

        from huntaze_cli.cli import render

        grid = Table(title=render.text(f"Configuration ({session.settings.path})"), title_justify="left")
        for col in ("key", "value", "source"):
            grid.add_column(col)
        for k, v, src in rows:
            grid.add_row(render.text(k), render.text(v), src)
        render.out().print(grid)

    emit([{"key": k, "value": v, "source": s} for k, v, s in rows], feature="config", human=human)
