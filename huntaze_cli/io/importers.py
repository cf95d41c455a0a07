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
    rows = read_records(path, "fans", what="fans")
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
            fan[field] = _fan_amount(fan[field], field, f"{path}, fan {index}")
    if "engagement" in fan:
        level = str(fan["engagement"]).strip().lower()
        if level not in ("low", "medium", "high"):
            raise InvalidInput(f"{path}, fan {index}: engagement '{fan['engagement']}' must be low, medium or high.")
        fan["engagement"] = level
    if "last_purchase_at" in fan:
        from huntaze_cli.io.timeparse import parse_moment
        from huntaze_cli.utc import iso_z

        fan["last_purchase_at"] = iso_z(parse_moment(str(fan["last_purchase_at"]),
                                                     f"{path}, fan {index}: last purchase"), "seconds")
    fan["extra"] = {k: v for k, v in by_key.items() if k not in used and v not in (None, "")}
    return fan


def _fan_amount(value: Any, field: str, where: str) -> float:
    try:
        amount = float(str(value).replace("$", "").replace(",", ""))
    except ValueError:
        raise InvalidInput(f"{where}: {field} '{value}' is not a number.") from None
    if not math.isfinite(amount) or amount > MAX_USD:
        raise InvalidInput(f"{where}: {field} must be a finite amount up to ${MAX_USD:,.0f}, not '{amount}'.")
    if amount < 0:
        raise InvalidInput(f"{where}: {field} cannot be negative.")
    return amount


# --- purchase history (`fans import` of a file of offers) -----------------------------------------------
_PURCHASE_COLUMNS = {
    "purchased_at": ("purchased_at", "date", "purchase_date", "datetime", "timestamp", "time", "created_at",
                     "sent_at", "at"),
    "item": ("item", "content", "offer", "product", "title", "description"),
    "price_usd": ("price_usd", "price", "price_paid", "paid", "amount", "amount_usd"),
    "outcome": ("outcome", "status", "result", "bought", "purchased", "accepted"),
}
_BOUGHT = {"bought", "purchased", "paid", "accepted", "unlocked", "yes", "y", "true", "1", "sold", "sale"}
_DECLINED = {"declined", "refused", "rejected", "ignored", "expired", "no", "n", "false", "0", "not bought",
             "unsold"}


def read_records(path: str, *keys: str, what: str = "it") -> list[dict[str, Any]]:
    """The rows of a CSV file or a JSON array (or an object holding one under one of `keys` or "data");
    `what` names the export in error sentences."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.__class__.__name__}).") from None
    if not text.strip():
        raise InvalidInput(f"{path} is empty; export {what} as CSV or a JSON array.")
    if not text.lstrip().startswith(("[", "{")):
        try:
            return list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:  # a cell over the csv module's 128 KB limit, a NUL byte...
            raise InvalidInput(f"{path} is not a CSV export this can read ({exc}).") from None
    from huntaze_cli.io.jsonio import loads

    data = loads(text, path, f"export {what} again as CSV or a JSON array")
    if isinstance(data, dict):
        data = next((data[k] for k in (*keys, "data") if k in data), None)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidInput(f"{path}: expected a JSON array of objects.")
    for index, row in enumerate(data, 1):
        _finite_values(row, f"{path}, row {index}")
    return data


def is_purchase_history(records: list[dict[str, Any]]) -> bool:
    """A file of offers has a price column and a date column; a fan export has neither."""
    if not records:
        return False
    keys = {_key(str(k)) for k in records[0] if k is not None}
    return bool(keys & set(_PURCHASE_COLUMNS["price_usd"])) and bool(keys & set(_PURCHASE_COLUMNS["purchased_at"]))


def parse_purchases(records: list[dict[str, Any]], path: str) -> list[dict[str, Any]]:
    """Offers: fan_id, purchased_at (aware UTC), item, price_usd (finite, 0 to MAX_USD), bought. With no
    outcome column every row is a sale."""
    from huntaze_cli.io.timeparse import parse_moment

    if not records:
        raise InvalidInput(f"{path} holds no purchases.")
    offers = []
    for index, row in enumerate(records, 1):
        by_key = {_key(str(k)): v for k, v in row.items() if k is not None}
        where = f"{path}, row {index}"

        def pick(field: str, by_key: dict[str, Any] = by_key) -> Any:
            return next((by_key[n] for n in (_COLUMNS["fan_id"] if field == "fan_id" else _PURCHASE_COLUMNS[field])
                         if by_key.get(n) not in (None, "")), None)

        fan_id = pick("fan_id")
        if isinstance(fan_id, dict | list | bool):
            raise InvalidInput(f"{where}: the fan id must be a string or a number.")
        if fan_id is None or not str(fan_id).strip():
            raise InvalidInput(f"{where}: no fan id (a column named fan_id or id is required).")
        when, price, outcome = pick("purchased_at"), pick("price_usd"), pick("outcome")
        if when is None:
            raise InvalidInput(f"{where}: no date (a column named date or purchased_at is required).")
        try:
            moment = parse_moment(str(when), f"{where}: date")
        except OverflowError:
            moment = None
        if moment is None or not 2000 <= moment.year <= 2100:  # the ledger stores four-digit years
            raise InvalidInput(f"{where}: date '{when}' is out of range (years 2000 to 2100).")
        if price is None:
            raise InvalidInput(f"{where}: no price (a column named price or price_usd is required).")
        try:
            amount = float(str(price).replace("$", "").replace(",", ""))
        except ValueError:
            raise InvalidInput(f"{where}: price '{price}' is not a number.") from None
        if not math.isfinite(amount) or not 0 <= amount <= MAX_USD:
            raise InvalidInput(f"{where}: price '{price}' must be a finite amount from 0 to ${MAX_USD:,.0f}.")
        offers.append({"fan_id": str(fan_id).strip(), "purchased_at": moment,
                       "item": str(pick("item") or "").strip()[:200], "price_usd": round(amount, 2),
                       "bought": _bought(outcome, where)})
    return offers


def _bought(outcome: Any, where: str) -> bool:
    """The outcome column: bought or declined; no column, a sale."""
    if outcome is None or isinstance(outcome, bool):
        return True if outcome is None else outcome
    if str(outcome).strip().lower() in _BOUGHT:
        return True
    if str(outcome).strip().lower() in _DECLINED:
        return False
    raise InvalidInput(f"{where}: outcome '{outcome}' must be bought or declined.")
