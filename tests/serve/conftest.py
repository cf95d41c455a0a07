"""One real server per test module (starting uvicorn takes seconds), with creators and tokens made first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.fakes.fixtures import shared_llm_server
from tests.serve.harness import ServeProcess


@dataclass
class Hub:
    server: ServeProcess
    llm: Any
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    home = tmp_path_factory.mktemp("serve-home")
    llm = shared_llm_server()
    server = ServeProcess(home, llm)
    for name, limits in (("mia", ["--plan", "pro"]), ("zoe", ["--plan", "pro"]),
                         ("tiny", ["--requests-per-hour", "1"]), ("broke", ["--monthly-usd", "0"])):
        done = server.huntaze("creators", "add", name, *limits)
        assert done.returncode == 0, done.stderr
    tokens = {
        "mia-draft": server.token("--creator", "mia", "--scope", "draft", "--label", "anna"),
        "mia-read": server.token("--creator", "mia", "--scope", "read"),
        "zoe-draft": server.token("--creator", "zoe"),
        "tiny-draft": server.token("--creator", "tiny"),
        "broke-draft": server.token("--creator", "broke"),
        "admin": server.token("--scope", "admin", "--label", "dashboard"),
    }
    server.start()
    try:
        yield Hub(server, llm, tokens)
    finally:
        server.stop()


@pytest.fixture
def llm(hub: Hub) -> Iterator[Any]:
    hub.llm.reset()
    yield hub.llm
    hub.llm.reset()
