"""The pytest side of the test servers: fixtures (`llm_server`, `pg_url`, `ledger_location`) and skips.

The servers themselves live in testservers/ (shared with bench/); the fake LLM server's names are
re-exported here, loaded lazily, for the tests' short imports (`from tests.fakes import reply`).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"Behaviour", "FakeLLMServer", "RecordedRequest", "cut_off", "default_responder", "delay", "error",
            "hang", "held", "invalid_json", "rate_limit", "reply", "cut", "trickle"}
__all__ = sorted(_EXPORTS | {"fixtures"})


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module("testservers.llm_server"), name)
    if name == "fixtures":
        return importlib.import_module("tests.fakes.fixtures")
    raise AttributeError(f"module 'tests.fakes' has no attribute {name!r}")
