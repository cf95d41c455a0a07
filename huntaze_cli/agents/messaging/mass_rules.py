"""Offline mass-message text per fan segment, in the rules engine's languages (English, French, Spanish,
Portuguese, German; another language gets English): one lead line per segment (its tactic), the creator's
description of the content, and the computed price. Prices come from agents/messaging/mass_drafts.py.

French and Spanish pronouns agree with the content (agents/messaging/gender.py): "la nouvelle série …
Débloque-la", "mes photos … Débloque-les"; when nothing tells its gender, a wording that needs none."""

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
# Lead lines whose pronoun refers to the content, per gender (None: nothing tells, a wording that needs none).
AGREEING_LEAD = {
    "fr": {
        "whales": {"m": "Tu fais partie de mes préférés, alors tu l'as avant tout le monde :",
                   "f": "Tu fais partie de mes préférés, alors tu l'as avant tout le monde :",
                   "mp": "Tu fais partie de mes préférés, alors tu les as avant tout le monde :",
                   None: "Tu fais partie de mes préférés, alors tu y as droit avant tout le monde :"},
        "lapsed": {"m": "Tu m'as manqué ! Ça fait un moment, alors je te l'ai gardé, seulement jusqu'à minuit :",
                   "f": "Tu m'as manqué ! Ça fait un moment, alors je te l'ai gardée, seulement jusqu'à minuit :",
                   None: "Tu m'as manqué ! Ça fait un moment, alors c'est pour toi, seulement jusqu'à minuit :"},
    },
    "es": {
        "whales": {"m": "Eres de mis personas favoritas aquí, así que lo tienes antes que nadie:",
                   "f": "Eres de mis personas favoritas aquí, así que la tienes antes que nadie:",
                   "mp": "Eres de mis personas favoritas aquí, así que los tienes antes que nadie:",
                   "fp": "Eres de mis personas favoritas aquí, así que las tienes antes que nadie:",
                   None: "Eres de mis personas favoritas aquí, así que es tuyo antes que nadie:"},
    },
}
GREETING = {"en": "Hey!", "fr": "Coucou !", "es": "¡Hola!", "pt": "Oi!", "de": "Hey!"}
PRICE = {"en": "Unlock it for ${price}.", "fr": "À débloquer pour {price} $.", "es": "Disponible por ${price}.",
         "pt": "Desbloqueie por US$ {price}.", "de": "Schalte es für {price} $ frei."}
AGREEING_PRICE = {
    "fr": {"m": "Débloque-le pour {price} $.", "f": "Débloque-la pour {price} $.", "mp": "Débloque-les pour {price} $.",
           "fp": "Débloque-les pour {price} $."},
    "es": {"m": "Desbloquéalo por ${price}.", "f": "Desbloquéala por ${price}.", "mp": "Desbloquéalos por ${price}.",
           "fp": "Desbloquéalas por ${price}."},
}


def language(lang: str) -> str:
    """The template set for a language code (agents/language.py): itself when written here, else English."""
    from huntaze_cli.agents.language import template_lang

    try:
        return template_lang(lang)
    except ValueError:
        return "en"


def price_line(content: str, price: float, lang: str = "en") -> str:
    """The closing line with the computed price, its pronoun agreeing with the content."""
    from huntaze_cli.agents.messaging.gender import gender_of

    code = language(lang)
    template = AGREEING_PRICE.get(code, {}).get(gender_of(content, code) or "", PRICE[code])
    return template.format(price=f"{price:.2f}")


def lead_line(segment: str, content: str, lang: str = "en") -> str:
    from huntaze_cli.agents.messaging.gender import gender_of

    code = language(lang)
    agreeing = AGREEING_LEAD.get(code, {}).get(segment)
    if agreeing is None:
        return LEAD[code][segment]
    gender = gender_of(content, code)
    return agreeing.get(gender, agreeing[None])


def compose(segment: str, content: str, price: float, lang: str = "en") -> str:
    """The draft: greeting, the segment's lead line, the content (whitespace collapsed, ≤ 300 characters cut at a
    word, ending in a full stop) and the price."""
    code = language(lang)
    text = " ".join(content.split())
    if len(text) > 300:
        text = text[:301].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    if text[-1:] not in ".!?…":
        text += "."
    return " ".join([GREETING[code], lead_line(segment, content, code), text, price_line(content, price, code)])
