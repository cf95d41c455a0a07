"""Reading fan exports (CSV or JSON) into the ledger's fan fields. Column names vary between platforms'
exports, so several spellings are accepted; anything else on a row is kept as `extra`."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from huntaze_cli.errors import InvalidInput

_COLUMNS = {
    "fan_id": ("fan_id", "id", "fanid", "user_id", "userid"),
    "name": ("name", "fan_name", "username", "display_name", "displayname"),
    "tier": ("tier", "segment", "level"),
    "lifetime_value_usd": ("lifetime_value_usd", "lifetime_value", "lifetimevalue", "ltv"),
    "total_spent_usd": ("total_spent_usd", "total_spent", "totalspent", "spent", "spent_usd"),
    "last_purchase_at": ("last_purchase_at", "last_purchase", "lastpurchase", "last_purchase_date"),
    "engagement": ("engagement", "engagement_level"),
}
_NUMERIC = ("lifetime_value_usd", "total_spent_usd")
MAX_USD = 1e9  # no fan spends more; the bound keeps sums and prices finite


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def parse_fans(path: str) -> list[dict[str, Any]]:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.__class__.__name__}).") from None
    if not text.strip():
        raise InvalidInput(f"{path} is empty; export fans as CSV or a JSON array.")
    rows: list[dict[str, Any]]
    if text.lstrip().startswith(("[", "{")):
        from huntaze_cli.jsonio import loads

        data = loads(text, path, "export the fans again as CSV or a JSON array")
        if isinstance(data, dict):
            data = data.get("fans", data.get("data"))
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidInput(f"{path}: expected a JSON array of fan objects (or {{\"fans\": [...]}}).")
        rows = data
    else:
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:  # a cell over the csv module's 128 KB limit, a NUL byte...
            raise InvalidInput(f"{path} is not a CSV export this can read ({exc}).") from None
    fans = [_fan(row, i, path) for i, row in enumerate(rows, 1)]
    if not fans:
        raise InvalidInput(f"{path} holds no fans.")
    return fans


def _finite_values(value: Any, where: str) -> None:
    """JSON's 1e400 parses as inf: refused anywhere in a row, or `--json` output could not print it."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{where}: {value} is not a finite number; fix the export and import again.")
    if isinstance(value, dict):
        for item in value.values():
            _finite_values(item, where)
    elif isinstance(value, list):
        for item in value:
            _finite_values(item, where)


def _fan(row: dict[str, Any], index: int, path: str) -> dict[str, Any]:
    _finite_values(row, f"{path}, fan {index}")
    by_key = {_key(str(k)): v for k, v in row.items() if k is not None}
    fan: dict[str, Any] = {}
    used: set[str] = set()
    for field, names in _COLUMNS.items():
        for name in names:
            if name in by_key and by_key[name] not in (None, ""):
                fan[field] = by_key[name]
                used.add(name)
                break
    if "fan_id" not in fan:
        raise InvalidInput(f"{path}, fan {index}: no id (a column named id or fan_id is required).")
    if isinstance(fan["fan_id"], dict | list | bool):
        raise InvalidInput(f"{path}, fan {index}: the id must be a string or a number.")
    fan["fan_id"] = str(fan["fan_id"]).strip()
    for field in _NUMERIC:
        if field in fan:
            try:
                fan[field] = float(str(fan[field]).replace("$", "").replace(",", ""))
            except ValueError:
                raise InvalidInput(f"{path}, fan {index}: {field} '{fan[field]}' is not a number.") from None
            if not math.isfinite(fan[field]) or fan[field] > MAX_USD:
                raise InvalidInput(f"{path}, fan {index}: {field} must be a finite amount up to ${MAX_USD:,.0f}, "
                                   f"not '{fan[field]}'.")
            if fan[field] < 0:
                raise InvalidInput(f"{path}, fan {index}: {field} cannot be negative.")
    if "engagement" in fan:
        level = str(fan["engagement"]).strip().lower()
        if level not in ("low", "medium", "high"):
            raise InvalidInput(f"{path}, fan {index}: engagement '{fan['engagement']}' must be low, medium or high.")
        fan["engagement"] = level
    if "last_purchase_at" in fan:
        from huntaze_cli.timeparse import parse_moment

        fan["last_purchase_at"] = parse_moment(str(fan["last_purchase_at"]), f"{path}, fan {index}: last purchase"
                                               ).strftime("%Y-%m-%dT%H:%M:%SZ")
    fan["extra"] = {k: v for k, v in by_key.items() if k not in used and v not in (None, "")}
    return fan
