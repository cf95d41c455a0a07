"""AITeamCoordinator: routes a command to one or several agents and combines their outputs.

It lives in the core pipeline (command → core → agent → provider): it drives the runner, and agents never
import it. It works for the one creator of its RequestContext, resolved once by the command. Each agent's
prompt goes through the core runner (provider chain, retries, breaker, cache, quotas, ledger) and ends on
the agent's rules engine when no model answers. The coordinator validates model JSON against the agent's
output schema (the runner sends it back once with the error), runs the agent's `finalize` on every output
whoever wrote it, feeds agents the creator's knowledge, and publishes what `analyze` learns so that
caption, chat and optimize-sale see it next time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from huntaze_cli.agents.base import Agent, KnowledgeItem
from huntaze_cli.agents.network import AIKnowledgeNetwork
from huntaze_cli.core import runner
from huntaze_cli.core.context import RequestContext

if TYPE_CHECKING:
    from huntaze_cli.agents.messaging.agent import MessagingAgent
    from huntaze_cli.agents.schemas import (
        AnalyzeInput,
        CaptionInput,
        ChatInput,
        IdeasInput,
        MassMessageInput,
        SaleInput,
        SuggestInput,
    )

# The commands whose drafts speak for the creator, and so take their voice (`voice learn`).
VOICED_FEATURES = frozenset({"caption", "chat", "suggest", "optimize-sale", "mass-message"})
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)
_DESCRIPTION = re.compile(r"<<<DESCRIPTION[^\n]*\n(.*?)\n>>>END DESCRIPTION", re.DOTALL)


@dataclass
class RouteOptions:
    creator: str | None = None
    provider: str | None = None
    model: str | None = None
    base_url: str | None = None
    no_cache: bool = False
    batch_key: str | None = None
    voice: bool = True   # use the creator's learned voice when there is one (--no-voice: False)


@dataclass
class TeamAnswer:
    output: BaseModel
    result: runner.AIResult
    creator: str
    agents: list[str] = field(default_factory=list)
    stream_stopped: str | None = None   # why a streamed reply was cut short (core/stream_guard.py)
    voice: bool | None = None   # whether the creator's voice shaped it (None: a feature that has no voice)
    extra: dict[str, Any] = field(default_factory=dict)  # beside the output in `data` (a batch's voiceNote)

    def data(self) -> dict[str, Any]:
        return {**self.output.model_dump(by_alias=True, mode="json"), **self.extra}

    def meta(self) -> dict[str, Any]:
        return {"agents": self.agents, **({"streamStopped": self.stream_stopped} if self.stream_stopped else {}),
                **({"voice": self.voice} if self.voice is not None else {})}


def parse_output(agent: Agent[Any, Any], text: str) -> BaseModel:
    """Model text → validated output model; InvalidOutput (sent back to the model once) otherwise."""
    from huntaze_cli.agents.schemas import validation_message
    from huntaze_cli.providers.structured import lenient_json_text

    cleaned = lenient_json_text(_FENCE.sub("", text.strip()))
    try:
        raw = json.loads(cleaned)
    except ValueError as exc:
        raise runner.InvalidOutput(f"not valid JSON ({exc.msg} at char {exc.pos})") from exc
    if not isinstance(raw, dict):
        raise runner.InvalidOutput("expected a JSON object")
    try:
        return agent.output_model.model_validate(raw)
    except ValidationError as exc:
        raise runner.InvalidOutput(validation_message(exc).removeprefix("Invalid input: ")) from exc


def readable_answer(agent: Agent[Any, Any], data: BaseModel, parsed: BaseModel) -> BaseModel:
    """A model's parsed answer, finalized, when a creator can use it; InvalidOutput (the repair turn, then the
    rules engine) when a text is blank or holds a token that is not a word (agents/readable.py). The words
    are checked before finalize (after it, the creator's own tags and computed lines are not the model's);
    blanks after it too (a caption of hashtags alone is blank once they are split off)."""
    from huntaze_cli.agents.readable import unreadable

    problem = unreadable(parsed)
    final = agent.finalize(data, parsed)
    problem = problem or unreadable(final, words=False)
    if problem:
        raise runner.InvalidOutput(problem)
    return final


class AITeamCoordinator:
    def __init__(self, ctx: RequestContext, network: AIKnowledgeNetwork | None = None) -> None:
        self.ctx = ctx
        # A batch worker hands every item's coordinator its thread's network (its memo saves lookups).
        self.network = network or AIKnowledgeNetwork(ctx.ledger)

    # ---- one agent -------------------------------------------------------------------------------
    def ask(self, agent: Agent[Any, Any], data: BaseModel, opts: RouteOptions, *, temperature: float = 0.7,
            max_output_tokens: int = 1200, image_path: str | None = None) -> TeamAnswer:
        creator = self.ctx.creator
        knowledge = self.network.context_for(creator.id, exclude_source=agent.name)
        voice = self._voice(agent, opts)
        prompt, max_output_tokens, voiced_prompt = self._fitted(agent, data, knowledge, opts, max_output_tokens,
                                                                voice)

        def validate(text: str) -> BaseModel:
            return readable_answer(agent, data, parse_output(agent, text))

        call = runner.AICall(
            feature=agent.feature, prompt=prompt.user, system=prompt.system, temperature=temperature,
            max_output_tokens=max_output_tokens, schema_factory=lambda: agent.output_schema(data),
            schema_name=agent.output_model.__name__,
            image_path=image_path, validate=validate,
            rules=lambda: agent.finalize(data, self._voiced(agent, data, agent.rules(data, knowledge), voice)),
            batch_key=opts.batch_key, cache_extra=agent.name + _file_digest(image_path))
        result = runner.run(self.ctx, call, provider=opts.provider, model=opts.model, base_url=opts.base_url,
                            no_cache=opts.no_cache)
        answer = TeamAnswer(result.value, result, creator.name, [agent.name])
        answer.voice = self._voice_used(agent, voice, voiced_prompt, result.provider)
        return answer

    def _voice(self, agent: Agent[Any, Any], opts: RouteOptions) -> Any:
        """The creator's VoiceProfile for a voiced feature, unless --no-voice; None otherwise."""
        if not opts.voice or agent.feature not in VOICED_FEATURES:
            return None
        return self.network.voice_for(self.ctx.creator.id)

    @staticmethod
    def _voice_used(agent: Agent[Any, Any], voice: Any, voiced_prompt: bool, provider: str) -> bool | None:
        if agent.feature not in VOICED_FEATURES:
            return None
        return voice is not None and (provider == "rules" or voiced_prompt)

    @staticmethod
    def _voiced(agent: Agent[Any, Any], data: BaseModel, output: BaseModel, voice: Any) -> BaseModel:
        """The rules engine's output in the creator's voice (agents/voice/apply.py); finalize runs after it."""
        if voice is None:
            return output
        from huntaze_cli.agents.language import template_lang
        from huntaze_cli.agents.voice.apply import voice_output

        return voice_output(output, voice, lang=template_lang(getattr(data, "lang", None)),
                            platform=getattr(data, "platform", None),
                            seed_parts=(agent.feature, data.model_dump_json()))

    def _fitted(self, agent: Agent[Any, Any], data: BaseModel, knowledge: list[KnowledgeItem], opts: RouteOptions,
                max_output_tokens: int, voice: Any = None) -> tuple[Any, int, bool]:
        """The prompt and max_tokens that fit a local model's context (core/local.py), and whether the prompt
        carries the creator's voice. When the prompt is too large, the voice's examples go first (three, then
        one, then none), then the stored knowledge, then the voice block itself; a prompt that cannot fit even
        bare is refused in one sentence before anything is sent."""
        from huntaze_cli.agents.base import Prompt
        from huntaze_cli.core.local import fit_answer_tokens
        from huntaze_cli.errors import InvalidInput

        if voice is not None:
            from huntaze_cli.agents.language import normalize
            from huntaze_cli.agents.voice.apply import PROMPT_EXAMPLES, render_voice

            lang = normalize(getattr(data, "lang", None)) or voice.main_language
            platform = getattr(data, "platform", None)
            counts: list[int | None] = [PROMPT_EXAMPLES, 1, 0]
        else:
            counts = [None]
        attempts = [(knowledge, n) for n in counts] + ([([], 0)] if knowledge and voice is not None else []) \
            + ([([], None)] if knowledge or voice is not None else [])
        error: InvalidInput | None = None
        for items, examples in attempts:
            prompt = agent.build_prompt(data, items)
            if examples is not None:
                block = render_voice(voice, lang=lang, platform=platform, examples=examples)
                prompt = Prompt(prompt.system, f"{block}\n\n{prompt.user}")
            try:
                tokens = fit_answer_tokens(self.ctx, agent.feature, opts, [prompt.system, prompt.user],
                                           max_output_tokens)
            except InvalidInput as exc:
                error = exc
                continue
            return prompt, tokens, examples is not None
        assert error is not None
        raise error

    # ---- commands --------------------------------------------------------------------------------
    def agent_for(self, feature: str) -> Agent[Any, Any]:
        """The agent that answers a command (agents/registry.py), configured for this user."""
        from huntaze_cli.agents.registry import agent_class

        if feature == "caption":
            from huntaze_cli.agents.content.agent import ContentAgent

            return ContentAgent(platform_overrides=self.ctx.settings.platform_overrides())
        return agent_class(feature)()

    def answer(self, feature: str, data: BaseModel, opts: RouteOptions,
               on_text: Callable[[str], None] | None = None) -> TeamAnswer:
        """One command's answer: the single entry point for single requests and batch items alike."""
        if feature == "chat":
            return self.chat(data, opts, on_text=on_text)
        methods = {"caption": self.caption, "suggest": self.suggest, "optimize-sale": self.optimize_sale,
                   "analyze": self.analyze, "ideas": self.ideas, "mass-message": self.mass_message}
        return methods[feature](data, opts)

    def caption(self, data: CaptionInput, opts: RouteOptions) -> TeamAnswer:
        return self.ask(self.agent_for("caption"), data, opts, image_path=data.image_path)

    def suggest(self, data: SuggestInput, opts: RouteOptions) -> TeamAnswer:
        return self.ask(self.agent_for("suggest"), data, opts, temperature=0.9)

    def optimize_sale(self, data: SaleInput, opts: RouteOptions) -> TeamAnswer:
        return self.ask(self.agent_for("optimize-sale"), data, opts)

    def mass_message(self, data: MassMessageInput, opts: RouteOptions) -> TeamAnswer:
        return self.ask(self.agent_for("mass-message"), data, opts, max_output_tokens=1500)

    def chat(self, data: ChatInput, opts: RouteOptions, on_text: Callable[[str], None] | None = None) -> TeamAnswer:
        """MessagingAgent writes the reply; SalesAgent computes the upsell (no model needed for numbers)."""
        from huntaze_cli.agents.messaging.agent import MessagingAgent
        from huntaze_cli.agents.sales.agent import SalesAgent

        messaging, sales = MessagingAgent(), SalesAgent()
        answer = (self._chat_streamed(messaging, data, opts, on_text) if on_text
                  else self.ask(messaging, data, opts))
        upsell = sales.upsell_for_chat(data)
        answer.output = answer.output.model_copy(update={"upsell_suggestions": upsell})
        answer.agents = ["messaging", "sales"]
        return answer

    def _chat_streamed(self, agent: MessagingAgent, data: ChatInput, opts: RouteOptions,
                       on_text: Callable[[str], None]) -> TeamAnswer:
        """--stream: the reply is generated as plain text and shown as it arrives; tactics and confidence
        come from the rules engine, offers from SalesAgent."""
        creator = self.ctx.creator
        knowledge = self.network.context_for(creator.id, exclude_source=agent.name)
        voice = self._voice(agent, opts)
        prompt, max_tokens, voiced_prompt = self._fitted(agent, data, knowledge, opts, 600, voice)
        offline = agent.finalize(data, self._voiced(agent, data, agent.rules(data, knowledge), voice))
        system = (prompt.system + "\n\nFor this request only: answer with the reply text itself, no JSON, "
                  "no quotes, no preamble.")
        from huntaze_cli.core.stream_guard import StreamGuard

        guard = StreamGuard(on_text)  # stops a looping or overlong reply, and says why
        call = runner.AICall(feature=agent.feature, prompt=prompt.user, system=system, max_output_tokens=max_tokens,
                             on_text=guard, rules=lambda: offline, batch_key=opts.batch_key,
                             cache_extra=f"{agent.name}:stream")
        result = runner.run(self.ctx, call, provider=opts.provider, model=opts.model, base_url=opts.base_url,
                            no_cache=opts.no_cache)
        if result.provider == "rules":
            on_text(offline.reply)
            output = offline
        else:
            guard.finish()
            output = agent.finalize(data, offline.model_copy(update={"reply": result.text.strip() or offline.reply}))
        answer = TeamAnswer(output, result, creator.name, [agent.name])
        answer.stream_stopped = guard.reason
        answer.voice = self._voice_used(agent, voice, voiced_prompt, result.provider)
        return answer

    def analyze(self, data: AnalyzeInput, opts: RouteOptions) -> TeamAnswer:
        """Analyse, then store the summary (for `insights`) and publish knowledge for the other agents."""
        from huntaze_cli.agents.analytics.agent import AnalyticsAgent
        from huntaze_cli.agents.analytics.metrics import weekday_hour_grid
        from huntaze_cli.agents.knowledge import knowledge_from_analysis

        answer = self.ask(AnalyticsAgent(), data, opts, temperature=0.3, max_output_tokens=1500)
        creator = self.ctx.creator
        summary = {"analysis": answer.data(), "provider": answer.result.provider, "model": answer.result.model,
                   "source": getattr(data, "source", None),
                   "weekdayHour": weekday_hour_grid(list(getattr(data, "posts", None) or []))}  # `report`'s heatmap
        self.ctx.ledger.store_summary(creator.id, summary)
        items: list[KnowledgeItem] = knowledge_from_analysis(answer.output)  # type: ignore[arg-type]
        self.network.publish(creator.id, "analytics", items)
        return answer

    def ideas(self, data: IdeasInput, opts: RouteOptions) -> TeamAnswer:
        from huntaze_cli.agents.content.agent import ContentIdeasAgent

        return self.ask(ContentIdeasAgent(), data, opts, temperature=0.9)

    def replay(self, feature: str, data: BaseModel, opts: RouteOptions) -> TeamAnswer:
        """A batch item that succeeded in the ledger but never reached the output: rebuild its answer from
        the stored response, without a new request or a new usage row."""
        from huntaze_cli.agents.sales.agent import SalesAgent
        from huntaze_cli.errors import NotFound

        row = self.ctx.ledger.succeeded_by_batch_key(opts.batch_key or "")
        if row is None:
            raise NotFound(f"No recorded answer for batch item {opts.batch_key}.")
        agent = self.agent_for(feature)
        output = agent.finalize(data, parse_output(agent, row["response_json"] or ""))
        if feature == "chat":
            output = output.model_copy(update={"upsell_suggestions": SalesAgent().upsell_for_chat(data)})
        result = runner.AIResult(output, row["response_json"] or "", row["provider"], row["model"],
                                 row["input_tokens"], row["output_tokens"],
                                 None if row.get("unpriced") else row["cost_usd"], bool(row["cached"]),
                                 usage_id=row["id"])
        agents = ["messaging", "sales"] if feature == "chat" else [agent.name]
        return TeamAnswer(output, result, row["creator"], agents)

    def past_caption_topics(self, limit: int = 40) -> dict[str, str]:
        """What the creator has been captioning lately, as topics for `ideas`, each with the language of its
        caption (ranked, most frequent first). The ledger's request bodies are the only record of past
        descriptions, so they are read back from there (newest first, each once)."""
        from huntaze_cli.agents.content.idea_rules import topic_languages, topics_from_descriptions

        creator = self.ctx.creator
        ledger = self.ctx.ledger
        descriptions: list[str] = []
        for row in ledger.list_usage(creator=creator.name, feature="caption", status="ok", limit=limit):
            full = ledger.get_usage(row["id"]) or {}
            try:
                prompt = json.loads(full.get("request_json") or "{}").get("prompt") or ""
            except ValueError:
                continue
            found = _DESCRIPTION.search(prompt)
            if found and found.group(1).strip() not in descriptions:
                descriptions.append(found.group(1).strip())
        languages = topic_languages(descriptions)
        return {topic: languages.get(topic, "en") for topic in topics_from_descriptions(descriptions)}

    def latest_metrics(self) -> Any:
        """The Metrics of the creator's latest stored analysis, or None (used by `ideas`)."""
        from huntaze_cli.agents.schemas import Metrics

        stored = self.ctx.ledger.latest_summary(self.ctx.creator.id)
        if not stored:
            return None
        metrics = stored["summary"].get("analysis", {}).get("metrics")
        return Metrics.model_validate(metrics) if metrics else None


def _file_digest(path: str | None) -> str:
    """A photo's content in the cache key: a new photo saved under the same name is a new request."""
    if not path:
        return ""
    import hashlib

    with open(path, "rb") as handle:  # at most 20 MB (io/input_files.py), already read once by the checks
        return ":" + hashlib.sha256(handle.read()).hexdigest()
