"""JSON in and out, strict both ways. Read from users' files and batch lines: no NaN/Infinity (JSON has
neither) and safe against nesting deep enough to exhaust the parser's recursion, every problem one
InvalidInput sentence. Written for scripts (--json, batch envelopes): never NaN/Infinity, so it always parses."""

from __future__ import annotations

import json
from typing import Any

from huntaze_cli.errors import InvalidInput


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads(text: str, where: str, fix: str = "fix it and run again") -> Any:
    """Parse a JSON document; `where` names it in the error (a path, or a path and line number)."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                           f"{fix}.") from None
    except RecursionError:
        raise InvalidInput(f"{where} is nested too deeply to be a data export; {fix}.") from None
    except ValueError as exc:
        raise InvalidInput(f"{where} is not valid JSON ({exc}); {fix}.") from None


def dumps(obj: Any) -> str:
    """One line of JSON for a script. allow_nan=False: a non-finite number is a bug to surface, not `NaN`
    text that no JSON parser accepts."""
    return json.dumps(obj, ensure_ascii=False, default=str, allow_nan=False)
