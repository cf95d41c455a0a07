"""SalesAgent: optimize-sale (message, tactics, price, conversion) and the upsells chat shows."""

from __future__ import annotations

from typing import ClassVar

from huntaze_cli.agents.base import Agent, KnowledgeItem, Prompt
from huntaze_cli.agents.messaging.agent import TACTIC_NAMES, fan_sections
from huntaze_cli.agents.prompting import system_prompt, user_prompt
from huntaze_cli.agents.sales.price import quote
from huntaze_cli.agents.sales.rules import choose_tactics, optimize_sale, upsell_suggestions
from huntaze_cli.agents.schemas import ChatInput, SaleInput, SaleOutput, UpsellSuggestion


class SalesAgent(Agent[SaleInput, SaleOutput]):
    name: ClassVar[str] = "sales"
    feature: ClassVar[str] = "optimize-sale"
    input_model = SaleInput
    output_model = SaleOutput

    def build_prompt(self, data: SaleInput, knowledge: list[KnowledgeItem]) -> Prompt:
        q = quote(data.price_usd, data, data.content_type)
        hints = "\n".join(f"- {t.name.value}: {t.rationale}" for t in choose_tactics(data))
        rules = [f"tactics: 2–4 items, each name one of [{TACTIC_NAMES}] with a one-sentence rationale.",
                 "alternativeMessages: 2–3 different approaches.",
                 "The fan message below is the creator's draft to improve; keep its offer."]
        sections = [f"Content type: {data.content_type}\nCreator's price: ${data.price_usd:.2f}\n"
                    f"Computed suggestedPrice: {q.price:.2f}\nComputed expectedConversionRate: {q.conversion}"
                    + (f"\nPrice basis (computed): {q.basis}" if q.basis else ""),
                    f"Tactics that fit this fan (computed):\n{hints}",
                    *fan_sections(data)]
        return Prompt(system_prompt("SalesAgent", "Rewrite a sales message to convert better.", SaleOutput, rules),
                      user_prompt(sections, knowledge))

    def rules(self, data: SaleInput, knowledge: list[KnowledgeItem]) -> SaleOutput:
        return optimize_sale(data)

    def finalize(self, data: SaleInput, output: SaleOutput) -> SaleOutput:
        q = quote(data.price_usd, data, data.content_type)
        return output.model_copy(update={"suggested_price": q.price, "expected_conversion_rate": q.conversion,
                                         "price_basis": q.basis})

    def upsell_for_chat(self, data: ChatInput) -> list[UpsellSuggestion]:
        """Computed upsell offers for a chat reply (no model): the coordinator merges them into chat's output."""
        return upsell_suggestions(data)
