"""What a local OpenAI-compatible server says about itself: parallel slots and context size.

llama.cpp's server answers GET /props with `total_slots` and `default_generation_settings.n_ctx`. Other
servers (Ollama, vLLM, LM Studio) have no /props: then nothing is known, and callers use one slot and the
configured context size. Stdlib only, one short request, never raises.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

PROBE_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class ServerProps:
    total_slots: int | None = None
    n_ctx: int | None = None


def server_root(base_url: str) -> str:
    """http://host:port/v1 -> http://host:port (llama.cpp serves /props beside /v1, not under it)."""
    root = base_url.rstrip("/")
    return root[:-3] if root.endswith("/v1") else root


def probe(base_url: str, *, timeout_s: float = PROBE_TIMEOUT_S) -> ServerProps:
    try:
        with urllib.request.urlopen(server_root(base_url) + "/props", timeout=timeout_s) as answer:
            data = json.loads(answer.read(1_000_000))
    except (OSError, ValueError, urllib.error.URLError):
        return ServerProps()
    if not isinstance(data, dict):
        return ServerProps()
    settings = data.get("default_generation_settings")
    n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
    n_ctx = n_ctx if isinstance(n_ctx, int) else data.get("n_ctx")
    slots = data.get("total_slots")
    return ServerProps(total_slots=slots if isinstance(slots, int) and slots > 0 else None,
                       n_ctx=n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None)
