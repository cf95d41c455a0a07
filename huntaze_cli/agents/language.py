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
# ISO 639-1, the codes a model can be asked to write in (and the name an honest note uses for each).
LANGUAGE_NAMES: dict[str, str] = dict(pair.split(":") for pair in (  # noqa: SIM905 (183 pairs read better as prose)
    "aa:Afar ab:Abkhazian ae:Avestan af:Afrikaans ak:Akan am:Amharic an:Aragonese ar:Arabic as:Assamese "
    "av:Avaric ay:Aymara az:Azerbaijani ba:Bashkir be:Belarusian bg:Bulgarian bi:Bislama bm:Bambara bn:Bengali "
    "bo:Tibetan br:Breton bs:Bosnian ca:Catalan ce:Chechen ch:Chamorro co:Corsican cr:Cree cs:Czech "
    "cu:Church_Slavic cv:Chuvash cy:Welsh da:Danish de:German dv:Divehi dz:Dzongkha ee:Ewe el:Greek en:English "
    "eo:Esperanto es:Spanish et:Estonian eu:Basque fa:Persian ff:Fulah fi:Finnish fj:Fijian fo:Faroese "
    "fr:French fy:Western_Frisian ga:Irish gd:Scottish_Gaelic gl:Galician gn:Guarani gu:Gujarati gv:Manx "
    "ha:Hausa he:Hebrew hi:Hindi ho:Hiri_Motu hr:Croatian ht:Haitian hu:Hungarian hy:Armenian hz:Herero "
    "ia:Interlingua id:Indonesian ie:Interlingue ig:Igbo ii:Sichuan_Yi ik:Inupiaq io:Ido is:Icelandic "
    "it:Italian iu:Inuktitut ja:Japanese jv:Javanese ka:Georgian kg:Kongo ki:Kikuyu kj:Kuanyama kk:Kazakh "
    "kl:Kalaallisut km:Khmer kn:Kannada ko:Korean kr:Kanuri ks:Kashmiri ku:Kurdish kv:Komi kw:Cornish "
    "ky:Kyrgyz la:Latin lb:Luxembourgish lg:Ganda li:Limburgish ln:Lingala lo:Lao lt:Lithuanian lu:Luba-Katanga "
    "lv:Latvian mg:Malagasy mh:Marshallese mi:Maori mk:Macedonian ml:Malayalam mn:Mongolian mr:Marathi "
    "ms:Malay mt:Maltese my:Burmese na:Nauru nb:Norwegian_Bokmal nd:North_Ndebele ne:Nepali ng:Ndonga "
    "nl:Dutch nn:Norwegian_Nynorsk no:Norwegian nr:South_Ndebele nv:Navajo ny:Chichewa oc:Occitan oj:Ojibwa "
    "om:Oromo or:Oriya os:Ossetian pa:Punjabi pi:Pali pl:Polish ps:Pashto pt:Portuguese qu:Quechua "
    "rm:Romansh rn:Rundi ro:Romanian ru:Russian rw:Kinyarwanda sa:Sanskrit sc:Sardinian sd:Sindhi "
    "se:Northern_Sami sg:Sango si:Sinhala sk:Slovak sl:Slovenian sm:Samoan sn:Shona so:Somali sq:Albanian "
    "sr:Serbian ss:Swati st:Southern_Sotho su:Sundanese sv:Swedish sw:Swahili ta:Tamil te:Telugu tg:Tajik "
    "th:Thai ti:Tigrinya tk:Turkmen tl:Tagalog tn:Tswana to:Tonga tr:Turkish ts:Tsonga tt:Tatar tw:Twi "
    "ty:Tahitian ug:Uyghur uk:Ukrainian ur:Urdu uz:Uzbek ve:Venda vi:Vietnamese vo:Volapuk wa:Walloon "
    "wo:Wolof xh:Xhosa yi:Yiddish yo:Yoruba za:Zhuang zh:Chinese zu:Zulu").split())
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
    """'pt-BR' → 'pt', 'FR' → 'fr'; None when no language was given. Raises ValueError on an empty value or
    on a code that is not an ISO 639-1 language (`xx`, `zz-ZZ-foo`): a typo must not pass as English."""
    if code is None:
        return None
    text = str(code).strip()
    if not text:
        raise ValueError("is empty: give a language code such as en, fr or ja, or leave the option out")
    base = re.split(r"[-_]", text)[0].lower()
    if not _CODE.match(text) or base not in LANGUAGE_NAMES:
        raise ValueError(f"'{text}' is not a language code: use one of {', '.join(SUPPORTED)} (or another "
                         "ISO 639-1 code such as ja or it for an AI model)")
    return base


def name(code: str) -> str:
    """'ja' → 'Japanese' (the code itself when unknown)."""
    return LANGUAGE_NAMES.get(code, code).replace("_", " ")


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


def written_language(lang: str | None, provider: str | None,
                     supported: tuple[str, ...] = SUPPORTED) -> tuple[str, str | None]:
    """The language an answer was written in, and the honest note when it is not the one asked for: the
    rules engine writes only the languages it has templates for, `supported` (a model writes the one asked)."""
    asked = normalize(lang) or DEFAULT
    if provider != "rules":
        return asked, None
    used = template_lang(asked, supported)
    if used == asked:
        return used, None
    return used, f"No {name(asked)} templates offline; answered in {name(used)}."


def template_lang(lang: str | None, supported: tuple[str, ...] = SUPPORTED) -> str:
    """The rules engine's template set for a language: itself when supported, else English."""
    code = normalize(lang) or DEFAULT
    return code if code in supported else DEFAULT


def is_language(text: str, lang: str) -> bool:
    """Whether a short text (a topic) reads as `lang`. Too short for `detect` to be sure, so English is
    assumed only when nothing points elsewhere: a Romance "de" joining two words ("coucher de soleil")
    points away from English and German."""
    from huntaze_cli.agents.content.hashtags import CONNECTORS

    words = _WORD.findall(text.lower().replace("’", "'"))
    if lang in ("en", "de") and any(w in CONNECTORS or w.startswith("d'") for w in words):
        return False
    ranked = sorted(scores(text).items(), key=lambda item: -item[1])
    best, top = ranked[0]
    if top == 0:
        return lang == DEFAULT
    leaders = {code for code, score in ranked if score == top}
    return lang in leaders if len(leaders) == 1 else lang in leaders and lang != DEFAULT
