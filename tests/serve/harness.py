"""The tests' `huntaze serve` (testservers/serve.py): the tests' clean environment, providers pointed at the
fake LLM server with the planted key, and every command's output and the server's log checked for secrets."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import PLANTED_KEY, _clean_env
from tests.fakes.postgres import PLANTED_PG_PASSWORD
from testservers import serve

FAST_RETRIES = "[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n"


class ServeProcess(serve.ServeProcess):
    def __init__(self, home: Path, llm: Any | None = None, env: dict[str, str] | None = None) -> None:
        base = _clean_env()
        if llm is not None:
            base.update(OPENAI_API_KEY=PLANTED_KEY, GEMINI_API_KEY=PLANTED_KEY, OPENAI_BASE_URL=llm.openai_base_url,
                        HUNTAZE_GEMINI_BASE_URL=llm.gemini_base_url, HUNTAZE_TIMEOUT="5")
            (home / "config.toml").write_text(FAST_RETRIES)
        super().__init__(home, {**base, **(env or {})})

    def huntaze(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = super().huntaze(*args)
        assert PLANTED_KEY not in done.stdout + done.stderr
        assert PLANTED_PG_PASSWORD not in done.stdout + done.stderr
        return done

    def stop(self) -> None:
        super().stop()
        assert PLANTED_KEY not in self.log(), "the API key reached the server's log"
        assert PLANTED_PG_PASSWORD not in self.log(), "the PostgreSQL password reached the server's log"
