"""Offline content ideas, written the way a content strategist would brief a creator.

Ideas come from the numbers first: double down on the best content type, post at the best hour and on the
best weekday, move what works on the best platform to a weaker one, funnel fans to the platform that earns,
remake the standout post, rework the weakest format, ride (or reverse) the trend. Each of these exists only
when the history supports it and says what it is based on. Proven formats (behind the scenes, Q&A, poll,
tutorial...) fill the rest. Topics are the creator's own: `--topic`, then the subjects of their past
captions; with neither, a few platform-typical subjects. Topics are never mined from insight text (that
only yields metric words like "posts" or "revenue").

Languages: the ideas are written in English (IDEA_LANGUAGES; another --lang gets an honest line), and a
sentence never mixes languages: a topic in another language ("coucher de soleil", from a French caption)
is left out of every title and description, and stays in the recommended topics, which are the creator's
own words. A past topic's language is its caption's; a --topic's is read from the topic itself.

Deterministic: the proven formats are rotated by a seed of the input, so different inputs give different
lists and the same input always the same list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from huntaze_cli.agents.analytics.metrics import supported_best
from huntaze_cli.agents.base import KnowledgeItem
from huntaze_cli.agents.content.hashtags import topic_words
from huntaze_cli.agents.knowledge import pct
from huntaze_cli.agents.language import detect, is_language, template_lang
from huntaze_cli.agents.schemas import GroupStats, Idea, IdeasInput, IdeasOutput, Metrics, TimeSlot
from huntaze_cli.agents.seeding import rotate, seed_of

DEFAULT_TYPE = {"tiktok": "video", "instagram": "photo", "twitter": "photo", "onlyfans": "photo",
                "facebook": "video"}
# Subjects that work on each platform when the creator has given none and has no caption history.
# Plain subjects, no format words: they are combined with formats below ("Behind the scenes: ...").
DEFAULT_TOPICS = {
    "tiktok": ("daily routine", "trend remixes", "quick tips", "outfit changes"),
    "instagram": ("morning routine", "outfits", "new locations", "self-care"),
    "twitter": ("hot takes", "quick tips", "news in your niche", "wins and fails"),
    "onlyfans": ("fan requests", "themed weekends", "favourite looks", "new outfits"),
    "facebook": ("community stories", "milestones", "local events", "tips and tricks"),
}
# The languages the offline ideas are written in (every template below is English).
IDEA_LANGUAGES: tuple[str, ...] = ("en",)
PLATFORM_NAMES = {"tiktok": "TikTok", "instagram": "Instagram", "twitter": "X", "onlyfans": "OnlyFans",
                  "facebook": "Facebook"}
# Words a caption description often has that are not subjects.
_NOT_TOPICS = frozenset({"post", "posts", "video", "videos", "photo", "photos", "pic", "pics", "story", "stories",
                         "reel", "reels", "content", "caption", "shoot", "set", "clip", "part", "series"})

# Proven formats: (title, description). {topic}, {type} (video, photo, story) and {platform} are filled in.
FORMATS = (
    ("Behind the scenes: {topic}", "Show the making of your {topic} content, from setup to the final shot. "
     "Unpolished moments build the connection that keeps fans coming back."),
    ("Fan Q&A: {topic}", "Collect questions about {topic} in your stories, then answer the best three in one "
     "{type}. Name the fans who asked: they will share it."),
    ("Poll: what's next for {topic}", "Offer two options for your next {topic} post and let fans vote; post the "
     "winner within 48 hours and thank the voters."),
    ("3-step tutorial: {topic}", "A short how-to on {topic}: a hook that promises the result, three clear "
     "steps, and a question at the end to drive comments."),
    ("Day in the life: {topic}", "Follow one full day built around {topic}, opening on the most striking moment "
     "instead of the morning alarm."),
    ("Before / after: {topic}", "A before-and-after on {topic}, with the reveal held until the last seconds so "
     "viewers stay to the end."),
    ("Throwback: {topic}", "Repost your best {topic} moment with what has changed since; old favourites bring "
     "back fans who drifted away."),
    ("Collab: {topic}", "Team up with a creator in a neighbouring niche for a joint {topic} {type}, each posting "
     "it to their own audience."),
)


@dataclass(frozen=True)
class _Context:
    platform: str
    content_type: str
    topics: list[str]
    history: Metrics | None


def _posts(n: int) -> str:
    return f"{n} post" if n == 1 else f"{n} posts"


def _name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def _ranked(groups: dict[str, GroupStats]) -> list[tuple[str, GroupStats]]:
    rated = [(n, g) for n, g in groups.items() if g.engagement_rate is not None and n not in ("all", "unknown")]
    return sorted(rated, key=lambda item: (-(item[1].engagement_rate or 0.0), item[0]))


def top_performing(history: Metrics | None) -> list[str]:
    """The computed leaders of the history, as short readable lines (also the model's grounding)."""
    if history is None:
        return []
    out = [f"{name} posts: {pct(g.engagement_rate)} engagement over {_posts(g.posts)}"
           for name, g in _ranked(history.by_content_type)[:2]]
    out += [f"{_name(name)}: {pct(g.engagement_rate)} engagement over {_posts(g.posts)}"
            for name, g in _ranked(history.by_platform)[:2]]
    slot = _best_hour(history)
    if slot is not None:
        out.append(f"posts at {slot.label}: {pct(slot.engagement_rate)} engagement")
    return out


def _best_hour(history: Metrics) -> TimeSlot | None:
    return supported_best(history.best_hours)


def topics_from_descriptions(descriptions: list[str], limit: int = 6) -> list[str]:
    """The subjects a creator keeps coming back to in their captions: most frequent first, ties broken by the
    most recent description (descriptions come newest first). Subjects follow the hashtag rules
    (agents/content/hashtags.py): never URLs, ids, numbers or stop-words, and "leg day" stays one topic."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, tuple[int, int]] = {}
    for index, text in enumerate(descriptions):
        for position, word in enumerate(topic_words(text, 8)):
            if word in _NOT_TOPICS:
                continue
            counts[word] += 1
            first_seen.setdefault(word, (index, position))
    ranked = sorted(counts, key=lambda w: (-counts[w], first_seen[w], w))
    return ranked[:limit]


def topic_languages(descriptions: list[str]) -> dict[str, str]:
    """Each topic of `topics_from_descriptions` with the language of the newest caption it came from."""
    out: dict[str, str] = {}
    for text in descriptions:
        lang = detect(text)
        for word in topic_words(text, 8):
            out.setdefault(word, lang)
    return out


def in_language(topic: str, lang: str, known: dict[str, str]) -> bool:
    """Whether `topic` can stand inside a sentence written in `lang`."""
    return known[topic] == lang if topic in known else is_language(topic, lang)


def recommended_topics(data: IdeasInput, platform: str) -> list[str]:
    topics = [t.strip() for t in [*data.topics, *data.past_topics] if t.strip()]
    seen: dict[str, str] = {}
    for topic in topics:
        seen.setdefault(topic.casefold(), topic)  # first spelling wins
    unique = list(seen.values())
    return unique[:6] or list(DEFAULT_TOPICS.get(platform, DEFAULT_TOPICS["instagram"]))


# ---- data-driven ideas: each returns None when the history does not support it --------------------------
def _double_down(c: _Context, topic: str) -> Idea | None:
    ranked = _ranked(c.history.by_content_type) if c.history else []
    if not ranked:
        return None
    best, g = ranked[0]
    runner_up = f", ahead of {ranked[1][0]} at {pct(ranked[1][1].engagement_rate)}" if len(ranked) > 1 else ""
    return Idea(title=f"{best.capitalize()} series: {topic}",
                description=f"Your {best} posts lead at {pct(g.engagement_rate)} engagement{runner_up}. Plan a "
                            f"three-part {best} series on {topic} for {_name(c.platform)}, one a week, with the "
                            "same opening hook so fans recognise it.",
                platform=c.platform, content_type=best,
                based_on=f"{best} posts lead with {pct(g.engagement_rate)} engagement over {_posts(g.posts)}")


def _prime_time(c: _Context, topic: str) -> Idea | None:
    slot = _best_hour(c.history) if c.history else None
    if c.history is None or slot is None:
        return None
    overall = f" against {pct(c.history.engagement_rate)} overall" if c.history.engagement_rate else ""
    return Idea(title=f"Prime-time {c.content_type} at {slot.label}",
                description=f"Posts at {slot.label} earn {pct(slot.engagement_rate)} engagement{overall}. Schedule "
                            f"your next {c.content_type} about {topic} for that slot and stay online for the first "
                            "hour to answer comments while it climbs.",
                platform=c.platform, content_type=c.content_type,
                based_on=f"posts at {slot.label}: {pct(slot.engagement_rate)} engagement over {_posts(slot.posts)}")


def _weekday(c: _Context, topic: str) -> Idea | None:
    if not c.history or not c.history.best_weekdays or c.history.best_weekdays[0].posts < 2:
        return None  # one lucky post does not make a weekly habit
    day = c.history.best_weekdays[0]
    return Idea(title=f"{day.label} drop: {topic}",
                description=f"{day.label} is your strongest day ({pct(day.engagement_rate)} engagement). Make it the "
                            f"fixed day for a weekly {topic} {c.content_type}, and tease it the day before.",
                platform=c.platform, content_type=c.content_type,
                based_on=f"{day.label} posts earn {pct(day.engagement_rate)} engagement")


def _cross_post(c: _Context, topic: str) -> Idea | None:
    # OnlyFans posts cannot be re-posted publicly: move what works between the public platforms only.
    ranked = [(n, g) for n, g in _ranked(c.history.by_platform) if n != "onlyfans"] if c.history else []
    if len(ranked) < 2:
        return None
    best, top = ranked[0]
    target = c.platform if c.platform in dict(ranked) and c.platform != best else ranked[-1][0]
    low = dict(ranked)[target]
    return Idea(title=f"From {_name(best)} to {_name(target)}: {topic}",
                description=f"{_name(best)} engages at {pct(top.engagement_rate)}, {_name(target)} at "
                            f"{pct(low.engagement_rate)}. Recut your best {_name(best)} post about {topic} for "
                            f"{_name(target)}: a new first line, the native format, and a question that invites "
                            "replies.",
                platform=target, content_type=c.content_type,
                based_on=f"{_name(best)} {pct(top.engagement_rate)} vs {_name(target)} {pct(low.engagement_rate)} "
                         "engagement")


def _funnel(c: _Context, topic: str) -> Idea | None:
    if not c.history:
        return None
    earners = sorted(((n, g) for n, g in c.history.by_platform.items() if g.revenue_share),
                     key=lambda item: (-(item[1].revenue_share or 0.0), item[0]))
    reach = sorted(((n, g) for n, g in c.history.by_platform.items() if n not in ("all", "unknown")),
                   key=lambda item: (-item[1].views, item[0]))
    if not earners or not reach or reach[0][0] == earners[0][0]:
        return None
    (earner, money), (wide, audience) = earners[0], reach[0]
    return Idea(title=f"Tease on {_name(wide)}, sell on {_name(earner)}",
                description=f"{_name(earner)} brings {pct(money.revenue_share)} of your revenue while {_name(wide)} "
                            f"has the reach ({audience.views:,} views). Post a safe-for-{_name(wide)} teaser of your "
                            f"next {topic} set with a clear link-in-bio call to action.",
                platform=wide, content_type="video" if wide == "tiktok" else c.content_type,
                based_on=f"{_name(earner)} brings {pct(money.revenue_share)} of revenue; {_name(wide)} has the most "
                         "views")


def _remake(c: _Context, topic: str) -> Idea | None:
    highs = [o for o in c.history.outliers if o.direction == "high"] if c.history else []
    if not highs:
        return None
    best = max(highs, key=lambda o: (o.engagement_rate, -o.row))
    when = f" from {best.posted_at[:10]}" if best.posted_at else ""
    return Idea(title=f"Remake your standout {best.content_type}",
                description=f"Your {_name(best.platform)} {best.content_type}{when} hit {pct(best.engagement_rate)}"
                            f" engagement, far above the rest. Reuse its structure and length with a fresh angle "
                            f"on {topic}, then compare the two.",
                platform=best.platform, content_type=best.content_type,
                based_on=f"outlier: {best.content_type} on {_name(best.platform)} at {pct(best.engagement_rate)}")


def _rework(c: _Context, topic: str) -> Idea | None:
    ranked = _ranked(c.history.by_content_type) if c.history else []
    if len(ranked) < 2:
        return None
    worst, g = ranked[-1]
    return Idea(title=f"Fix your {worst} posts",
                description=f"{worst.capitalize()} posts trail at {pct(g.engagement_rate)} engagement. On the next "
                            f"three, put {topic} in the first second, cut anything slow, and end on a direct "
                            "question; keep whichever version lifts engagement.",
                platform=c.platform, content_type=worst,
                based_on=f"{worst} posts trail at {pct(g.engagement_rate)} engagement")


def _trend(c: _Context, topic: str) -> Idea | None:
    trend = c.history.trend if c.history else None
    if trend is None or trend.direction == "flat" or trend.engagement_change is None:
        return None
    change = f"{abs(trend.engagement_change) * 100:.0f}% (relative)"
    if trend.direction == "up":
        return Idea(title=f"Ride the momentum: {topic}",
                    description=f"Engagement is up {change} over the period. Post more often for the next two weeks "
                                f"(more {topic}, in the style of your recent posts) while the algorithm favours you.",
                    platform=c.platform, content_type=c.content_type,
                    based_on=f"engagement up {change} in the second half of the period")
    return Idea(title=f"Back to basics: {topic}",
                description=f"Engagement is down {change} over the period. Go back to the {c.content_type} format "
                            f"that worked best and test two new hooks on {topic} before changing anything else.",
                platform=c.platform, content_type=c.content_type,
                based_on=f"engagement down {change} in the second half of the period")


_DATA_IDEAS: tuple[Callable[[_Context, str], Idea | None], ...] = (
    _double_down, _prime_time, _funnel, _cross_post, _remake, _weekday, _rework, _trend)


def content_ideas(data: IdeasInput, knowledge: list[KnowledgeItem]) -> IdeasOutput:
    history = data.history
    best_platform = _ranked(history.by_platform)[0][0] if history and _ranked(history.by_platform) else None
    best_type = _ranked(history.by_content_type)[0][0] if history and _ranked(history.by_content_type) else None
    platform = data.platform or best_platform or "instagram"
    if platform not in DEFAULT_TYPE:
        platform = "instagram"
    content_type = best_type or DEFAULT_TYPE[platform]
    topics = recommended_topics(data, platform)
    lang = template_lang(data.lang, IDEA_LANGUAGES)
    # Only topics in the sentences' language go into them; with none, the platform's typical subjects.
    usable = [t for t in topics if in_language(t, lang, data.topic_languages)] or \
        list(DEFAULT_TOPICS.get(platform, DEFAULT_TOPICS["instagram"]))
    ctx = _Context(platform, content_type, usable, history)

    ideas: list[Idea] = []
    for i, make in enumerate(_DATA_IDEAS):
        idea = make(ctx, usable[i % len(usable)])
        if idea is not None:
            ideas.append(idea)

    seed = seed_of("ideas", data.model_dump(mode="json"), [k.text for k in knowledge])
    formats = rotate(list(FORMATS), seed)
    basis = ([f"{best_type} posts are your strongest format"] if best_type else []) + \
        [k.text for k in sorted(knowledge, key=lambda k: -k.weight)[:2]] or \
        [f"a proven format for {_name(platform)}; run `huntaze analyze` to ground ideas in your numbers"]
    # The creator's topics first; platform-typical subjects only widen the pool when they are few.
    pool = list(dict.fromkeys([*usable, *DEFAULT_TOPICS[platform]]))
    # Every (format, topic) pair at most once: round r pairs format i with topic i + r, so titles never repeat.
    pairs = [(fmt, pool[(i + r) % len(pool)]) for r in range(len(pool)) for i, fmt in enumerate(formats)]
    titles = {idea.title.lower() for idea in ideas}
    for j, ((title, description), topic) in enumerate(pairs):
        if len(ideas) >= data.count:
            break
        fill = {"topic": topic, "type": content_type, "platform": _name(platform)}
        idea = Idea(title=title.format(**fill), description=description.format(**fill), platform=platform,
                    content_type=content_type, based_on=basis[j % len(basis)])
        if idea.title.lower() not in titles:
            titles.add(idea.title.lower())
            ideas.append(idea)
    return IdeasOutput(ideas=ideas[:data.count], top_performing_content=top_performing(history),
                       recommended_topics=topics)
