"""The Typer application: one module per command group. Only the module of the command being run is imported
(`build`): `huntaze quota` loads quota's module and nothing of caption's, and `huntaze --help` (which lists every
command) loads them all but converts none (`root_command`). Command modules import only typer and light helpers
at module level, so no help ever loads an SDK."""

from __future__ import annotations

import copy
import inspect
from importlib import import_module
from typing import TYPE_CHECKING, Any

import click
import typer

from huntaze_cli import __version__
from huntaze_cli.cli.helpview import App, HelpGroup

if TYPE_CHECKING:
    from typer.models import TyperInfo

# Command name -> its module in huntaze_cli.cli, in the order the root help lists them. A module either has
# `register(app)` (adds its top-level commands) or a Typer `app` (a group named after the command).
# tests/cli/test_startup_imports.py checks this table against the commands the modules declare.
COMMANDS: dict[str, str] = {
    "caption": "caption",
    "image": "image",
    "chat": "chat", "suggest": "chat",
    "transcribe": "transcribe",
    "optimize-sale": "sale",
    "analyze": "analytics", "insights": "analytics", "ideas": "analytics",
    "replies": "replies",
    "voice": "voice",
    "fans": "fans",
    "mass-message": "mass_message",
    "experiments": "experiments",
    "test-prompt": "prompt",
    "quota": "quota",
    "costs": "costs",
    "report": "report",
    "creators": "creators",
    "providers": "providers",
    "config": "config_cmd",
    "init": "init_cmd",
    "hooks": "hooks_cmd",
    "logs": "logs",
    "ledger": "ledger_cmd",
    "serve": "serve",
    "tokens": "tokens",
}


_HELP = ("AI co-pilot for content creators and agencies: captions, fan replies, sales messages and "
         "analytics, with an exact ledger of every request's tokens, dollars and quotas.\n\n"
         "Works with no API key through the built-in rules engine: try "
         "`huntaze caption --platform tiktok \"sunset run on the beach\"`.")
_EPILOG = ("Global options, accepted before or after any command: --json (the JSON envelope), --quiet, "
           "--debug (tracebacks), --db PATH (ledger file). Exit codes: 0 ok, 1 unexpected, 2 bad input, "
           "3 quota exceeded, 4 rate limited, 5 provider failure, 6 configuration or credentials.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"huntaze {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
    json_: bool = typer.Option(False, "--json", help="Print the JSON envelope (scripts)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the result."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    db: str = typer.Option(None, "--db", help="Ledger file, or a postgresql:// URL shared by several hosts "
                                              "(default: the user data dir; env HUNTAZE_DB, config ledger_url)."),
) -> None:
    # The global flags are taken out of the command line before Typer sees it (cli/main.py), so they work
    # after the command name too; they are declared here only so that --help lists them.
    del version, json_, quiet, debug, db


def _app(group: type[HelpGroup] = HelpGroup) -> typer.Typer:
    app = App(name="huntaze", help=_HELP, epilog=_EPILOG, no_args_is_help=True, add_completion=False,
              pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]}, cls=group)
    app.callback()(_root)
    return app


def _register(app: typer.Typer, modules: list[str]) -> None:
    for name in modules:
        module = import_module(f"huntaze_cli.cli.{name}")
        if hasattr(module, "register"):
            module.register(app)
        else:
            app.add_typer(module.app, name=next(c for c, m in COMMANDS.items() if m == name))


def build(command: str | None = None) -> typer.Typer:
    """The app with `command`'s module registered, or with every module when `command` is None or unknown."""
    app = _app()
    _register(app, [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values())))
    return app


def root_command(command: str | None) -> click.Command:
    """The click command for a line whose first word is `command`: a known command's module alone, else (the
    root help, --version, a typo that wants "did you mean") a root that lists every command from its help text
    only. Converting every command's signature into click parameters was 310M of `--help`'s 824M instructions;
    here a command is converted only if the line runs it after all (`huntaze -- quota`)."""
    if command in COMMANDS:
        app = build(command)
        # A group (`logs`, `creators`): its own subcommands too are converted only when the line runs one.
        app.registered_groups = [_lazy_group(info, app) for info in app.registered_groups]
        return typer.main.get_command(app)
    root = typer.main.get_command(_app(_ListingGroup))
    assert isinstance(root, _ListingGroup)
    listed = typer.Typer()
    _register(listed, list(dict.fromkeys(COMMANDS.values())))
    for info in listed.registered_commands:
        assert info.callback is not None
        help_ = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
        _listing(root, info.name or typer.main.get_command_name(info.callback.__name__), help_, info)
    for group in listed.registered_groups:
        solved = typer.main.solve_typer_info_defaults(group)
        _listing(root, solved.name or "", solved.help, solved)
    return root


def _listing(root: click.Group, name: str, help_: str | None, info: Any) -> None:
    """A command as the root help lists it (name, help, panel, hidden, deprecated), without its parameters."""
    shown = click.Command(name, help=help_, short_help=info.short_help, hidden=info.hidden,
                          deprecated=info.deprecated)
    shown.rich_help_panel = info.rich_help_panel  # type: ignore[attr-defined]  # read by helpview
    root.add_command(shown)


class _ListingGroup(HelpGroup):
    """The root of `root_command`: its commands are listings until the line runs one."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else None
        if name in COMMANDS and name in self.commands:
            real = typer.main.get_command(build(name))
            assert isinstance(real, click.Group)
            self.commands[name] = real.commands[name]
        return super().resolve_command(ctx, args)


def _lazy_group(info: TyperInfo, root: typer.Typer) -> TyperInfo:
    """`info` with an empty Typer of the same settings, whose click group converts a subcommand of the real
    one (`info.typer_instance`) only when it is looked up: `huntaze logs` converts no subcommand of logs."""
    real = info.typer_instance
    assert real is not None
    shell = copy.copy(real)
    shell.registered_commands, shell.registered_groups = [], []
    shell.info = copy.copy(real.info)
    solved = typer.main.solve_typer_info_defaults(info)
    base = solved.cls or typer.core.TyperGroup
    shell.info.cls = type(f"Lazy{base.__name__}", (_LazySubcommands, base), {"source": real, "root": root})
    lazy = copy.copy(info)
    lazy.typer_instance, lazy.cls = shell, shell.info.cls
    return lazy


class _LazySubcommands(click.Group):
    """Mixed into a group's own class by `_lazy_group`: lists its source's subcommands by name and converts one
    into click parameters on first lookup, in the order and with the settings typer would have used."""

    source: typer.Typer
    root: typer.Typer

    def _sources(self) -> dict[str, Any]:
        names: dict[str, Any] = {}
        for info in self.source.registered_commands:
            assert info.callback is not None
            names[info.name or typer.main.get_command_name(info.callback.__name__)] = info
        for group in self.source.registered_groups:
            names[typer.main.solve_typer_info_defaults(group).name or ""] = group
        return names

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self._sources())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            info = self._sources().get(cmd_name)
            if isinstance(info, typer.models.CommandInfo):
                self.commands[cmd_name] = typer.main.get_command_from_info(
                    info, pretty_exceptions_short=self.root.pretty_exceptions_short,
                    rich_markup_mode=self.root.rich_markup_mode)
            elif info is not None:
                self.commands[cmd_name] = typer.main.get_group_from_info(
                    info, pretty_exceptions_short=self.root.pretty_exceptions_short,
                    rich_markup_mode=self.root.rich_markup_mode, suggest_commands=self.root.suggest_commands)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self._sources():  # a typo: typer's "did you mean" reads self.commands
            for name in self._sources():
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


def __getattr__(name: str) -> Any:
    # `app`: the whole application, for the completion generator and tests that walk every command.
    if name == "app":
        return build()
    raise AttributeError(name)
