"""`huntaze test-prompt`: a raw prompt to a model, with usage and cost (no rules-engine fallback)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from huntaze_cli.cli.common import (
    BaseUrlOpt,
    CreatorOpt,
    ModelOpt,
    NoCacheOpt,
    ProviderOpt,
    emit,
    in_range,
    read_text,
    started,
)
from huntaze_cli.io import limits
from huntaze_cli.io.limits import MAX_PROMPT_CHARS
from huntaze_cli.providers.known import DEFAULT_LOCAL_BASE_URL


def register(app: typer.Typer) -> None:
    app.command("test-prompt", help=(
        "Send a raw prompt to a model and print the text, usage and cost.\n\n"
        "Examples:\n\n"
        "  huntaze test-prompt \"Write a haiku about cold brew\"\n\n"
        "  echo \"Summarise: ...\" | huntaze test-prompt - --temperature 0.2 --json\n\n"
        f"  huntaze test-prompt \"hi\" --base-url {DEFAULT_LOCAL_BASE_URL} --model llama3.2"))(test_prompt)


def test_prompt(
    prompt: Annotated[str | None, typer.Argument(help="The prompt, or - to read stdin.")] = None,
    temperature: Annotated[float, typer.Option("--temperature", "-t",
                                               callback=in_range(limits.TEMPERATURE, "--temperature"),
                                               help="Sampling temperature, 0–2.")] = 0.7,
    max_output_tokens: Annotated[int, typer.Option("--max-output-tokens",
                                                   callback=in_range(limits.MAX_OUTPUT_TOKENS, "--max-output-tokens"),
                                                   help="Upper bound on output tokens, 1–8192.")] = 512,
    stream: Annotated[bool, typer.Option("--stream", help="Print the text as it arrives.")] = False,
    creator: CreatorOpt = None,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    from huntaze_cli.cli import render
    from huntaze_cli.cli.ai_common import route_options
    from huntaze_cli.core.answer import test_prompt as core_test_prompt

    session = started("test-prompt", creator)
    text = read_text(prompt, "prompt", max_chars=MAX_PROMPT_CHARS)
    streaming = stream and not session.flags.json

    def on_text(chunk: str) -> None:
        sys.stdout.write(chunk)
        sys.stdout.flush()

    result = core_test_prompt(session, text, temperature=temperature, max_output_tokens=max_output_tokens,
                              opts=route_options(creator, provider, model, base_url, no_cache),
                              on_text=on_text if streaming else None)

    def human() -> None:
        if streaming:
            sys.stdout.write("\n")
        else:
            render.out().print(result.text, markup=False)
        render.footer(session, result)

    emit({"text": result.text}, feature="test-prompt", creator=session.creator_label, result=result,
         human=human)
