"""Learning a creator's voice from their own texts: a `VoiceProfile` computed by pure functions.

What is measured, per text then summarised over all of them:
- length in characters and words (median, quartiles), overall and per platform;
- emojis: per text, share of texts with one, the favourites; hashtags: per text, favourites, where they go;
- language mix (agents/language.py, per text), formality (contractions in English; tu/vous, du/Sie, tú/usted,
  tu/você address; capitals at sentence starts; lowercase-only texts), punctuation (!, !!+, …, ?, no end mark);
- signature openers and closers: the first and last phrase of a text (up to 3 words, before/after its first/
  last punctuation mark) found in at least `MIN_REPEATS` texts;
- recurring phrases: word 2- and 3-grams (within a phrase: never across punctuation or an emoji; overlapping ones
  found in the same texts chained into one longer phrase) found in at least 3 texts and 5% of them that stand out
  against the reference: a phrase made only of function words (per-language lists below, the words any writer
  uses) is not the creator's; ranked by texts × the phrase's words outside that reference;
- pet names for fans (per-language lists), and how often a text uses one;
- up to `MAX_EXAMPLES` examples for few-shot prompts: the highest engagement when the file has it, else the
  texts closest to the creator's own n-gram profile (the most typical), each at most `EXAMPLE_CHARS`.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from huntaze_cli.agents.language import detect

MIN_TEXTS = 10        # fewer texts say nothing reliable about a voice
MAX_EXAMPLES = 8      # bounded: examples travel in prompts
EXAMPLE_CHARS = 280
MIN_REPEATS = 2
EDGE_WORDS = 5     # a longer first or last phrase is a sentence, not a signature
MAX_LISTED = 8
EXAMPLE_POOL = 1000    # texts compared to find the most typical ones
MAX_LEARN_TEXTS = 5000  # the profile follows the latest texts learned: a creator's voice changes over years
MAX_CANDIDATES = 200  # recurring n-grams merged and ranked (the most frequent), whatever the history's size
PROFILE_VERSION = 1

EMOJI = re.compile(
    "(?:[\U0001F1E6-\U0001F1FF]{2}"
    "|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2B1B\u2B1C\u2190-\u21FF\u2300-\u23FF]"
    "[\uFE0F\U0001F3FB-\U0001F3FF]?(?:\u200D[\U0001F300-\U0001FAFF\u2600-\u27BF][\uFE0F]?)*)")
HASHTAG = re.compile(r"#\w+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FIRST_PHRASE = re.compile(r"^\s*([^.!?…,;:\n]+)")
_LAST_PHRASE = re.compile(r"([^.!?…,;:\n]+)[.!?…,;:\s]*$")
_PHRASE_BREAK = re.compile(r"[.!?…,;:()\n\"“”«»]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n)([^\W\d_])")

# Pet names a creator calls fans, per language (lowercase, matched on whole words).
PET_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("babe", "baby", "honey", "hun", "sweetie", "sweetheart", "darling", "love", "handsome", "cutie",
           "daddy", "sugar", "my love"),
    "fr": ("mon cœur", "mon coeur", "bébé", "mon chéri", "ma chérie", "mes chéris", "mon amour", "ma puce",
           "loulou", "mon beau", "mes amours", "mon chou"),
    "es": ("cariño", "mi amor", "bebé", "guapo", "corazón", "mi vida", "papi", "mi rey", "amorcito"),
    "pt": ("amor", "meu amor", "gato", "bebê", "querido", "lindo", "gatinho", "meu bem", "vida"),
    "de": ("schatz", "mein schatz", "süßer", "liebling", "hase", "mausi", "hübscher", "baby"),
}
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The reference a phrase must stand out against: the words every writer of the language uses.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words("a an the and or but of to in on at for with from by is are was were be been am i you he she it we "
                    "they me my your our this that these those so just do does did have has had not no yes it's i'm "
                    "you're what how when where who will would can could there here if as up out about all"),
    "fr": _words("le la les un une des et ou mais de du à au aux en dans sur pour par avec sans ce cet cette ces "
                    "je tu il elle on nous vous ils elles me te se mon ma mes ton ta tes son sa ses est es suis "
                    "sont être avoir ai as a ont que qui quoi ne pas plus c'est j'ai y très bien"),
    "es": _words("el la los las un una unos unas y o pero de del a al en con sin por para que qué es soy eres "
                    "está estoy son yo tú tu te me mi mis su sus lo le se no sí muy más"),
    "pt": _words("o a os as um uma e ou mas de do da dos das em no na com sem por para que é sou está estou "
                    "eu tu você te me meu minha seu sua se não sim muito mais"),
    "de": _words("der die das den dem des ein eine einen und oder aber von zu in im auf für mit ohne ist bin "
                    "bist sind ich du er sie es wir ihr mich dich mir dir mein dein nicht ja nein sehr so"),
}
# Address forms (informal, formal) per language, lowercase whole words; German `Sie` is read case-sensitively.
_ADDRESS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "fr": (frozenset({"tu", "te", "toi", "ton", "ta", "tes", "t'"}), frozenset({"vous", "votre", "vos"})),
    "de": (frozenset({"du", "dich", "dir", "dein", "deine", "deinen"}), frozenset({"Sie", "Ihnen", "Ihr", "Ihre"})),
    "es": (frozenset({"tú", "te", "ti", "tu", "tus"}), frozenset({"usted", "ustedes"})),
    "pt": (frozenset({"tu", "você", "vc", "te"}), frozenset({"senhor", "senhora"})),
}
_CONTRACTION = re.compile(r"\b\w+['’](?:m|re|s|ve|ll|d|t)\b", re.IGNORECASE)


@dataclass(frozen=True)
class VoiceText:
    """One past post or sent message."""

    text: str
    platform: str | None = None
    date: str | None = None
    engagement: float | None = None

    @property
    def key(self) -> str:
        """What makes two texts the same one (whitespace and case aside): relearning never counts it twice."""
        return hashlib.sha256(" ".join(self.text.split()).casefold().encode()).hexdigest()


class _Model(BaseModel):
    # camelCase in the JSON envelope (like every output), field names in the ledger's copy
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Length(_Model):
    texts: int
    median_chars: int
    p25_chars: int
    p75_chars: int
    median_words: int


class Phrase(_Model):
    text: str
    texts: int
    lang: str = "en"


class Example(_Model):
    text: str
    platform: str | None = None
    lang: str = "en"
    engagement: float | None = None


class VoiceProfile(_Model):
    version: int = PROFILE_VERSION
    texts: int
    languages: dict[str, float]
    main_language: str
    length: Length
    length_by_platform: dict[str, Length] = Field(default_factory=dict)
    emoji_per_text: float
    emoji_text_share: float
    favourite_emojis: list[str] = Field(default_factory=list)
    hashtags_per_text: float
    favourite_hashtags: list[str] = Field(default_factory=list)
    hashtag_placement: str = "none"   # end, inline or none
    openers: list[Phrase] = Field(default_factory=list)
    closers: list[Phrase] = Field(default_factory=list)
    phrases: list[Phrase] = Field(default_factory=list)
    pet_names: list[Phrase] = Field(default_factory=list)
    pet_name_share: float = 0.0
    contraction_share: float | None = None   # English texts with a contraction
    address: dict[str, str] = Field(default_factory=dict)   # per language: informal, formal or mixed
    capitalised_share: float
    lowercase_only_share: float
    exclamation_share: float
    multi_exclamation_share: float
    ellipsis_share: float
    ellipsis_mark: str = "…"
    question_share: float
    no_end_mark_share: float
    formality: str   # casual, neutral or formal
    examples: list[Example] = Field(default_factory=list)

    def length_for(self, platform: str | None) -> Length:
        return self.length_by_platform.get(platform or "", self.length)

    def for_lang(self, phrases: list[Phrase], lang: str) -> list[Phrase]:
        return [p for p in phrases if p.lang == lang]


def from_stored(stored: dict[str, object] | None) -> VoiceProfile | None:
    """A profile read back from the ledger; None when there is none or it was stored by another version."""
    from pydantic import ValidationError

    if not stored or stored.get("version") != PROFILE_VERSION:
        return None
    try:
        return VoiceProfile.model_validate(stored)
    except ValidationError:
        return None


def emojis(text: str) -> list[str]:
    return EMOJI.findall(text)


def _quartiles(values: list[int]) -> tuple[int, int, int]:
    if len(values) < 2:
        v = values[0] if values else 0
        return v, v, v
    q = statistics.quantiles(values, n=4, method="inclusive")
    return round(q[0]), round(statistics.median(values)), round(q[2])


def _length(texts: list[str]) -> Length:
    p25, median, p75 = _quartiles([len(t) for t in texts])
    return Length(texts=len(texts), median_chars=median, p25_chars=p25, p75_chars=p75,
                  median_words=round(statistics.median([len(_WORD.findall(t)) for t in texts])))


def _share(flags: Iterable[bool], total: int) -> float:
    return round(sum(1 for f in flags if f) / total, 3) if total else 0.0


def _plain(text: str) -> str:
    """A text without emojis, hashtags and surrounding spaces: what its words are."""
    return " ".join(HASHTAG.sub(" ", EMOJI.sub(" ", text)).split())


def _edge_phrase(text: str, first: bool) -> str | None:
    """A text's first (or last) phrase: up to its first (last) punctuation mark or emoji, whole when it has at
    most EDGE_WORDS words, else its first (last) three words."""
    marked = " ".join(HASHTAG.sub(" ", EMOJI.sub("\n", text)).split(" "))
    found = (_FIRST_PHRASE if first else _LAST_PHRASE).search(marked.strip())
    if not found:
        return None
    words = found.group(1).split()
    if len(words) > EDGE_WORDS:
        words = words[:3] if first else words[-3:]
    phrase = " ".join(words)
    return phrase if _WORD.search(phrase) else None


def _recurring(candidates: list[tuple[str | None, str]], total: int, minimum: int) -> list[Phrase]:
    """Phrases (one per text at most) found in at least `minimum` texts, in their most frequent spelling."""
    by_key: dict[str, Counter[str]] = {}
    langs: dict[str, Counter[str]] = {}
    for phrase, lang in candidates:
        if phrase:
            key = phrase.casefold()
            by_key.setdefault(key, Counter())[phrase] += 1
            langs.setdefault(key, Counter())[lang] += 1
    found = [Phrase(text=spellings.most_common(1)[0][0], texts=sum(spellings.values()),
                    lang=langs[key].most_common(1)[0][0])
             for key, spellings in by_key.items() if sum(spellings.values()) >= minimum]
    return sorted(found, key=lambda p: (-p.texts, p.text))[:MAX_LISTED]


def _is_function_phrase(words: list[str], lang: str) -> bool:
    reference = FUNCTION_WORDS.get(lang, FUNCTION_WORDS["en"])
    return all(w in reference for w in words)


def _count_ngrams(words: list[str], index: int, lang: str, seen: dict[str, set[int]],
                  spelled: dict[str, Counter[str]], lang_of: dict[str, Counter[str]]) -> None:
    for n in (2, 3):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            lowered = [w.casefold() for w in gram]
            if _is_function_phrase(lowered, lang):
                continue
            key = " ".join(lowered)
            seen.setdefault(key, set()).add(index)
            spelled.setdefault(key, Counter())[" ".join(gram)] += 1
            lang_of.setdefault(key, Counter())[lang] += 1


def _merge_overlaps(docs: dict[str, frozenset[int]], spelling: dict[str, str]
                    ) -> dict[str, tuple[frozenset[int], str, tuple[str, ...]]]:
    """Overlapping n-grams found in exactly the same texts are one longer phrase ("tu me dis" + "me dis ce" +
    "dis ce que" → "tu me dis ce que"): chained while any two overlap."""
    phrases = {k: (d, spelling[k], (k,)) for k, d in docs.items()}
    changed = True
    while changed:
        changed = False
        for a, b in ((a, b) for a in sorted(phrases) for b in sorted(phrases) if a != b):
            if a not in phrases or b not in phrases or phrases[a][0] != phrases[b][0]:
                continue
            aw, bw = a.split(), b.split()
            sa, sb = phrases[a][1].split(), phrases[b][1].split()
            overlap = next((n for n in range(min(len(aw), len(bw)) - 1, 0, -1) if aw[-n:] == bw[:n]), 0)
            if overlap:
                key = " ".join(aw + bw[overlap:])
                phrases[key] = (phrases[a][0], " ".join(sa + sb[overlap:]), phrases[a][2] + phrases[b][2])
                del phrases[a], phrases[b]
                changed = True
    return phrases


def _phrases(texts: list[str], langs: list[str]) -> list[Phrase]:
    minimum = max(MIN_REPEATS + 1, round(0.05 * len(texts)))
    seen: dict[str, set[int]] = {}
    spelled: dict[str, Counter[str]] = {}
    lang_of: dict[str, Counter[str]] = {}
    for index, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        # within one phrase: an n-gram never spans a punctuation mark, an emoji or a hashtag
        for phrase in _PHRASE_BREAK.split(HASHTAG.sub("\n", EMOJI.sub("\n", text))):
            _count_ngrams(_WORD.findall(phrase), index, lang, seen, spelled, lang_of)
    kept = [(key, len(idx)) for key, idx in seen.items() if len(idx) >= minimum]
    # A 2-gram inside a kept 3-gram found as often is the same habit: keep the longer one.
    longer = {k for k, _ in kept if k.count(" ") == 2}
    kept = [(k, n) for k, n in kept
            if not (k.count(" ") == 1 and any(k in big and len(seen[big]) >= n for big in longer))]
    kept = sorted(kept, key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]  # bounds the merge below
    merged = _merge_overlaps({k: frozenset(seen[k]) for k, _ in kept},
                             {k: spelled[k].most_common(1)[0][0] for k, _ in kept})
    for key, (docs, spelling, parts) in merged.items():
        seen[key], lang_of[key] = set(docs), lang_of[parts[0]]
        spelled[key] = Counter({spelling: 1})
    kept = [(k, len(docs)) for k, (docs, _, _) in merged.items()]
    reference = FUNCTION_WORDS["en"]

    def content_words(key: str) -> int:
        ref = FUNCTION_WORDS.get(lang_of[key].most_common(1)[0][0], reference)
        return sum(1 for w in key.split() if w not in ref)

    ranked = sorted(kept, key=lambda item: (-item[1] * content_words(item[0]), item[0]))[:MAX_LISTED]
    return [Phrase(text=spelled[k].most_common(1)[0][0], texts=n, lang=lang_of[k].most_common(1)[0][0])
            for k, n in ranked]


_PET_PATTERNS = {lang: re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                                   + r")(?!\w)") for lang, names in PET_NAMES.items()}


def _pet_names(texts: list[str]) -> tuple[list[Phrase], float]:
    counts: Counter[tuple[str, str]] = Counter()
    with_pet = 0
    for text in texts:
        lowered = text.casefold()
        # longest names first in each pattern: "my love" is found as itself, not as "love"
        found = {(m, lang) for lang, pattern in _PET_PATTERNS.items() for m in pattern.findall(lowered)}
        counts.update(found)
        with_pet += bool(found)
    phrases = [Phrase(text=name, texts=c, lang=lang) for (name, lang), c in counts.items() if c >= MIN_REPEATS]
    return sorted(phrases, key=lambda p: (-p.texts, p.text))[:MAX_LISTED], _share([True] * with_pet, len(texts))


def _address(texts: list[str], langs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang, (informal, formal) in _ADDRESS.items():
        words = [w for t, tl in zip(texts, langs, strict=True) if tl == lang
                 for w in re.findall(r"[^\W\d_]+'?", t)]
        low = sum(1 for w in words if w.lower() in informal)
        high = sum(1 for w in words if (w if lang == "de" else w.lower()) in formal)
        if low or high:
            out[lang] = "informal" if low >= 3 * high else "formal" if high >= 3 * low else "mixed"
    return out


def _formality(profile: dict[str, float], address: dict[str, str]) -> str:
    """casual / neutral / formal from the signals any language shows (emoji, case, !, contractions, address)."""
    casual = (profile["emoji_text_share"] + profile["lowercase_only_share"] + profile["multi_exclamation_share"]
              + (profile.get("contraction_share") or 0.0) + profile["pet_name_share"]
              + sum(1.0 for a in address.values() if a == "informal") / max(1, len(address)))
    formal = profile["capitalised_share"] + (1 - profile["emoji_text_share"]) + \
        sum(1.0 for a in address.values() if a == "formal") / max(1, len(address))
    if casual >= formal + 0.5:
        return "casual"
    return "formal" if formal >= casual + 1.0 else "neutral"


def _examples(items: list[VoiceText], langs: list[str]) -> list[Example]:
    from huntaze_cli.agents.voice.stylometry import cosine, norm, profile_of

    fitting = [(i, t) for i, t in enumerate(items) if 0 < len(t.text) <= EXAMPLE_CHARS] or \
        list(enumerate(items))
    if any(t.engagement is not None for _, t in fitting):
        ranked = sorted(fitting, key=lambda it: (-(it[1].engagement or 0.0), it[0]))
    else:
        # the most typical texts: nearest the creator's own n-gram profile (of at most EXAMPLE_POOL candidates,
        # evenly spread, so that a large history costs no more than a small one)
        pool = fitting[::max(1, len(fitting) // EXAMPLE_POOL)][:EXAMPLE_POOL]
        own = profile_of(t.text for _, t in pool)
        own_norm = norm(own)
        closeness = {i: cosine(profile_of([t.text]), own, own_norm) for i, t in pool}
        ranked = sorted(pool, key=lambda it: (-closeness[it[0]], it[0]))
    chosen, seen = [], set()
    for i, t in ranked:
        words = " ".join(_WORD.findall(t.text.casefold()))  # two texts differing only by emoji: one example
        if words not in seen:
            seen.add(words)
            chosen.append(Example(text=t.text[:EXAMPLE_CHARS], platform=t.platform, lang=langs[i],
                                  engagement=t.engagement))
        if len(chosen) == MAX_EXAMPLES:
            break
    return chosen


def unique(items: Iterable[VoiceText]) -> list[VoiceText]:
    """The texts without repeats (same words, spacing and case aside), first occurrence kept."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.text.strip() and item.key not in seen:
            seen.add(item.key)
            out.append(item)
    return out


def learn(items: Iterable[VoiceText]) -> VoiceProfile:
    """The profile of a creator's texts (repeats counted once, the latest MAX_LEARN_TEXTS); ValueError under
    MIN_TEXTS distinct texts.
    Deterministic: the same texts in the same order give the same profile (the ledger keeps learning order)."""
    texts_in = unique(items)[-MAX_LEARN_TEXTS:]
    if len(texts_in) < MIN_TEXTS:
        raise ValueError(f"{len(texts_in)} distinct text(s); a voice needs at least {MIN_TEXTS}")
    texts = [t.text.strip() for t in texts_in]
    total = len(texts)
    langs = [detect(t) for t in texts]
    lang_counts = Counter(langs)
    emoji_lists = [emojis(t) for t in texts]
    tag_lists = [HASHTAG.findall(t) for t in texts]
    english = [t for t, lang in zip(texts, langs, strict=True) if lang == "en"]
    has_letters = [bool(re.search(r"[^\W\d_]", t)) for t in texts]
    plain = [_plain(t) for t in texts]
    sentence_starts = [m.group(1) for t in plain for m in _SENTENCE_START.finditer(t)]
    by_platform: dict[str, list[str]] = {}
    for item, text in zip(texts_in, texts, strict=True):
        if item.platform:
            by_platform.setdefault(item.platform, []).append(text)
    pets, pet_share = _pet_names(texts)
    ellipsis_ascii = sum(t.count("...") for t in texts)
    ellipsis_char = sum(t.count("…") for t in texts)
    end_tags = sum(1 for t, tags in zip(texts, tag_lists, strict=True) if tags and t.rstrip().endswith(tags[-1]))
    measures = {
        "emoji_text_share": _share((bool(e) for e in emoji_lists), total),
        "lowercase_only_share": _share((has and p == p.lower()
                                        for p, has in zip(plain, has_letters, strict=True)), total),
        "multi_exclamation_share": _share(("!!" in t for t in texts), total),
        "contraction_share": _share((bool(_CONTRACTION.search(t)) for t in english), len(english)) if english else None,
        "pet_name_share": pet_share,
        "capitalised_share": _share((s.isupper() for s in sentence_starts), len(sentence_starts)),
    }
    address = _address(texts, langs)
    return VoiceProfile(
        texts=total,
        languages={lang: round(c / total, 3) for lang, c in sorted(lang_counts.items(), key=lambda kv: -kv[1])},
        main_language=sorted(lang_counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0],
        length=_length(texts),
        length_by_platform={p: _length(ts) for p, ts in sorted(by_platform.items()) if len(ts) >= 3},
        emoji_per_text=round(sum(len(e) for e in emoji_lists) / total, 2),
        emoji_text_share=measures["emoji_text_share"],
        favourite_emojis=[e for e, _ in sorted(Counter(x for es in emoji_lists for x in es).items(),
                                               key=lambda kv: (-kv[1], kv[0]))][:MAX_LISTED],
        hashtags_per_text=round(sum(len(t) for t in tag_lists) / total, 2),
        favourite_hashtags=[h for h, c in sorted(Counter(x.lower() for ts in tag_lists for x in ts).items(),
                                                 key=lambda kv: (-kv[1], kv[0])) if c >= MIN_REPEATS][:MAX_LISTED],
        hashtag_placement=("none" if not any(tag_lists) else
                           "end" if end_tags >= 0.5 * sum(1 for ts in tag_lists if ts) else "inline"),
        openers=_recurring([(_edge_phrase(t, True), lang) for t, lang in zip(texts, langs, strict=True)],
                           total, MIN_REPEATS),
        closers=_recurring([(_edge_phrase(t, False), lang) for t, lang in zip(texts, langs, strict=True)],
                           total, MIN_REPEATS),
        phrases=_phrases(texts, langs),
        pet_names=pets,
        pet_name_share=pet_share,
        contraction_share=measures["contraction_share"],
        address=address,
        capitalised_share=measures["capitalised_share"],
        lowercase_only_share=measures["lowercase_only_share"],
        exclamation_share=_share(("!" in t for t in texts), total),
        multi_exclamation_share=measures["multi_exclamation_share"],
        ellipsis_share=_share(("…" in t or "..." in t for t in texts), total),
        ellipsis_mark="..." if ellipsis_ascii > ellipsis_char else "…",
        question_share=_share(("?" in t for t in texts), total),
        no_end_mark_share=_share((not re.search(r"[.!?…]\s*$", p) for p in plain if p), total),
        formality=_formality(measures, address),  # type: ignore[arg-type]
        examples=_examples(texts_in, langs),
    )
