"""Offline sales: which tactics fit this fan, why, the rewritten message, alternatives, and chat upsells.

Tactic choice (first three that apply, in this order; emotional appeal / social proof fill up to two):
personalization (fan's name known), exclusivity (big/whale spender or VIP/whale tier), reciprocity (low
engagement or never bought), urgency (low engagement or last purchase > 30 days ago), scarcity (custom,
bundle or video content, or a whale), social proof (never or barely bought), authority (bundle/custom),
emotional appeal (medium/high engagement). Prices and conversion come from sales_math only.
"""

from __future__ import annotations

from typing import Any

from huntaze_cli.agents.language import template_lang
from huntaze_cli.agents.messaging.gender import gender_of
from huntaze_cli.agents.messaging.intents import NO_SELL, asked_offer, intent
from huntaze_cli.agents.sales import formula as sales_math
from huntaze_cli.agents.sales.price import quote
from huntaze_cli.agents.schemas import FanContext, SaleInput, SaleOutput, Tactic, TacticUse, UpsellSuggestion
from huntaze_cli.agents.seeding import rotate, seed_of

T = Tactic
LINES = {
    "en": {
        T.EXCLUSIVITY: "You're one of my VIPs, so this one is just for you before anyone else.",
        T.RECIPROCITY: "I added a little bonus on the house, because you deserve a treat.",
        T.URGENCY: "It's only unlocked until midnight.",
        T.SCARCITY: "I'm only making a handful of these.",
        T.SOCIAL_PROOF: "My fans have been obsessed with this one all week.",
        T.AUTHORITY: "It's the best thing I've shot this month, and I've shot a lot.",
        T.EMOTIONAL_APPEAL: "I thought of you the whole time I was making it.",
    },
    "fr": {
        T.EXCLUSIVITY: "Tu fais partie de mes VIP, alors c'est pour toi avant tout le monde.",
        T.RECIPROCITY: "J'ai ajouté un petit bonus offert, parce que tu le mérites.",
        T.URGENCY: "C'est débloqué seulement jusqu'à minuit.",
        T.SCARCITY: "Je n'en fais qu'une poignée.",
        T.SOCIAL_PROOF: "Mes fans adorent celui-ci depuis le début de la semaine.",
        T.AUTHORITY: "C'est ce que j'ai fait de mieux ce mois-ci, et j'en ai fait beaucoup.",
        T.EMOTIONAL_APPEAL: "J'ai pensé à toi tout le long.",
    },
    "es": {
        T.EXCLUSIVITY: "Eres uno de mis VIP, así que esto es solo para ti, antes que nadie.",
        T.RECIPROCITY: "Añadí un pequeño extra de regalo, porque te lo mereces.",
        T.URGENCY: "Solo está disponible hasta medianoche.",
        T.SCARCITY: "Solo voy a hacer unos pocos.",
        T.SOCIAL_PROOF: "A mis fans les ha encantado toda la semana.",
        T.AUTHORITY: "Es lo mejor que he grabado este mes, y he grabado mucho.",
        T.EMOTIONAL_APPEAL: "Pensé en ti todo el tiempo mientras lo hacía.",
    },
    "pt": {
        T.EXCLUSIVITY: "Você é um dos meus VIPs, então isso é só para você, antes de todo mundo.",
        T.RECIPROCITY: "Coloquei um bônus de presente, porque você merece.",
        T.URGENCY: "Só fica liberado até meia-noite.",
        T.SCARCITY: "Vou fazer só alguns desses.",
        T.SOCIAL_PROOF: "Meus fãs ficaram obcecados com esse a semana toda.",
        T.AUTHORITY: "É o melhor que gravei este mês, e gravei muita coisa.",
        T.EMOTIONAL_APPEAL: "Pensei em você o tempo todo enquanto fazia.",
    },
    "de": {
        T.EXCLUSIVITY: "Du bist einer meiner VIPs, also ist das nur für dich, vor allen anderen.",
        T.RECIPROCITY: "Ich habe dir einen kleinen Bonus gratis dazugepackt, weil du es verdienst.",
        T.URGENCY: "Es ist nur bis Mitternacht freigeschaltet.",
        T.SCARCITY: "Davon mache ich nur eine Handvoll.",
        T.SOCIAL_PROOF: "Meine Fans sind schon die ganze Woche begeistert davon.",
        T.AUTHORITY: "Es ist das Beste, was ich diesen Monat gedreht habe, und ich habe viel gedreht.",
        T.EMOTIONAL_APPEAL: "Ich habe die ganze Zeit an dich gedacht, während ich es gemacht habe.",
    },
}
GREETING = {"en": ("Hey {name}!", "Hey you!"), "fr": ("Coucou {name} !", "Coucou toi !"),
            "es": ("¡Hola, {name}!", "¡Hola!"), "pt": ("Oi, {name}!", "Oi, você!"), "de": ("Hey {name}!", "Hey du!")}
PRICE = {"en": "Yours for ${price}.", "fr": "À toi pour {price} $.", "es": "Tuyo por {price} $.",
         "pt": "Seu por {price} $.", "de": "Gehört dir für {price} $."}
# Where a line's pronoun refers to the offer, the forms that agree with it (agents/messaging/gender.py; the
# lines above are the masculine singular, used when nothing tells).
AGREEING: dict[str, dict[Any, dict[str, str]]] = {
    "fr": {T.SOCIAL_PROOF: {"f": "Mes fans adorent celle-ci depuis le début de la semaine.",
                            "mp": "Mes fans les adorent depuis le début de la semaine.",
                            "fp": "Mes fans les adorent depuis le début de la semaine."}},
    "es": {T.SCARCITY: {"f": "Solo voy a hacer unas pocas.", "fp": "Solo voy a hacer unas pocas."},
           T.SOCIAL_PROOF: {"mp": "A mis fans les han encantado toda la semana.",
                            "fp": "A mis fans les han encantado toda la semana."},
           T.EMOTIONAL_APPEAL: {"f": "Pensé en ti todo el tiempo mientras la hacía.",
                                "mp": "Pensé en ti todo el tiempo mientras los hacía.",
                                "fp": "Pensé en ti todo el tiempo mientras las hacía."},
           "price": {"f": "Tuya por {price} $.", "mp": "Tuyos por {price} $.", "fp": "Tuyas por {price} $."}},
}


def _lang(ctx: FanContext) -> str:
    return template_lang(ctx.lang)


def choose_tactics(data: SaleInput) -> list[TacticUse]:
    history = sales_math.history_from(data)
    band = sales_math.spend_band(history.ltv)
    days = history.days_since_last_purchase
    engagement, tier, kind = data.effective_engagement, data.effective_tier or "", data.content_type
    spent = f"${history.ltv:,.2f}"
    rules: list[tuple[bool, Tactic, str]] = [
        (bool(data.fan_name), T.PERSONALIZATION,
         f"Opens with {data.fan_name}'s name: a personal note converts better than a broadcast."),
        (band in ("big", "whale") or tier in ("vip", "whale", "premium", "top"), T.EXCLUSIVITY,
         f"The fan has spent {spent} ({band} band, tier {tier or 'n/a'}): VIP framing matches their status."),
        (engagement == "low" or band == "none", T.RECIPROCITY,
         f"{'Low engagement' if engagement == 'low' else 'No purchase yet'}: a small free bonus first "
         "lowers the barrier to buy."),
        (engagement == "low" or (days is not None and days > 30), T.URGENCY,
         f"{'Last purchase ' + str(days) + ' days ago' if days is not None else 'Low engagement'}: "
         "a deadline gives a reason to act now."),
        (kind in ("custom", "bundle", "video") or band == "whale", T.SCARCITY,
         f"{kind.capitalize()} content takes real production effort: limited availability is credible."),
        (band in ("none", "small"), T.SOCIAL_PROOF,
         f"The fan has spent only {spent}: showing other fans loved it reduces the risk of a first buy."),
        (kind in ("bundle", "custom"), T.AUTHORITY,
         f"A {kind} is a premium piece: the creator's experience justifies the price."),
        (engagement in ("medium", "high"), T.EMOTIONAL_APPEAL,
         f"{engagement.capitalize()} engagement: the fan responds to connection, so lead with feeling."),
    ]
    chosen = [TacticUse(name=tactic, rationale=why) for ok, tactic, why in rules if ok][:3]
    for filler, why in ((T.EMOTIONAL_APPEAL, "Connection is the default lever when nothing else stands out."),
                        (T.SOCIAL_PROOF, "Popularity reassures a fan who is still deciding.")):
        if len(chosen) < 2 and all(c.name != filler for c in chosen):
            chosen.append(TacticUse(name=filler, rationale=why))
    return chosen


def _is_vip(data: SaleInput) -> bool:
    band = sales_math.spend_band(sales_math.history_from(data).ltv)
    return band in ("big", "whale") or (data.effective_tier or "") in ("vip", "whale", "premium", "top")


def _compose(data: SaleInput, lead: list[Tactic], price: float, core: str) -> str:
    lang = _lang(data)
    greet = GREETING[lang][0].format(name=data.fan_name) if data.fan_name else GREETING[lang][1]
    gender = gender_of(data.message, lang) or ""
    agreeing = AGREEING.get(lang, {})
    lines = [agreeing.get(t, {}).get(gender, LINES[lang][t]) for t in lead if t in LINES[lang]]
    closing = agreeing.get("price", {}).get(gender, PRICE[lang])
    body = " ".join([greet, core, *lines, closing.format(price=f"{price:.2f}")])
    return " ".join(body.split())


def _core(message: str) -> str:
    """The creator's own message, whitespace collapsed, ≤ 300 characters cut at a word, with an end mark."""
    text = " ".join(message.split())
    text = text[:1].upper() + text[1:]  # it follows the greeting as a new sentence
    if len(text) > 300:
        text = text[:301].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text if text[-1:] in ".!?…" else f"{text}."


def optimize_sale(data: SaleInput) -> SaleOutput:
    """Rewritten message with the chosen tactics, two alternatives, computed price and conversion."""
    q = quote(data.price_usd, data, data.content_type)
    tactics = choose_tactics(data)
    used = [t.name for t in tactics if t.name != T.PERSONALIZATION]
    core = _core(data.message)
    # "You're one of my VIPs" said to a fan who is not one rings false: exclusivity only when the fan earned it.
    earned = {t.name for t in tactics} | ({T.EXCLUSIVITY} if _is_vip(data) else set())
    others = [t for t in rotate(list(LINES["en"]), seed_of("sale", data.model_dump(mode="json")))
              if t not in used and (t != T.EXCLUSIVITY or T.EXCLUSIVITY in earned)]
    alternatives = [_compose(data, [alt], q.price, core) for alt in others[:2]]
    if used:
        alternatives.append(_compose(data, used[-1:], q.price, ""))  # the short version: one lever, no preamble
    return SaleOutput(optimized_message=_compose(data, used, q.price, core), tactics=tactics,
                      suggested_price=q.price, expected_conversion_rate=q.conversion,
                      alternative_messages=list(dict.fromkeys(alternatives)))


# --- chat upsells ------------------------------------------------------------------------------------
OFFERS = {  # spend band → offers (label, content type, tactic), best first
    "none": [("intro photo set", "photo", T.RECIPROCITY), ("short video clip", "video", T.SOCIAL_PROOF)],
    "small": [("new photo set", "photo", T.SOCIAL_PROOF), ("video clip", "video", T.EMOTIONAL_APPEAL)],
    "regular": [("video clip", "video", T.EMOTIONAL_APPEAL), ("photo + video bundle", "bundle", T.SCARCITY)],
    "big": [("photo + video bundle", "bundle", T.EXCLUSIVITY), ("custom video", "custom", T.SCARCITY)],
    "whale": [("custom video", "custom", T.EXCLUSIVITY), ("VIP bundle", "bundle", T.SCARCITY)],
}


def upsell_suggestions(ctx: FanContext) -> list[UpsellSuggestion]:
    """Offers for a chat reply, each priced by sales_math from the anchor price of its content type: what the
    fan asked for first, then the offers of their spend band."""
    if intent(ctx.message) in NO_SELL:
        return []  # money trouble or rudeness: an offer would be deaf or pushy
    history = sales_math.history_from(ctx)
    band = sales_math.spend_band(history.ltv)
    asked = asked_offer(ctx.message)
    offers = OFFERS[band][:1] if ctx.effective_engagement == "low" else OFFERS[band]
    if asked is not None:
        offers = [asked, *[o for o in offers if o[1] != asked[1]]][:2]
    out = []
    for label, kind, tactic in offers:
        q = quote(sales_math.DEFAULT_BASE_PRICES[kind], ctx, kind)
        why = "the fan asked for it" if asked is not None and kind == asked[1] else \
            f"{ctx.effective_engagement} engagement"
        reason = (f"Fan has spent ${history.ltv:,.2f} ({band} band), {why}: offer the {label}; "
                  f"expected conversion {q.conversion * 100:.1f}%.") + (f" {q.basis}" if q.basis else "")
        out.append(UpsellSuggestion(offer=label, content_type=kind, price_usd=q.price, reason=reason,
                                    tactic=tactic))
    return out
