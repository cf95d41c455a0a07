"""A/B experiments of sales messages for a creator: create, record, report. `huntaze experiments` and
`huntaze serve` go through here, so a command and a route store and answer the same data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from huntaze_cli.errors import NotFound

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session


def create(session: Session, creator: str | None, name: str, variants: list[tuple[str, str]],
           generated_by: str | None = None) -> tuple[str, dict[str, Any]]:
    """Store checked (label, text) variants under a new name (Conflict when the creator already has it):
    (the creator's name, the data)."""
    c = session.creator(creator)
    session.ledger.create_experiment(c.id, name, variants)
    return c.name, {"name": name, "variants": [{"label": label, "text": text} for label, text in variants],
                    "generatedBy": generated_by}


def record(session: Session, creator: str | None, name: str,
           results: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """Add checked results (agents/revenue/experiments.check_result) to an experiment, all or none."""
    c = _existing(session, creator, name)
    count = session.ledger.record_experiment(c.id, name, results)
    return c.name, {"name": name, "recorded": count,
                    "results": [{"variant": r["label"], "sent": r["sent"], "bought": r["bought"],
                                 "revenueUsd": r["revenue_usd"]} for r in results]}


def report(session: Session, creator: str | None, name: str) -> tuple[str, dict[str, Any]]:
    """The experiment's report (agents/revenue/experiments.report); reading never creates `default`."""
    from huntaze_cli.agents.revenue import experiments

    c = _existing(session, creator, name)
    return c.name, experiments.report(session.ledger, c.id, name)


def _existing(session: Session, creator: str | None, name: str) -> Any:
    c = session.find_creator(creator)
    if c is None:
        raise NotFound(f"No experiment named '{name}'; see `huntaze experiments list`.")
    return c
