"""What every command shares: the session, the AI options, reading text from an argument or stdin,
and printing a result as the JSON envelope or for humans. Kept light: imported at start-up."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.core.session import Session
from huntaze_cli.errors import InvalidInput

if TYPE_CHECKING:
    from huntaze_cli.core.runner import AIResult
    from huntaze_cli.io.limits import Range

_session: Session | None = None


def set_session(session: Session) -> None:
    global _session
    _session = session
    from huntaze_cli.cli import render

    render.reset_consoles()


def session() -> Session:
    global _session
    if _session is None:
        _session = Session()
    return _session


CreatorOpt = Annotated[str | None, typer.Option("--creator", "-c", help="Creator to run for (default: "
                                                "HUNTAZE_CREATOR, then config default_creator, then 'default').")]
ProviderOpt = Annotated[str | None, typer.Option("--provider", "-p", help="Use only this provider: openai, "
                                                 "azure, gemini, local or rules.")]
ModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="Model name (Azure: the deployment).")]
BaseUrlOpt = Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible server URL (Ollama, "
                                                "vLLM, llama.cpp...); implies the local provider.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Skip the 5-minute response cache.")]
WideOpt = Annotated[bool, typer.Option("--wide", help="Every column of the table, however narrow the terminal "
                                       "(by default the columns that do not fit are left out).")]
NoVoiceOpt = Annotated[bool, typer.Option("--no-voice", help="Do not write in the creator's learned voice "
                                          "(`huntaze voice learn`); meta.voice says whether it was used.")]


def check_base_url(url: str) -> str:
    from huntaze_cli.core.route_check import check_base_url as check

    return check(url)


def in_range(limit: Range, name: str) -> Callable[[Any], Any]:
    """Typer callback checking an option against its named range in io/limits.py (nan, inf, a number too big
    for a ledger column: exit 2 with one sentence, the same on SQLite and PostgreSQL)."""

    def check(value: Any) -> Any:
        return limit.check(value, name)

    return check


def check_route(feature: str, *, provider: str | None, model: str | None, base_url: str | None) -> None:
    """Refuse a bad --provider/--model/--base-url before the creator is resolved or anything is reserved."""
    from huntaze_cli.core.route_check import check_route as check

    check(session().settings, feature, provider=provider, model=model, base_url=base_url)


def read_text(value: str | None, what: str, *, max_chars: int | None = None) -> str:
    """The argument, or stdin when it is `-` or missing and stdin is piped. Never waits on a TTY."""
    if value is None or value == "-":
        if value is None and sys.stdin.isatty():
            raise InvalidInput(f"Give the {what} as an argument, or pipe it on stdin (use `-`).")
        if sys.stdin.isatty():
            raise InvalidInput(f"`-` reads the {what} from stdin, but stdin is a terminal; pipe it in.")
        value = sys.stdin.read()
    text = value.strip()
    if not text:
        raise InvalidInput(f"The {what} is empty; give some text.")
    if max_chars is not None and len(text) > max_chars:
        raise InvalidInput(f"The {what} is {len(text):,} characters; the limit is {max_chars:,}.")
    return text


def emit(data: Any, *, feature: str | None = None, creator: str | None = None, result: AIResult | None = None,
         human: Callable[[], None] | None = None, **meta_extra: Any) -> None:
    """Print a result: the envelope with --json, else the human rendering (nothing with --quiet unless
    the human rendering is the result itself)."""
    from huntaze_cli.cli import render

    s = session()
    if s.flags.json:
        render.print_json(render.success_envelope(
            data, render.meta(s, feature=feature, creator=creator, result=result, **meta_extra)))
        return
    if human is not None:
        human()


def started(feature: str | None, creator: str | None = None) -> Session:
    """Mark what is running, so an error envelope can name it."""
    s = session()
    s.feature = feature
    s.creator_label = creator
    return s
