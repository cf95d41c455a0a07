"""ContentAgent (captions, `caption`) and ContentIdeasAgent (content ideas, `ideas`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from huntaze_cli.agents.base import Agent, KnowledgeItem, Prompt, fence
from huntaze_cli.agents.content.caption_rules import caption_lang, write_captions
from huntaze_cli.agents.content.hashtags import is_acceptable, user_tags
from huntaze_cli.agents.content.idea_rules import content_ideas, top_performing
from huntaze_cli.agents.knowledge import for_platform, knowledge_from_metrics
from huntaze_cli.agents.platforms import enforce_caption, rules_for, split_inline_hashtags
from huntaze_cli.agents.prompting import data_block, platform_rule_text, system_prompt, user_prompt
from huntaze_cli.agents.readable import MAX_WORD_CHARS, tag_problem
from huntaze_cli.agents.schemas import (
    CaptionInput,
    CaptionOutput,
    CaptionVariant,
    IdeasInput,
    IdeasOutput,
    model_schema,
)

# The longest caption a model is asked for (a platform's own limit may be lower); finalize() enforces the
# platform's exact rule whatever the model wrote.
CAPTION_BOUND = 300
HASHTAG_CHARS = 1 + MAX_WORD_CHARS  # '#' and the word (schemas.HASHTAG_PATTERN)


class ContentAgent(Agent[CaptionInput, CaptionOutput]):
    name: ClassVar[str] = "content"
    feature: ClassVar[str] = "caption"
    input_model = CaptionInput
    output_model = CaptionOutput

    def __init__(self, platform_overrides: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.platform_overrides = platform_overrides  # config [platforms.NAME] max_length / max_hashtags

    def build_prompt(self, data: CaptionInput, knowledge: list[KnowledgeItem]) -> Prompt:
        knowledge = for_platform(knowledge, data.platform)
        lang, _ = caption_lang(data.lang)
        rules = [platform_rule_text(data.platform),
                 f"Write in language '{data.lang}'." if data.lang else "",
                 f"Give {data.variants} distinct captions in `variants` (the first one also as `caption`)."
                 if data.variants > 1 else "Leave `variants` empty.",
                 "performanceInsights: short, concrete tips grounded in the computed numbers and stored insights."]
        computed = [i.text for i in knowledge_from_metrics(data.insights)] if data.insights else []
        sections = [
            data_block("COMPUTED_NUMBERS", "Computed performance numbers (use verbatim):",
                       [f"- {c}" for c in computed]),
            f"Platform: {data.platform}\nContent type: {data.content_type}\nMood: {data.mood or 'not given'}\n"
            f"Audience: {data.audience or 'not given'}\nLanguage: {data.lang} (templates: {lang})",
            data_block("IMAGE_FACTS", "Computed facts about the attached photo (measured offline; use verbatim, "
                       "do not invent what they do not say):", data.image_facts.prompt_lines())
            if data.image_facts is not None else "",
            fence("DESCRIPTION", data.description),
        ]
        return Prompt(system_prompt("ContentAgent", "Write a caption and hashtags for a post.", CaptionOutput,
                                    [r for r in rules if r]),
                      user_prompt(sections, knowledge))

    def output_schema(self, data: CaptionInput) -> dict[str, Any]:
        rule = rules_for(data.platform, self.platform_overrides)
        tags = max(1, min(rule.max_hashtags, rule.recommended_hashtags[1]))
        room = rule.max_length - (HASHTAG_CHARS + 1) * tags
        caption = max(40, min(CAPTION_BOUND, room // 2 if rule.weighted else room))  # X: an emoji weighs 2
        return model_schema(CaptionOutput, strings={"caption": caption},
                            arrays={"hashtags": tags, "variants": data.variants if data.variants > 1 else 0})

    def rules(self, data: CaptionInput, knowledge: list[KnowledgeItem]) -> CaptionOutput:
        return write_captions(data, for_platform(knowledge, data.platform))

    def finalize(self, data: CaptionInput, output: CaptionOutput) -> CaptionOutput:
        own = user_tags(data.description)  # the creator's own tags lead, whatever the model ranked first
        own_keys = {t.casefold() for t in own}

        def post_of(caption: str, hashtags: list[str]) -> tuple[str, list[str]]:
            # A tag the model wrote inside its caption is judged like its list's (which unreadable() checks
            # before finalize): "#LadiesAndGentlends_TheComingOfTime" is no word and is dropped; the creator's
            # own tags never are.
            body, inline = split_inline_hashtags(caption)
            kept = [t for t in inline if t.casefold() in own_keys or (is_acceptable(t) and not tag_problem(t))]
            tags = [*own, *(t for t in hashtags if is_acceptable(t)), *kept]
            return enforce_caption(body, tags, data.platform, self.platform_overrides)

        caption, tags = post_of(output.caption, output.hashtags)
        variants = [CaptionVariant(caption=c, hashtags=h) for c, h in
                    (post_of(v.caption, v.hashtags) for v in output.variants)] if data.variants > 1 else []
        insights = output.performance_insights
        warning = data.image_facts.safety_warning() if data.image_facts is not None else None
        if warning:  # whoever wrote the caption, the creator reads this first
            insights = [warning, *(i for i in insights if i != warning)]
        return output.model_copy(update={"caption": caption, "hashtags": tags, "variants": variants[:data.variants],
                                         "performance_insights": insights})


class ContentIdeasAgent(Agent[IdeasInput, IdeasOutput]):
    name: ClassVar[str] = "content"
    feature: ClassVar[str] = "ideas"
    input_model = IdeasInput
    output_model = IdeasOutput

    def build_prompt(self, data: IdeasInput, knowledge: list[KnowledgeItem]) -> Prompt:
        top = top_performing(data.history)
        sections = [
            data_block("TOP_CONTENT", "Top-performing content (computed, use verbatim):", [f"- {t}" for t in top]),
            f"Ideas wanted: {data.count}\nPlatform: {data.platform or 'any'}\nLanguage: {data.lang}",
            fence("CREATOR_TOPICS", json.dumps(data.topics, ensure_ascii=False)) if data.topics else "",
            fence("PAST_CAPTION_TOPICS", json.dumps(data.past_topics, ensure_ascii=False)) if data.past_topics else "",
        ]
        one_language = (f"Write every title and description in language '{data.lang}': translate a topic "
                        "written in another language, or leave it out; never mix languages in a sentence.")
        return Prompt(system_prompt("ContentAgent", f"Suggest {data.count} content ideas from the creator's "
                                    "history; each idea says what it is basedOn.", IdeasOutput, [one_language]),
                      user_prompt(sections, knowledge))

    def output_schema(self, data: IdeasInput) -> dict[str, Any]:
        return model_schema(IdeasOutput, exact_arrays={"ideas": data.count})

    def rules(self, data: IdeasInput, knowledge: list[KnowledgeItem]) -> IdeasOutput:
        return content_ideas(data, knowledge)

    def finalize(self, data: IdeasInput, output: IdeasOutput) -> IdeasOutput:
        computed = top_performing(data.history)
        return output.model_copy(update={"ideas": output.ideas[:data.count],
                                         "top_performing_content": computed or output.top_performing_content})
