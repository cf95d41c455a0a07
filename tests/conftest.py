"""Shared test harness: every test gets its own HUNTAZE_HOME, no real provider keys, and a `cli` runner
that runs the real command line (in-process or as a real subprocess) and checks that the planted API key
never reaches stdout, stderr, the ledger or the config it did not come from."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.fixtures import llm_server  # noqa: F401  (re-exported fixture)
from tests.fakes.postgres import (  # noqa: F401  (re-exported fixtures)
    PLANTED_PG_PASSWORD,
    ledger_location,
    pg_ledger_holds,
    pg_url,
)

PLANTED_KEY = "sk-planted-SECRET-7f3a9c1e5b2d4f6a8c0e"
ROOT = Path(__file__).resolve().parent.parent

_PROVIDER_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GEMINI_API_KEY", "GOOGLE_API_KEY", "AZURE_OPENAI_API_KEY",
                 "AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION", "HUNTAZE_CREATOR", "HUNTAZE_DB", "HUNTAZE_CONFIG",
                 "HUNTAZE_TIMEOUT", "HUNTAZE_LOCAL_BASE_URL", "HUNTAZE_GEMINI_BASE_URL", "HUNTAZE_LOCAL_API_KEY",
                 "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_CLOUD_PROJECT")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


class Cli:
    """Runs `huntaze` against one HUNTAZE_HOME."""

    def __init__(self, home: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
        self.home = home
        self.monkeypatch = monkeypatch
        self.capfd = capfd
        self.env: dict[str, str] = {}
        self.pg_url: str | None = None  # set by use_postgres: the ledger is then checked for secrets too

    @property
    def db(self) -> Path:
        return self.home / "huntaze.db"

    def setenv(self, **values: str) -> None:
        for key, value in values.items():
            self.env[key] = value
            self.monkeypatch.setenv(key, value)

    def use_postgres(self, url: str) -> None:
        """Every later command (in-process or subprocess) uses this PostgreSQL ledger through HUNTAZE_DB."""
        self.pg_url = url
        self.setenv(HUNTAZE_DB=url)

    def config(self, text: str) -> None:
        (self.home / "config.toml").write_text(text)

    def use_server(self, server: Any, *, fast_retries: bool = True, timeout_s: float = 5) -> None:
        """Point openai, gemini and azure at the fake server with the planted key."""
        self.setenv(OPENAI_API_KEY=PLANTED_KEY, GEMINI_API_KEY=PLANTED_KEY,
                    OPENAI_BASE_URL=server.openai_base_url, HUNTAZE_GEMINI_BASE_URL=server.gemini_base_url,
                    HUNTAZE_TIMEOUT=str(timeout_s))
        if fast_retries:
            self.config("[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n")

    def __call__(self, *args: str, stdin: str | None = None) -> Result:
        """In-process: the real entry point, argv and exit code, with stdout/stderr captured."""
        from huntaze_cli.cli.main import run

        self.capfd.readouterr()
        if stdin is not None:
            self.monkeypatch.setattr(sys, "stdin", _FakeStdin(stdin))
        else:
            self.monkeypatch.setattr(sys, "stdin", _FakeStdin("", tty=True))
        code = run(list(args))
        captured = self.capfd.readouterr()
        result = Result(code, captured.out, captured.err)
        self.assert_no_secret(result)
        return result

    def proc(self, *args: str, stdin: str | None = None, timeout: float = 60,
             extra_env: dict[str, str] | None = None) -> Result:
        """A real subprocess running the installed entry point."""
        env = _clean_env()
        env.update(self.env)
        env["HUNTAZE_HOME"] = str(self.home)
        env.update(extra_env or {})
        proc = subprocess.run([sys.executable, "-m", "huntaze_cli", *args], input=stdin or "", text=True,
                              capture_output=True, env=env, timeout=timeout, cwd=ROOT)
        result = Result(proc.returncode, proc.stdout, proc.stderr)
        self.assert_no_secret(result)
        return result

    def assert_no_secret(self, result: Result) -> None:
        for secret, what in ((PLANTED_KEY, "API key"), (PLANTED_PG_PASSWORD, "PostgreSQL password")):
            assert secret not in result.stdout, f"{what} leaked to stdout"
            assert secret not in result.stderr, f"{what} leaked to stderr"
            for path in self.home.glob("huntaze.db*"):
                assert secret.encode() not in path.read_bytes(), f"{what} leaked into {path.name}"
        if self.pg_url is not None:
            assert not pg_ledger_holds(self.pg_url, PLANTED_KEY), "API key leaked into the PostgreSQL ledger"


class _FakeStdin:
    def __init__(self, text: str, tty: bool = False) -> None:
        import io

        self._buf = io.StringIO(text)
        self._tty = tty

    def read(self, *a: Any) -> str:
        return self._buf.read(*a)

    def readline(self, *a: Any) -> str:
        return self._buf.readline(*a)

    def __iter__(self) -> Iterator[str]:
        return iter(self._buf)

    def isatty(self) -> bool:
        return self._tty

    def fileno(self) -> int:
        raise OSError("no fileno")


def usage_rows(db: Path) -> list[sqlite3.Row]:
    """A SQLite ledger's usage_logs rows, oldest first, by column name."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute("select * from usage_logs order by id").fetchall()
    finally:
        con.close()


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _PROVIDER_ENV and k != "HUNTAZE_HOME"}
    env["PYTHONPATH"] = str(ROOT)
    env.setdefault("COLUMNS", "120")
    return env


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for var in _PROVIDER_ENV:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HUNTAZE_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "120")
    return home


@pytest.fixture
def cli(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> Cli:
    return Cli(_isolated_home, monkeypatch, capfd)


@pytest.fixture(scope="session")
def llama_server() -> Iterator[Any]:
    """llama.cpp's own server with SmolLM2-135M on 127.0.0.1, one per test session (testservers/real_llama.py).
    Skips with one sentence only when the wheel or the model cannot be had; HUNTAZE_REQUIRE_REAL_PEERS=1
    (set by .ci/run) makes that a failure."""
    from testservers import real_llama

    try:
        server = real_llama.start_server(slots=real_llama.TEST_SLOTS)
    except real_llama.Unavailable as exc:
        if real_llama.required():
            pytest.fail(f"The real llama.cpp server is required ({real_llama.REQUIRE_ENV}) but {exc}.")
        pytest.skip(f"Real llama.cpp tier skipped: {exc}.")
    yield server
    del server
