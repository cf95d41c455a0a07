"""The AI endpoints: chat (JSON or server-sent events), suggestions, captions, analysis, sales, ideas, test."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from huntaze_cli.agents import schemas
from huntaze_cli.core.envelope import request_meta, success_envelope
from huntaze_cli.errors import InvalidInput
from huntaze_cli.io.limits import MAX_PROMPT_CHARS
from huntaze_cli.serve import schemas as api
from huntaze_cli.serve.handling import (
    Outcome,
    begin,
    caller_for,
    elapsed_ms,
    failure,
    hub_of,
    respond,
    route_options,
    split_route,
)

router = APIRouter(tags=["ai"])
_FAN = {"fanId": {"type": "string", "description": "A fan from `huntaze fans import`."}}
_FAN_ALIASES = {"fanId": "fan", "fan_id": "fan"}
Payload = dict[str, Any]


def _fan_fields(fields: Payload) -> Payload:
    return {_FAN_ALIASES.get(k, k): v for k, v in fields.items()}


def _answer_work(feature: str, fields: Payload, route: Payload, on_text: Any = None) -> Any:
    from huntaze_cli.core.answer import answer

    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        answered = answer(session, feature, fields, route_options(name, route), on_text=on_text)
        return Outcome(answered.data(), creator=answered.answer.creator, result=answered.answer.result,
                       meta=answered.meta())

    return work


def _feature(request: Request, feature: str, payload: Payload, fan: bool = True) -> JSONResponse:
    begin(request, feature)
    try:
        creator, route, fields = split_route(payload)
    except InvalidInput as exc:
        return failure(request, exc)
    fields = _fan_fields(fields) if fan else fields
    return respond(request, feature=feature, scope="draft", creator=creator,
                   work=_answer_work(feature, fields, route))


@router.post("/api/ai/chat", summary="Reply to a fan (stream: true for server-sent events)",
             openapi_extra=api.body(schemas.ChatInput, {**_FAN, "stream": {"type": "boolean", "default": False}},
                                    drop=("fan",)),
             responses=api.responses(schemas.ChatOutput))
async def chat(request: Request, payload: Payload = Body(...)) -> Response:
    stream = payload.pop("stream", False)
    if not isinstance(stream, bool):
        begin(request, "chat")
        return failure(request, InvalidInput("`stream` must be true or false."))
    if not stream:
        return await run_in_threadpool(_feature, request, "chat", payload)
    return await _stream_chat(request, payload)


async def _stream_chat(request: Request, payload: Payload) -> Response:
    """The reply as it is written: `delta` events ({"text": ...}), then one `done` event with the envelope (or
    one `error` event with the error envelope). Refusals before the first word are plain HTTP errors."""
    request_id = begin(request, "chat")
    try:
        creator, route, fields = split_route(payload)
        _, name = await run_in_threadpool(caller_for, request, "draft", creator)
    except Exception as exc:  # auth, scope, creator or a refused field: the HTTP status says it
        return failure(request, exc)
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    def put(kind: str, value: Any) -> None:
        # The server may be shutting down (its loop closed) while a request finishes: nobody to tell.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(queue.put_nowait, (kind, value))

    def produce() -> None:
        from huntaze_cli.core.answer import answer

        try:
            # A thread of its own for the whole request (one ledger connection, opened and closed here).
            with hub_of(request).session(request_id, own_ledger=True) as session:
                session.feature = "chat"
                answered = answer(session, "chat", _fan_fields(fields), route_options(name, route),
                                  on_text=lambda text: put("delta", text))
            meta = request_meta(request_id, elapsed_ms(request), feature="chat", creator=answered.answer.creator,
                                result=answered.answer.result, **answered.meta())
            put("done", success_envelope(answered.data(), meta))
        except BaseException as exc:  # noqa: BLE001  (reported to the client as an error event or status)
            put("error", failure(request, exc))

    threading.Thread(target=produce, name=f"huntaze-sse-{request_id}", daemon=True).start()
    first = await queue.get()
    if first[0] == "error":
        response: JSONResponse = first[1]
        return response

    async def events() -> AsyncIterator[bytes]:
        item = first
        while True:
            kind, value = item
            if kind == "delta":
                yield _event("delta", {"text": value})
            elif kind == "done":
                yield _event("done", value)
                return
            else:
                yield _event("error", json.loads(value.body))
                return
            item = await queue.get()

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _event(name: str, data: Any) -> bytes:
    from huntaze_cli.io.jsonio import dumps

    return f"event: {name}\ndata: {dumps(data)}\n\n".encode()


@router.post("/api/ai/suggestions", summary="N alternative replies to a fan",
             openapi_extra=api.body(schemas.SuggestInput, _FAN, drop=("fan",)),
             responses=api.responses(schemas.SuggestOutput))
def suggestions(request: Request, payload: Payload = Body(...)) -> JSONResponse:
    return _feature(request, "suggest", payload)


@router.post("/api/onlyfans/ai/suggestions", summary="N alternative replies to a fan (OnlyFans by default)",
             openapi_extra=api.body(schemas.SuggestInput, _FAN, drop=("fan",)),
             responses=api.responses(schemas.SuggestOutput))
def onlyfans_suggestions(request: Request, payload: Payload = Body(...)) -> JSONResponse:
    return _feature(request, "suggest", {"platform": "onlyfans", **payload})


@router.post("/api/ai/generate-caption", summary="A caption with hashtags, within the platform's rules",
             openapi_extra=api.body(schemas.CaptionInput, drop=("image_path",)),
             responses=api.responses(schemas.CaptionOutput))
def generate_caption(request: Request, payload: Payload = Body(...)) -> JSONResponse:
    if isinstance(payload.get("insights"), str):
        begin(request, "caption")
        return failure(request, InvalidInput("`insights` names a metrics file on the server, which the HTTP API "
                                             "never reads; send the metrics object itself."))
    return _feature(request, "caption", payload, fan=False)


@router.post("/api/ai/optimize-sales", summary="An optimized sales message, price and expected conversion",
             openapi_extra=api.body(schemas.SaleInput, _FAN, drop=("fan",)),
             responses=api.responses(schemas.SaleOutput))
def optimize_sales(request: Request, payload: Payload = Body(...)) -> JSONResponse:
    return _feature(request, "optimize-sale", payload)


@router.post("/api/ai/analyze-performance", summary="Insights, recommendations, patterns and predictions",
             openapi_extra=api.body(schemas.AnalyzeInput, drop=("source", "aggregate")),
             responses=api.responses(schemas.AnalyzeOutput))
def analyze_performance(request: Request, payload: Payload = Body(...)) -> JSONResponse:
    from huntaze_cli.agents.analytics.metrics import parse_metrics
    from huntaze_cli.core.answer import analyze, check_analyze_route

    begin(request, "analyze")
    try:
        creator, route, fields = split_route(payload)
    except InvalidInput as exc:
        return failure(request, exc)

    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        opts = route_options(name, route)
        check_analyze_route(session, opts)
        # The rows themselves (a JSON array of posts, or the seed's aggregate object), parsed as a file would be.
        rows = fields["posts"] if set(fields) == {"posts"} else fields
        data = parse_metrics(json.dumps(rows), "the request body (JSON)")
        answered = analyze(session, data, opts)
        return Outcome(answered.data(), creator=answered.creator, result=answered.result, meta=answered.meta())

    return respond(request, feature="analyze", scope="draft", creator=creator, work=work)


@router.post("/api/content/ai/suggestions", summary="Content ideas from the creator's history",
             openapi_extra=api.body(schemas.IdeasInput, drop=("history", "past_topics")),
             responses=api.responses(schemas.IdeasOutput))
def content_ideas(request: Request, payload: Payload = Body(...)) -> JSONResponse:
    from huntaze_cli.core.answer import ideas

    begin(request, "ideas")
    try:
        creator, route, fields = split_route(payload)
        unknown = sorted(set(fields) - {"count", "platform", "topics", "lang"})
        if unknown:
            raise InvalidInput(f"Unknown field(s) {', '.join(unknown)}; see /openapi.json.")
    except InvalidInput as exc:
        return failure(request, exc)

    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        answered, grounded = ideas(session, count=fields.get("count", 5), platform=fields.get("platform"),
                                   topics=fields.get("topics") or [], lang=fields.get("lang", "en"),
                                   opts=route_options(name, route))
        return Outcome(answered.data(), creator=answered.creator, result=answered.result,
                       meta={**answered.meta(), "grounded": grounded})

    return respond(request, feature="ideas", scope="draft", creator=creator, work=work)


class TestPrompt(BaseModel):
    """`huntaze test-prompt`'s bounds."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS)
    temperature: float = Field(default=0.7, ge=0.0, le=2.0, allow_inf_nan=False)
    max_output_tokens: int = Field(default=512, ge=1, le=8192, alias="maxOutputTokens")


@router.post("/api/ai/test", summary="A raw prompt to a model: text, usage and cost",
             openapi_extra=api.body(TestPrompt), responses=api.responses(data={
                 "type": "object", "properties": {"text": {"type": "string"}}}))
def test(request: Request, payload: Payload = Body(...)) -> JSONResponse:
    from huntaze_cli.agents.requests import validate_input
    from huntaze_cli.core.answer import test_prompt

    begin(request, "test-prompt")
    try:
        creator, route, fields = split_route(payload)
        call = validate_input(TestPrompt, fields)
        if not call.prompt.strip():
            raise InvalidInput("The prompt is empty; give some text.")
    except InvalidInput as exc:
        return failure(request, exc)

    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        result = test_prompt(session, call.prompt.strip(), temperature=call.temperature,
                             max_output_tokens=call.max_output_tokens, opts=route_options(name, route))
        return Outcome({"text": result.text}, creator=session.creator_label, result=result)

    return respond(request, feature="test-prompt", scope="draft", creator=creator, work=work)
