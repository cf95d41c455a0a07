"""`huntaze mass-message`: one draft per fan segment, with a computed price and expected conversion."""

from __future__ import annotations

from typing import Annotated

import typer

from huntaze_cli.cli.common import (
    BaseUrlOpt,
    CreatorOpt,
    ModelOpt,
    NoCacheOpt,
    NoVoiceOpt,
    ProviderOpt,
    emit,
    in_range,
    read_text,
    started,
)
from huntaze_cli.io import limits

# Said once in --help (here) and once in the README.
DRAFT_NOTICE = ("huntaze never sends anything: OnlyFans' terms forbid an AI chatbot writing fans' messages, so "
                "every fan-facing text huntaze writes is a draft for a human chatter to read, edit and send.")


def register(app: typer.Typer) -> None:
    app.command("mass-message", help=(
        "Draft a mass message for each fan segment: the text (a model's, or the rules engine's offline), a "
        "suggested price and the expected conversion, computed from the segment's purchase history.\n\n"
        + DRAFT_NOTICE + "\n\n"
        "Examples:\n\n  huntaze mass-message \"new beach set\" --segment lapsed --price 25\n\n"
        "  huntaze mass-message \"nouveau shooting à la plage\"   (French drafts: the description's language)\n\n"
        "  huntaze mass-message \"new beach set\" --json > drafts.json   (for your own sending tool)"))(mass_message)


def mass_message(
    content: Annotated[str | None, typer.Argument(help="What the message offers, e.g. \"new beach set\" (- for "
                                                  "stdin).")] = None,
    segment: Annotated[list[str] | None, typer.Option("--segment", "-s", help="whales, regulars, new, lapsed or "
                                                      "never-bought; repeatable (default: every segment with "
                                                      "fans).")] = None,
    price: Annotated[float | None, typer.Option("--price", callback=in_range(limits.PRICE_USD, "--price"),
                                                help="Base price in USD (default: the creator's median sale).")]
    = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the drafts: en, fr, es, pt, de (others "
                                             "with a model); default: the description's.")] = None,
    as_of_: Annotated[str | None, typer.Option("--as-of", help="Segment fans as of this date (default now).")] = None,
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False, no_voice: NoVoiceOpt = False,
) -> None:
    from huntaze_cli.cli.fans import as_of
    from huntaze_cli.core.mass import MAX_CONTENT_CHARS, draft, draft_json, segments

    s = started("mass-message", creator)
    wanted = segments(segment)
    now = as_of(as_of_)
    text = read_text(content, "content description", max_chars=MAX_CONTENT_CHARS)
    drafts, result, name, voice = draft(s, text, wanted=wanted, price=price, lang=lang, now=now, creator=creator,
                                        route={"provider": provider, "model": model, "base_url": base_url,
                                               "no_cache": no_cache, "voice": not no_voice})
    data = {"drafts": [draft_json(d) for d in drafts], "sent": False}

    def human() -> None:
        from huntaze_cli.cli import render

        console = render.out()
        if not drafts:
            console.print(f"No fans for {name} yet; import them with `huntaze fans import FILE`.")
            return
        for d in drafts:
            console.print(f"[bold]{d.segment}[/] · {d.fans} fan(s) · ${d.price:.2f} · expected conversion "
                          f"{d.conversion:.1%} · expected revenue ${d.expected_revenue:,.2f}")
            console.print(d.text, markup=False)
            console.print(d.rationale, markup=False, style="dim")
            console.print()
        render.note(s, "Drafts only: nothing was sent.")
        if result is not None:
            render.footer(s, result)

    emit(data, feature="mass-message", creator=name, result=result, human=human,
         **({"voice": voice} if voice is not None else {}))
