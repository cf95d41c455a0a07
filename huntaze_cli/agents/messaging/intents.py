"""What a fan's message is doing (rude, money trouble, purchase, missing the creator, plans, wellbeing, compliment,
greeting, question, anything else), and which item a fan asks for by name. Phrases live in reply_templates."""

from __future__ import annotations

import re

from huntaze_cli.agents.messaging import reply_templates as rt
from huntaze_cli.agents.schemas import Tactic

T = Tactic
# Intents where selling would be pushy or deaf: no upsell, no offer in the reply.
NO_SELL = ("rude", "money")

_TOKENS = re.compile(r"[^\W_]+")
# A question without "?" starts with a question word; auxiliaries ("can't wait", "will post") and words that are
# also something else ("was" in English, "como" = "like") would misfire, so only wh-words count.
_QUESTION_START = re.compile(r"^\s*(?:what|how|when|where|why|who|which|quoi|comment|quand|où|pourquoi|qué|cómo|"
                             r"cuándo|dónde|por qué|quién|o que|quando|onde|por que|quem|warum|wann|wo|wer)\b"
                             r"(?!['’])", re.IGNORECASE)


def _words(text: str) -> str:
    """Lowercase words separated by single spaces, padded, so phrases match on whole words only."""
    return " " + " ".join(_TOKENS.findall(text.lower().replace("’", "'"))) + " "


_PHRASES = {name: tuple(_words(p) for p in phrases) for name, phrases in rt.INTENT_WORDS.items()}


# What a fan may ask for by name (en, fr, es, pt, de), most specific first: (pattern, label, type, tactic).
# "everything"/"tout" alone is not an order ("thanks for everything", "merci pour tout").
ASKED = [
    (re.compile(r"\bcustom\b|\bpersonali[sz]ed\b|\bjust for me\b|\bperso\b|\bpersonnalis|\bsur mesure\b|"
                r"\bpersonalizad[oa]\b|\bpersönlich", re.I), "custom video", "custom", T.PERSONALIZATION),
    (re.compile(r"\bbundle\b|\bpack\b|\bpacote\b|\bpaket\b", re.I), "photo + video bundle", "bundle", T.EXCLUSIVITY),
    (re.compile(r"\bv[ií]d(?:eo|éo)?s?\b|\bclips?\b|\bclipes?\b", re.I), "video clip", "video", T.PERSONALIZATION),
    (re.compile(r"\bpics?\b|\bphotos?\b|\bpictures?\b|\bselfies?\b|\bfotos?\b|\bbilder\b", re.I), "photo set",
     "photo", T.PERSONALIZATION),
]


def asked_offer(message: str) -> tuple[str, str, T] | None:
    """The offer the fan asked for by name, if any: answering the question beats the usual upsell."""
    for pattern, label, kind, tactic in ASKED:
        if pattern.search(message):
            return label, kind, tactic
    return None


def intent(message: str) -> str:
    """What the fan is doing, in the order of reply_templates.INTENTS (the first that matches wins)."""
    text = _words(message)
    for name in rt.INTENTS:
        if name == "purchase" and asked_offer(message) is not None:
            return name  # naming an item is asking to buy it
        if any(phrase in text for phrase in _PHRASES.get(name, ())):
            return name
    return "question" if "?" in message or _QUESTION_START.match(message) else "general"
