"""Offline captions: keywords from the description, a mood-fit tone, platform structure and hashtags.

Structure per platform (PRODUCT.md table): TikTok = hook on the first line, topic, call to action;
Instagram = storytelling with emojis and a question; X = one concise line; OnlyFans = exclusive teaser and
an engagement prompt; Facebook = longer, community tone. Variant k uses hook k and, past the hooks,
the next call to action, so N variants are N different captions. With a photo (`--image`), its measured facts
(images/facts.py) join the insights (vertical video frame, low light, the crop that fits) and a low-light
photo with no mood given gets the moody tone. Confidence grows with the input given:
0.45 + 0.05 per keyword (max 4) + 0.10 mood + 0.05 audience + 0.10 stored/computed insights,
− 0.10 when the language falls back to English; kept within 0.2–0.95.
"""

from __future__ import annotations

from huntaze_cli.agents.base import KnowledgeItem
from huntaze_cli.agents.content import caption_templates as t
from huntaze_cli.agents.content.hashtags import caption_tags, topic_words
from huntaze_cli.agents.content.keywords import first_sentence, proper_case
from huntaze_cli.agents.knowledge import knowledge_from_metrics
from huntaze_cli.agents.language import SUPPORTED
from huntaze_cli.agents.platforms import enforce_caption, rules_for, split_inline_hashtags
from huntaze_cli.agents.schemas import CaptionInput, CaptionOutput, CaptionVariant
from huntaze_cli.agents.seeding import pick, seed_of

LANGS = SUPPORTED  # every language the fan-facing commands write in has caption templates too


def caption_lang(lang: str) -> tuple[str, bool]:
    """(language used, whether it fell back to English)."""
    code = (lang or "en").strip().lower().split("-")[0].split("_")[0]
    return (code, False) if code in LANGS else ("en", True)


def choose_tone(mood: str | None, platform: str) -> tuple[str, bool]:
    """(tone, whether the mood was recognised). No mood → the platform's default tone."""
    if not mood:
        return t.PLATFORM_DEFAULT_TONE[platform], True
    words = mood.strip().lower().split()
    for word in [mood.strip().lower(), *words]:
        if word in t.MOOD_TONES:
            return t.MOOD_TONES[word], True
    return t.PLATFORM_DEFAULT_TONE[platform], False


def caption_hashtags(description: str, platform: str, content_type: str, variant: int = 0) -> list[str]:
    """The creator's own tags, then subject tags, then platform/type discovery tags (agents/content/hashtags.py),
    up to the recommended maximum; variant k gets its own mix."""
    extra = [*t.PLATFORM_TAGS[platform]]
    if (platform, content_type) in t.TYPE_TAGS:
        extra.insert(0, t.TYPE_TAGS[(platform, content_type)])
    return caption_tags(description, extra, rules_for(platform).recommended_hashtags[1], variant)


def _end(hook: str) -> str:
    """A hook as a sentence: keep its own end mark (':', '?', '…'), else add a full stop."""
    return hook if hook[-1:] in ".!?…:" else f"{hook}."


def _lines(data: CaptionInput, lang: str, tone: str, words: list[str], seed: int, k: int) -> list[str]:
    kw = proper_case(words[0], lang) if words else t.NO_KEYWORD[lang]
    # the creator's trailing hashtags go to the hashtag block, not into the sentence
    body = split_inline_hashtags(data.description)[0] or data.description
    topic = proper_case(first_sentence(body, 100 if data.platform == "twitter" else 140), lang)
    topic = topic[:1].upper() + topic[1:]
    fill = {"kw": kw}
    hooks = t.HOOKS[lang][tone]
    hook = hooks[(seed + k) % len(hooks)]
    later = k // len(hooks)  # past the hooks, move the other parts on so variants stay distinct
    emoji = pick(t.EMOJIS[tone], seed, k)
    cta = pick(t.CTA[lang][data.platform], seed >> 8, later + k).format(**fill)
    hint = t.TYPE_HINT[lang][data.content_type]
    audience = t.FOR_AUDIENCE[lang].format(audience=data.audience) if data.audience else ""
    if data.platform == "tiktok":
        return [f"{hook} {emoji}", " ".join(x for x in (f"{topic}.", hint) if x), cta]
    if data.platform == "instagram":
        story = pick(t.STORY[lang], seed >> 16, later).format(**fill)
        return [f"{emoji} {topic}.", f"{_end(hook)} {story}", *([audience] if audience else []),
                f"{cta} {pick(t.EMOJIS[tone], seed, k + 1)}"]
    if data.platform == "twitter":
        return [f"{_end(hook)} {topic} {emoji} {cta}"]
    if data.platform == "onlyfans":
        teaser = pick(t.TEASER[lang], seed >> 16, later + k).format(**fill)
        return [teaser, f"{topic} {emoji}", cta]
    community = pick(t.COMMUNITY[lang], seed >> 16, later).format(**fill)
    return [_end(hook), " ".join(x for x in (f"{topic}.", hint) if x), *([audience] if audience else []),
            community, cta]


def _confidence(words: list[str], data: CaptionInput, mood_known: bool, insights: bool, fallback: bool) -> float:
    score = 0.45 + 0.05 * min(len(words), 4) + (0.10 if data.mood and mood_known else 0.0)
    score += (0.05 if data.audience else 0.0) + (0.10 if insights else 0.0) - (0.10 if fallback else 0.0)
    return round(min(0.95, max(0.2, score)), 2)


def performance_insights(data: CaptionInput, knowledge: list[KnowledgeItem], tone: str, mood_known: bool,
                         fallback: bool) -> list[str]:
    rule = rules_for(data.platform)
    notes = [i.text for i in knowledge_from_metrics(data.insights)][:3] if data.insights else []
    notes += [i.text for i in sorted(knowledge, key=lambda i: -i.weight) if i.text not in notes][:2]
    low, high = rule.recommended_hashtags
    notes.append(f"{data.platform}: {rule.style}; {low}–{high} hashtags, at most {rule.max_length:,} "
                 f"{'weighted ' if rule.weighted else ''}characters including hashtags.")
    if data.mood and not mood_known:
        notes.append(f"Mood '{data.mood}' is not one the offline engine knows: used the {tone} tone.")
    if fallback:
        notes.append(f"No '{data.lang}' templates offline: the caption is written in English.")
    facts = data.image_facts
    if facts is not None:  # what the photo itself says: its format for the platform, light, focus
        notes += [f"Photo: {note}." for note in facts.highlights()] + facts.problems()
    return notes


def write_captions(data: CaptionInput, knowledge: list[KnowledgeItem]) -> CaptionOutput:
    lang, fallback = caption_lang(data.lang)
    tone, mood_known = choose_tone(data.mood, data.platform)
    if not data.mood and data.image_facts is not None and data.image_facts.exposure.verdict == "too dark":
        tone = t.MOOD_TONES["moody"]  # a low-light photo, no mood given: a caption that leans into it
    words = topic_words(data.description, 5)
    seed = seed_of("caption", data.description, data.platform, data.content_type, data.mood, data.audience, lang)
    variants: list[CaptionVariant] = []
    k = 0
    while len(variants) < data.variants and k < data.variants * 4:
        tags = caption_hashtags(data.description, data.platform, data.content_type, len(variants))
        text, fitted = enforce_caption("\n".join(_lines(data, lang, tone, words, seed, k)), tags, data.platform)
        if all(v.caption != text for v in variants):
            variants.append(CaptionVariant(caption=text, hashtags=fitted))
        k += 1
    first = variants[0]
    return CaptionOutput(
        caption=first.caption, hashtags=first.hashtags,
        confidence=_confidence(words, data, mood_known, bool(data.insights or knowledge), fallback),
        performance_insights=performance_insights(data, knowledge, tone, mood_known, fallback),
        variants=variants if data.variants > 1 else [])
