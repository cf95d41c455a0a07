"""Protocol-faithful fakes (real HTTP on 127.0.0.1) shared by the test suite and benchmarks.

Names are loaded lazily so `python -m tests.fakes.llm_server` does not import the module twice.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"Behaviour", "FakeLLMServer", "RecordedRequest", "cut_off", "default_responder", "delay", "error",
            "hang", "held", "invalid_json", "rate_limit", "reply", "cut", "trickle"}
__all__ = sorted(_EXPORTS | {"fixtures"})


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module("tests.fakes.llm_server"), name)
    if name == "fixtures":
        return importlib.import_module("tests.fakes.fixtures")
    raise AttributeError(f"module 'tests.fakes' has no attribute {name!r}")
