"""Where huntaze keeps its files. HUNTAZE_HOME moves everything (tests use a temp dir);
HUNTAZE_DB (or --db) moves the ledger alone."""

from __future__ import annotations

import os
from pathlib import Path

from huntaze_cli.config.dburl import is_postgres_url, location_problem


def home_dir() -> Path | None:
    home = os.environ.get("HUNTAZE_HOME")
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    home = home_dir()
    if home is not None:
        return home
    from platformdirs import user_config_dir

    return Path(user_config_dir("huntaze", appauthor=False))


def data_dir() -> Path:
    home = home_dir()
    if home is not None:
        return home
    from platformdirs import user_data_dir

    return Path(user_data_dir("huntaze", appauthor=False))


def config_path() -> Path:
    override = os.environ.get("HUNTAZE_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def ledger_path(cli_override: str | None = None, config_url: str | None = None) -> Path | str:
    """--db wins, then HUNTAZE_DB, then config `ledger_url`, then the data dir. A postgresql:// URL is
    returned as the string it is (a Path would fold its `//`)."""
    for given in (cli_override, os.environ.get("HUNTAZE_DB"), config_url):
        if given:
            problem = location_problem(given)
            if problem is not None:
                from huntaze_cli.errors import InvalidInput

                raise InvalidInput(problem)
            return given if is_postgres_url(given) else Path(given).expanduser()
    return data_dir() / "huntaze.db"
