"""A real `huntaze serve` process (uvicorn) on a free loopback port with its own environment, for the tests
(tests/serve/) and the benchmark (bench/serve.py): start it, run `huntaze` commands beside it on the same
ledger, talk to it with httpx2, read its log and memory, stop it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServeProcess:
    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home = home
        self.env = {**env, "HUNTAZE_HOME": str(home)}
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.log_path = home / "serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def huntaze(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A `huntaze` command on the same ledger and config as the server."""
        return subprocess.run([sys.executable, "-m", "huntaze_cli", *args], text=True, capture_output=True,
                              env=self.env, timeout=60, cwd=ROOT)

    def token(self, *args: str) -> str:
        done = self.huntaze("tokens", "create", *args, "--json")
        assert done.returncode == 0, done.stderr
        return str(json.loads(done.stdout)["data"]["token"])

    def start(self, *args: str, timeout_s: float = 60) -> ServeProcess:
        """Listen on a free port (`args` may add --host; callers still connect to 127.0.0.1 only)."""
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
