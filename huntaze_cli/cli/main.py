"""Entry point: global flags anywhere on the line, errors mapped to exit codes, no traceback without --debug."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence

from huntaze_cli.core import interrupts
from huntaze_cli.core.session import GlobalFlags, Session
from huntaze_cli.errors import EXIT_UNEXPECTED, EXIT_USAGE, HuntazeError, InvalidInput

_BOOL_FLAGS = {"--json": "json", "--quiet": "quiet", "-q": "quiet", "--debug": "debug"}


def split_globals(argv: Sequence[str]) -> tuple[GlobalFlags, list[str], HuntazeError | None]:
    """Pull --json/--quiet/--debug/--db out of the line wherever they stand (before a `--`), so that they
    work before or after the command name. A problem is returned, not raised, so that it is reported in
    the format the other flags asked for."""
    flags = GlobalFlags()
    rest: list[str] = []
    problem: HuntazeError | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg in _BOOL_FLAGS:
            setattr(flags, _BOOL_FLAGS[arg], True)
        elif arg == "--db":
            if i + 1 >= len(argv) or argv[i + 1].startswith("--"):
                problem = InvalidInput("--db needs a path, e.g. `--db ./huntaze.db`.")
            else:
                flags.db = argv[i + 1]
                i += 1
        elif arg.startswith("--db="):
            flags.db = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    if flags.db is not None and not flags.db.strip():
        problem = InvalidInput("--db needs a path, e.g. `--db ./huntaze.db`.")
    return flags, rest, problem


class Terminated(KeyboardInterrupt):
    """SIGTERM (cron's `timeout`, a service manager): unwinds like Ctrl-C, so every `finally` between a
    reservation and its settle runs and the ledger holds no row in flight for a live-looking process."""


EXIT_SIGINT = 130
EXIT_SIGTERM = 143


_terminated: list[bool] = []  # typer turns any KeyboardInterrupt into Exit(130): remember which one it was


def _on_sigterm(signum: int, frame: object) -> None:
    _terminated.append(True)
    raise Terminated()


def _on_sigint(signum: int, frame: object) -> None:
    interrupts.note()  # kept even if CPython drops the exception below (core/interrupts.py says when)
    raise KeyboardInterrupt


def _install_handlers() -> tuple[object, object] | None:
    """Route SIGTERM through Terminated and note every Ctrl-C while a command runs (main thread only);
    returns the old handlers."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm), signal.signal(signal.SIGINT, _on_sigint)


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit code (never raises, never exits)."""
    import signal

    previous = _install_handlers()
    _terminated.clear()
    interrupts.clear()
    try:
        code = _run(argv)
        if _terminated:
            return EXIT_SIGTERM
        if interrupts.pending() or code == EXIT_SIGINT:
            # Typer turns a Ctrl-C into a silent exit 130; and one that CPython dropped where no request was
            # left to stop ends a finished command: either way the caller must learn the user interrupted.
            from huntaze_cli.cli import render

            render.error_line("Interrupted.")
            return EXIT_SIGINT
        return code
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous[0])  # type: ignore[arg-type]
            signal.signal(signal.SIGINT, previous[1])  # type: ignore[arg-type]


def _run(argv: Sequence[str] | None = None) -> int:
    import os

    from huntaze_cli.cli import common, render

    # pydantic looks for plugins in every installed distribution's entry points (importlib.metadata) when the
    # first model is built: ~35 ms of a rules-engine caption, for plugins that have no business with our
    # internal schemas. Set to "" to let them load.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = list(sys.argv[1:] if argv is None else argv)
    session = Session()
    session.flags, args, problem = split_globals(args)
    common.set_session(session)
    if problem is not None:
        return _report(session, problem)
    try:
        from huntaze_cli.cli.app import root_command

        # Only the named command's module is loaded; a line starting with an option (--help, --version)
        # gets every command's listing (cli/app.py).
        command = root_command(args[0] if args and not args[0].startswith("-") else None)
        rv = command.main(args=args, prog_name="huntaze", standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except HuntazeError as exc:
        return _report(session, exc)
    except KeyboardInterrupt as exc:
        # The runner has settled any request in flight (as failed, billed for what it received).
        if isinstance(exc, Terminated):
            render.error_line("Terminated.")
            return EXIT_SIGTERM
        return EXIT_SIGINT  # run() says "Interrupted."
    except BrokenPipeError:
        return 0
    except Exception as exc:
        return _unexpected(session, exc)
    finally:
        _finish_hooks(session)
        session.close()


def _unexpected(session: Session, exc: Exception) -> int:
    """Click's own endings (help, usage errors, Abort) as the CLI reports them; anything else is an
    unexpected error: one sentence, the traceback only with --debug."""
    from click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer import Abort

    from huntaze_cli.cli import render

    if isinstance(exc, NoArgsIsHelpError):
        # `huntaze` alone: the help is the answer (typer's rich help is already printed; plain click's
        # is the message), not an error.
        if exc.format_message().strip():
            print(exc.format_message())
        return 0
    if isinstance(exc, UsageError):
        hint = f" See `{exc.ctx.command_path} --help`." if exc.ctx else ""
        return _report(session, InvalidInput(_sentence(exc.format_message()) + hint))
    if isinstance(exc, ClickException):
        return _report(session, InvalidInput(exc.format_message()))
    if isinstance(exc, Abort):
        render.error_line("Aborted.")
        return EXIT_UNEXPECTED
    if session.flags.debug:
        _print_traceback(exc)
    return _report(session, HuntazeError(
        f"Unexpected error: {exc.__class__.__name__}: {exc}. Rerun with --debug for the traceback and "
        "report it."))


def _sentence(message: str) -> str:
    """Click's message as one clean sentence: repeated sentences once ("Did you mean 'chat'?" is added by
    both typer and click), and one end mark."""
    import re

    parts = [p for p in re.split(r"(?<=[.?!])\s+", message.strip()) if p]
    text = " ".join(dict.fromkeys(parts))
    return text if text.endswith((".", "?", "!")) else text + "."


def _finish_hooks(session: Session) -> None:
    """Wait for the command's background hooks (the answer is already out) and note the failed ones."""
    from huntaze_cli.cli import render

    with contextlib.suppress(Exception):  # a closed pipe must not skip the hooks
        sys.stdout.flush()  # a script reading our stdout has its answer while the hooks finish
    with contextlib.suppress(Exception):  # a hook or a broken stderr never changes the exit code
        for run in session.finish_hooks():
            render.note(session, run.failure_note())


def _print_traceback(exc: BaseException) -> None:
    """The --debug traceback, through the same masking as every message (a URL's password is in frames)."""
    import traceback

    from huntaze_cli.config.dburl import mask_secrets

    sys.stderr.write(mask_secrets("".join(traceback.format_exception(exc))))
    sys.stderr.flush()


def _report(session: Session, exc: HuntazeError) -> int:
    from huntaze_cli.cli import render

    if session.flags.debug and exc.__cause__ is not None:
        _print_traceback(exc.__cause__)
    if session.flags.json:
        render.print_json(render.error_envelope(
            exc, render.meta(session, feature=session.feature, creator=session.creator_label)))
    else:
        render.error_line(exc.message)
    return exc.exit_code if exc.exit_code else EXIT_USAGE


def main() -> None:
    code = run()
    if code in (EXIT_SIGINT, EXIT_SIGTERM):
        # A Ctrl-C during a provider SDK's first import (just after the reservation) was handled, the request
        # settled and this code returned, and yet the interpreter's exit then ended the process by SIGINT
        # (strace: SIG_DFL, then kill(self, SIGINT): CPython's "unhandled KeyboardInterrupt" exit), so a
        # parent saw -2 and no code; about 1 run in 10 of the Ctrl-C ledger test under load. Everything is
        # written and settled by now: leave with the documented code, past the interpreter's last step.
        import os

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
    sys.exit(code)
