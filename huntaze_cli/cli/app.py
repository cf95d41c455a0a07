"""The Typer application: one module per command group, registered here. Command modules import only
typer and light helpers at module level, so `huntaze --help` never loads an SDK."""

from __future__ import annotations

import typer

from huntaze_cli import __version__
from huntaze_cli.cli import (
    analytics,
    caption,
    chat,
    config_cmd,
    costs,
    creators,
    experiments,
    fans,
    hooks_cmd,
    init_cmd,
    ledger_cmd,
    logs,
    mass_message,
    providers,
    quota,
    replies,
    report,
    sale,
    test_prompt,
)

app = typer.Typer(
    name="huntaze",
    help="AI co-pilot for content creators and agencies: captions, fan replies, sales messages and "
         "analytics, with an exact ledger of every request's tokens, dollars and quotas.\n\n"
         "Works with no API key through the built-in rules engine: try "
         "`huntaze caption --platform tiktok \"sunset run on the beach\"`.",
    epilog="Global options, accepted before or after any command: --json (the JSON envelope), --quiet, "
           "--debug (tracebacks), --db PATH (ledger file). Exit codes: 0 ok, 1 unexpected, 2 bad input, "
           "3 quota exceeded, 4 rate limited, 5 provider failure, 6 configuration or credentials.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"huntaze {__version__}")
        raise typer.Exit()


@app.callback()
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


caption.register(app)
chat.register(app)
sale.register(app)
analytics.register(app)
app.add_typer(replies.app, name="replies")
app.add_typer(fans.app, name="fans")
mass_message.register(app)
app.add_typer(experiments.app, name="experiments")
test_prompt.register(app)
quota.register(app)
costs.register(app)
report.register(app)
app.add_typer(creators.app, name="creators")
app.add_typer(providers.app, name="providers")
app.add_typer(config_cmd.app, name="config")
init_cmd.register(app)
app.add_typer(hooks_cmd.app, name="hooks")
app.add_typer(logs.app, name="logs")
app.add_typer(ledger_cmd.app, name="ledger")
