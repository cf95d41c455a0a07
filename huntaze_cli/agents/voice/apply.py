"""Using a creator's voice: the rules engine's drafts rewritten to it, and the voice block of a model prompt.

The rules engine writes its templates first (any of the five languages), then `voice_text` moves each fan-facing
text toward the creator: their length (middle sentences dropped down to their usual length; a sentence with a
number or a price is never dropped), their openers and closers and pet names (only those learned in the draft's
language), their punctuation (!!!, no "!", …, no end mark), their case (lowercase-only, capitals), English
contractions (formal: expanded; casual: contracted) and their emojis (the template's removed, the creator's
favourites put back at the creator's density). The agent's finalize() runs afterwards, so platform limits and
computed prices still hold on every output. Deterministic: choices are seeded from the request.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from huntaze_cli.agents.base import fence
from huntaze_cli.agents.seeding import pick, seed_of
from huntaze_cli.agents.voice.profile import EMOJI, PET_NAMES, Phrase, VoiceProfile

PROMPT_EXAMPLES = 3   # few-shot examples in a prompt (fewer when a local model's context is small)
_UNIT_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_END = re.compile(r"[.!?…]+$")
_EMOJI_STOP = re.compile(rf"(?<=[^\W\d_])(?:\s*(?:{EMOJI.pattern}))+[ \t]+(?=[A-ZÀ-ÖØ-Þ])")
_EXPAND = {"i'm": "I am", "you're": "you are", "it's": "it is", "don't": "do not", "can't": "cannot",
           "won't": "will not", "i've": "I have", "i'll": "I will", "we're": "we are", "that's": "that is",
           "isn't": "is not", "didn't": "did not", "let's": "let us", "there's": "there is", "you'll": "you will",
           "i'd": "I would", "you've": "you have", "doesn't": "does not", "we'll": "we will"}
_CONTRACT = {"I am": "I'm", "you are": "you're", "do not": "don't", "cannot": "can't", "will not": "won't",
             "I have": "I've", "I will": "I'll", "it is": "it's", "that is": "that's", "we are": "we're"}


def _words_pattern(table: dict[str, str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


_EXPAND_RE, _CONTRACT_RE = _words_pattern(_EXPAND), _words_pattern(_CONTRACT)


def _replace_words(text: str, table: dict[str, str], pattern: re.Pattern[str]) -> str:
    def swap(m: re.Match[str]) -> str:
        found = m.group(0)
        out = table.get(found) or table.get(found.lower()) or next(
            (v for k, v in table.items() if k.lower() == found.lower()), found)
        return out[:1].upper() + out[1:] if found[:1].isupper() else out

    return pattern.sub(swap, text.replace("’", "'"))


def _phrases(phrases: list[Phrase], lang: str) -> list[str]:
    return [p.text for p in phrases if p.lang == lang]


def _emoji_count(profile: VoiceProfile, seed: int) -> int:
    whole = int(profile.emoji_per_text)
    return whole + (1 if (seed % 100) / 100 < profile.emoji_per_text - whole else 0)


def _mark(profile: VoiceProfile) -> str:
    """How the creator ends an exclaimed sentence."""
    if profile.multi_exclamation_share >= 0.3:
        return "!!!"
    return "!" if profile.exclamation_share >= 0.3 else "."


def _punctuate(unit: str, profile: VoiceProfile, last: bool) -> str:
    if profile.multi_exclamation_share >= 0.3:
        unit = re.sub(r"!+", "!!!", unit)
        if profile.exclamation_share >= 0.6:
            unit = re.sub(r"(?<=[^\W\d_])\.$", "!!!", unit)
    elif profile.exclamation_share < 0.1:
        unit = re.sub(r"!+", ".", unit)
    if profile.ellipsis_share >= 0.3 and not last:
        unit = re.sub(r"(?<=[^\W\d_])\.$", profile.ellipsis_mark, unit)
    if profile.no_end_mark_share >= 0.6:
        unit = re.sub(r"(?<=[^\W\d_])\.$", "", unit)
    return unit


def _case(unit: str, profile: VoiceProfile) -> str:
    if profile.lowercase_only_share >= 0.5:
        return unit.lower()
    if profile.capitalised_share >= 0.9:
        return unit[:1].upper() + unit[1:]
    return unit


def _trim(units: list[str], limit: int) -> list[str]:
    """Drop middle units (never one holding a number or a price) until the text fits the creator's length."""
    units = list(units)
    while len(" ".join(units)) > limit and len(units) > 2:
        droppable = [i for i in range(1, len(units) - 1) if not re.search(r"[\d$€£]", units[i])]
        if not droppable:
            break
        del units[droppable[-1]]
    return units


def _with_pet(unit: str, pet: str) -> str:
    end = _END.search(unit)
    return f"{unit[:end.start()]} {pet}{unit[end.start():]}" if end else f"{unit} {pet}"


def _contractions(units: list[str], profile: VoiceProfile, lang: str) -> list[str]:
    if lang != "en" or profile.contraction_share is None:
        return units
    if profile.contraction_share < 0.15:
        return [_replace_words(u, _EXPAND, _EXPAND_RE) for u in units]
    if profile.contraction_share > 0.5:
        return [_replace_words(u, _CONTRACT, _CONTRACT_RE) for u in units]
    return units


def _edges(units: list[str], profile: VoiceProfile, lang: str, seed: int) -> list[str]:
    """The creator's opener (in place of the template's short greeting) and closer, learned in this language."""
    openers, closers = _phrases(profile.openers, lang), _phrases(profile.closers, lang)
    units = list(units)
    if openers:
        if len(units) > 1 and len(units[0].split()) <= 4 and not re.search(r"\d", units[0]):
            units = units[1:]  # the template's own greeting: the creator's replaces it
        units.insert(0, f"{pick(openers, seed)}{'' if profile.emoji_per_text >= 1 else _mark(profile)}")
    if closers:
        closer = pick(closers, seed >> 8)
        if closer.casefold() not in units[-1].casefold():
            bare = profile.no_end_mark_share >= 0.6
            if not bare and not _END.search(units[-1]):
                units[-1] += "."
            units.append(f"{closer}{'' if bare or profile.emoji_per_text >= 1 else '.'}")
    return units


def _pet_name(units: list[str], profile: VoiceProfile, lang: str, seed: int) -> list[str]:
    pets = [p for p in _phrases(profile.pet_names, lang) if " " in p or len(p) > 2]
    lowered = " ".join(units).casefold()
    if not pets or profile.pet_name_share < 0.3 or any(
            re.search(rf"(?<!\w){re.escape(n)}(?!\w)", lowered) for n in PET_NAMES.get(lang, ())):
        return units
    return [_with_pet(units[0], pick(pets, seed >> 16)), *units[1:]]


def _emojis(units: list[str], profile: VoiceProfile, seed: int) -> list[str]:
    """The creator's favourites at their density: half after the first unit, the rest at the end."""
    count = _emoji_count(profile, seed >> 24)
    if not count or not profile.favourite_emojis:
        return units
    chosen = [pick(profile.favourite_emojis[:5], seed >> 32, i) for i in range(count)]
    head, tail = chosen[:(count + 1) // 2], chosen[(count + 1) // 2:]
    if len(units) > 1 and tail:
        return [f"{units[0]} {''.join(head)}", *units[1:-1], f"{units[-1]} {''.join(tail)}"]
    return [*units[:-1], f"{units[-1]} {''.join(chosen)}"]


def voice_text(text: str, profile: VoiceProfile, *, lang: str, platform: str | None, seed: int,
               message: bool = True) -> str:
    """One draft rewritten toward the creator's voice (see the module docstring)."""
    # An emoji the template used as a full stop ("messaged 😘 The day...") leaves a full stop behind.
    stopped = _EMOJI_STOP.sub(". ", text)
    lines = [" ".join(EMOJI.sub(" ", line).replace("\ufe0f", "").split()) for line in stopped.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return text
    multiline = len(lines) > 1
    units = _contractions(lines if multiline else _UNIT_SPLIT.split(lines[0]), profile, lang)
    units = _edges(_trim(units, max(40, round(profile.length_for(platform).p75_chars * 1.1))), profile, lang, seed)
    if message:
        units = _pet_name(units, profile, lang, seed)
    units = [_case(_punctuate(u, profile, i == len(units) - 1), profile) for i, u in enumerate(units)]
    return ("\n" if multiline else " ").join(u for u in _emojis(units, profile, seed) if u.strip())


def voice_output(output: BaseModel, profile: VoiceProfile, *, lang: str, platform: str | None,
                 seed_parts: tuple[Any, ...]) -> BaseModel:
    """A rules-engine output with every fan-facing text in the creator's voice (fields by output type)."""
    from huntaze_cli.agents import schemas

    seed = seed_of("voice", *seed_parts)

    def v(text: str, k: int = 0, message: bool = True) -> str:
        return voice_text(text, profile, lang=lang, platform=platform, seed=seed + k * 7919, message=message)

    if isinstance(output, schemas.CaptionOutput):
        tags = [*profile.favourite_hashtags[:2], *output.hashtags] if profile.hashtags_per_text >= 0.5 \
            else output.hashtags
        variants = [x.model_copy(update={"caption": v(x.caption, k, False),
                                         "hashtags": [*profile.favourite_hashtags[:2], *x.hashtags]
                                         if profile.hashtags_per_text >= 0.5 else x.hashtags})
                    for k, x in enumerate(output.variants)]
        return output.model_copy(update={"caption": v(output.caption, 0, False), "hashtags": tags,
                                         "variants": variants})
    if isinstance(output, schemas.ChatOutput):
        return output.model_copy(update={"reply": v(output.reply)})
    if isinstance(output, schemas.SuggestOutput):
        return output.model_copy(update={"suggestions": [s.model_copy(update={"text": v(s.text, k)})
                                                         for k, s in enumerate(output.suggestions)]})
    if isinstance(output, schemas.SaleOutput):
        return output.model_copy(update={"optimized_message": v(output.optimized_message),
                                         "alternative_messages": [v(m, k + 1) for k, m in
                                                                  enumerate(output.alternative_messages)]})
    if isinstance(output, schemas.MassMessageOutput):
        return output.model_copy(update={"drafts": [d.model_copy(update={"text": v(d.text, k)})
                                                    for k, d in enumerate(output.drafts)]})
    return output


def _examples(profile: VoiceProfile, lang: str, platform: str | None, count: int) -> list[str]:
    ranked = sorted(enumerate(profile.examples),
                    key=lambda it: (it[1].lang != lang, it[1].platform != platform, it[0]))
    return [e.text for _, e in ranked[:count]]


def render_voice(profile: VoiceProfile, *, lang: str, platform: str | None, examples: int = PROMPT_EXAMPLES) -> str:
    """The prompt's voice block: the profile as facts and a few of the creator's own texts, all fenced (they come
    from the creator's files: data, never orders)."""
    L = profile.length_for(platform)

    def listed(phrases: list[Phrase]) -> str:
        own = [p.text for p in phrases if p.lang == lang] or [p.text for p in phrases]
        return ", ".join(f"“{t}”" for t in own[:5]) or "none"

    facts = [
        f"Learned from {profile.texts} of the creator's own texts; languages: "
        + ", ".join(f"{k} {v:.0%}" for k, v in profile.languages.items()),
        f"Length: about {L.median_chars} characters (usually {L.p25_chars}–{L.p75_chars}), {L.median_words} words",
        f"Emojis: {profile.emoji_per_text:g} per text"
        + (f", favourites {' '.join(profile.favourite_emojis[:6])}" if profile.favourite_emojis else " (none)"),
        f"Openers: {listed(profile.openers)}; closers: {listed(profile.closers)}",
        f"Pet names for fans: {listed(profile.pet_names)}; recurring phrases: {listed(profile.phrases)}",
        f"Formality: {profile.formality}"
        + "".join(f"; {k} address {a}" for k, a in profile.address.items())
        + (f"; English contractions in {profile.contraction_share:.0%} of texts"
           if profile.contraction_share is not None else ""),
        f"Punctuation: '!' in {profile.exclamation_share:.0%} of texts, '!!' or more in "
        f"{profile.multi_exclamation_share:.0%}, '{profile.ellipsis_mark}' in {profile.ellipsis_share:.0%}; "
        f"lowercase-only {profile.lowercase_only_share:.0%}",
        f"Hashtags: {profile.hashtags_per_text:g} per text"
        + (f", favourites {' '.join(profile.favourite_hashtags[:5])}" if profile.favourite_hashtags else ""),
    ]
    block = ("Write in the creator's own voice, described below: match their length, emojis, openers and "
             "closers, pet names, punctuation and formality, in the language asked for. The examples show their "
             "style: never copy one word for word.\n" + fence("CREATOR_VOICE", "\n".join(f"- {f}" for f in facts)))
    chosen = _examples(profile, lang, platform, examples)
    if chosen:
        block += "\n" + fence("CREATOR_EXAMPLES", "\n".join(f"- {' '.join(e.split())}" for e in chosen))
    return block
