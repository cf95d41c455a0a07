"""The root help lists every command without converting their signatures (cli/app.root_command): it must
print exactly what the whole application prints, and a line that does run a command must get the real one."""

from __future__ import annotations

import click
import pytest
import typer

from huntaze_cli.cli import app


def _help(command: click.Command, capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    command.main(args=args, prog_name="huntaze", standalone_mode=False)
    return capsys.readouterr().out


@pytest.mark.parametrize("columns", ["60", "80", "120", "200"])
@pytest.mark.parametrize("color", [None, "1"])
def test_the_root_help_is_the_whole_apps(columns, color, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", columns)
    if color:
        monkeypatch.setenv("FORCE_COLOR", color)
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    whole = _help(typer.main.get_command(app.build()), capsys, ["--help"])
    listed = _help(app.root_command(None), capsys, ["--help"])
    assert "caption" in whole and "Commands" in whole
    assert listed == whole


def test_the_listing_has_every_command_and_no_parameters():
    root = app.root_command(None)
    assert isinstance(root, click.Group)
    assert set(root.commands) == set(app.COMMANDS)
    assert all(not c.params for c in root.commands.values())


def test_a_line_that_runs_a_command_gets_the_real_one():
    root = app.root_command(None)
    ctx = root.make_context("huntaze", ["--", "quota"], resilient_parsing=True)
    name, command, _ = root.resolve_command(ctx, ["quota"])
    assert name == "quota" and command is not None
    assert any(p.name == "all_" or "--all" in getattr(p, "opts", []) for p in command.params)


def test_a_typo_is_answered_from_the_listing(cli):
    r = cli("captoin")
    assert r.code == 2 and "Did you mean 'caption'" in r.stderr, r.stderr


def test_a_double_dash_runs_the_command(cli):
    r = cli("--", "quota")
    assert r.code == 0 and "requests, last hour" in r.stdout, r.stdout


# Every group, and one nested level below: a group's subcommands are converted only when the line runs one
# (cli/app._lazy_group), and every help page must still be the whole application's.
GROUP_PAGES = [[name] for name, module in app.COMMANDS.items()
               if hasattr(__import__(f"huntaze_cli.cli.{module}", fromlist=["app"]), "app")]


@pytest.mark.parametrize("words", [*GROUP_PAGES, ["logs", "show"], ["creators", "add"], ["fans", "import"]],
                         ids=" ".join)
@pytest.mark.parametrize("columns", ["60", "120"])
def test_a_groups_help_is_the_whole_apps(words, columns, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("FORCE_COLOR", "1")
    whole = _help(typer.main.get_command(app.build()), capsys, [*words, "--help"])
    lazy = _help(app.root_command(words[0]), capsys, [*words, "--help"])
    assert "Usage: huntaze " + " ".join(words) in click.unstyle(whole)
    assert lazy == whole


def test_a_group_converts_only_the_subcommand_the_line_runs():
    root = app.root_command("logs")
    assert isinstance(root, click.Group)
    logs = root.commands["logs"]
    assert isinstance(logs, click.Group)
    ctx = click.Context(logs)
    assert logs.commands == {}  # nothing converted yet
    assert logs.list_commands(ctx) == ["show", "prune"]
    show = logs.get_command(ctx, "show")
    assert show is not None and [p.name for p in show.params] == ["usage_id"]
    assert list(logs.commands) == ["show"]
    assert logs.get_command(ctx, "nope") is None


def test_a_groups_typo_is_answered(cli):
    r = cli("logs", "shwo", "1")
    assert r.code == 2 and "Did you mean 'show'" in r.stderr, r.stderr


def test_a_groups_subcommand_runs(cli):
    r = cli("creators", "add", "ana", "--plan", "pro")
    assert r.code == 0, r.stderr
    r = cli("creators", "list")
    assert r.code == 0 and "ana" in r.stdout, r.stdout
