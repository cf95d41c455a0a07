"""Small helpers for provider tests."""

from __future__ import annotations

import socket

from pydantic import BaseModel, Field


def closed_port_url(path: str = "") -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


# A schema shaped like the agents' outputs: nested model, enum, bounds, optional field, list ($defs/$ref).
class Tactic(BaseModel):
    name: str = Field(pattern=r"^[a-z_]+$", json_schema_extra={"enum": ["scarcity", "urgency"]})
    rationale: str = Field(min_length=10)


class SaleOutput(BaseModel):
    optimizedMessage: str
    tactics: list[Tactic] = Field(min_length=1)
    suggestedPrice: float = Field(ge=1, le=500)
    expectedConversionRate: float = Field(ge=0, le=1)
    alternativeMessages: list[str] = []
    note: str | None = None


SALE_SCHEMA = SaleOutput.model_json_schema()
