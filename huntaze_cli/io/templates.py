"""Quick-reply templates: `{fan_name}`-style placeholders filled from a fan and the command line."""

from __future__ import annotations

import string
from typing import Any

from huntaze_cli.errors import InvalidInput

KNOWN_PLACEHOLDERS = ("fan_name", "creator", "tier", "total_spent", "fan_id")


def placeholders(text: str) -> list[str]:
    try:
        names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as exc:
        raise InvalidInput(f"The template is malformed ({exc}); use {{fan_name}}-style placeholders and "
                           "double braces {{ }} for literal ones.") from None
    for name in names:
        if not name.isidentifier():
            raise InvalidInput(f"'{{{name}}}' is not a placeholder name; use letters, digits and _.")
    return list(dict.fromkeys(names))


def fill(text: str, values: dict[str, Any]) -> str:
    missing = [name for name in placeholders(text) if values.get(name) in (None, "")]
    if missing:
        hint = ", ".join(f"--var {m}=..." for m in missing)
        raise InvalidInput(f"The template needs {', '.join('{' + m + '}' for m in missing)}; pass --fan ID or {hint}.")
    return text.format(**{k: v for k, v in values.items() if v is not None})


def fan_values(fan: dict[str, Any] | None, creator: str) -> dict[str, Any]:
    values: dict[str, Any] = {"creator": creator}
    if fan:
        values.update({"fan_name": fan.get("name"), "tier": fan.get("tier"), "fan_id": fan.get("fan_id"),
                       "total_spent": f"{fan.get('total_spent_usd') or 0:.2f}"})
    return values
