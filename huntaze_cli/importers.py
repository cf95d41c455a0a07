"""Reading fan exports (CSV or JSON) into the ledger's fan fields. Column names vary between platforms'
exports, so several spellings are accepted; anything else on a row is kept as `extra`."""

from __future__ import annotations

import csv
import io
import json
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
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InvalidInput(f"{path} is not valid JSON ({exc}).") from None
        if isinstance(data, dict):
            data = data.get("fans", data.get("data"))
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidInput(f"{path}: expected a JSON array of fan objects (or {{\"fans\": [...]}}).")
        rows = data
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    fans = [_fan(row, i, path) for i, row in enumerate(rows, 1)]
    if not fans:
        raise InvalidInput(f"{path} holds no fans.")
    return fans


def _fan(row: dict[str, Any], index: int, path: str) -> dict[str, Any]:
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
    fan["fan_id"] = str(fan["fan_id"]).strip()
    for field in _NUMERIC:
        if field in fan:
            try:
                fan[field] = float(str(fan[field]).replace("$", "").replace(",", ""))
            except ValueError:
                raise InvalidInput(f"{path}, fan {index}: {field} '{fan[field]}' is not a number.") from None
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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_records(path: str, *keys: str) -> list[dict[str, Any]]:
    """The rows of a CSV file or a JSON array (or an object holding one under one of `keys` or "data")."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.__class__.__name__}).") from None
    if not text.strip():
        raise InvalidInput(f"{path} is empty; export it as CSV or a JSON array.")
    if not text.lstrip().startswith(("[", "{")):
        return list(csv.DictReader(io.StringIO(text)))
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise InvalidInput(f"{path}: JSON nested too deeply to be an export.") from None
    except ValueError as exc:
        raise InvalidInput(f"{path} is not valid JSON ({exc}).") from None
    if isinstance(data, dict):
        data = next((data[k] for k in (*keys, "data") if k in data), None)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidInput(f"{path}: expected a JSON array of objects.")
    return data


def is_purchase_history(records: list[dict[str, Any]]) -> bool:
    """A file of offers has a price column and a date column; a fan export has neither."""
    if not records:
        return False
    keys = {_key(str(k)) for k in records[0] if k is not None}
    return bool(keys & set(_PURCHASE_COLUMNS["price_usd"])) and bool(keys & set(_PURCHASE_COLUMNS["purchased_at"]))


def parse_purchases(records: list[dict[str, Any]], path: str) -> list[dict[str, Any]]:
    """Offers: fan_id, purchased_at (aware UTC), item, price_usd (finite, ≥ 0), bought. With no outcome
    column every row is a sale."""
    import math

    from huntaze_cli.timeparse import parse_moment

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
        if not math.isfinite(amount) or amount < 0:
            raise InvalidInput(f"{where}: price '{price}' must be a finite amount of at least 0.")
        if outcome is None or isinstance(outcome, bool):
            bought = True if outcome is None else outcome
        elif str(outcome).strip().lower() in _BOUGHT:
            bought = True
        elif str(outcome).strip().lower() in _DECLINED:
            bought = False
        else:
            raise InvalidInput(f"{where}: outcome '{outcome}' must be bought or declined.")
        offers.append({"fan_id": str(fan_id).strip(), "purchased_at": moment,
                       "item": str(pick("item") or "").strip()[:200], "price_usd": round(amount, 2),
                       "bought": bought})
    return offers
