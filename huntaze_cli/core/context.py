"""What one request carries on its way down: command → core pipeline → agent → provider, ledger beside.

The command resolves the creator once (after validating its input) and hands the pipeline this context.
It holds no terminal flags (--json, --quiet, --debug are the CLI's business): the coordinator, the runner
and the agents' helpers see only what a request needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.ledger import Ledger
    from huntaze_cli.ledger.records import Creator


class Events(Protocol):
    """Where a request's hook events go (core.hooks, through the command's Session)."""

    def hooks(self, event: str) -> list[dict[str, Any]]: ...

    def emit(self, event: str, payload: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class RequestContext:
    creator: Creator
    settings: Settings
    ledger: Ledger
    request_id: str
    events: Events

    def emit(self, event: str, payload: dict[str, Any]) -> None:
        """Queue the hooks registered for an event; never fails the request."""
        self.events.emit(event, payload)

    def hooks(self, event: str) -> list[dict[str, Any]]:
        return self.events.hooks(event)
