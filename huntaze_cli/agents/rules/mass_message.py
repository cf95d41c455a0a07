"""Offline mass-message text per fan segment, in English and French: one lead line per segment (its tactic),
the creator's description of the content, and the computed price. Prices come from agents/mass_message.py."""

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
}
GREETING = {"en": "Hey!", "fr": "Coucou !"}
PRICE = {"en": "Unlock it for ${price}.", "fr": "Débloque-le pour {price} $."}


def language(lang: str) -> str:
    return "fr" if lang.lower().startswith("fr") else "en"


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
