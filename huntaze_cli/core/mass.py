"""Mass-message drafts, one per fan segment: the numbers computed from purchase history, then the texts (a
model's, or the rules engine's offline). `huntaze mass-message` and `huntaze serve` draft through here."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from huntaze_cli.errors import InvalidInput

if TYPE_CHECKING:
    from huntaze_cli.agents.messaging.mass_drafts import Draft
    from huntaze_cli.core.runner import AIResult
    from huntaze_cli.core.session import Session

SEGMENT_NAMES = ("whales", "regulars", "new", "lapsed", "never-bought")
_ALIASES = {"whale": "whales", "regular": "regulars", "never": "never-bought", "never_bought": "never-bought",
            "neverbought": "never-bought"}
MAX_CONTENT_CHARS = 2_000


def segments(values: list[str] | None) -> list[str] | None:
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


def language(lang: str | None, text: str) -> str:
    from huntaze_cli.agents.language import resolve

    try:
        return resolve(lang, text)
    except ValueError as exc:
        raise InvalidInput(f"--lang {exc}.") from None


def draft_json(d: Draft) -> dict[str, Any]:
    return {"segment": d.segment, "fans": d.fans, "text": d.text, "tactic": d.tactic, "suggestedPrice": d.price,
            "expectedConversionRate": d.conversion, "expectedBuyers": d.expected_buyers,
            "expectedRevenueUsd": d.expected_revenue, "priceRationale": d.rationale, "fanIds": d.fan_ids}


def draft(session: Session, text: str, *, wanted: list[str] | None, price: float | None, lang: str | None,
          now: datetime | None, creator: str | None,
          route: dict[str, Any]) -> tuple[list[Any], AIResult | None, str, bool | None]:
    """(drafts, the AI result when texts were written, the creator's name, whether the creator's voice shaped
    them). Nothing is sent, ever. `route`: RouteOptions' provider, model, base_url, no_cache and voice, made into
    options only when there is text to write (a creator without fans loads nothing of the AI pipeline)."""
    from huntaze_cli.agents.revenue.figures import mass_message_drafts

    if lang is not None:  # a given code is checked before anything is read or created: a typo is bad input
        language(lang, text)
    c = session.creator(creator)
    drafts = mass_message_drafts(session.ledger, c.id, wanted=wanted, price=price, now=now)
    result = voice = None
    if drafts:
        from huntaze_cli.agents.messaging.mass_agent import request_for, with_texts
        from huntaze_cli.core.coordinator import AITeamCoordinator, RouteOptions

        opts = RouteOptions(creator=creator, **route)
        answer = AITeamCoordinator(session.context(c)).answer("mass-message",
                                                             request_for(drafts, text, language(lang, text)), opts)
        drafts, result, voice = with_texts(drafts, answer.output), answer.result, answer.voice
    return drafts, result, c.name, voice
