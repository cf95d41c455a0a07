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
