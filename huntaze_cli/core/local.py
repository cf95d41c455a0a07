"""Policies for a local model server, which is not a cloud API: one request per slot, a small context,
a remembered structured-output mode. The runner and the batch engine ask here; the ledger remembers.
"""

from __future__ import annotations

from typing import Any

from huntaze_cli.core.session import Session
from huntaze_cli.providers.base import ProviderError, ProviderResponse

LOCAL = "local"
# A local server runs one request per slot and keeps working on a request whose client gave up, so a short
# cloud-style timeout only abandons work and queues the next request behind it. Unless the user chose a
# timeout (HUNTAZE_TIMEOUT or timeout_s in config), a local call may take this long.
LOCAL_TIMEOUT_S = 300.0


def request_timeout(settings: Any, provider: str) -> float:
    from huntaze_cli.config_model import ConfigFile

    chosen = settings.env.get("HUNTAZE_TIMEOUT") or settings.file.timeout_s != ConfigFile().timeout_s
    if provider != LOCAL or chosen:
        return float(settings.timeout_s)
    return max(float(settings.timeout_s), LOCAL_TIMEOUT_S)


def remembered_mode(session: Session, psettings: Any) -> str | None:
    """The structured mode this local server accepted last time (None: try json_schema first)."""
    if psettings.name != LOCAL or not psettings.base_url:
        return None
    row = session.ledger.local_server(psettings.base_url)
    return row.get("structured_mode") if row else None


def remember_mode(session: Session, psettings: Any, asked: str | None, response: ProviderResponse) -> None:
    """Write down the mode the server answered in, when it differs from what was asked (one write, once)."""
    used = response.structured_mode
    if psettings.name != LOCAL or not psettings.base_url or used is None or used == asked:
        return
    if asked is None and used == "json_schema":
        return  # the default worked: nothing worth a write on every request
    session.ledger.remember_local_mode(psettings.base_url, used)


def queue_timeout(provider: str, exc: ProviderError) -> bool:
    """A timeout from a local server means its slots are busy: retrying only lengthens the queue, and it
    says nothing about the server's health, so it neither retries nor counts towards the breaker."""
    return provider == LOCAL and exc.kind == "timeout"


def server_props(session: Session, base_url: str) -> Any:
    """The server's slots and context (llama.cpp /props), remembered in the ledger for `providers check`.
    Probed at most once per process and URL."""
    from huntaze_cli.providers.local_server import probe

    if base_url not in _probed:
        props = probe(base_url)
        _probed[base_url] = props
        if props.total_slots or props.n_ctx:
            session.ledger.remember_local_props(base_url, total_slots=props.total_slots, n_ctx=props.n_ctx)
    return _probed[base_url]


_probed: dict[str, Any] = {}
