"""What the agent commands share: routing options, the batch options, running one request or a batch,
and printing a TeamAnswer (envelope or human)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import check_route, emit, in_range, started
from huntaze_cli.errors import InvalidInput
from huntaze_cli.io import limits

if TYPE_CHECKING:
    from huntaze_cli.core.coordinator import RouteOptions, TeamAnswer

InputOpt = Annotated[str | None, typer.Option("--input", "-i", help="Batch: a JSONL file of requests (- for stdin), "
                                              "one object per line, each with optional `id` and `creator`; one "
                                              "envelope per line out. Exit 0 when every line succeeded, else the "
                                              "most frequent failure's code.")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Batch: write envelopes to this file "
                                               "instead of stdout.")]
ConcurrencyOpt = Annotated[int | None, typer.Option("--concurrency", "-j",
                                                    callback=in_range(limits.CONCURRENCY, "--concurrency"),
                                                    help="Batch: requests in flight (default 8, bounded by "
                                                         "the plan's hourly limit).")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Batch: skip items whose id already succeeded "
                                         "(in --output, appended to); items done in the ledger but missing "
                                         "from the output are written back without a new request.")]
AllowDirOpt = Annotated[list[str] | None, typer.Option("--allow-dir", help="Batch: a directory whose files a "
                                                     "line's image/insights may name, besides the input file's "
                                                     "own directory (repeatable).")]
UnorderedOpt = Annotated[bool, typer.Option("--unordered", help="Batch: print each result as soon as it is "
                                            "ready instead of in input order.")]


def route_options(creator: str | None, provider: str | None, model: str | None, base_url: str | None,
                  no_cache: bool, no_voice: bool = False) -> RouteOptions:
    from huntaze_cli.core.coordinator import RouteOptions

    return RouteOptions(creator=creator, provider=provider, model=model, base_url=base_url, no_cache=no_cache,
                        voice=not no_voice)


def run_single(feature: str, fields: dict[str, Any], opts: RouteOptions,
               human: Callable[[TeamAnswer], None], *, on_text: Callable[[str], None] | None = None,
               extra_data: dict[str, Any] | None = None) -> None:
    """One request for a feature; `extra_data` joins the answer's data (e.g. the voice note it answered)."""
    from huntaze_cli.cli import render
    from huntaze_cli.core.answer import answer

    s = started(feature, opts.creator)
    answered = answer(s, feature, fields, opts, on_text=on_text)

    def show() -> None:
        human(answered.answer)
        if answered.untemplated:
            render.note(s, answered.untemplated)
        render.footer(s, answered.answer.result)

    emit(answered.data(extra_data), feature=feature, creator=answered.answer.creator,
         result=answered.answer.result, human=show, **answered.meta())


def run_batch_command(feature: str, input_path: str, output: str | None, concurrency: int | None, resume: bool,
                      unordered: bool, opts: RouteOptions, defaults: dict[str, Any],
                      allow_dirs: list[str] | None = None) -> None:
    import os
    import sys

    from huntaze_cli.cli.batch_view import BatchDisplay, encoder, exit_code
    from huntaze_cli.core import warmup
    from huntaze_cli.core.batch import BatchSpec, run_batch

    s = started(feature, opts.creator)
    check_route(feature, provider=opts.provider, model=opts.model, base_url=opts.base_url)
    # The SDK and the price table load while the ledger opens and the input is read (core/warmup.py).
    warmup.start(s.settings, s.settings.chain(feature, provider=opts.provider, model=opts.model,
                                              base_url=opts.base_url))
    for folder in allow_dirs or ():
        if not os.path.isdir(folder):
            raise InvalidInput(f"--allow-dir {folder} is not a directory; give a folder that exists.")
    stdin = None
    if input_path == "-":
        if sys.stdin.isatty():
            raise InvalidInput("--input - reads JSON Lines from stdin, but stdin is a terminal; pipe a file in.")
        # Bytes when we can get them, so that one badly encoded line is that line's error, not the batch's.
        stdin = getattr(sys.stdin, "buffer", sys.stdin)
    spec = BatchSpec(feature=feature, input_path=input_path, output_path=output, concurrency=concurrency,
                     resume=resume, unordered=unordered, options=opts, defaults=defaults,
                     allowed_dirs=tuple(allow_dirs or ()), stdin=stdin, stdout=sys.stdout)
    summary = run_batch(s, spec, encoder(debug=s.flags.debug), BatchDisplay(feature, quiet=s.flags.quiet))
    # The exit code is for scripts: --quiet silences the summary, never the code.
    code = exit_code(summary)
    if code:
        raise typer.Exit(code)


def reject_text_with_input(text: str | None, input_path: str | None, what: str) -> None:
    if input_path is not None and text is not None:
        raise InvalidInput(f"Give either a {what} or --input FILE.jsonl, not both.")

