"""Offline mass-message text per fan segment, in the rules engine's languages (English, French, Spanish,
Portuguese, German; another language gets English): one lead line per segment (its tactic), the creator's
description of the content, and the computed price. Prices come from agents/messaging/mass_drafts.py."""

from __future__ import annotations

# Tactic names (schemas.Tactic values; plain strings so that this command never loads pydantic).
TACTIC = {"whales": "exclusivity", "regulars": "emotional_appeal", "new": "reciprocity", "lapsed": "urgency",
          "never-bought": "social_proof"}
LEAD = {
    "en": {
        "whales": "You're one of my very favourite people here, so you get this before anyone else:",
        "regulars": "I made something I think you'll love:",
        "new": "Welcome in! Since you're new here, I saved you a little treat:",
        "lapsed": "I've missed you! It's been a while, so I kept this one for you, only until midnight:",
        "never-bought": "My fans have been obsessed with this all week:",
    },
    "fr": {
        "whales": "Tu fais partie de mes préférés, alors tu l'as avant tout le monde :",
        "regulars": "J'ai préparé quelque chose qui devrait te plaire :",
        "new": "Bienvenue ! Comme tu viens d'arriver, je t'ai gardé une petite surprise :",
        "lapsed": "Tu m'as manqué ! Ça fait un moment, alors je te l'ai gardé, seulement jusqu'à minuit :",
        "never-bought": "Mes fans adorent ça depuis le début de la semaine :",
    },
    "es": {
        "whales": "Eres de mis personas favoritas aquí, así que lo tienes antes que nadie:",
        "regulars": "Hice algo que creo que te va a encantar:",
        "new": "¡Bienvenido! Como acabas de llegar, te guardé un pequeño regalo:",
        "lapsed": "¡Te he echado de menos! Hace tiempo, así que te guardé esto, solo hasta medianoche:",
        "never-bought": "Mis fans llevan toda la semana obsesionados con esto:",
    },
    "pt": {
        "whales": "Você é uma das minhas pessoas favoritas aqui, então recebe isto antes de todo mundo:",
        "regulars": "Fiz uma coisa que acho que você vai amar:",
        "new": "Bem-vindo! Como você acabou de chegar, guardei um presentinho para você:",
        "lapsed": "Senti sua falta! Faz tempo, então guardei isto para você, só até meia-noite:",
        "never-bought": "Meus fãs estão obcecados com isto a semana toda:",
    },
    "de": {
        "whales": "Du gehörst zu meinen absoluten Lieblingen hier, also bekommst du das vor allen anderen:",
        "regulars": "Ich habe etwas gemacht, das dir bestimmt gefällt:",
        "new": "Willkommen! Weil du neu hier bist, habe ich dir eine kleine Überraschung aufgehoben:",
        "lapsed": "Ich habe dich vermisst! Es ist eine Weile her, also habe ich das für dich aufgehoben, nur bis "
                  "Mitternacht:",
        "never-bought": "Meine Fans sind diese Woche total verrückt danach:",
    },
}
GREETING = {"en": "Hey!", "fr": "Coucou !", "es": "¡Hola!", "pt": "Oi!", "de": "Hey!"}
PRICE = {"en": "Unlock it for ${price}.", "fr": "Débloque-le pour {price} $.", "es": "Desbloquéalo por ${price}.",
         "pt": "Desbloqueie por US$ {price}.", "de": "Schalte es für {price} $ frei."}


def language(lang: str) -> str:
    """The template set for a language code (agents/language.py): itself when written here, else English."""
    from huntaze_cli.agents.language import template_lang

    try:
        return template_lang(lang)
    except ValueError:
        return "en"


def compose(segment: str, content: str, price: float, lang: str = "en") -> str:
    """The draft: greeting, the segment's lead line, the content (whitespace collapsed, ≤ 300 characters cut at a
    word, ending in a full stop) and the price."""
    code = language(lang)
    text = " ".join(content.split())
    if len(text) > 300:
        text = text[:301].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    if text[-1:] not in ".!?…":
        text += "."
    return " ".join([GREETING[code], LEAD[code][segment], text, PRICE[code].format(price=f"{price:.2f}")])
