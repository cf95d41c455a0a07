"""One agent request, from a feature's raw fields to the team's answer: validated first (a refused input must
not create the `default` creator or use a slot), the creator resolved once, then the coordinator. The command
line (`cli/ai_common.run_single`) and `huntaze serve` both answer through here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huntaze_cli.core.coordinator import RouteOptions, TeamAnswer
    from huntaze_cli.core.session import Session


@dataclass(frozen=True)
class Answered:
    answer: TeamAnswer
    language: str | None    # the language the answer is written in (the envelope's meta)
    untemplated: str | None  # a note when the rules engine has no templates in that language

    def data(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        return {**self.answer.data(), **(extra or {})}

    def meta(self) -> dict[str, Any]:
        return {"language": self.language, **self.answer.meta()}


def answer(session: Session, feature: str, fields: dict[str, Any], opts: RouteOptions, *,
           on_text: Callable[[str], None] | None = None) -> Answered:
    from huntaze_cli.agents.language import written_language
    from huntaze_cli.agents.requests import build_input
    from huntaze_cli.core.coordinator import AITeamCoordinator
    from huntaze_cli.core.route_check import check_route

    session.creator_label = session.creator_name(opts.creator)
    check_route(session.settings, feature, provider=opts.provider, model=opts.model, base_url=opts.base_url)
    found = session.find_creator(opts.creator)
    data = build_input(feature, fields, ledger=session.ledger, creator_id=found.id if found else None)
    team = AITeamCoordinator(session.context(found or session.creator(opts.creator)))
    result = team.answer(feature, data, opts, on_text=on_text)
    language, untemplated = written_language(getattr(data, "lang", None), result.result.provider)
    return Answered(result, language, untemplated)


def analyze(session: Session, data: Any, opts: RouteOptions) -> TeamAnswer:
    """Analyse parsed metrics (an AnalyzeInput) for the creator; stored for `insights`. The route is checked
    first, by `check_analyze_route`, before the metrics are read."""
    from huntaze_cli.core.coordinator import AITeamCoordinator

    return AITeamCoordinator(session.context(session.creator(opts.creator))).analyze(data, opts)


def check_analyze_route(session: Session, opts: RouteOptions) -> None:
    from huntaze_cli.core.route_check import check_route

    check_route(session.settings, "analyze", provider=opts.provider, model=opts.model, base_url=opts.base_url)


def ideas(session: Session, *, count: Any, platform: Any, topics: Any, lang: Any,
          opts: RouteOptions) -> tuple[TeamAnswer, bool]:
    """Content ideas from the creator's history; (answer, whether a stored analysis grounded them)."""
    from huntaze_cli.agents.language import normalize
    from huntaze_cli.agents.requests import validate_input
    from huntaze_cli.agents.schemas import IdeasInput
    from huntaze_cli.core.coordinator import AITeamCoordinator
    from huntaze_cli.core.route_check import check_route
    from huntaze_cli.errors import InvalidInput

    session.creator_label = session.creator_name(opts.creator)
    check_route(session.settings, "ideas", provider=opts.provider, model=opts.model, base_url=opts.base_url)
    # Validate the options before the history lookups below resolve (and create) the creator.
    try:
        normalize(lang)
    except ValueError as exc:
        raise InvalidInput(f"--lang {exc}.") from None
    validate_input(IdeasInput, {"count": count, "platform": platform, "topics": topics or [], "lang": lang})
    team = AITeamCoordinator(session.context(session.creator(opts.creator)))
    history = team.latest_metrics()
    past = team.past_caption_topics()
    data = validate_input(IdeasInput, {"count": count, "platform": platform, "history": history,
                                       "topics": topics or [], "past_topics": list(past), "topic_languages": past,
                                       "lang": lang})
    return team.ideas(data, opts), history is not None


def test_prompt(session: Session, text: str, *, temperature: float, max_output_tokens: int, opts: RouteOptions,
                on_text: Callable[[str], None] | None = None) -> Any:  # -> runner.AIResult
    """A raw prompt to a model (no rules-engine fallback), billed to the creator."""
    from huntaze_cli.core import runner
    from huntaze_cli.core.route_check import check_route

    check_route(session.settings, "test-prompt", provider=opts.provider, model=opts.model, base_url=opts.base_url)
    session.creator_label = session.creator_name(opts.creator)
    call = runner.AICall(feature="test-prompt", prompt=text, temperature=temperature,
                         max_output_tokens=max_output_tokens, on_text=on_text)
    return runner.run(session.context(session.creator(opts.creator)), call, provider=opts.provider,
                      model=opts.model, base_url=opts.base_url, no_cache=opts.no_cache)
