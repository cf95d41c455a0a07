"""providers/structured.py: strict schemas for OpenAI, what counts as a format rejection, lenient JSON."""

from __future__ import annotations

import json

import pytest

from huntaze_cli.agents.schemas import CaptionOutput, model_schema
from huntaze_cli.providers.structured import (
    is_format_rejection,
    lenient_json_text,
    response_format,
    schema_note,
    strict_compatible,
    strict_schema,
)


def test_strict_schema_requires_every_property_and_makes_optional_ones_nullable() -> None:
    schema = {"type": "object", "title": "T", "properties": {
        "title": {"type": "string", "maxLength": 80},          # a property *named* title survives
        "note": {"type": "string", "default": "x"},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
        "mood": {"enum": ["a", "b"]},
        "inner": {"$ref": "#/$defs/Inner"}},
        "required": ["title"],
        "$defs": {"Inner": {"type": "object", "properties": {"n": {"type": "number", "minimum": 0}}}}}
    out = strict_schema(schema)
    assert out["required"] == ["title", "note", "tags", "mood", "inner"]
    assert out["additionalProperties"] is False and "title" not in out
    props = out["properties"]
    assert props["title"] == {"type": "string"}                       # maxLength is not strict-mode JSON schema
    assert props["note"] == {"type": ["string", "null"]}               # optional -> nullable, default dropped
    assert props["tags"] == {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 3}
    assert props["mood"] == {"anyOf": [{"enum": ["a", "b"]}, {"type": "null"}]}
    assert props["inner"] == {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "null"}]}
    inner = out["$defs"]["Inner"]
    assert inner["required"] == ["n"] and inner["additionalProperties"] is False
    assert inner["properties"]["n"] == {"type": ["number", "null"], "minimum": 0}
    assert schema["required"] == ["title"]  # the input is not modified


def test_every_agent_schema_is_strict_compatible_and_hashtag_patterns_survive() -> None:
    out = strict_schema(model_schema(CaptionOutput))
    assert strict_compatible(out)
    assert out["properties"]["hashtags"]["items"]["pattern"].startswith("^#")
    assert not strict_compatible({"type": "object", "additionalProperties": {"type": "number"}})


def test_response_format_and_schema_note() -> None:
    assert response_format("json_object", "x", {}, strict=False) == {"type": "json_object"}
    fmt = response_format("json_schema", "Caption Output!", {"type": "object"}, strict=True)
    assert fmt == {"type": "json_schema", "json_schema": {"name": "Caption_Output_", "schema": {"type": "object"},
                                                          "strict": True}}
    assert schema_note({"type": "object"}).endswith('{"type":"object"}')


@pytest.mark.parametrize("status,message,rejected", [
    (400, "response_format json_schema is not supported", True),
    (422, "Unprocessable Entity", True),
    (404, "Not Found", True),
    (500, "failed to parse json_schema", True),
    (400, "the request exceeds the available context size, try increasing it", False),
    (400, "This model's maximum context length is 4096 tokens", False),
    (500, "out of memory", False),
    (401, "invalid key", False),
])
def test_format_rejection(status: int, message: str, rejected: bool) -> None:
    assert is_format_rejection(status, message) is rejected


def test_lenient_json_replaces_lone_surrogates_only() -> None:
    lone_high = '{"caption": "sun \\ud83c"}'
    lone_low = '{"caption": "\\udf05 sun"}'
    pair = '{"caption": "sun \\ud83c\\udf05"}'
    assert json.loads(lenient_json_text(lone_high))["caption"] == "sun \ufffd"
    assert json.loads(lenient_json_text(lone_low))["caption"] == "\ufffd sun"
    assert lenient_json_text(pair) == pair and json.loads(pair)["caption"] == "sun 🌅"
    assert lenient_json_text('{"a": "plain"}') == '{"a": "plain"}'
