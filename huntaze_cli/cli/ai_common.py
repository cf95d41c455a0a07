"""What the agent commands share: routing options, the batch options, running one request or a batch,
and printing a TeamAnswer (envelope or human)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import check_route, emit, started
from huntaze_cli.errors import InvalidInput

if TYPE_CHECKING:
    from huntaze_cli.agents.coordinator import RouteOptions, TeamAnswer

InputOpt = Annotated[str | None, typer.Option("--input", "-i", help="Batch: a JSONL file of requests (- for stdin), "
                                              "one object per line, each with optional `id` and `creator`; one "
                                              "envelope per line out. Exit 0 when every line succeeded, else the "
                                              "most frequent failure's code.")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Batch: write envelopes to this file "
                                               "instead of stdout.")]
ConcurrencyOpt = Annotated[int | None, typer.Option("--concurrency", "-j", min=1, max=256,
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
                  no_cache: bool) -> RouteOptions:
    from huntaze_cli.agents.coordinator import RouteOptions

    return RouteOptions(creator=creator, provider=provider, model=model, base_url=base_url, no_cache=no_cache)


def run_single(feature: str, fields: dict[str, Any], opts: RouteOptions,
               human: Callable[[TeamAnswer], None], *, on_text: Callable[[str], None] | None = None) -> None:
    from huntaze_cli import render
    from huntaze_cli.agents.coordinator import AITeamCoordinator
    from huntaze_cli.agents.requests import build_input

    s = started(feature, opts.creator)
    s.creator_label = s.creator_name(opts.creator)
    # Validate everything first: a refused input must not create the `default` creator or use a slot.
    check_route(feature, provider=opts.provider, model=opts.model, base_url=opts.base_url)
    found = s.find_creator(opts.creator)
    data = build_input(feature, fields, ledger=s.ledger, creator_id=found.id if found else None)
    team = AITeamCoordinator(s)
    answer = team.answer(feature, data, opts, on_text=on_text)

    def show() -> None:
        human(answer)
        render.footer(s, answer.result)

    emit(answer.data(), feature=feature, creator=answer.creator, result=answer.result, human=show, **answer.meta())


def run_batch_command(feature: str, input_path: str, output: str | None, concurrency: int | None, resume: bool,
                      unordered: bool, opts: RouteOptions, defaults: dict[str, Any],
                      allow_dirs: list[str] | None = None) -> None:
    import os

    from huntaze_cli.core.batch import BatchSpec, run_batch

    s = started(feature, opts.creator)
    check_route(feature, provider=opts.provider, model=opts.model, base_url=opts.base_url)
    for folder in allow_dirs or ():
        if not os.path.isdir(folder):
            raise InvalidInput(f"--allow-dir {folder} is not a directory; give a folder that exists.")
    spec = BatchSpec(feature=feature, input_path=input_path, output_path=output, concurrency=concurrency,
                     resume=resume, unordered=unordered, options=opts, defaults=defaults,
                     allowed_dirs=tuple(allow_dirs or ()))
    summary = run_batch(s, spec, on_event=lambda event, data: _batch_event(s, event, data))
    # The exit code is for scripts: --quiet silences the summary, never the code.
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


def _batch_event(s: Any, event: str, data: dict[str, Any]) -> None:
    from huntaze_cli import render

    if event == "interrupted":
        # Said at once, even with --quiet: the person pressing Ctrl-C must know why it does not stop yet.
        n = data.get("inFlight", 0)
        render.err().print(f"Interrupted: finishing {n} request{'s' if n != 1 else ''} in flight so that the "
                          "ledger records them; press Ctrl-C again to leave now, then rerun with --resume.",
                           markup=False, highlight=False)


def reject_text_with_input(text: str | None, input_path: str | None, what: str) -> None:
    if input_path is not None and text is not None:
        raise InvalidInput(f"Give either a {what} or --input FILE.jsonl, not both.")

