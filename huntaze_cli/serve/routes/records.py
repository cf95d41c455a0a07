"""What the ledger holds for one creator: quota, quick replies, fans and segments, experiments, the stored
analysis. Reading never creates the `default` creator, as on the command line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from huntaze_cli.core import views
from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.io import limits
from huntaze_cli.serve import schemas as api
from huntaze_cli.serve.handling import Outcome, begin, failure, respond

router = APIRouter(tags=["records"])
CreatorQuery = Query(None, description="The creator (a creator token's own by default).")


def _found(session: Any, name: str | None) -> Any:
    return session.find_creator(name)


@router.get("/api/ai/quota", summary="Requests this hour and spend this month against the plan",
            responses=api.responses())
def quota(request: Request, creator: str | None = CreatorQuery) -> JSONResponse:
    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        c = session.creator(name)
        return Outcome(views.quota_status(session.ledger.quota_status(c.name)), creator=c.name)

    return respond(request, feature="quota", scope="read", creator=creator, work=work)


@router.get("/api/analytics/ai/summary", summary="The creator's latest stored analysis (no AI call)",
            responses=api.responses())
def summary(request: Request, creator: str | None = CreatorQuery) -> JSONResponse:
    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        c = _found(session, name)
        stored = session.ledger.latest_summary(c.id) if c is not None else None
        if c is None or stored is None:
            raise NotFound(f"No analysis stored for '{session.creator_name(name)}' yet; POST metrics to "
                           "/api/ai/analyze-performance first.")
        knowledge = session.ledger.current_insights(c.id, limit=10)
        return Outcome({**stored["summary"], "createdAt": stored["created_at"],
                        "knowledge": [{"text": k["text"], "kind": k["kind"], "weight": k["weight"],
                                       "sourceAgent": k["source_agent"]} for k in knowledge]}, creator=c.name)

    return respond(request, feature="insights", scope="read", creator=creator, work=work)


# ---- quick replies ----------------------------------------------------------------------------------------
_REPLY_BODY = {"name": {"type": "string"}, "text": {"type": "string"},
               "tags": {"type": "array", "items": {"type": "string"}}, "creator": {"type": "string"}}


def _reply(session: Any, creator_id: int | None, name: str) -> dict[str, Any]:
    reply = session.ledger.get_reply(creator_id, name) if creator_id is not None else None
    if reply is None:
        raise NotFound(f"No quick reply named '{name}'.")
    return reply


@router.get("/api/ai/quick-replies", summary="The creator's quick replies", responses=api.responses())
def list_replies(request: Request, creator: str | None = CreatorQuery) -> JSONResponse:
    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        c = _found(session, name)
        replies = [views.quick_reply(r) for r in session.ledger.list_replies(c.id)] if c is not None else []
        return Outcome(replies, creator=session.creator_name(name))

    return respond(request, feature="replies", scope="read", creator=creator, work=work)


def _check_tags_and_template(text: str, tags: Any) -> None:
    """A quick reply's tags and its template, checked before it is stored."""
    from huntaze_cli.io.templates import placeholders

    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidInput("`tags` must be a list of strings.")
    placeholders(text)


@router.post("/api/ai/quick-replies", summary="Save a quick reply (409 when the name is taken)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "type": "object", "required": ["name", "text"], "properties": _REPLY_BODY}}}}},
             responses=api.responses(), status_code=201)
def add_reply(request: Request, payload: dict[str, Any] = Body(...)) -> JSONResponse:
    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        unknown = sorted(set(payload) - set(_REPLY_BODY))
        if unknown:
            raise InvalidInput(f"Unknown field(s) {', '.join(unknown)}; a quick reply has name, text and tags.")
        reply_name, text, tags = payload.get("name"), payload.get("text"), payload.get("tags") or []
        if not isinstance(reply_name, str) or not isinstance(text, str) or not reply_name.strip() \
                or not text.strip():
            raise InvalidInput("A quick reply needs a name and a text.")
        _check_tags_and_template(text, tags)
        c = session.creator(name)
        session.ledger.add_reply(c.id, reply_name.strip(), text, tags)
        return Outcome(views.quick_reply(_reply(session, c.id, reply_name.strip())), creator=c.name, status=201)

    creator = payload.get("creator") if isinstance(payload.get("creator"), str) else None
    return respond(request, feature="replies", scope="draft", creator=creator, work=work)


@router.get("/api/ai/quick-replies/{name}", summary="One quick reply", responses=api.responses())
def get_reply(request: Request, name: str, creator: str | None = CreatorQuery) -> JSONResponse:
    def work(session: Any, caller: Any, who: str | None) -> Outcome:
        c = _found(session, who)
        return Outcome(views.quick_reply(_reply(session, c.id if c else None, name)), creator=session.creator_name(who))

    return respond(request, feature="replies", scope="read", creator=creator, work=work)


@router.put("/api/ai/quick-replies/{name}", summary="Replace a quick reply's text and tags",
            openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["text"], "properties": {
                    k: v for k, v in _REPLY_BODY.items() if k != "name"}}}}}},
            responses=api.responses())
def update_reply(request: Request, name: str, payload: dict[str, Any] = Body(...)) -> JSONResponse:
    def work(session: Any, caller: Any, who: str | None) -> Outcome:
        unknown = sorted(set(payload) - (set(_REPLY_BODY) - {"name"}))
        if unknown:
            raise InvalidInput(f"Unknown field(s) {', '.join(unknown)}; a quick reply's text and tags can change.")
        text, tags = payload.get("text"), payload.get("tags") or []
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput("A quick reply needs a text.")
        _check_tags_and_template(text, tags)
        c = _found(session, who)
        _reply(session, c.id if c else None, name)
        session.ledger.update_reply(c.id, name, text, tags)
        return Outcome(views.quick_reply(_reply(session, c.id, name)), creator=c.name)

    creator = payload.get("creator") if isinstance(payload.get("creator"), str) else None
    return respond(request, feature="replies", scope="draft", creator=creator, work=work)


@router.delete("/api/ai/quick-replies/{name}", summary="Delete a quick reply", responses=api.responses())
def delete_reply(request: Request, name: str, creator: str | None = CreatorQuery) -> JSONResponse:
    def work(session: Any, caller: Any, who: str | None) -> Outcome:
        c = _found(session, who)
        _reply(session, c.id if c else None, name)
        session.ledger.delete_reply(c.id, name)
        return Outcome({"name": name, "deleted": True}, creator=c.name)

    return respond(request, feature="replies", scope="draft", creator=creator, work=work)


# ---- fans, segments, experiments ------------------------------------------------------------------------
@router.get("/api/fans", summary="The creator's fans, biggest spenders first", responses=api.responses())
def list_fans(request: Request, creator: str | None = CreatorQuery,
              limit: int = Query(100, ge=1, le=10_000)) -> JSONResponse:
    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        c = _found(session, name)
        fans = session.ledger.list_fans(c.id, limit=limit) if c is not None else []
        return Outcome([views.fan(f) for f in fans], creator=session.creator_name(name))

    return respond(request, feature="fans", scope="read", creator=creator, work=work)


@router.get("/api/fans/segments", summary="Fans grouped into whales, regulars, new, lapsed, never-bought",
            responses=api.responses())
def segments(request: Request, creator: str | None = CreatorQuery, members: bool = False) -> JSONResponse:
    from huntaze_cli.agents.revenue.figures import segment_summaries
    from huntaze_cli.agents.revenue.segments import SEGMENTS, SegmentSummary

    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        c = _found(session, name)
        found = segment_summaries(session.ledger, c.id, None, members=members) if c is not None else \
            [SegmentSummary(n) for n in SEGMENTS]
        return Outcome([views.segment(seg, members) for seg in found], creator=session.creator_name(name))

    return respond(request, feature="fans", scope="read", creator=creator, work=work)


@router.get("/api/fans/{fan_id}", summary="One fan", responses=api.responses())
def get_fan(request: Request, fan_id: str, creator: str | None = CreatorQuery) -> JSONResponse:
    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        c = _found(session, name)
        from huntaze_cli.agents.revenue.figures import fan_card

        fan = session.ledger.get_fan(c.id, fan_id) if c is not None else None
        if fan is None:
            raise NotFound(f"Fan '{fan_id}' is not among {session.creator_name(name)}'s fans.")
        data = {**views.fan(fan), **views.fan_card(fan_card(session.ledger, c.id, fan["fan_id"], None))}
        # The export's total knows sales from before the imported history (as `fans show`).
        data["lifetimeSpendUsd"] = max(data["lifetimeSpendUsd"], fan.get("total_spent_usd") or 0.0)
        return Outcome(data, creator=c.name)

    return respond(request, feature="fans", scope="read", creator=creator, work=work)


@router.post("/api/mass-message/drafts", summary="One draft per fan segment, priced (never sent)",
             openapi_extra=api.body(None, {"content": {"type": "string", "maxLength": 2000},
                                           "segments": {"type": "array", "items": {"type": "string"}},
                                           "priceUsd": {"type": "number"}, "lang": {"type": "string"}}),
             responses=api.responses(data={"type": "object", "properties": {
                 "drafts": {"type": "array"}, "sent": {"const": False}}}))
def mass_message_drafts(request: Request, payload: dict[str, Any] = Body(...)) -> JSONResponse:
    from huntaze_cli.core.mass import MAX_CONTENT_CHARS, draft, draft_json
    from huntaze_cli.core.mass import segments as segment_names
    from huntaze_cli.serve.handling import begin, failure, split_route

    begin(request, "mass-message")
    try:
        creator, route, fields = split_route(payload)
        unknown = sorted(set(fields) - {"content", "segments", "priceUsd", "lang"})
        if unknown:
            raise InvalidInput(f"Unknown field(s) {', '.join(unknown)}; see /openapi.json.")
        text, price, lang = fields.get("content"), fields.get("priceUsd"), fields.get("lang")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput("`content` is empty; say what the message offers, e.g. \"new beach set\".")
        if len(text.strip()) > MAX_CONTENT_CHARS:
            raise InvalidInput(f"`content` is {len(text.strip()):,} characters; the limit is {MAX_CONTENT_CHARS:,}.")
        if price is not None and (isinstance(price, bool) or not isinstance(price, int | float)
                                  or not 0.01 <= price <= 10_000):
            raise InvalidInput("`priceUsd` must be a price from 0.01 to 10,000.")
        if lang is not None and not isinstance(lang, str):
            raise InvalidInput("`lang` must be a language code such as en.")
        wanted_raw = fields.get("segments")
        if wanted_raw is not None and (not isinstance(wanted_raw, list)
                                       or not all(isinstance(x, str) for x in wanted_raw)):
            raise InvalidInput("`segments` must be a list of segment names.")
        wanted = segment_names(wanted_raw)
    except InvalidInput as exc:
        return failure(request, exc)

    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        drafts, result, who, _voice = draft(session, text.strip(), wanted=wanted, price=price, lang=lang, now=None,
                                            creator=name, route={"provider": route.get("provider"),
                                                                 "model": route.get("model"),
                                                                 "no_cache": bool(route.get("no_cache", False))})
        return Outcome({"drafts": [draft_json(d) for d in drafts], "sent": False}, creator=who, result=result)

    return respond(request, feature="mass-message", scope="draft", creator=creator, work=work)


@router.get("/api/experiments", summary="The creator's A/B tests of sales messages", responses=api.responses())
def list_experiments(request: Request, creator: str | None = CreatorQuery) -> JSONResponse:
    def work(session: Any, caller: Any, name: str | None) -> Outcome:
        c = _found(session, name)
        rows = [views.experiment(r) for r in (session.ledger.list_experiments(c.id) if c is not None else [])]
        return Outcome(rows, creator=session.creator_name(name))

    return respond(request, feature="experiments", scope="read", creator=creator, work=work)


class VariantIn(BaseModel):
    """One variant of `huntaze experiments new NAME --variant LABEL="text"`."""

    model_config = ConfigDict(extra="forbid")
    label: str = Field(description="1 to 20 letters, digits, - or _, e.g. A.")
    text: str = Field(description="The message this variant sends.")


class ExperimentIn(BaseModel):
    """`huntaze experiments new NAME --variant ... --variant ...` (checked as on the command line)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="1 to 80 characters, e.g. beach-set-nov.")
    variants: list[VariantIn] = Field(description="2 to 10 variants, labels unique.")


def _bounds(limit: limits.Range) -> dict[str, Any]:
    # Documented from io/limits.py; the check itself is Range.check, for the command line's sentence.
    return {"minimum": limit.low, "maximum": limit.high}


class ResultIn(BaseModel):
    """`huntaze experiments record NAME --variant A --sent N --bought K --revenue USD` (results add up)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    label: str = Field(description="The variant's label.")
    sent: int = Field(strict=True, json_schema_extra=_bounds(limits.SENT), description="Messages sent.")
    bought: int = Field(strict=True, json_schema_extra=_bounds(limits.BOUGHT), description="Purchases from them.")
    revenue_usd: float = Field(0.0, strict=True, alias="revenueUsd", json_schema_extra=_bounds(limits.REVENUE_USD),
                               description="Revenue from them, USD.")


_VARIANT_REPORT = {"type": "object", "properties": {
    "label": {"type": "string"}, "text": {"type": "string"}, "sent": {"type": "integer"},
    "bought": {"type": "integer"}, "revenueUsd": {"type": "number"}, "conversionRate": {"type": ["number", "null"]},
    "conversionInterval95": {"type": ["array", "null"], "items": {"type": "number"}},
    "revenuePerMessageUsd": {"type": ["number", "null"]}, "probabilityBest": {"type": "number"},
    "sendsToMinimum": {"type": "integer"}}}
_REPORT = {"type": "object", "properties": {
    "name": {"type": "string"}, "createdAt": {"type": "string"},
    "variants": {"type": "array", "items": _VARIANT_REPORT},
    "winner": {"type": ["string", "null"]}, "winnerThreshold": {"type": "number"},
    "minSendsPerVariant": {"type": "integer"}, "sendsNeededPerVariant": {"type": ["integer", "null"]},
    "verdict": {"type": "string"}}}
_CREATED = {"type": "object", "properties": {
    "name": {"type": "string"}, "variants": {"type": "array", "items": {"type": "object", "properties": {
        "label": {"type": "string"}, "text": {"type": "string"}}}}, "generatedBy": {"type": ["string", "null"]}}}
_RECORDED = {"type": "object", "properties": {
    "name": {"type": "string"}, "recorded": {"type": "integer"}, "results": {"type": "array", "items": {
        "type": "object", "properties": {"variant": {"type": "string"}, "sent": {"type": "integer"},
                                         "bought": {"type": "integer"}, "revenueUsd": {"type": "number"}}}}}}
_CREATOR_FIELD = {"creator": api.ROUTE_FIELDS["creator"]}


def _fields(payload: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """(creator, the rest) of a records body."""
    fields = dict(payload)
    creator = fields.pop("creator", None)
    if creator is not None and not isinstance(creator, str):
        raise InvalidInput("`creator` must be a string.")
    return creator, fields


def _respond_to_body(request: Request, payload: dict[str, Any],
                     work: Callable[[Any, dict[str, Any], str | None], Outcome]) -> JSONResponse:
    """An experiments write: the body's creator picks the caller's scope check, `work` gets the rest."""
    begin(request, "experiments")  # a refused body is reported with this request's id
    try:
        creator, fields = _fields(payload)
    except InvalidInput as exc:
        return failure(request, exc)
    return respond(request, feature="experiments", scope="draft", creator=creator,
                   work=lambda session, _caller, name: work(session, fields, name))


@router.post("/api/experiments", summary="Create an A/B test of sales messages (409 when the name is taken)",
             openapi_extra=api.body(ExperimentIn, _CREATOR_FIELD, route=False),
             responses=api.responses(data=_CREATED), status_code=201)
def create_experiment(request: Request, payload: dict[str, Any] = Body(...)) -> JSONResponse:
    from huntaze_cli.agents.requests import validate_input
    from huntaze_cli.agents.revenue.experiments import check_name, check_variants
    from huntaze_cli.core import experiments

    def work(session: Any, fields: dict[str, Any], name: str | None) -> Outcome:
        spec = validate_input(ExperimentIn, fields)
        variants = check_variants([(v.label, v.text) for v in spec.variants])
        who, data = experiments.create(session, name, check_name(spec.name), variants)
        return Outcome(data, creator=who, status=201)

    return _respond_to_body(request, payload, work)


@router.get("/api/experiments/{name}", summary="One experiment's report: conversion with its 95% interval, revenue "
            "per message, the probability each variant is best, the verdict", responses=api.responses(data=_REPORT))
def experiment_report(request: Request, name: str, creator: str | None = CreatorQuery) -> JSONResponse:
    from huntaze_cli.core import experiments

    def work(session: Any, caller: Any, who: str | None) -> Outcome:
        found, data = experiments.report(session, who, name.strip())
        return Outcome(data, creator=found)

    return respond(request, feature="experiments", scope="read", creator=creator, work=work)


@router.post("/api/experiments/{name}/results", summary="Record one variant's results (they add up)",
             openapi_extra=api.body(ResultIn, _CREATOR_FIELD, route=False, by_alias=True),
             responses=api.responses(data=_RECORDED))
def record_results(request: Request, name: str, payload: dict[str, Any] = Body(...)) -> JSONResponse:
    from huntaze_cli.agents.requests import validate_input
    from huntaze_cli.agents.revenue.experiments import check_result
    from huntaze_cli.core import experiments

    def work(session: Any, fields: dict[str, Any], who: str | None) -> Outcome:
        r = validate_input(ResultIn, fields)
        found, data = experiments.record(session, who, name.strip(),
                                         [check_result(r.label, r.sent, r.bought, r.revenue_usd)])
        return Outcome(data, creator=found)

    return _respond_to_body(request, payload, work)
