"""Issue 16 items 1 and 4: a password planted in a ledger URL never reaches stdout or stderr on any error path
(unknown scheme, malformed URL, missing directory, `config set`, --json, --debug), and a PostgreSQL URL that
names no host or no database is refused with exit 2 before anything connects. Real processes throughout."""

from __future__ import annotations

import json

import pytest

PASSWORD = "s3cr3tPWplanted"

# (location, expected exit code): each one is a wrong ledger location with the password in it.
BAD_LOCATIONS = [
    (f"mysql://bob:{PASSWORD}@127.0.0.1/x", 2),  # unknown scheme
    (f"sqlite://bob:{PASSWORD}@h/x", 2),
    (f"postgresql://bob:{PASSWORD}@[::1", 2),  # malformed (unclosed IPv6 bracket)
    (f"postgresql://bob:{PASSWORD}@db.example:notaport/x", 2),  # malformed port
    (f"postgresql://bob:{PASSWORD}@db.example", 2),  # no database
    (f"postgresql://bob:{PASSWORD}@/huntaze", 2),  # no host
    (f"mysql:/bob:{PASSWORD}@127.0.0.1/x", 6),  # one slash: a file path whose directory does not exist
]


def _assert_clean(result, code: int) -> None:  # type: ignore[no-untyped-def]
    assert result.code == code, (result.code, result.stdout, result.stderr)
    assert PASSWORD not in result.stdout
    assert PASSWORD not in result.stderr


@pytest.mark.parametrize(("location", "code"), BAD_LOCATIONS)
@pytest.mark.parametrize("flags", [(), ("--json",), ("--debug",), ("--json", "--debug")])
def test_db_flag_never_shows_the_password(cli, location: str, code: int, flags: tuple[str, ...]) -> None:
    result = cli.proc(*flags, "--db", location, "quota")
    _assert_clean(result, code)
    if "--json" in flags:
        envelope = json.loads(result.stdout)
        assert envelope["success"] is False
    else:
        assert result.stderr.startswith("Error:") or "--debug" in flags
    if "--debug" not in flags:
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("location", "code"), BAD_LOCATIONS)
def test_huntaze_db_env_never_shows_the_password(cli, location: str, code: int) -> None:
    _assert_clean(cli.proc("costs", extra_env={"HUNTAZE_DB": location}), code)
    _assert_clean(cli.proc("--json", "--debug", "costs", extra_env={"HUNTAZE_DB": location}), code)


def test_bare_postgresql_url_is_refused_before_connecting(cli) -> None:
    for location in ("postgresql://", "postgres://", "postgresql:///", "postgresql://u@/"):
        result = cli.proc("--db", location, "quota")
        assert result.code == 2, (location, result.stderr)
        assert result.stderr.startswith("Error:") and result.stderr.count("\n") == 1
        assert "host" in result.stderr


@pytest.mark.parametrize("target", ["postgresql://", f"postgresql://bob:{PASSWORD}@[::1",
                                    f"postgresql://bob:{PASSWORD}@db.example", f"mysql://bob:{PASSWORD}@h/x"])
def test_ledger_migrate_to_is_checked_the_same_way(cli, target: str) -> None:
    _assert_clean(cli.proc("--debug", "ledger", "migrate", "--to", target), 2)
    _assert_clean(cli.proc("--json", "ledger", "migrate", "--to", target), 2)


def test_missing_database_is_named(cli) -> None:
    result = cli.proc("--db", "postgresql://u@db.example", "quota")
    assert result.code == 2
    assert "database" in result.stderr


def test_config_set_ledger_url_does_not_echo_the_password(cli) -> None:
    url = f"postgresql://bob:{PASSWORD}@127.0.0.1:5432/x"
    for flags in ((), ("--json",)):
        result = cli.proc(*flags, "config", "set", "ledger_url", url)
        assert result.code == 0, result.stderr
        assert PASSWORD not in result.stdout + result.stderr
        assert "bob" in result.stdout  # the rest of the URL is still shown
    assert PASSWORD not in cli.proc("config", "list").stdout
    # A ledger_url from the config that cannot be used: still masked.
    (cli.home / "config.toml").write_text(f'ledger_url = "mysql://bob:{PASSWORD}@h/x"\n')
    _assert_clean(cli.proc("--debug", "quota"), 6)  # a bad config file is exit 6


@pytest.mark.parametrize("text", [
    f"mysql://bob:{PASSWORD}@127.0.0.1/x",
    f"mysql:/bob:{PASSWORD}@127.0.0.1",  # what Path() makes of a URL: one slash
    f"directory postgresql://:{PASSWORD}@h/db does not exist",
    f"postgresql://bob:{PASSWORD}@[::1",
    f"host=h password={PASSWORD} dbname=x",
    f"postgresql://u@h/db?password={PASSWORD}&sslmode=require",
])
def test_mask_credentials_masks_every_shape(text: str) -> None:
    from huntaze_cli.redaction import mask_credentials

    masked = mask_credentials(text)
    assert PASSWORD not in masked
    assert "***" in masked


def test_mask_credentials_leaves_ordinary_text_alone() -> None:
    from huntaze_cli.redaction import mask_credentials

    for text in ("The ledger /home/mia/huntaze.db is read-only.", "postgresql://ops@db.lan:5432/huntaze",
                 "Try `huntaze creators add mia` (see https://example.com/docs)."):
        assert mask_credentials(text) == text
