"""Event hooks: run a command (event JSON on stdin) or POST the event JSON to a URL.

Hooks never hold a request up: they run in a small background pool (HookPool), each bounded by its own
timeout, and the command waits for them at its end (a batch at the end of the batch), so a cron job never
leaves orphaned hook processes behind. A hook that fails or times out is logged in the ledger and returned
to the caller to report; it never fails the request that fired it. This module prints nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from huntaze_cli.events import EVENTS  # noqa: F401  (its home is huntaze_cli.events; kept importable here)
from huntaze_cli.utc import iso_z

if TYPE_CHECKING:
    from huntaze_cli.ledger import Ledger

DEFAULT_THRESHOLD = 80.0
DEFAULT_TIMEOUT_S = 10.0
_DETAIL_CHARS = 300
# Hooks running at once; more wait their turn (each still bounded by its own timeout).
POOL_WORKERS = 4
# Environment variables a hook command never sees: provider keys and anything else shaped like a secret.
_SECRET_ENV = re.compile(r"API_KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIALS|PRIVATE_KEY|ACCESS_KEY", re.I)
_SECRET_ENV_NAMES = frozenset({"OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY",
                               "HUNTAZE_LOCAL_API_KEY", "HUNTAZE_DB"})  # HUNTAZE_DB may hold a password

# What `hooks test` sends: the same shape as the real event, marked as a test.
SAMPLES: dict[str, dict[str, Any]] = {
    "quota.threshold": {"creator": "default", "threshold": DEFAULT_THRESHOLD, "percent": 81.5, "spendUsd": 8.15,
                        "monthlyUsd": 10.0, "month": "2026-11"},
    "quota.exceeded": {"creator": "default", "feature": "caption", "monthlyUsd": 10.0},
    "rate.limited": {"creator": "default", "feature": "chat", "requestsPerHour": 50},
    "breaker.opened": {"provider": "openai", "error": "HTTP 503 from the provider"},
    "request.failed": {"creator": "default", "feature": "chat", "provider": "openai", "model": "gpt-4o-mini",
                       "errorKind": "server", "error": "HTTP 500 from the provider"},
    # A link of the fallback chain failed but a later one answered (request.failed: the whole chain failed).
    "provider.failed": {"creator": "default", "feature": "chat", "provider": "openai", "model": "gpt-4o-mini",
                        "errorKind": "server", "error": "HTTP 500 from the provider"},
    "report.ready": {"kind": "creator", "creator": "default", "format": "html",
                     "path": "/var/lib/huntaze/reports/default/2026-W48/report.html",
                     "files": ["/var/lib/huntaze/reports/default/2026-W48/report.html"],
                     "latest": "/var/lib/huntaze/reports/default/latest.html",
                     "period": {"since": "2026-11-23T00:00:00Z", "until": "2026-11-30T00:00:00Z", "days": 7},
                     "hasData": True},
}


def hook_threshold(hook: dict[str, Any]) -> float:
    return float(hook["threshold"]) if hook.get("threshold") is not None else DEFAULT_THRESHOLD


def event_body(request_id: str, event: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"event": event, "timestamp": iso_z(), "requestId": request_id, **payload}


@dataclass(frozen=True)
class HookRun:
    hook_id: int
    event: str
    status: str          # "ok" | "failed"
    detail: str

    def failure_note(self) -> str:
        return (f"Hook {self.hook_id} ({self.event}) failed: {self.detail}. The request itself was not affected; "
                "see `huntaze hooks list`.")


class HookPool:
    """A bounded background pool for hook runs. Submitting never blocks; drain() waits for every run so far
    and returns them (the caller logs them in its own thread: a ledger connection belongs to one thread)."""

    def __init__(self, workers: int = POOL_WORKERS) -> None:
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._pending: list[tuple[int, str, Future[tuple[str, str]]]] = []
        self._lock = threading.Lock()

    def submit(self, hook: dict[str, Any], event: str, body: dict[str, Any]) -> None:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self._workers, thread_name_prefix="huntaze-hook")
            self._pending.append((int(hook["id"]), event, self._executor.submit(run_hook, hook, body)))

    def drain(self) -> list[HookRun]:
        with self._lock:
            pending, self._pending = self._pending, []
        runs: list[HookRun] = []
        for hook_id, event, future in pending:
            try:
                status, detail = future.result()
            except Exception as exc:  # run_hook never raises; belt and braces
                status, detail = "failed", f"{exc.__class__.__name__}: {exc}"[:_DETAIL_CHARS]
            runs.append(HookRun(hook_id, event, status, detail))
        return runs

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)


class HookSource(Protocol):
    """What dispatch needs from the command's session (core.session.Session is one); named here so that
    this module sits below the session and never imports it."""

    request_id: str

    def hooks(self, event: str) -> list[dict[str, Any]]: ...

    def hook_pool(self) -> HookPool: ...


def dispatch(session: HookSource, event: str, payload: dict[str, Any]) -> None:
    """Queue the hooks registered for an event in the session's pool; returns at once."""
    try:
        hooks = session.hooks(event)
    except Exception:  # the ledger may be the thing that failed; hooks must not mask the real error
        return
    if not hooks:
        return
    body = event_body(session.request_id, event, payload)
    for hook in hooks:
        # A threshold event is claimed once per threshold (core.runner); it belongs to the hooks registered
        # at that threshold only, so a 50% hook does not fire again when 80% is crossed.
        if event == "quota.threshold" and hook_threshold(hook) != float(payload.get("threshold", -1)):
            continue
        session.hook_pool().submit(hook, event, body)


def record_runs(ledger: Ledger, runs: list[HookRun]) -> list[HookRun]:
    """Log drained runs in the ledger (best effort); the failures are returned for the CLI to report."""
    for run in runs:
        with contextlib.suppress(Exception):  # logging a hook run is best effort
            ledger.log_hook_run(run.hook_id, run.event, run.status, run.detail)
    return [run for run in runs if run.status != "ok"]


def hook_env(event: str, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a hook command runs in: ours, minus provider keys and other secrets."""
    env = {k: v for k, v in (os.environ if environ is None else environ).items()
           if k not in _SECRET_ENV_NAMES and not _SECRET_ENV.search(k)}
    env["HUNTAZE_EVENT"] = event
    return env


def run_hook(hook: dict[str, Any], body: dict[str, Any]) -> tuple[str, str]:
    """('ok' | 'failed', detail). Never raises."""
    data = json.dumps(body, ensure_ascii=False).encode()
    timeout = float(hook.get("timeout_s") or DEFAULT_TIMEOUT_S)
    try:
        if hook.get("command"):
            return _run_command(hook["command"], data, timeout, str(body.get("event", "")))
        return _post(hook["url"], data, timeout)
    except Exception as exc:  # any failure is recorded, never raised
        return "failed", f"{exc.__class__.__name__}: {exc}"[:_DETAIL_CHARS]


def _run_command(command: str, data: bytes, timeout: float, event: str) -> tuple[str, str]:
    # Own process group: on timeout the whole pipeline is killed, not just the shell, otherwise a
    # grandchild holding stdout open would make us wait for it past the timeout.
    proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            env=hook_env(event))
    try:
        out, err = proc.communicate(input=data, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        return "failed", f"timed out after {timeout:g}s"
    if proc.returncode != 0:
        tail = err.decode(errors="replace").strip()[-_DETAIL_CHARS:]
        return "failed", f"exit {proc.returncode}" + (f": {tail}" if tail else "")
    tail = out.decode(errors="replace").strip()[-_DETAIL_CHARS:]
    return "ok", "exit 0" + (f": {tail}" if tail else "")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    killpg = getattr(os, "killpg", None)
    if killpg is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


def _post(url: str, data: bytes, timeout: float) -> tuple[str, str]:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json", "User-Agent": "huntaze-hooks"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the user's own http(s) URL)
            return "ok", f"HTTP {resp.status}"
    except urllib.error.HTTPError as exc:
        return "failed", f"HTTP {exc.code} {exc.reason}"
    except TimeoutError:
        return "failed", f"timed out after {timeout:g}s"
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return "failed", f"timed out after {timeout:g}s"
        from huntaze_cli.redaction import mask_url

        return "failed", f"cannot reach {mask_url(url)} ({exc.reason})"[:_DETAIL_CHARS]
