"""A total deadline per attempt, enforced under the SDKs: an httpx2 transport given to each SDK client.

Socket timeouts bound one read, not a call: a server trickling 4 bytes every 0.5 s never trips them. The
transport reads the calling thread's deadline (set by `attempt_deadline` around one SDK call), shortens
every socket timeout to what is left, and checks the clock on every body chunk, raising the httpx
timeout the SDKs already translate. Both SDKs call it on the calling thread, so a context variable is
enough even with one client shared by a batch's threads. httpx2 is imported only when a client is built.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx2

_deadline: ContextVar[float | None] = ContextVar("huntaze_attempt_deadline", default=None)


@contextmanager
def attempt_deadline(deadline: float | None) -> Iterator[None]:
    """Calls made inside must end by `deadline` (a time.monotonic() value; None: no deadline)."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining_s(deadline: float | None, default: float) -> float:
    """Seconds left before `deadline` (at least a millisecond), or `default` without one."""
    if deadline is None:
        return default
    return max(0.001, min(default, deadline - time.monotonic()))


def transport(**kwargs: Any) -> httpx2.HTTPTransport:
    """An httpx2.HTTPTransport that enforces the current attempt's deadline (kwargs go to the transport)."""
    import httpx2

    class _Body(httpx2.SyncByteStream):
        def __init__(self, inner: httpx2.SyncByteStream, deadline: float, request: httpx2.Request) -> None:
            self._inner, self._deadline, self._request = inner, deadline, request

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self._inner:
                if time.monotonic() > self._deadline:
                    raise httpx2.ReadTimeout("the attempt's total deadline passed", request=self._request)
                yield chunk

        def close(self) -> None:
            self._inner.close()

    class DeadlineTransport(httpx2.HTTPTransport):
        def handle_request(self, request: httpx2.Request) -> httpx2.Response:
            deadline = _deadline.get()
            if deadline is None:
                return super().handle_request(request)
            left = deadline - time.monotonic()
            if left <= 0:
                raise httpx2.ConnectTimeout("the attempt's total deadline passed", request=request)
            timeouts = dict(request.extensions.get("timeout") or {})
            request.extensions["timeout"] = {
                name: min(timeouts[name], left) if timeouts.get(name) is not None else left
                for name in ("connect", "read", "write", "pool")}
            response = super().handle_request(request)
            response.stream = _Body(response.stream, deadline, request)
            return response

    return DeadlineTransport(**kwargs)
