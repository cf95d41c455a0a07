"""Offline fan replies (chat) and reply alternatives (suggest).

The fan's segment drives the reply: `vip` (big/whale spender, or VIP/whale tier) gets VIP treatment,
`reengage` (low engagement) a warm re-engagement with a free gift, `new` (never bought) social proof,
`regular` an emotional touch. The message's intent (purchase, compliment, greeting, question) picks the
middle line. Off OnlyFans, suggestions mention the latest post rather than a paid offer, and on X they are
kept within 280 weighted characters.
"""

from __future__ import annotations

import re

from huntaze_cli.agents import sales_math
from huntaze_cli.agents.platforms import enforce_caption
from huntaze_cli.agents.rules import reply_templates as rt
from huntaze_cli.agents.rules.sales import asked_offer, upsell_suggestions
from huntaze_cli.agents.rules.seeding import pick, rotate, seed_of
from huntaze_cli.agents.schemas import (
    ChatInput,
    ChatOutput,
    FanContext,
    SuggestInput,
    Suggestion,
    SuggestOutput,
    Tactic,
)

_TOKENS = re.compile(r"[^\W_]+")
VIP_TIERS = ("vip", "whale", "premium", "top")
SEGMENT_TONES = {"vip": ("vip", "teasing", "grateful"), "reengage": ("warm", "flirty", "urgent"),
                 "new": ("warm", "excited", "curious"), "regular": ("playful", "grateful", "flirty")}
SOCIAL_TONES = ("warm", "playful", "curious", "grateful")  # first on public platforms: no hard sell


def reply_lang(ctx: FanContext) -> str:
    return "fr" if ctx.lang.lower().startswith("fr") else "en"


def segment(ctx: FanContext) -> str:
    band = sales_math.spend_band(sales_math.history_from(ctx).ltv)
    if band in ("big", "whale") or (ctx.effective_tier or "") in VIP_TIERS:
        return "vip"
    if ctx.effective_engagement == "low":
        return "reengage"
    return "new" if band == "none" else "regular"


def intent(message: str) -> str:
    if asked_offer(message) is not None:  # naming an item is asking to buy it
        return "purchase"
    text = " " + " ".join(_TOKENS.findall(message.lower().replace("'", ""))) + " "
    for name in ("purchase", "compliment", "greeting"):
        if any(f" {word} " in text for word in rt.INTENT_WORDS[name]):
            return name
    return "question" if "?" in message else "general"


def _name(ctx: FanContext, lang: str) -> str:
    return f" {ctx.fan_name}" if ctx.fan_name else ""


def chat_reply(data: ChatInput) -> ChatOutput:
    lang, seg, kind = reply_lang(data), segment(data), intent(data.message)
    seed = seed_of("chat", data.model_dump(mode="json"))
    upsells = upsell_suggestions(data)
    offer = upsells[0].offer if upsells else "new content"
    # The price quoted in the reply is the computed one, the same as the first upsell's.
    price = f"${upsells[0].price_usd:.2f}" if upsells and upsells[0].price_usd is not None else "a special price"
    tactic, segment_line = rt.SEGMENT[lang][seg]
    parts = [pick(rt.GREET[lang], seed).format(name=_name(data, lang)),
             pick(rt.INTENT[lang][kind], seed, 1).format(offer=offer, price=price), segment_line,
             pick(rt.CLOSE[lang], seed, 2)]
    tactics = [Tactic.PERSONALIZATION] if data.fan_name else []
    tactics.append(tactic)
    if kind == "purchase":
        tactics.append(Tactic.URGENCY if seg == "reengage" else Tactic.SCARCITY)
    if seg in ("vip", "regular") and Tactic.EMOTIONAL_APPEAL not in tactics:
        tactics.append(Tactic.EMOTIONAL_APPEAL)
    known = sum(x is not None for x in (data.fan, data.engagement, data.spent_usd, data.tier))
    confidence = round(min(0.9, 0.55 + 0.08 * known + (0.05 if kind != "general" else 0.0)), 2)
    return ChatOutput(reply=" ".join(parts), upsell_suggestions=upsells, tactics=tactics, confidence=confidence)


def suggest_replies(data: SuggestInput) -> SuggestOutput:
    lang, seg = reply_lang(data), segment(data)
    seed = seed_of("suggest", data.model_dump(mode="json"))
    templates = {tone: (tactic, text) for tone, tactic, text in rt.SUGGEST[lang]}
    preferred = SEGMENT_TONES[seg] if data.platform == "onlyfans" else SOCIAL_TONES
    order = list(dict.fromkeys([*preferred, *rotate(list(templates), seed)]))
    upsells = upsell_suggestions(data) if data.platform == "onlyfans" else []
    offer = upsells[0].offer if upsells else rt.SOFT_OFFER[lang]
    out: list[Suggestion] = []
    for tone in order[:data.count]:
        tactic, text = templates[tone]
        text = text.format(name=f", {data.fan_name}" if data.fan_name else "", offer=offer)
        if data.platform == "twitter":
            text, _ = enforce_caption(text, [], "twitter")
        out.append(Suggestion(text=text, tone=tone, tactic=tactic))
    return SuggestOutput(suggestions=out)
