"""`huntaze optimize-sale`: an optimized sales message, tactics with rationale, computed price and conversion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from huntaze_cli.cli.ai_common import (
    ConcurrencyOpt,
    InputOpt,
    OutputOpt,
    ResumeOpt,
    UnorderedOpt,
    reject_text_with_input,
    route_options,
    run_batch_command,
    run_single,
)
from huntaze_cli.cli.chat import EngagementOpt, FanOpt, LangOpt, SpentOpt, TierOpt
from huntaze_cli.cli.common import (
    BaseUrlOpt,
    CreatorOpt,
    ModelOpt,
    NoCacheOpt,
    NoVoiceOpt,
    ProviderOpt,
    in_range,
    read_text,
)
from huntaze_cli.io import limits

if TYPE_CHECKING:
    from huntaze_cli.core.coordinator import TeamAnswer


def register(app: typer.Typer) -> None:
    app.command("optimize-sale", help=(
        "Optimize a sales message: tactics with rationale, a computed price and expected conversion.\n\n"
        "Examples:\n\n  huntaze optimize-sale \"New set just dropped, want it?\" --price 25\n\n"
        "  huntaze optimize-sale \"custom video for you?\" --price 60 --fan 1042 --content-type video --json"))(
        optimize_sale)


def optimize_sale(
    message: Annotated[str | None, typer.Argument(help="The current sales message, or - for stdin.")] = None,
    price: Annotated[float | None, typer.Option("--price", callback=in_range(limits.PRICE_USD, "--price"),
                                                help="Base price in USD.")] = None,
    content_type: Annotated[str | None, typer.Option("--content-type", help="photo, video, bundle, custom... "
                                                     "(default: the kind the message names, e.g. \"new shower "
                                                     "video\" is a video)")] = None,
    fan: FanOpt = None, engagement: EngagementOpt = None, spent: SpentOpt = None, tier: TierOpt = None,
    lang: LangOpt = None,
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False, no_voice: NoVoiceOpt = False,
    input_path: InputOpt = None, output: OutputOpt = None, concurrency: ConcurrencyOpt = None,
    resume: ResumeOpt = False, unordered: UnorderedOpt = False,
) -> None:
    from huntaze_cli.errors import InvalidInput

    opts = route_options(creator, provider, model, base_url, no_cache, no_voice)
    fields = {"price_usd": price, "content_type": content_type, "fan": fan, "engagement": engagement,
              "spent_usd": spent, "tier": tier, "lang": lang}
    reject_text_with_input(message, input_path, "MESSAGE")
    if input_path is not None:
        run_batch_command("optimize-sale", input_path, output, concurrency, resume, unordered, opts, fields)
        return
    if price is None:
        raise InvalidInput("--price is required: the base price in USD, e.g. --price 25.")
    fields["message"] = read_text(message, "message", max_chars=10_000)
    run_single("optimize-sale", fields, opts, show_sale)


def show_sale(answer: TeamAnswer) -> None:
    from huntaze_cli.cli import render

    out = answer.output
    console = render.out()
    console.print(out.optimized_message, markup=False)
    console.print()
    console.print(f"[bold]Suggested price[/] ${out.suggested_price:.2f} · [bold]expected conversion[/] "
                  f"{out.expected_conversion_rate:.0%}")
    if out.price_basis:
        console.print(out.price_basis, markup=False, style="dim")
    for t in out.tactics:
        name = getattr(t.name, "value", t.name)
        console.print(f"  [cyan]{name}[/]: ", end="")
        console.print(t.rationale, markup=False)
    if out.alternative_messages:
        console.print("[bold]Alternatives[/]")
        for alt in out.alternative_messages:
            console.print("  • ", end="")
            console.print(alt, markup=False)
