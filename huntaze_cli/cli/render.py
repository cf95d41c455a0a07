"""Output: the seed's JSON envelope for scripts, rich rendering for humans.

rich renders, it never decides: callers pass data already computed. Colour and spinners only on a TTY;
anything that is not the result (progress, notes, errors) goes to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from huntaze_cli.money import usd

if TYPE_CHECKING:
    from rich.console import Console

    from huntaze_cli.core.runner import AIResult
    from huntaze_cli.core.session import Session
    from huntaze_cli.errors import HuntazeError

_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    global _out
    if _out is None:
        from rich.console import Console

        _out = Console(highlight=False, soft_wrap=True)
    return _out


def err() -> Console:
    global _err
    if _err is None:
        from rich.console import Console

        _err = Console(stderr=True, highlight=False, soft_wrap=True)
    return _err


def styled_out() -> bool:
    """Whether stdout gets colours, as rich's Console.is_terminal decides it (TTY_COMPATIBLE, FORCE_COLOR, then
    isatty), answered without importing rich where no console exists yet: its import is ~25 ms of a start-up
    that prints a few plain lines into a pipe."""
    return _out.is_terminal if _out is not None else _styled(sys.stdout)


def styled_err() -> bool:
    """styled_out for stderr."""
    return _err.is_terminal if _err is not None else _styled(sys.stderr)


def _styled(stream: IO[str]) -> bool:
    import os

    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except (ValueError, AttributeError):  # a closed or replaced stream
        return False


Piece = tuple[str, "str | None"]  # a run of literal text and its rich style


def lines(rows: list[list[Piece]]) -> None:
    """Print lines of literal text with styles: styled by rich on a terminal, plain text (what rich would print
    there) without importing rich otherwise. Text is never parsed as markup, so a name such as `[/x]` is safe."""
    plain = "".join("".join(text for text, _ in row) + "\n" for row in rows)
    if styled_out() or not _plain_prints_as_rich(plain):
        from rich.text import Text

        console = out()
        for row in rows:
            console.print(Text.assemble(*row))
        return
    sys.stdout.write(plain)


# What rich's Text changes in what it prints: tabs expanded by cell width, and the control codes it strips.
_RICH_REWRITES = frozenset("\t\a\b\v\f\r")


def _plain_prints_as_rich(text: str) -> bool:
    """Whether `text` written as is reads as rich would print it off a terminal (a model's caption may hold a
    tab or a carriage return; rich then prints it its way), on a stream that can take it."""
    from huntaze_cli.cli.plain_table import utf8_stdout

    return _RICH_REWRITES.isdisjoint(text) and (text.isascii() or utf8_stdout())


def reset_consoles() -> None:
    """Forget consoles bound to old streams (tests and in-process batch runs swap sys.stdout)."""
    global _out, _err
    _out = _err = None


def meta(session: Session, *, feature: str | None = None, creator: str | None = None,
         result: AIResult | None = None, **extra: Any) -> dict[str, Any]:
    return request_meta(session.request_id, session.elapsed_ms(), feature=feature, creator=creator, result=result,
                        **extra)


def request_meta(request_id: str, duration_ms: int, *, feature: str | None = None, creator: str | None = None,
                 result: AIResult | None = None, **extra: Any) -> dict[str, Any]:
    from huntaze_cli.core.envelope import request_meta as build

    return build(request_id, duration_ms, feature=feature, creator=creator, result=result, **extra)


def success_envelope(data: Any, meta_: dict[str, Any]) -> dict[str, Any]:
    from huntaze_cli.core.envelope import success_envelope as build

    return build(data, meta_)


def error_envelope(error: HuntazeError, meta_: dict[str, Any]) -> dict[str, Any]:
    from huntaze_cli.core.envelope import error_envelope as build

    return build(error, meta_)


def print_json(obj: Any, stream: IO[str] | None = None) -> None:
    from huntaze_cli.io.jsonio import dumps

    stream = stream or sys.stdout
    stream.write(dumps(obj) + "\n")
    stream.flush()


def error_line(message: str) -> None:
    """One sentence on stderr, red on a TTY; URL credentials masked whatever the message."""
    from huntaze_cli.config.dburl import mask_secrets

    message = mask_secrets(message)
    if styled_err():
        err().print(f"[bold red]Error:[/] {message}", markup=True, highlight=False)
    else:
        sys.stderr.write(f"Error: {message}\n")
        sys.stderr.flush()


def note(session: Session, message: str) -> None:
    """A dim hint on stderr for humans; silent with --quiet or --json."""
    if session.flags.quiet or session.flags.json:
        return
    hint(message)


def hint(message: str) -> None:
    """A dim line on stderr, whatever the flags (the caller decides whether it is wanted)."""
    from huntaze_cli.config.dburl import mask_secrets

    message = mask_secrets(message)
    if styled_err():
        err().print(message, style="dim", markup=False)  # names in it (`[/x]`) are printed literally
    else:
        sys.stderr.write(message + "\n")


def text(value: Any) -> Any:  # -> rich.text.Text
    """A stored value (a fan's name, a model, a platform from a metrics file) as a table cell that rich prints
    literally: a name such as `[/x]` must never be parsed as markup (it would crash the table)."""
    from rich.text import Text

    return Text("" if value is None else str(value))


def natural_width(renderable: Any) -> int:
    """How many columns `renderable` takes when nothing in it is wrapped or cut."""
    from rich.measure import Measurement

    console = out()
    return Measurement.get(console, console.options.update_width(10_000), renderable).maximum


def print_table(build: Callable[[bool], Any], wide: bool, *, quiet: bool = False) -> None:
    """Print a table that keeps every header whole: `build(True)` has every column, `build(False)` the ones
    that fit 80 columns. The full one when it fits the terminal, else the short one with a hint; with --wide the
    full one at its natural width, wider than the terminal if need be (for `less -S`), never squeezed. The hint
    is left out with --quiet. `build` returns a rich Table or a plain_table.TableSpec; a spec is written off a
    terminal without rich whenever the plain writer prints what rich would."""
    full = build(True)
    if not styled_out() and _print_plain(full, build, wide, quiet):
        return
    full = _rich(full)
    width = natural_width(full)
    console = out()
    if width <= console.width:
        console.print(full)
    elif wide:
        terminal = console.width
        console.width = width  # print(width=) never goes past the terminal's width
        try:
            console.print(full, crop=False)
        finally:
            console.width = terminal
    else:
        console.print(_rich(build(False)))
        if not quiet:
            hint(_NARROW_HINT)


_NARROW_HINT = "Some columns are left out at this width; --wide shows them all."


def _rich(table: Any) -> Any:
    from huntaze_cli.cli.plain_table import TableSpec

    return table.to_rich() if isinstance(table, TableSpec) else table


def _print_plain(full: Any, build: Callable[[bool], Any], wide: bool, quiet: bool) -> bool:
    """print_table's choices, made without rich; False (nothing written) where only rich can print it."""
    from huntaze_cli.cli import plain_table

    if not isinstance(full, plain_table.TableSpec):
        return False
    width = plain_table.console_width()
    natural = plain_table.natural_width(full)
    if natural <= width or wide:
        text = plain_table.plain_text(full, max(width, natural))
        narrow = False
    else:
        text = plain_table.plain_text(build(False), width)
        narrow = True
    if text is None:
        return False
    sys.stdout.write(text)
    if narrow and not quiet:
        hint(_NARROW_HINT)
    return True


def table(spec: Any) -> None:
    """Print a plain_table.TableSpec as rich does at the console's width (shrunk and folded if need be):
    without rich off a terminal wherever the plain writer prints the same."""
    if not styled_out():
        from huntaze_cli.cli import plain_table

        text = plain_table.plain_text(spec, plain_table.console_width())
        if text is not None:
            sys.stdout.write(text)
            return
    out().print(spec.to_rich())


def message(text: str) -> None:
    """One line of literal text on stdout, as rich's console prints it (without importing rich off a terminal,
    unless rich would rewrite the text or the stream cannot take it: see _plain_prints_as_rich)."""
    if styled_out() or not _plain_prints_as_rich(text):
        from rich.text import Text

        out().print(Text(text))
        return
    sys.stdout.write(text + "\n")


def footer(session: Session, result: AIResult) -> None:
    """Usage line after an AI answer, on stderr so stdout stays pasteable."""
    if session.flags.quiet:
        return
    from huntaze_cli.cli import fallback

    tried = result.providers_tried
    failed = [t["provider"] for t in fallback.failed_links(tried)]
    line = fallback.fallback_line(tried, result.provider, fallback.key_places(session.settings, failed))
    if line:
        note(session, line)  # a configured provider failed: say which and why, never "set a key"
    if result.provider == "rules":
        if not line:
            note(session, fallback.NO_KEY_HINT if fallback.no_key_at_all(tried) else
                 "Answered by the built-in rules engine (offline).")
        return
    cached = " · cached" if result.cached else ""
    note(session, f"{result.provider}:{result.model} · {result.input_tokens} in / {result.output_tokens} out · "
                  f"{usd(result.cost_usd)}{cached} · {session.elapsed_ms()} ms · {session.request_id}")


def warning(message: str, stream: str = "err") -> None:
    """A warning that must be seen (a photo's GPS): bold yellow on a TTY, `Warning:` otherwise."""
    from huntaze_cli.config.dburl import mask_secrets

    message = mask_secrets(message)
    if styled_out() if stream == "out" else styled_err():
        console = out() if stream == "out" else err()
        console.print(f"⚠ {message}", style="bold yellow", markup=False)
    else:
        target = sys.stdout if stream == "out" else sys.stderr
        target.write(f"Warning: {message}\n")
        target.flush()
