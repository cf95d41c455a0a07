"""Request bodies bounded before they are read: a declared Content-Length over the limit is refused at once,
and a chunked body is counted as it arrives and refused at the first byte past the limit, so no request
ever makes the server hold more than the limit in memory."""

from __future__ import annotations

from typing import Any

MAX_BODY_BYTES = 1024 * 1024  # 1 MiB: a metrics export of a few thousand posts; prompts are 10,000 characters

Scope = dict[str, Any]


def _too_large() -> Exception:
    # An HTTPException: FastAPI turns any other error raised while it reads the body into a 400.
    from starlette.exceptions import HTTPException

    return HTTPException(413, "too large")


class BodyLimit:
    """Pure ASGI middleware (no buffering of its own): wraps `receive` and counts."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0

        async def counted_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _too_large()
            return message

        await self.app(scope, counted_receive, send)

    async def _refuse(self, scope: Scope, send: Any) -> None:
        response = too_large_response(self.max_bytes)
        await response(scope, _no_body, send)


async def _no_body() -> Any:
    return {"type": "http.disconnect"}


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def too_large_response(max_bytes: int) -> Any:  # -> JSONResponse
    from fastapi.responses import JSONResponse

    from huntaze_cli.core.envelope import request_meta
    from huntaze_cli.errors import HuntazeError

    error = HuntazeError(f"The request body is over the {max_bytes:,}-byte limit; send less (metrics as rows, "
                         "not a whole export), or split it.", code="PAYLOAD_TOO_LARGE")
    body = {"success": False, "error": error.to_dict(), "meta": request_meta("req_refused", 0)}
    return JSONResponse(body, status_code=413, headers={"Connection": "close"})
