"""`huntaze mass-message`: one draft per fan segment, with a computed price and expected conversion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import (
    BaseUrlOpt,
    CreatorOpt,
    ModelOpt,
    NoCacheOpt,
    ProviderOpt,
    emit,
    read_text,
    started,
)

if TYPE_CHECKING:
    from huntaze_cli.agents.messaging.mass_drafts import Draft

# Said once in --help (here) and once in the README.
DRAFT_NOTICE = ("huntaze never sends anything: OnlyFans' terms forbid an AI chatbot writing fans' messages, so "
                "every fan-facing text huntaze writes is a draft for a human chatter to read, edit and send.")
SEGMENT_NAMES = ("whales", "regulars", "new", "lapsed", "never-bought")
_ALIASES = {"whale": "whales", "regular": "regulars", "never": "never-bought", "never_bought": "never-bought",
            "neverbought": "never-bought"}


def register(app: typer.Typer) -> None:
    app.command("mass-message", help=(
        "Draft a mass message for each fan segment: the text (a model's, or the rules engine's offline), a "
        "suggested price and the expected conversion, computed from the segment's purchase history.\n\n"
        + DRAFT_NOTICE + "\n\n"
        "Examples:\n\n  huntaze mass-message \"new beach set\" --segment lapsed --price 25\n\n"
        "  huntaze mass-message \"nouveau shooting à la plage\"   (French drafts: the description's language)\n\n"
        "  huntaze mass-message \"new beach set\" --json > drafts.json   (for your own sending tool)"))(mass_message)


def _segments(values: list[str] | None) -> list[str] | None:
    from huntaze_cli.errors import InvalidInput

    if not values:
        return None
    out = []
    for value in values:
        name = _ALIASES.get(value.strip().lower(), value.strip().lower())
        if name not in SEGMENT_NAMES:
            raise InvalidInput(f"--segment '{value}' is not a segment; use one of {', '.join(SEGMENT_NAMES)}.")
        if name not in out:
            out.append(name)
    return out


def _language(lang: str | None, text: str) -> str:
    from huntaze_cli.agents.language import resolve
    from huntaze_cli.errors import InvalidInput

    try:
        return resolve(lang, text)
    except ValueError as exc:
        raise InvalidInput(f"--lang {exc}.") from None


def _draft_json(d: Draft) -> dict[str, Any]:
    return {"segment": d.segment, "fans": d.fans, "text": d.text, "tactic": d.tactic, "suggestedPrice": d.price,
            "expectedConversionRate": d.conversion, "expectedBuyers": d.expected_buyers,
            "expectedRevenueUsd": d.expected_revenue, "priceRationale": d.rationale, "fanIds": d.fan_ids}


def mass_message(
    content: Annotated[str | None, typer.Argument(help="What the message offers, e.g. \"new beach set\" (- for "
                                                  "stdin).")] = None,
    segment: Annotated[list[str] | None, typer.Option("--segment", "-s", help="whales, regulars, new, lapsed or "
                                                      "never-bought; repeatable (default: every segment with "
                                                      "fans).")] = None,
    price: Annotated[float | None, typer.Option("--price", min=0.01, max=10_000, help="Base price in USD (default: "
                                                "the creator's median sale).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the drafts: en, fr, es, pt, de (others "
                                             "with a model); default: the description's.")] = None,
    as_of_: Annotated[str | None, typer.Option("--as-of", help="Segment fans as of this date (default now).")] = None,
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    from huntaze_cli.agents.revenue.figures import mass_message_drafts
    from huntaze_cli.cli.fans import as_of

    s = started("mass-message", creator)
    wanted = _segments(segment)
    now = as_of(as_of_)
    text = read_text(content, "content description", max_chars=2_000)
    if lang is not None:  # a given code is checked before anything is read or created: a typo is exit 2
        _language(lang, text)
    c = s.creator(creator)
    drafts = mass_message_drafts(s.ledger, c.id, wanted=wanted, price=price, now=now)
    result = None
    if drafts:  # numbers first (computed), then the texts (a model, or the rules engine offline)
        lang = _language(lang, text)
        from huntaze_cli.agents.messaging.mass_agent import request_for, with_texts
        from huntaze_cli.cli.ai_common import route_options
        from huntaze_cli.core.coordinator import AITeamCoordinator

        opts = route_options(creator, provider, model, base_url, no_cache)
        answer = AITeamCoordinator(s.context(c)).answer("mass-message", request_for(drafts, text, str(lang)), opts)
        drafts, result = with_texts(drafts, answer.output), answer.result
    data = {"drafts": [_draft_json(d) for d in drafts], "sent": False}

    def human() -> None:
        from huntaze_cli.cli import render

        console = render.out()
        if not drafts:
            console.print(f"No fans for {c.name} yet; import them with `huntaze fans import FILE`.")
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

    emit(data, feature="mass-message", creator=c.name, result=result, human=human)
