"""Event hooks: run a command (event JSON on stdin) or POST the event JSON to a URL.

A hook that fails or times out is logged in the ledger and never fails the request that fired it.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import urllib.request
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session

EVENTS = ("quota.threshold", "quota.exceeded", "rate.limited", "breaker.opened", "request.failed")


def dispatch(session: Session, event: str, payload: dict[str, Any]) -> None:
    try:
        hooks = session.ledger.list_hooks(event=event)
    except Exception:  # the ledger may be the thing that failed; hooks must not mask the real error
        return
    if not hooks:
        return
    body = {"event": event, "timestamp": datetime.now(timezone.utc).isoformat(),
            "requestId": session.request_id, **payload}
    for hook in hooks:
        if event == "quota.threshold" and hook.get("threshold") is not None and \
                payload.get("percent", 0) < hook["threshold"]:
            continue
        status, detail = run_hook(hook, body)
        with contextlib.suppress(Exception):  # logging a hook run is best effort
            session.ledger.log_hook_run(hook["id"], event, status, detail)


def run_hook(hook: dict[str, Any], body: dict[str, Any]) -> tuple[str, str]:
    data = json.dumps(body).encode()
    timeout = float(hook.get("timeout_s") or 10.0)
    try:
        if hook.get("command"):
            proc = subprocess.run(hook["command"], shell=True, input=data, capture_output=True,
                                  timeout=timeout, check=False)
            if proc.returncode != 0:
                return "failed", f"exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-300:]}"
            return "ok", f"exit 0: {proc.stdout.decode(errors='replace')[-300:]}"
        req = urllib.request.Request(hook["url"], data=data, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "User-Agent": "huntaze-hooks"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the user's own URL)
            return "ok", f"HTTP {resp.status}"
    except subprocess.TimeoutExpired:
        return "failed", f"timed out after {timeout:g}s"
    except Exception as exc:  # any failure is recorded, never raised
        return "failed", f"{exc.__class__.__name__}: {exc}"[:300]
