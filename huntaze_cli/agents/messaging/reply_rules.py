"""Offline fan replies (chat) and reply alternatives (suggest), in the fan's language.

The reply listens first: the message's intent (rude, money trouble, purchase, missing the creator, plans,
wellbeing, compliment, greeting, question, anything else: see reply_templates.INTENTS) picks the line that
answers it. Rudeness gets a calm boundary and money trouble reassurance, both without any offer; a purchase
gets the offer with its computed price; a question gets an answer, never the question back. The fan's segment
then adds its touch where it fits (greeting, purchase): `vip` (big/whale spender, or VIP/whale tier) VIP
treatment, `reengage` (low engagement) a free gift, `new` (never bought) social proof, `regular` an
emotional touch. Wording is picked by a seed of the input among several variants, so replies to different
messages do not repeat one another. Off OnlyFans there is no paid offer, and on X suggestions are kept
within 280 weighted characters.
"""

from __future__ import annotations

from huntaze_cli.agents.language import template_lang
from huntaze_cli.agents.messaging import reply_templates as rt
from huntaze_cli.agents.messaging.intents import NO_SELL, intent
from huntaze_cli.agents.platforms import enforce_caption
from huntaze_cli.agents.sales import formula as sales_math
from huntaze_cli.agents.sales.rules import upsell_suggestions
from huntaze_cli.agents.schemas import (
    ChatInput,
    ChatOutput,
    FanContext,
    SuggestInput,
    Suggestion,
    SuggestOutput,
    Tactic,
    UpsellSuggestion,
)
from huntaze_cli.agents.seeding import pick, rotate, seed_of

VIP_TIERS = ("vip", "whale", "premium", "top")
SEGMENT_TONES = {"vip": ("vip", "teasing", "grateful"), "reengage": ("warm", "flirty", "urgent"),
                 "new": ("warm", "excited", "curious"), "regular": ("playful", "grateful", "flirty")}
SOCIAL_TONES = ("warm", "playful", "curious", "grateful")  # first on public platforms: no hard sell


def reply_lang(ctx: FanContext) -> str:
    return template_lang(ctx.lang)


def segment(ctx: FanContext) -> str:
    band = sales_math.spend_band(sales_math.history_from(ctx).ltv)
    if band in ("big", "whale") or (ctx.effective_tier or "") in VIP_TIERS:
        return "vip"
    if ctx.effective_engagement == "low":
        return "reengage"
    return "new" if band == "none" else "regular"


def _offer_words(lang: str, upsells: list[UpsellSuggestion]) -> tuple[str, str, str]:
    """(offer with its article, "my" offer, price) as a reply in `lang` says them."""
    label = upsells[0].offer if upsells else ""
    price = f"${upsells[0].price_usd:.2f}" if upsells and upsells[0].price_usd is not None else ""
    return (rt.OFFERS[lang].get(label, rt.OFFERS[lang][""]), rt.MY_OFFERS[lang].get(label, rt.MY_OFFERS[lang][""]),
            price)


def _line_kind(kind: str, platform: str) -> str:
    return "purchase_public" if kind == "purchase" and platform != "onlyfans" else kind


def _compose(lang: str, kind: str, line: str, name: str, seed: int, k: int, segment_line: str = "") -> str:
    parts = [pick(rt.OPEN[lang], seed, k).format(name=name)] if kind in rt.WITH_OPENER else []
    parts += [line, segment_line]
    closes = rt.CLOSE[lang].get(kind)
    if closes:
        parts.append(pick(closes, seed >> 8, k))
    return " ".join(p for p in parts if p)


def chat_reply(data: ChatInput) -> ChatOutput:
    lang, seg, kind = reply_lang(data), segment(data), intent(data.message)
    seed = seed_of("chat", data.model_dump(mode="json"))
    upsells = [] if kind in NO_SELL else upsell_suggestions(data)
    offer, _, price = _offer_words(lang, upsells)
    line = pick(rt.LINES[lang][_line_kind(kind, data.platform)], seed >> 16).format(offer=offer, price=price)
    with_segment = kind in rt.WITH_SEGMENT
    segment_line = pick(rt.SEGMENT[lang][seg], seed >> 24) if with_segment else ""
    name = f" {data.fan_name}" if data.fan_name else ""
    reply = _compose(lang, kind, line, name, seed, 0, segment_line)

    tactics = [Tactic.PERSONALIZATION] if data.fan_name and kind != "rude" else []
    intent_tactic = rt.INTENT_STYLE[kind][1]
    extra = [intent_tactic] if intent_tactic else []
    if with_segment:
        extra.append(rt.SEGMENT_TACTIC[seg])
    if kind == "purchase":
        extra.append(Tactic.URGENCY if seg == "reengage" else Tactic.SCARCITY)
    tactics = list(dict.fromkeys([*tactics, *extra]))
    known = sum(x is not None for x in (data.fan, data.engagement, data.spent_usd, data.tier))
    confidence = round(min(0.9, 0.55 + 0.08 * known + (0.05 if kind != "general" else 0.0)), 2)
    return ChatOutput(reply=reply, upsell_suggestions=upsells, tactics=tactics, confidence=confidence)


def suggest_replies(data: SuggestInput) -> SuggestOutput:
    """The intent's own answers first (two of them), then the tone that fits the fan's segment, then the rest.
    Rudeness gets only calm answers and money trouble no sales tone at all."""
    lang, seg, kind = reply_lang(data), segment(data), intent(data.message)
    seed = seed_of("suggest", data.model_dump(mode="json"))
    public = data.platform != "onlyfans"
    upsells = upsell_suggestions(data) if not public and kind not in NO_SELL else []
    offer, my_offer, price = _offer_words(lang, upsells)
    name = f" {data.fan_name}" if data.fan_name else ""
    tones, tactic = rt.INTENT_STYLE[kind]
    lines = rt.LINES[lang][_line_kind(kind, data.platform)]
    own = [Suggestion(text=_compose(lang, kind, lines[i].format(offer=offer, price=price), name, seed, k),
                      tone=tones[i], tactic=tactic) for k, i in enumerate(rotate(range(len(lines)), seed))]

    templates = {tone: (t, text) for tone, t, text in rt.SUGGEST[lang]}
    preferred = SEGMENT_TONES[seg] if not public else SOCIAL_TONES
    order = list(dict.fromkeys([*preferred, *rotate(list(templates), seed)]))
    if kind == "rude":
        order = []  # after an insult, only the calm answers make sense
    elif kind == "money":
        order = [tone for tone in order if tone not in rt.SALES_TONES]
    filler = []
    for tone in order:
        t, text = templates[tone]
        text = text.format(name=f", {data.fan_name}" if data.fan_name else "", offer=my_offer)
        filler.append(Suggestion(text=text[:1].upper() + text[1:], tone=tone, tactic=t))
    ranked = [*own[:2], *filler[:1], *own[2:], *filler[1:]]
    out: list[Suggestion] = []
    for item in ranked[:data.count]:
        if data.platform == "twitter":
            item = item.model_copy(update={"text": enforce_caption(item.text, [], "twitter")[0]})
        out.append(item)
    return SuggestOutput(suggestions=out)
