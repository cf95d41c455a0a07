"""MassMessageAgent (`mass-message`): one draft per fan segment. A model writes the texts when one is
configured; the rules engine (agents/messaging/mass_rules.py) otherwise. Prices and conversions are computed
beforehand (agents/messaging/mass_drafts.py) and restored in finalize(): every text carries its segment's price."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, ClassVar

from huntaze_cli.agents.base import Agent, KnowledgeItem, Prompt, fence
from huntaze_cli.agents.messaging.mass_rules import compose, price_line
from huntaze_cli.agents.prompting import system_prompt, user_prompt
from huntaze_cli.agents.schemas import MassMessageInput, MassMessageOutput, SegmentBrief, SegmentDraft


class MassMessageAgent(Agent[MassMessageInput, MassMessageOutput]):
    name: ClassVar[str] = "sales"
    feature: ClassVar[str] = "mass-message"
    input_model = MassMessageInput
    output_model = MassMessageOutput

    def build_prompt(self, data: MassMessageInput, knowledge: list[KnowledgeItem]) -> Prompt:
        rules = ["drafts: exactly one per segment listed below, in the same order, `segment` copied verbatim.",
                 "Each text is a short mass message (under 300 characters) in the creator's voice, built on its "
                 "segment's tactic, offering the content described, and stating the segment's computed price "
                 "exactly as given.",
                 f"Write in language '{data.lang}'.",
                 "A human chatter reads, edits and sends every draft: write nothing that pretends otherwise."]
        figures = "\n".join(f"- {b.segment}: {b.fans} fans, price ${b.price_usd:.2f}, expected conversion "
                            f"{b.expected_conversion:.1%}, tactic {b.tactic}" for b in data.segments)
        sections = [fence("CONTENT", data.content), f"Segments (computed, use the prices verbatim):\n{figures}"]
        return Prompt(system_prompt("SalesAgent", "Write one mass-message draft per fan segment.",
                                    MassMessageOutput, rules), user_prompt(sections, knowledge))

    def rules(self, data: MassMessageInput, knowledge: list[KnowledgeItem]) -> MassMessageOutput:
        return MassMessageOutput(drafts=[SegmentDraft(segment=b.segment,
                                                      text=compose(b.segment, data.content, b.price_usd, data.lang))
                                         for b in data.segments])

    def finalize(self, data: MassMessageInput, output: MassMessageOutput) -> MassMessageOutput:
        """One draft per segment in input order. The rules text replaces a model's text that is missing or
        states an amount or percentage other than the computed price (numbers are never the model's); a text
        that states no price gets the computed one appended."""
        written = {d.segment: " ".join(d.text.split()) for d in output.drafts if d.text.strip()}
        drafts = []
        for b in data.segments:
            price = f"{b.price_usd:.2f}"
            text = written.get(b.segment)
            if not text or any(amount != b.price_usd for amount in stated_amounts(text)):
                text = compose(b.segment, data.content, b.price_usd, data.lang)
            elif price not in text:
                text = f"{text} {price_line(data.content, b.price_usd, data.lang)}"
            drafts.append(SegmentDraft(segment=b.segment, text=text))
        return MassMessageOutput(drafts=drafts)


# "$25", "25 $", "25.00 USD", "€9,99", "30%", "20 dollars": an amount or a rate written in a text.
_AMOUNT = re.compile(r"[$€£]\s?(\d+(?:[.,]\d{1,2})?)"
                     r"|(\d+(?:[.,]\d{1,2})?)\s?(?:[$€£%]|usd\b|eur\b|dollars?\b|euros?\b)", re.IGNORECASE)


def stated_amounts(text: str) -> list[float]:
    """Every amount or percentage a text states (a percentage counts: it is a discount nobody computed)."""
    out = []
    for match in _AMOUNT.finditer(text):
        number = float((match.group(1) or match.group(2)).replace(",", "."))
        out.append(-1.0 if match.group(0).rstrip().endswith("%") else number)
    return out


def request_for(drafts: list[Any], content: str, lang: str) -> MassMessageInput:
    """The agent's input from the computed drafts (agents/messaging/mass_drafts.py)."""
    return MassMessageInput(content=content, lang=lang, segments=[
        SegmentBrief(segment=d.segment, fans=d.fans, price_usd=d.price, expected_conversion=d.conversion,
                     tactic=d.tactic) for d in drafts])


def with_texts(drafts: list[Any], output: MassMessageOutput) -> list[Any]:
    """The computed drafts with the texts the agent wrote (finalize guarantees one per segment)."""
    texts = {d.segment: d.text for d in output.drafts}
    return [replace(d, text=texts.get(d.segment, d.text)) for d in drafts]
