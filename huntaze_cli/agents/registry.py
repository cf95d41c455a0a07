"""Which agent answers which command (feature name as recorded in the ledger).

By module path, imported when asked: `caption` loads the content agent, not the messaging, sales and analytics
agents with their rule tables (start-up, issue 18)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huntaze_cli.agents.base import Agent

AGENTS: dict[str, str] = {
    "chat": "messaging.agent:MessagingAgent", "suggest": "messaging.agent:SuggestAgent",
    "caption": "content.agent:ContentAgent", "ideas": "content.agent:ContentIdeasAgent",
    "analyze": "analytics.agent:AnalyticsAgent", "optimize-sale": "sales.agent:SalesAgent",
    "mass-message": "messaging.mass_agent:MassMessageAgent",
}


def agent_class(feature: str) -> type[Agent]:
    """The agent class of `feature` (KeyError for an unknown feature)."""
    module, name = AGENTS[feature].split(":")
    return getattr(import_module(f"huntaze_cli.agents.{module}"), name)
