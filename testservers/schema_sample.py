"""A minimal, deterministic instance of a JSON schema (what the fake LLM answers to structured requests)."""

from __future__ import annotations

import json
import math
from typing import Any

_FORMATS = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01", "time": "00:00:00Z",
            "email": "fan@example.com", "uri": "https://example.com", "uuid": "00000000-0000-4000-8000-000000000000"}


def sample_instance(schema: dict[str, Any]) -> Any:
    return _sample(schema, schema, depth=0)


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        if part:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _sample(schema: Any, root: dict[str, Any], depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 20:
        return None
    if "$ref" in schema:
        return _sample(_resolve(schema["$ref"], root), root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            options = [s for s in schema[key] if not (isinstance(s, dict) and s.get("type") == "null")]
            return _sample((options or schema[key])[0], root, depth + 1)
    if schema.get("allOf"):
        return _sample(_merged(schema["allOf"], root), root, depth + 1)
    return _typed(schema, _kind(schema), root, depth)


def _merged(parts: list[dict[str, Any]], root: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for sub in parts:
        sub = _resolve(sub["$ref"], root) if "$ref" in sub else sub
        merged = {**merged, **sub, "properties": {**merged.get("properties", {}), **sub.get("properties", {})},
                  "required": [*merged.get("required", []), *sub.get("required", [])]}
    return merged


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    return str(kind)


def _typed(schema: dict[str, Any], kind: str, root: dict[str, Any], depth: int) -> Any:
    if kind == "object":
        props = schema.get("properties", {})
        return {name: _sample(props.get(name, {}), root, depth + 1) for name in schema.get("required", [])}
    if kind == "array":
        count = max(1, schema.get("minItems", 1))
        if "maxItems" in schema:
            count = min(count, schema["maxItems"])
        return [_sample(schema.get("items", {}), root, depth + 1) for _ in range(count)]
    if kind in ("number", "integer"):
        return _number(schema, integer=kind == "integer")
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string(schema)


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        value: float = (low + high) / 2
    elif low is not None:
        value = low + (1 if "exclusiveMinimum" in schema else 0)
    elif high is not None:
        value = min(0, high - (1 if "exclusiveMaximum" in schema else 0))
    else:
        value = 1
    if integer:
        return int(math.ceil(value)) if low is not None else int(math.floor(value))
    return float(value)


def _string(schema: dict[str, Any]) -> str:
    text = _FORMATS.get(schema.get("format", ""), "sample")
    if str(schema.get("pattern", "")).startswith("^#"):  # hashtag patterns, as huntaze's schemas use
        text = "#sample"
    text = text.ljust(schema.get("minLength", 0), "x")
    return text[: schema["maxLength"]] if "maxLength" in schema else text


def find_schema_in_text(text: str) -> dict[str, Any] | None:
    """The last JSON schema object embedded in a prompt (how JSON-mode callers pass the schema)."""
    decoder = json.JSONDecoder()
    found = None
    index = text.find("{")
    while index != -1:
        try:
            value, end = decoder.raw_decode(text, index)
        except ValueError:
            index = text.find("{", index + 1)
            continue
        if isinstance(value, dict) and ("properties" in value or "type" in value or "$defs" in value):
            found = value
        index = text.find("{", end)
    return found
