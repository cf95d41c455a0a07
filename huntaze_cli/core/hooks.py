"""Event hooks: run a command (event JSON on stdin) or POST the event JSON to a URL.

A hook that fails or times out is logged in the ledger (and noted on stderr) and never fails the request
that fired it. Hooks run synchronously, each bounded by its own timeout, so a cron job never leaves
orphaned hook processes behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session

EVENTS = ("quota.threshold", "quota.exceeded", "rate.limited", "breaker.opened", "request.failed",
          "provider.failed")
DEFAULT_THRESHOLD = 80.0
DEFAULT_TIMEOUT_S = 10.0
_DETAIL_CHARS = 300

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
}


def hook_threshold(hook: dict[str, Any]) -> float:
    return float(hook["threshold"]) if hook.get("threshold") is not None else DEFAULT_THRESHOLD


def event_body(session: Session, event: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"event": event, "timestamp": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
            "requestId": session.request_id, **payload}


def dispatch(session: Session, event: str, payload: dict[str, Any]) -> None:
    try:
        hooks = session.hooks(event)
    except Exception:  # the ledger may be the thing that failed; hooks must not mask the real error
        return
    body = event_body(session, event, payload)
    for hook in hooks:
        # A threshold event is claimed once per threshold (core.runner); it belongs to the hooks registered
        # at that threshold only, so a 50% hook does not fire again when 80% is crossed.
        if event == "quota.threshold" and hook_threshold(hook) != float(payload.get("threshold", -1)):
            continue
        status, detail = run_hook(hook, body)
        with contextlib.suppress(Exception):  # logging a hook run is best effort
            session.ledger.log_hook_run(hook["id"], event, status, detail)
        if status != "ok":
            _note_failure(session, hook, event, detail)


def _note_failure(session: Session, hook: dict[str, Any], event: str, detail: str) -> None:
    with contextlib.suppress(Exception):  # a broken stderr must not fail the request either
        from huntaze_cli import render

        render.note(session, f"Hook {hook['id']} ({event}) failed: {detail}. The request itself was not "
                             "affected; see `huntaze hooks list`.")


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
                            env={**os.environ, "HUNTAZE_EVENT": event})
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
        return "failed", f"cannot reach {url} ({exc.reason})"[:_DETAIL_CHARS]
