"""Offline content ideas from the creator's history (computed metrics) and stored insights.

Each idea pairs a format with the best-performing platform and content type found in the history
(or the requested platform), and says what it is based on. Formats are rotated by a seed of the input,
so different histories give different idea lists and the same one always gives the same list.
"""

from __future__ import annotations

from huntaze_cli.agents.base import KnowledgeItem
from huntaze_cli.agents.knowledge import pct
from huntaze_cli.agents.rules.keywords import keywords
from huntaze_cli.agents.rules.seeding import rotate, seed_of
from huntaze_cli.agents.schemas import Idea, IdeasInput, IdeasOutput, Metrics

FORMATS = (
    ("Behind the scenes", "Show how a {topic} post comes together, from setup to final shot."),
    ("Day in the life", "Follow a full day around {topic}, with a strong opening moment."),
    ("Q&A", "Answer the three questions fans ask most about {topic}."),
    ("Before / after", "A transformation around {topic}, revealed at the end."),
    ("Series part 1", "Start a recurring {topic} series fans can follow week to week."),
    ("Poll", "Let fans vote on the next {topic} post, then deliver it."),
    ("Throwback", "Revisit your best {topic} moment and say what changed since."),
    ("Tutorial", "A short how-to on {topic}, in three steps."),
    ("Collab", "Team up with another creator for a {topic} post."),
    ("Challenge", "Launch a {topic} challenge and invite fans to join."),
)
DEFAULT_TOPICS = ("your routine", "a favourite outfit", "a new location", "fan questions")
DEFAULT_TYPE = {"tiktok": "video", "instagram": "photo", "twitter": "photo", "onlyfans": "photo",
                "facebook": "video"}


def _best(groups: dict, exclude: str = "all") -> tuple[str, float] | None:
    rated = [(n, g.engagement_rate) for n, g in groups.items() if g.engagement_rate is not None and n != exclude]
    return max(rated, key=lambda item: (item[1], item[0])) if rated else None


def top_performing(history: Metrics | None) -> list[str]:
    if history is None:
        return []
    out = []
    for noun, groups in (("content type", history.by_content_type), ("platform", history.by_platform)):
        ranked = sorted(((n, g) for n, g in groups.items() if g.engagement_rate is not None),
                        key=lambda item: (-(item[1].engagement_rate or 0.0), item[0]))
        out += [f"{name} ({noun}): {pct(g.engagement_rate)} engagement over {g.posts} posts" for name, g in ranked[:2]]
    if history.best_hours:
        out.append(f"posts at {history.best_hours[0].label}: {pct(history.best_hours[0].engagement_rate)}")
    return out


def recommended_topics(data: IdeasInput, knowledge: list[KnowledgeItem]) -> list[str]:
    topics = [t.strip() for t in data.topics if t.strip()]
    for item in sorted(knowledge, key=lambda i: -i.weight):
        topics += [w for w in keywords(item.text, 3) if w not in topics]
    return list(dict.fromkeys(topics))[:6] or list(DEFAULT_TOPICS)


def content_ideas(data: IdeasInput, knowledge: list[KnowledgeItem]) -> IdeasOutput:
    history = data.history
    best_platform = _best(history.by_platform) if history else None
    best_type = _best(history.by_content_type) if history else None
    platform = data.platform or (best_platform[0] if best_platform else "instagram")
    content_type = best_type[0] if best_type else DEFAULT_TYPE.get(platform, "photo")
    topics = recommended_topics(data, knowledge)
    basis = []
    if best_type:
        basis.append(f"{best_type[0]} posts lead with {pct(best_type[1])} engagement")
    if best_platform:
        basis.append(f"{best_platform[0]} is your best platform ({pct(best_platform[1])})")
    basis += [k.text for k in sorted(knowledge, key=lambda i: -i.weight)[:2]]
    based_on = basis or ["no history yet: proven formats for the platform"]
    seed = seed_of("ideas", data.model_dump(mode="json"), [k.text for k in knowledge])
    formats = rotate(list(FORMATS), seed)
    pool = list(dict.fromkeys([*topics, *DEFAULT_TOPICS]))
    # Every (format, topic) pair once: round r pairs format i with topic i + r, so titles never repeat.
    pairs = [(fmt, pool[(i + r) % len(pool)]) for r in range(len(pool)) for i, fmt in enumerate(formats)]
    ideas = [Idea(title=f"{title}: {topic}", description=description.format(topic=topic), platform=platform,
                  content_type=content_type, based_on=based_on[i % len(based_on)])
             for i, ((title, description), topic) in enumerate(pairs[:data.count])]
    return IdeasOutput(ideas=ideas, top_performing_content=top_performing(history), recommended_topics=topics)
