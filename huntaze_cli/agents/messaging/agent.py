"""MessagingAgent (fan replies, `chat`) and SuggestAgent (N alternative replies, `suggest`)."""

from __future__ import annotations

from typing import Any, ClassVar

from huntaze_cli.agents.base import Agent, KnowledgeItem, Prompt, fence
from huntaze_cli.agents.messaging.intents import intent
from huntaze_cli.agents.messaging.reply_rules import chat_reply, segment, suggest_replies
from huntaze_cli.agents.platforms import enforce_caption
from huntaze_cli.agents.prompting import system_prompt, user_prompt
from huntaze_cli.agents.sales.rules import upsell_suggestions
from huntaze_cli.agents.schemas import (
    ChatInput,
    ChatOutput,
    FanContext,
    SuggestInput,
    SuggestOutput,
    Tactic,
    model_schema,
)

TACTIC_NAMES = ", ".join(t.value for t in Tactic)


def fan_sections(data: FanContext) -> list[str]:
    """The fan's context for a prompt; the profile and message are untrusted, so both are fenced."""
    facts = (f"Platform: {data.platform}\nEngagement: {data.effective_engagement}\n"
             f"Total spent (USD): {data.effective_spent:.2f}\nTier: {data.effective_tier or 'unknown'}\n"
             f"Segment (computed): {segment(data)}\nFan intent (computed): {intent(data.message)}\n"
             f"Reply language: {data.lang}")
    profile = data.fan.model_dump_json(exclude_none=True) if data.fan else ""
    return [facts, fence("FAN_PROFILE", profile) if profile else "", fence("FAN_MESSAGE", data.message)]


class MessagingAgent(Agent[ChatInput, ChatOutput]):
    name: ClassVar[str] = "messaging"
    feature: ClassVar[str] = "chat"
    input_model = ChatInput
    output_model = ChatOutput

    def build_prompt(self, data: ChatInput, knowledge: list[KnowledgeItem]) -> Prompt:
        offers = "\n".join(f"- {u.offer} at ${u.price_usd:.2f}: {u.reason}" for u in upsell_suggestions(data))
        rules = ["Write one warm, personal reply in the creator's voice; low engagement gets a warm "
                 "re-engagement, big spenders VIP treatment.",
                 "Listen first: answer what the fan said. A question gets an answer, not a question back; money "
                 "trouble gets reassurance and no offer; rudeness a calm boundary; missing the creator warmth.",
                 "Write the whole reply in the reply language, nothing in any other language.",
                 f"tactics: only names from [{TACTIC_NAMES}].",
                 "upsellSuggestions: use the computed offers and prices below, verbatim."]
        sections = [*fan_sections(data), f"Computed upsell offers:\n{offers}" if offers else ""]
        return Prompt(system_prompt("MessagingAgent", "Reply to a fan's message.", ChatOutput, rules),
                      user_prompt(sections, knowledge))

    def rules(self, data: ChatInput, knowledge: list[KnowledgeItem]) -> ChatOutput:
        return chat_reply(data)

    def finalize(self, data: ChatInput, output: ChatOutput) -> ChatOutput:
        # Offers and prices are computed (sales_math), whatever the model wrote.
        return output.model_copy(update={"upsell_suggestions": upsell_suggestions(data),
                                         "reply": output.reply.strip()})


class SuggestAgent(Agent[SuggestInput, SuggestOutput]):
    name: ClassVar[str] = "messaging"
    feature: ClassVar[str] = "suggest"
    input_model = SuggestInput
    output_model = SuggestOutput

    def build_prompt(self, data: SuggestInput, knowledge: list[KnowledgeItem]) -> Prompt:
        rules = [f"Give exactly {data.count} distinct replies, each with a different tone; tune them to "
                 f"{data.platform} ({'sales offers welcome' if data.platform == 'onlyfans' else 'no hard selling'}"
                 f"{'; each within 280 weighted characters' if data.platform == 'twitter' else ''}).",
                 f"tactic: one of [{TACTIC_NAMES}] or null."]
        return Prompt(system_prompt("MessagingAgent", "Suggest alternative replies to a fan.", SuggestOutput, rules),
                      user_prompt(fan_sections(data), knowledge))

    def output_schema(self, data: SuggestInput) -> dict[str, Any]:
        return model_schema(SuggestOutput, exact_arrays={"suggestions": data.count})

    def rules(self, data: SuggestInput, knowledge: list[KnowledgeItem]) -> SuggestOutput:
        return suggest_replies(data)

    def finalize(self, data: SuggestInput, output: SuggestOutput) -> SuggestOutput:
        seen: set[str] = set()
        kept = []
        for item in output.suggestions:
            text = enforce_caption(item.text, [], "twitter")[0] if data.platform == "twitter" else item.text.strip()
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                kept.append(item.model_copy(update={"text": text}))
        return output.model_copy(update={"suggestions": kept[:data.count]})
