"""The seed's `{success, data|error, meta}` envelope: what `--json` prints and what `huntaze serve` answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from huntaze_cli.utc import iso_z

if TYPE_CHECKING:
    from huntaze_cli.core.runner import AIResult
    from huntaze_cli.errors import HuntazeError


def request_meta(request_id: str, duration_ms: int, *, feature: str | None = None, creator: str | None = None,
                 result: AIResult | None = None, **extra: Any) -> dict[str, Any]:
    """The envelope's meta for one request (a command, one batch item, one HTTP request)."""
    m: dict[str, Any] = {
        "timestamp": iso_z(timespec="milliseconds"),
        "requestId": request_id,
        "duration": duration_ms,
        "creator": creator,
        "feature": feature,
        "provider": None,
        "model": None,
        "usage": {"inputTokens": 0, "outputTokens": 0},
        "costUsd": 0.0,
        "cached": False,
    }
    if result is not None:
        m.update(result.meta())
    m.update(extra)
    return m


def success_envelope(data: Any, meta_: dict[str, Any]) -> dict[str, Any]:
    return {"success": True, "data": data, "meta": meta_}


def error_envelope(error: HuntazeError, meta_: dict[str, Any]) -> dict[str, Any]:
    from huntaze_cli.config.dburl import mask_secrets

    body = error.to_dict()
    body = {k: mask_secrets(v) if isinstance(v, str) else v for k, v in body.items()}
    return {"success": False, "error": body, "meta": meta_}
