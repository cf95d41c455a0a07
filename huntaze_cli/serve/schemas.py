"""The OpenAPI schema of each endpoint, from the models the command line validates with (agents/schemas.py):
a request body is the feature's input model plus the route fields; a response is the envelope around the
feature's output model. Nothing here validates: the core does, as on the command line."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

ROUTE_FIELDS: dict[str, Any] = {
    "creator": {"type": "string", "description": "The creator (a creator token's own, or any for an admin token)."},
    "provider": {"type": "string", "description": "Use only this provider: openai, azure, gemini, local or rules."},
    "model": {"type": "string"},
    "noCache": {"type": "boolean", "default": False},
}
_ERROR = {"type": "object", "properties": {"success": {"const": False}, "error": {
    "type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                     "retryable": {"type": "boolean"}, "metadata": {"type": "object"}}},
    "meta": {"type": "object"}}}
_STATUSES = {"400": "bad input", "401": "no or unknown token", "403": "scope or creator not covered",
             "404": "not found", "409": "already exists", "413": "body over 1 MiB",
             "429": "hourly limit or monthly cap (Retry-After)", "503": "every provider failed"}


def _schema(model: type[BaseModel], by_alias: bool) -> dict[str, Any]:
    return model.model_json_schema(by_alias=by_alias, ref_template="#/components/schemas/{model}")


def body(model: type[BaseModel] | None, extra: dict[str, Any] | None = None, *, route: bool = True,
         drop: tuple[str, ...] = (), by_alias: bool = False) -> dict[str, Any]:
    """openapi_extra for a JSON request body: the model's fields (minus `drop`; by their JSON names with
    `by_alias`), `extra`, and the route fields."""
    schema: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    if model is not None:
        source = _schema(model, by_alias=by_alias)
        schema["properties"].update({k: _inline(v, source) for k, v in source.get("properties", {}).items()
                                     if k not in drop})
        schema["required"] = [k for k in source.get("required", []) if k not in drop]
    schema["properties"].update(extra or {})
    if route:
        schema["properties"].update(ROUTE_FIELDS)
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _inline(value: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """Pydantic's local $defs become inline objects (each endpoint's schema stands alone)."""
    ref = value.get("$ref")
    if ref:
        return source.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {"type": "object"})
    if "anyOf" in value:
        return {**value, "anyOf": [_inline(v, source) for v in value["anyOf"]]}
    if isinstance(value.get("items"), dict):
        return {**value, "items": _inline(value["items"], source)}
    return value


def responses(model: type[BaseModel] | None = None, data: dict[str, Any] | None = None) -> dict[Any, Any]:
    """The envelope around `model` (by its JSON names) or a plain `data` schema, and every error status."""
    payload = data or ({"type": "object"} if model is None else
                       {"type": "object", "properties": {
                           k: _inline(v, src) for src in [_schema(model, by_alias=True)]
                           for k, v in src.get("properties", {}).items()}})
    ok = {"type": "object", "properties": {"success": {"const": True}, "data": payload, "meta": {"type": "object"}}}
    out: dict[Any, Any] = {200: {"description": "the envelope", "content": {"application/json": {"schema": ok}}}}
    for status, what in _STATUSES.items():
        out[int(status)] = {"description": what, "content": {"application/json": {"schema": _ERROR}}}
    return out
