"""A real `huntaze serve` process (uvicorn) on a free loopback port, its own HUNTAZE_HOME, providers pointed
at the fake LLM server; tests talk to it over HTTP with httpx2 and run `huntaze` commands beside it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2

from tests.conftest import PLANTED_KEY, ROOT, _clean_env
from tests.fakes.postgres import PLANTED_PG_PASSWORD

FAST_RETRIES = "[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServeProcess:
    def __init__(self, home: Path, llm: Any | None = None, env: dict[str, str] | None = None) -> None:
        self.home = home
        self.env = _clean_env()
        self.env["HUNTAZE_HOME"] = str(home)
        if llm is not None:
            self.env.update(OPENAI_API_KEY=PLANTED_KEY, GEMINI_API_KEY=PLANTED_KEY,
                            OPENAI_BASE_URL=llm.openai_base_url, HUNTAZE_GEMINI_BASE_URL=llm.gemini_base_url,
                            HUNTAZE_TIMEOUT="5")
            (home / "config.toml").write_text(FAST_RETRIES)
        self.env.update(env or {})
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.log_path = home / "serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def huntaze(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A `huntaze` command on the same ledger and config as the server."""
        done = subprocess.run([sys.executable, "-m", "huntaze_cli", *args], text=True, capture_output=True,
                              env=self.env, timeout=60, cwd=ROOT)
        assert PLANTED_KEY not in done.stdout + done.stderr
        assert PLANTED_PG_PASSWORD not in done.stdout + done.stderr
        return done

    def token(self, *args: str) -> str:
        done = self.huntaze("tokens", "create", *args, "--json")
        assert done.returncode == 0, done.stderr
        return str(json.loads(done.stdout)["data"]["token"])

    def start(self, *args: str, timeout_s: float = 60) -> ServeProcess:
        """Listen on a free port (`args` may add --host; the tests still connect to 127.0.0.1 only)."""
        self.port = free_port()
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "huntaze_cli", "serve", "--port", str(self.port), *args],
                                     env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"huntaze serve exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if httpx2.get(self.url + "/api/health", timeout=2).status_code == 200:
                    return self
            except httpx2.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"huntaze serve did not answer within {timeout_s} s:\n{self.log()}")

    def client(self, token: str | None = None, **kwargs: Any) -> httpx2.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx2.Client(base_url=self.url, headers=headers, timeout=60, **kwargs)

    def rss_kib(self) -> int:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None
        assert PLANTED_KEY not in self.log(), "the API key reached the server's log"
        assert PLANTED_PG_PASSWORD not in self.log(), "the PostgreSQL password reached the server's log"
