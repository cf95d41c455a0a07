"""Errors over HTTP: the CLI's error envelope with the same codes, each code class mapped to one status."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timezone
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from huntaze_cli.errors import (
    ConfigError,
    Conflict,
    Forbidden,
    HuntazeError,
    InvalidInput,
    LedgerError,
    NotFound,
    ProviderFailure,
    QuotaExceeded,
    RateLimited,
    Unauthorized,
)

log = logging.getLogger("huntaze.serve")

# Most specific first: NotFound and Conflict are InvalidInput too.
STATUS: tuple[tuple[type[HuntazeError], int], ...] = (
    (NotFound, 404), (Conflict, 409), (InvalidInput, 400), (Unauthorized, 401), (Forbidden, 403),
    (QuotaExceeded, 429), (RateLimited, 429), (ProviderFailure, 503), (ConfigError, 503), (LedgerError, 503),
)
_HTTP_CODES = {400: "INVALID_INPUT", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
               405: "METHOD_NOT_ALLOWED", 409: "CONFLICT", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE"}


def status_of(error: HuntazeError) -> int:
    return next((status for kind, status in STATUS if isinstance(error, kind)), 500)


def retry_after(error: HuntazeError, now: datetime | None = None) -> int | None:
    """Seconds before a retry can succeed: the rate limit's next free slot, or the month's reset for the cap
    (a few seconds when only requests in flight hold the cap)."""
    meta = error.metadata
    if isinstance(error, RateLimited):
        return max(1, int(meta.get("retryAfterSeconds") or 1))
    if isinstance(error, QuotaExceeded):
        if meta.get("inFlight"):
            return 5
        resets = meta.get("resetsAt")
        if resets:
            from huntaze_cli.ledger.clock import from_iso

            wait = (from_iso(resets) - (now or datetime.now(timezone.utc))).total_seconds()
            return max(1, math.ceil(wait))
    return None


def envelope_response(error: HuntazeError, meta: dict[str, Any]) -> JSONResponse:
    from huntaze_cli.core.envelope import error_envelope

    status = status_of(error)
    headers = {}
    wait = retry_after(error) if status == 429 else None
    if wait is not None:
        headers["Retry-After"] = str(wait)
    return JSONResponse(error_envelope(error, meta), status_code=status, headers=headers)


def _meta(request: Request) -> dict[str, Any]:
    from huntaze_cli.core.envelope import request_meta

    state = request.state
    return request_meta(getattr(state, "request_id", "req_unknown"), 0, feature=getattr(state, "feature", None),
                        creator=getattr(state, "creator", None))


async def on_huntaze_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HuntazeError)
    return envelope_response(exc, _meta(request))


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for item in exc.errors()[:3]:
        where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "body"
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return envelope_response(InvalidInput("Invalid request: " + "; ".join(problems) + "."), _meta(request))


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 413:
        from huntaze_cli.serve.limits import MAX_BODY_BYTES, too_large_response

        return too_large_response(MAX_BODY_BYTES)
    code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
    message = {404: f"No endpoint {request.method} {request.url.path}; see /openapi.json.",
               405: f"{request.url.path} does not take {request.method}; see /openapi.json."}.get(
        exc.status_code, "The request could not be read; send a JSON object.")
    error = HuntazeError(message, code=code)
    body = {"success": False, "error": error.to_dict(), "meta": _meta(request)}
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))


def unexpected(exc: BaseException, request_id: str) -> HuntazeError:
    """An unexpected failure: its traceback goes to the server's log (masked), the client gets one sentence."""
    import traceback

    from huntaze_cli.config.dburl import mask_secrets

    log.error("%s", mask_secrets(f"request {request_id} failed:\n" + "".join(traceback.format_exception(exc))))
    return HuntazeError(f"Unexpected error ({exc.__class__.__name__}); the server's log has the details under "
                        f"{request_id}.")
