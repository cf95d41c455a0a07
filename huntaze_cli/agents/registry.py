"""Which agent answers which command (feature name as recorded in the ledger)."""

from __future__ import annotations

from huntaze_cli.agents.analytics.agent import AnalyticsAgent
from huntaze_cli.agents.base import Agent
from huntaze_cli.agents.content.agent import ContentAgent, ContentIdeasAgent
from huntaze_cli.agents.messaging.agent import MessagingAgent, SuggestAgent
from huntaze_cli.agents.messaging.mass_agent import MassMessageAgent
from huntaze_cli.agents.sales.agent import SalesAgent

AGENTS: dict[str, type[Agent]] = {
    "chat": MessagingAgent, "suggest": SuggestAgent, "caption": ContentAgent, "ideas": ContentIdeasAgent,
    "analyze": AnalyticsAgent, "optimize-sale": SalesAgent, "mass-message": MassMessageAgent,
}
