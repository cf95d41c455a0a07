"""Pytest fixtures for the fakes. Re-export them in a test module (or a conftest):

    from tests.fakes import fixtures
    llm_server = fixtures.llm_server
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from testservers.llm_server import FakeLLMServer

_shared: FakeLLMServer | None = None
_shared_lock = threading.Lock()


def shared_llm_server() -> FakeLLMServer:
    """One started server per test process (daemon thread: it dies with the process)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = FakeLLMServer().start()
        return _shared


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    """A started fake LLM server, clean for each test: no queued behaviours, no recorded requests."""
    server = shared_llm_server()
    server.reset()
    yield server
    server.reset()
