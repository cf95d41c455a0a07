"""The fan's language: `--lang` when given, else detected from the message by a documented heuristic.

Why a heuristic rather than a PyPI detector: the small offline ones were measured here (py3langid: 0.14 s
import plus 0.6 s to load its model in every process, numpy as a dependency) and they still misread short
fan messages ("hola guapa" → pt, "lol" → es, "du fehlst mir" at 49%). Fan messages are short and full of
function words, so counting them is both faster and more reliable for the five languages we write in.

Heuristic: each word that is a marker of a language (a frequent function word or a greeting) scores 1;
letters only one of the languages uses (ñ ¿ ¡ → es; ã õ → pt; ß ä ö ü → de; è ù œ → fr) score 2, and
an accent several Romance languages share (é, ç, à, á...) scores 1 for each of them.
The best score wins; a tie or no evidence at all gives English, the default the rest of huntaze assumes.
"""

from __future__ import annotations

import re

SUPPORTED: tuple[str, ...] = ("en", "fr", "es", "pt", "de")
DEFAULT = "en"
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Frequent words of each language; one shared by several ("tu", "que") scores for each of them.
_MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset([
        "the", "you", "your", "you're", "youre", "are", "is", "what", "whats", "what's", "how", "hey", "hi",
        "hello", "babe", "baby", "miss", "love", "want", "can't", "cant", "don't", "dont", "i'm", "im",
        "it's", "this", "that", "with", "have", "has", "just", "tonight", "today", "new", "send", "please",
        "thanks", "thank", "much", "any", "anything", "sorry", "money", "afford", "buy", "price", "up",
        "doing", "gorgeous", "beautiful", "ugly", "stupid", "fake", "scam", "shut", "why", "when", "where",
        "who", "my", "me", "of", "and", "to", "for", "pics", "video", "vids"]),
    "fr": frozenset([
        "tu", "te", "toi", "ton", "ta", "tes", "je", "j'ai", "suis", "est", "et", "le", "la", "les", "un",
        "une", "des", "du", "mon", "ma", "mes", "pour", "avec", "pas", "ne", "n'ai", "c'est", "t'es",
        "qu'est", "quoi", "comment", "salut", "coucou", "bonjour", "bonsoir", "merci", "manques", "manque",
        "veux", "voudrais", "envie", "ce", "cette", "ça", "oui", "non", "très", "trop", "belle", "beau",
        "combien", "prix", "argent", "mois", "désolé", "soir", "fais", "nouveau", "nouvelle", "dispo",
        "vidéo", "au", "aux", "sur", "dans", "chez", "matin", "plage"]),
    "es": frozenset([
        "tú", "tu", "te", "ti", "yo", "eres", "estás", "estas", "está", "es", "el", "los", "las", "una",
        "unos", "y", "pero", "para", "con", "qué", "que", "cómo", "como", "hola", "buenas", "gracias",
        "extraño", "echo", "quiero", "puedo", "precio", "cuánto", "cuanto", "cuesta", "dinero", "mes", "lo",
        "siento", "guapa", "guapo", "hermosa", "linda", "mucho", "muy", "hoy", "noche", "haces", "vídeo",
        "nuevo", "ahora", "en", "la", "del", "al", "playa", "fiesta"]),
    "pt": frozenset([
        "você", "voce", "vc", "tu", "te", "eu", "é", "está", "estou", "o", "os", "as", "um", "uma", "e",
        "mas", "para", "com", "não", "nao", "sim", "que", "quê", "como", "olá", "ola", "oi", "obrigado",
        "obrigada", "saudade", "saudades", "quero", "posso", "preço", "quanto", "custa", "dinheiro", "mês",
        "linda", "lindo", "gata", "muito", "hoje", "noite", "fazendo", "vídeo", "novo", "agora"]),
    "de": frozenset([
        "du", "dich", "dir", "ich", "bin", "bist", "ist", "der", "die", "das", "ein", "eine", "und", "aber",
        "für", "mit", "nicht", "nein", "ja", "was", "wie", "hallo", "servus", "danke", "vermisse", "fehlst",
        "will", "möchte", "kann", "preis", "kostet", "viel", "geld", "monat", "leid", "schön", "schöne",
        "süß", "heute", "abend", "machst", "neues", "neu", "jetzt"]),
}
_LETTERS: dict[str, str] = {"es": "ñ¿¡", "pt": "ãõ", "de": "ßäöü", "fr": "èùœ"}
# Accents several Romance languages share: a point to each of them, none to English or German.
_SHARED_LETTERS: dict[str, tuple[str, ...]] = {"é": ("fr", "es", "pt"), "ç": ("fr", "pt"), "à": ("fr", "pt"),
                                               "ê": ("fr", "pt"), "â": ("fr", "pt"), "ô": ("fr", "pt"),
                                               "á": ("es", "pt"), "í": ("es", "pt"), "ó": ("es", "pt"),
                                               "ú": ("es", "pt")}


def normalize(code: str | None) -> str | None:
    """'pt-BR' → 'pt', 'FR' → 'fr'; None for an empty value. Raises ValueError on a non-language code."""
    if code is None or not str(code).strip():
        return None
    text = str(code).strip()
    if not _CODE.match(text):
        raise ValueError(f"'{text}' is not a language code: use one of {', '.join(SUPPORTED)} (or another "
                         "ISO 639 code for an AI model)")
    return re.split(r"[-_]", text)[0].lower()


def scores(text: str) -> dict[str, int]:
    lowered = text.lower().replace("’", "'")
    words = _WORD.findall(lowered)
    out = {lang: sum(1 for w in words if w in markers) for lang, markers in _MARKERS.items()}
    for lang, letters in _LETTERS.items():
        out[lang] += 2 * sum(lowered.count(ch) for ch in letters)
    for ch, langs in _SHARED_LETTERS.items():
        if ch in lowered:
            for lang in langs:
                out[lang] += 1
    return out


def detect(text: str) -> str:
    """The likeliest of SUPPORTED for a message; English when nothing tells the languages apart."""
    ranked = sorted(scores(text).items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top > 0 and top > second else DEFAULT


def resolve(lang: str | None, text: str) -> str:
    """The language to write in: the one asked for, else the message's."""
    return normalize(lang) or detect(text)


def template_lang(lang: str | None) -> str:
    """The rules engine's template set for a language: itself when supported, else English."""
    code = normalize(lang) or DEFAULT
    return code if code in SUPPORTED else DEFAULT
