"""One HTTP request, start to end: a request id, the caller and its scope, the creator it may act for, a Session
of its own, the work (a core call), and the envelope, whatever happened (never a traceback to the client)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import JSONResponse

from huntaze_cli.core.envelope import request_meta, success_envelope
from huntaze_cli.errors import HuntazeError, InvalidInput
from huntaze_cli.serve.auth import Caller, authenticate
from huntaze_cli.serve.errors import envelope_response, unexpected
from huntaze_cli.serve.hub import Hub, new_request_id

if TYPE_CHECKING:
    from huntaze_cli.core.coordinator import RouteOptions
    from huntaze_cli.core.runner import AIResult
    from huntaze_cli.core.session import Session

# Route fields every AI endpoint takes besides its feature's own fields.
_ROUTE = {"creator": "creator", "provider": "provider", "model": "model", "noCache": "no_cache",
          "no_cache": "no_cache"}
# Fields that name something on the server's disk or network: the CLI reads them, the server never does.
_REFUSED = {"image": "an image file", "imagePath": "an image file", "image_path": "an image file",
            "baseUrl": "a model server URL", "base_url": "a model server URL",
            "voiceNote": "a voice-note file", "voice_note": "a voice-note file"}


@dataclass
class Outcome:
    data: Any
    creator: str | None = None
    result: AIResult | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: int = 200


Work = Callable[["Session", Caller, "str | None"], Outcome]


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def begin(request: Request, feature: str) -> str:
    request_id = new_request_id()
    request.state.request_id = request_id
    request.state.feature = feature
    request.state.started = time.perf_counter()
    return request_id


def elapsed_ms(request: Request) -> int:
    return int((time.perf_counter() - request.state.started) * 1000)


def caller_for(request: Request, scope: str, creator: str | None) -> tuple[Caller, str | None]:
    caller = authenticate(hub_of(request), request.headers.get("authorization"))
    caller.require(scope)
    name = caller.creator_for(creator)
    request.state.creator = name
    return caller, name


def failure(request: Request, exc: BaseException) -> JSONResponse:
    error = exc if isinstance(exc, HuntazeError) else unexpected(exc, request.state.request_id)
    meta = request_meta(request.state.request_id, elapsed_ms(request), feature=request.state.feature,
                        creator=getattr(request.state, "creator", None))
    return envelope_response(error, meta)


def respond(request: Request, *, feature: str, scope: str, creator: str | None, work: Work) -> JSONResponse:
    request_id = begin(request, feature)
    try:
        caller, name = caller_for(request, scope, creator)
        with hub_of(request).session(request_id) as session:
            session.feature = feature
            session.creator_label = name
            outcome = work(session, caller, name)
        meta = request_meta(request_id, elapsed_ms(request), feature=feature, creator=outcome.creator or name,
                            result=outcome.result, **outcome.meta)
        return JSONResponse(success_envelope(outcome.data, meta), status_code=outcome.status)
    except Exception as exc:  # every failure becomes an envelope; unexpected ones are logged, masked
        return failure(request, exc)


def split_route(body: dict[str, Any]) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
    """(creator, route options, the feature's own fields) of an AI request body; server-side files refused."""
    for key, what in _REFUSED.items():
        if key in body:
            raise InvalidInput(f"`{key}` names {what} on the server, which the HTTP API never reads; send the "
                               "content itself (text, metrics rows), or use the command line on that machine.")
    route: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for key, value in body.items():
        if key in _ROUTE:
            route[_ROUTE[key]] = value
        else:
            fields[key] = value
    for key in ("creator", "provider", "model"):
        if route.get(key) is not None and not isinstance(route[key], str):
            raise InvalidInput(f"`{key}` must be a string.")
    if not isinstance(route.get("no_cache", False), bool):
        raise InvalidInput("`noCache` must be true or false.")
    return route.pop("creator", None), route, fields


def route_options(name: str | None, route: dict[str, Any]) -> RouteOptions:
    from huntaze_cli.core.coordinator import RouteOptions

    return RouteOptions(creator=name, provider=route.get("provider"), model=route.get("model"),
                        no_cache=bool(route.get("no_cache", False)))
