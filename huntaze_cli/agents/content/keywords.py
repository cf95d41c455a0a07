"""Keywords from free text (descriptions, fan messages): the words a caption or hashtag should carry."""

from __future__ import annotations

import re

STOPWORDS = frozenset({  # en, fr, es, pt, de function words, never keywords
    'a', 'an', 'the', 'and', 'or', 'but', 'if', 'of', 'on', 'in', 'at', 'to', 'for', 'from', 'with',
    'by', 'about', 'into', 'over', 'under', 'after', 'before', 'between', 'out', 'up', 'down', 'off',
    'again', 'then', 'once', 'here', 'there', 'when', 'where', 'why', 'how', 'all', 'any', 'both',
    'each', 'few', 'more', 'most', 'other', 'some', 'such', 'no', 'nor', 'not', 'only', 'own', 'same',
    'so', 'than', 'too', 'very', 'can', 'will', 'just', 'don', 'should', 'now', 'is', 'are', 'was',
    'were', 'be', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did', 'this', 'that', 'these',
    'those', 'it', 'its', 'i', 'me', 'my', 'we', 'our', 'you', 'your', 'he', 'she', 'they', 'them',
    'his', 'her', 'their', 'what', 'which', 'who', 'whom', 'am', 'im', "i'm", "it's", "let's", 'lets',
    'get', 'got', 'new', 'today', 'tonight', 'day', 'really', 'also', 'le', 'la', 'les', 'un', 'une',
    'des', 'du', 'de', 'et', 'ou', 'mais', 'donc', 'car', 'ni', 'sur', 'sous', 'dans', 'par', 'pour',
    'avec', 'sans', 'entre', 'ce', 'cet', 'cette', 'ces', 'mon', 'ma', 'mes', 'ton', 'ta', 'tes', 'son', 'sa',
    'ses', 'notre', 'nos', 'votre', 'vos', 'leur', 'leurs', 'je', 'tu', 'il', 'elle', 'nous', 'vous',
    'ils', 'elles', 'est', 'sont', 'suis', 'être', 'avoir', 'ai', 'as', 'au', 'aux', 'en', 'y', 'ne',
    'pas', 'plus', 'très', 'tout', 'tous', 'toute', 'toutes', 'qui', 'que', 'quoi', 'dont', 'où', 'se',
    'te', 'lui', 'jour', 'aujourd', 'hui', 'soir',
    # es, pt, de
    'el', 'los', 'las', 'una', 'unos', 'unas', 'del', 'al', 'con', 'sin', 'para', 'por', 'pero', 'como',
    'mi', 'mis', 'tus', 'su', 'sus', 'yo', 'nosotros', 'es', 'está', 'estoy', 'muy', 'más',
    'hoy', 'noche', 'día', 'nuevo', 'nueva', 'este', 'esta', 'esto', 'ese', 'esa', 'o', 'os', 'um', 'uma',
    'da', 'dos', 'das', 'na', 'nas', 'em', 'com', 'sem', 'mas', 'meu', 'minha', 'seu',
    'sua', 'eu', 'você', 'é', 'muito', 'hoje', 'noite', 'dia', 'novo', 'nova', 'isso', 'esse', 'essa',
    'der', 'die', 'ein', 'eine', 'einen', 'dem', 'den', 'und', 'oder', 'aber', 'mit', 'ohne',
    'für', 'auf', 'zum', 'zur', 'von', 'bei', 'nach', 'mein', 'meine', 'dein', 'deine', 'ich',
    'wir', 'ist', 'sind', 'bin', 'sehr', 'heute', 'abend', 'tag', 'neu', 'neue', 'neues', 'dieser',
    'diese', 'dieses',
})
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def keywords(text: str, limit: int = 5) -> list[str]:
    """Distinct content words (≥ 3 letters, stopwords out), in order of first appearance, lowercased."""
    out: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0).strip("'’-").lower()
        if len(word) >= 3 and word not in STOPWORDS and word not in out:
            out.append(word)
            if len(out) == limit:
                break
    return out


# Proper nouns creators type in lowercase ("coffee in paris"): restored in caption text (hashtags stay
# lowercase). Only unambiguous names: "nice", "may", "march" or "reading" are ordinary words too.
_PLACES = (
    "paris", "london", "new york", "los angeles", "las vegas", "san francisco", "miami", "chicago", "austin",
    "nashville", "seattle", "boston", "brooklyn", "manhattan", "malibu", "hawaii", "maui", "tokyo", "kyoto",
    "seoul", "bangkok", "singapore", "hong kong", "bali", "dubai", "istanbul", "rome", "milan", "florence",
    "venice", "berlin", "munich", "madrid", "barcelona", "ibiza", "lisbon", "porto", "amsterdam", "prague",
    "vienna", "budapest", "mykonos", "santorini", "athens", "cannes", "monaco", "marseille", "lyon", "bordeaux",
    "montreal", "toronto", "vancouver", "sydney", "melbourne", "cancun", "tulum", "rio", "marrakech",
    "france", "italy", "spain", "portugal", "greece", "japan", "mexico", "brazil", "thailand", "germany",
    "england", "scotland", "ireland", "canada", "australia", "morocco", "iceland", "europe", "california",
    "florida", "texas", "italie", "espagne", "grèce", "japon", "mexique", "brésil", "allemagne", "angleterre",
    "londres", "rome", "venise", "lisbonne", "barcelone", "marrakech", "tiktok", "instagram", "onlyfans",
)
_SPELLING = {"tiktok": "TikTok", "onlyfans": "OnlyFans", "new york": "New York", "hong kong": "Hong Kong"}
# English only: French writes weekdays, months and "je" in lowercase.
_EN_ONLY = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "april", "june", "july", "august", "september", "october", "november", "december", "christmas",
            "halloween", "easter", "valentine's", "valentines", "i", "i'm", "i've", "i'll", "i'd")
_PROPER = re.compile(r"(?<![\w'’#@-])(" + "|".join(sorted(map(re.escape, {*_PLACES, *_EN_ONLY}), key=len, reverse=True))
                     + r")(?![\w'’-])", re.IGNORECASE)
_EN_ONLY_SET = frozenset(_EN_ONLY)


def proper_case(text: str, lang: str = "en") -> str:
    """Capitalise the known proper nouns in a lowercase description; words already capitalised are kept."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        key = word.lower()
        if word != key or (key in _EN_ONLY_SET and lang != "en"):
            return word  # the creator's own capitalisation wins
        return _SPELLING.get(key) or " ".join(part[:1].upper() + part[1:] for part in key.split(" "))

    return _PROPER.sub(fix, text)


def hashtag_word(word: str) -> str:
    return re.sub(r"\W+", "", word)


def first_sentence(text: str, limit: int = 140) -> str:
    """The description's first sentence, whitespace collapsed, cut at a word boundary, no end stop."""
    flat = " ".join(text.split())
    sentence = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0].rstrip(".!?…;:, ")
    if len(sentence) > limit:
        cut = sentence[:limit + 1].rsplit(" ", 1)[0] if " " in sentence[:limit + 1] else sentence[:limit]
        sentence = cut.rstrip(".,;: ")
    return sentence
