"""How a structured (JSON) request is asked of an OpenAI-compatible server, and how its answer is read.

Two modes:
- `json_schema`: the server enforces the schema (OpenAI/Azure strict structured outputs; llama.cpp, vLLM,
  Ollama 0.5+, LM Studio and SGLang by constrained decoding). The schema is not repeated in the prompt.
- `json_object`: JSON mode plus the schema in the system prompt, for a server that rejects `json_schema`.

A local server gets `json_schema` first; when it rejects it, the provider retries once in JSON mode and
reports the mode it used, which the caller remembers per base URL (ledger/local_servers.py).
Pure stdlib: importing this module costs nothing.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Literal

StructuredMode = Literal["json_schema", "json_object"]
JSON_SCHEMA: StructuredMode = "json_schema"
JSON_OBJECT: StructuredMode = "json_object"
MODES: tuple[StructuredMode, ...] = (JSON_SCHEMA, JSON_OBJECT)

# llama.cpp's repetition samplers (measured: they take SmolLM2-135M from ~50% to ~95% valid answers, because
# constrained decoding keeps the JSON's shape but cannot stop a loop inside a string). Other servers ignore
# unknown fields; one that rejects them gets the JSON-mode retry, which sends none of them.
LOCAL_SAMPLERS: dict[str, float | int] = {"repeat_penalty": 1.3, "dry_multiplier": 0.8, "dry_base": 1.75,
                                          "dry_allowed_length": 2}

# OpenAI strict mode rejects these keywords; the bounds that matter there (maxItems, pattern, min/max) stay.
_STRICT_UNSUPPORTED = ("default", "minLength", "maxLength", "title")
_REJECTION_STATUSES = frozenset({400, 404, 422})
_FORMAT_WORDS = re.compile(r"response_format|json_schema|schema", re.IGNORECASE)
# A 400 that is about the prompt's size, not the format: JSON mode would fail the same way.
_CONTEXT_WORDS = re.compile(r"context|too long|exceeds|n_ctx|maximum.*tokens", re.IGNORECASE)


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy OpenAI's strict mode accepts: every property required, `additionalProperties: false`,
    optional values made nullable, unsupported keywords dropped. The meaning for a valid answer is kept:
    what was optional may now come back as null, which the output models accept.

    Remembered for the schema object last seen (agents share one schema per shape, see model_schema), so a
    batch converts it once, not once per item; the result is shared: read-only."""
    cached = _strict_cache.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    out = copy.deepcopy(schema)
    _strictify(out)
    if len(_strict_cache) >= _STRICT_CACHE_SIZE:
        _strict_cache.clear()
    # The input is kept alive with its result, so its id cannot be reused by another dict.
    _strict_cache[id(schema)] = (schema, out)
    return out


_STRICT_CACHE_SIZE = 64
_strict_cache: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}


def _strictify(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _strictify(item)
        return
    if not isinstance(node, dict):
        return
    for key in _STRICT_UNSUPPORTED:
        node.pop(key, None)
    props = node.get("properties")
    if isinstance(props, dict):
        required = set(node.get("required", []))
        for name, sub in props.items():
            if name not in required and isinstance(sub, dict):
                props[name] = _nullable(sub)
        node["required"] = list(props)
        node["additionalProperties"] = False
    for key, value in node.items():
        if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
            for sub in value.values():  # a map of names to schemas: a property may be *named* `title`
                _strictify(sub)
        else:
            _strictify(value)


def _nullable(sub: dict[str, Any]) -> dict[str, Any]:
    options = sub.get("anyOf")
    if isinstance(options, list):
        if not any(isinstance(o, dict) and o.get("type") == "null" for o in options):
            sub = {**sub, "anyOf": [*options, {"type": "null"}]}
        return sub
    kind = sub.get("type")
    if isinstance(kind, str) and "enum" not in sub and "$ref" not in sub:
        return {**sub, "type": [kind, "null"]}
    return {"anyOf": [sub, {"type": "null"}]}


def strict_compatible(schema: dict[str, Any]) -> bool:
    """False when the schema has a free-form map (`additionalProperties: {schema}`), which strict mode
    cannot express: such a schema is sent with strict false."""
    text = json.dumps(schema)
    return '"additionalProperties": {' not in text


def response_format(mode: StructuredMode, name: str, schema: dict[str, Any], *, strict: bool) -> dict[str, Any]:
    if mode == JSON_OBJECT:
        return {"type": "json_object"}
    return {"type": "json_schema", "json_schema": {"name": _safe_name(name), "schema": schema, "strict": strict}}


def _safe_name(name: str) -> str:
    # OpenAI: a-z, A-Z, 0-9, underscores and dashes, at most 64 characters.
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64] or "output"


def schema_note(schema: dict[str, Any]) -> str:
    """The system-prompt paragraph for JSON mode, where the server does not see the schema."""
    return ("Respond with one JSON object only, matching this JSON schema:\n"
            + json.dumps(schema, separators=(",", ":"), ensure_ascii=False))


def is_format_rejection(status: int | None, message: str) -> bool:
    """Did the server refuse the `json_schema` request itself (so JSON mode may work)?"""
    if _FORMAT_WORDS.search(message or ""):
        return True
    return status in _REJECTION_STATUSES and not _CONTEXT_WORDS.search(message or "")


_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def lenient_json_text(text: str) -> str:
    """Model JSON made safe to decode without changing a valid answer: a lone UTF-16 surrogate escape
    (half an emoji, as small models emit) becomes U+FFFD instead of failing the whole answer."""
    return _LONE_SURROGATE.sub(r"\\ufffd", text) if "\\u" in text else text
