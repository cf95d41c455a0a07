"""Reading fan exports and purchase history (CSV or JSON) into the ledger's fields. `io/file_kind.py` tells
the two apart by their columns; anything else on a fan's row is kept as `extra`. Every refusal names the
file and the row (rows are counted from the first after the header)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from huntaze_cli.bulk import collector_paused
from huntaze_cli.errors import InvalidInput
from huntaze_cli.io.amounts import parse_amount
from huntaze_cli.io.file_kind import FAN_COLUMNS, FAN_ID, PURCHASE_COLUMNS, classify, columns_for, key
from huntaze_cli.io.import_limits import MAX_ID_CHARS, MAX_ITEM_CHARS, MAX_NAME_CHARS, MAX_USD
from huntaze_cli.io.records import Table, read_records, read_table

__all__ = ["MAX_USD", "Export", "parse_export", "parse_fans", "parse_purchases", "read_records"]

_NUMERIC = ("lifetime_value_usd", "total_spent_usd")
_TEXT_LIMITS = {"name": MAX_NAME_CHARS, "tier": MAX_NAME_CHARS}
_BOUGHT = {"bought", "purchased", "paid", "accepted", "unlocked", "yes", "y", "true", "1", "sold", "sale"}
_DECLINED = {"declined", "refused", "rejected", "ignored", "expired", "no", "n", "false", "0", "not bought",
             "unsold"}


@dataclass(frozen=True)
class Export:
    kind: str  # "fans" or "purchases"
    rows: list[dict[str, Any]]  # parse_fans' or parse_purchases' rows


def parse_export(path: str, kind: str = "auto", *, decimal_comma: bool = False) -> Export:
    """Read the file once, tell which export it is (or take `kind`), and parse its rows."""
    with collector_paused():
        table = read_table(path, "purchases", "fans", what="fans or purchases")
        found = classify(table.columns, kind, path, table.layout)
        if found == "purchases":
            return Export(found, parse_purchases(table, path, decimal_comma=decimal_comma))
        return Export(found, parse_fans(table, path, decimal_comma=decimal_comma))


def _picker(table: Table, aliases: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """field → the table's columns spelling it, resolved once per file rather than once per row."""
    return {field: columns_for(table.columns, names) for field, names in aliases.items()}


def _indexes(table: Table, aliases: dict[str, tuple[str, ...]]) -> dict[str, list[int]]:
    """field → positions of the table's columns spelling it, in order of preference."""
    position = {column: i for i, column in enumerate(table.columns)}
    return {field: [position[c] for c in columns_for(table.columns, names)] for field, names in aliases.items()}


def _at(cells: list[Any], indexes: list[int]) -> Any:
    """The first non-empty value among `indexes` of a row (a short row lacks its last cells)."""
    if len(indexes) == 1:  # the usual case: one column spells the field
        i = indexes[0]
        value = cells[i] if i < len(cells) else None
        return None if value == "" else value
    for i in indexes:
        if i < len(cells):
            value = cells[i]
            if value is not None and value != "":
                return value
    return None


def _id(value: Any, where: str, what: str) -> str:
    if isinstance(value, dict | list | bool):
        raise InvalidInput(f"{where}: the {what} must be a string or a number.")
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidInput(f"{where}: no {what} (a column named fan_id or id is required).")
    if len(text) > MAX_ID_CHARS:
        raise InvalidInput(f"{where}: the {what} is {len(text):,} characters long; ids have at most {MAX_ID_CHARS}.")
    return text


def parse_fans(table: Table, path: str, *, decimal_comma: bool = False) -> list[dict[str, Any]]:
    if not len(table):
        raise InvalidInput(f"{path} holds no fans.")
    picker = _picker(table, {"fan_id": FAN_ID, **FAN_COLUMNS})
    return [_fan(row, picker, f"{path}, row {index}", decimal_comma) for index, row in enumerate(table.rows, 1)]


def _fan(row: dict[str, Any], picker: dict[str, list[str]], where: str, decimal_comma: bool) -> dict[str, Any]:
    fan: dict[str, Any] = {}
    used: set[str] = set()
    for field, columns in picker.items():
        for column in columns:
            if row.get(column) not in (None, ""):
                fan[field] = row[column]
                used.add(column)
                break
    fan["fan_id"] = _id(fan.get("fan_id"), where, "fan id")
    for field in _NUMERIC:
        if field in fan:
            fan[field] = parse_amount(fan[field], where, field, decimal_comma=decimal_comma)
    for field, limit in _TEXT_LIMITS.items():
        if field in fan:
            fan[field] = str(fan[field]).strip()
            if len(fan[field]) > limit:
                raise InvalidInput(f"{where}: the {field} is {len(fan[field]):,} characters long; at most {limit}.")
    if "engagement" in fan:
        level = str(fan["engagement"]).strip().lower()
        if level not in ("low", "medium", "high"):
            raise InvalidInput(f"{where}: engagement '{str(fan['engagement'])[:MAX_NAME_CHARS]}' must be low, "
                               "medium or high.")
        fan["engagement"] = level
    if "last_purchase_at" in fan:
        from huntaze_cli.io.timeparse import parse_moment
        from huntaze_cli.utc import iso_z

        fan["last_purchase_at"] = iso_z(parse_moment(str(fan["last_purchase_at"]), f"{where}: last purchase"),
                                        "seconds")
    fan["extra"] = {key(str(k)): v for k, v in row.items() if k not in used and v not in (None, "")}
    return fan


def parse_purchases(table: Table, path: str, *, decimal_comma: bool = False) -> list[dict[str, Any]]:
    """Offers: fan_id, purchased_at (aware UTC), item, price_usd (finite, 0 to MAX_USD), bought, order_ref.
    With no outcome column every row is a sale. `order_ref` tells apart two genuine purchases that agree in
    everything else (one fan, one item, one day): the export's order id, else the row's rank among the
    identical rows of this file ("" for the first, "#2" for the second...), so that re-importing the same
    file, or a longer export of the same history, stores nothing twice."""
    if not len(table):
        raise InvalidInput(f"{path} holds no purchases.")
    at = _indexes(table, {"fan_id": FAN_ID, **PURCHASE_COLUMNS})
    fan_at, when_at, price_at, outcome_at, item_at, order_at = (
        at["fan_id"], at["purchased_at"], at["price_usd"], at["outcome"], at["item"], at["order_id"])
    check = _Checks(path, decimal_comma)
    ranks: dict[tuple[Any, ...], int] = {}
    offers = []
    # CSV cells are all text and each field is usually spelled by one column: then a row whose cells are all
    # there is read by index and each cell's check is a cache hit (a miss or a bad cell goes through the full
    # check, which names the row); any other row takes the general path.
    picks = (fan_at, when_at, price_at, outcome_at, item_at, order_at)
    single = table.cells is not None and all(len(p) <= 1 for p in picks)
    width = 1 + max((p[0] for p in picks if p), default=0)
    fi, wi, pi = fan_at[0] if fan_at else -1, when_at[0] if when_at else -1, price_at[0] if price_at else -1
    oi, ii = outcome_at[0] if outcome_at else -1, item_at[0] if item_at else -1
    ids, moments, amounts, outcomes = check.ids, check.moments, check.amounts, check.outcomes
    for index, row in enumerate(table.lists(), 1):
        if not (single and len(row) >= width and fi >= 0 and wi >= 0 and pi >= 0):
            offers.append(_offer(row, index, at, check, ranks, path))
            continue
        fan_id = row[fi]
        if fan_id not in ids:
            fan_id = check.fan_id(fan_id or None, index)
        moment = moments.get(row[wi])
        if moment is None:
            moment = check.moment(row[wi] or None, index)
        amount = amounts.get(row[pi])
        if amount is None:
            amount = check.amount(row[pi] or None, index)
        bought = True if oi < 0 else outcomes.get(row[oi])
        if bought is None:
            bought = check.bought(row[oi] or None, index)
        item = row[ii].strip() if ii >= 0 else ""
        if len(item) > MAX_ITEM_CHARS:
            check.item(item, index)
        order = row[order_at[0]] or None if order_at else None
        if order is not None:
            offers.append(_ranked(fan_id, moment, item, amount, bought, order, ranks, path, index))
            continue
        same = (fan_id, moment, item, amount, bought)  # _ranked's rank, inline: no call per row
        rank = ranks[same] = ranks.get(same, 0) + 1
        offers.append({"fan_id": fan_id, "purchased_at": moment, "item": item, "price_usd": amount, "bought": bought,
                       "order_ref": "" if rank == 1 else f"#{rank}"})
    return offers


def _offer(row: list[Any], index: int, at: dict[str, list[int]], check: _Checks, ranks: dict[tuple[Any, ...], int],
           path: str) -> dict[str, Any]:
    """One offer from a row by the general path: any cell type, a field spelled by several columns, a short row."""
    fan_id = check.fan_id(_at(row, at["fan_id"]), index)
    moment = check.moment(_at(row, at["purchased_at"]), index)
    amount = check.amount(_at(row, at["price_usd"]), index)
    bought = check.bought(_at(row, at["outcome"]), index)
    item = check.item(_at(row, at["item"]), index)
    order = _at(row, at["order_id"]) if at["order_id"] else None
    return _ranked(fan_id, moment, item, amount, bought, order, ranks, path, index)


def _ranked(fan_id: str, moment: datetime, item: str, amount: float, bought: bool, order: Any,
            ranks: dict[tuple[Any, ...], int], path: str, index: int) -> dict[str, Any]:
    """The offer with its order_ref: the export's order id, else its rank among the identical rows so far.
    The row's place is named only when an order id is checked (not formatted for each of 200,000 rows)."""
    if order is not None:
        ref = _id(order, f"{path}, row {index}", "order id")
    else:
        same = (fan_id, moment, item, amount, bought)
        rank = ranks[same] = ranks.get(same, 0) + 1
        ref = "" if rank == 1 else f"#{rank}"
    return {"fan_id": fan_id, "purchased_at": moment, "item": item, "price_usd": amount, "bought": bought,
            "order_ref": ref}


class _Checks:
    """The checks of a purchase row's cells. An agency's export holds hundreds of thousands of rows repeating
    a few thousand ids, dates, prices and outcomes: each distinct text is checked once (a check depends on
    the text only; the row number is in the sentence of the first row that fails)."""

    def __init__(self, path: str, decimal_comma: bool) -> None:
        self.path, self.decimal_comma = path, decimal_comma
        self.ids: set[str] = set()
        self.moments: dict[str, datetime] = {}
        self.amounts: dict[str, float] = {}
        self.outcomes: dict[str, bool] = {}

    def fan_id(self, value: Any, index: int) -> str:
        if value.__class__ is str and value in self.ids:
            return value  # type: ignore[no-any-return]
        fan_id = _id(value, f"{self.path}, row {index}", "fan id")
        self.ids.add(fan_id)
        return fan_id

    def moment(self, value: Any, index: int) -> datetime:
        found = self.moments.get(value) if value.__class__ is str else None
        if found is None:
            if value is None:
                raise InvalidInput(f"{self.path}, row {index}: no date (a column named date or purchased_at is "
                                   "required).")
            found = self.moments[str(value)] = _moment(str(value), f"{self.path}, row {index}")
        return found

    def amount(self, value: Any, index: int) -> float:
        found = self.amounts.get(value) if value.__class__ is str else None
        if found is None:
            if value is None:
                raise InvalidInput(f"{self.path}, row {index}: no price (a column named price or price_usd is "
                                   "required).")
            found = parse_amount(value, f"{self.path}, row {index}", "price", decimal_comma=self.decimal_comma)
            if value.__class__ is str:
                self.amounts[value] = found
        return found

    def bought(self, value: Any, index: int) -> bool:
        found = self.outcomes.get(value) if value.__class__ is str else None
        if found is None:
            found = _outcome(value, f"{self.path}, row {index}")
            if value.__class__ is str:
                self.outcomes[value] = found
        return found

    def item(self, value: Any, index: int) -> str:
        item = value.strip() if value.__class__ is str else str(value or "").strip()
        if len(item) > MAX_ITEM_CHARS:
            raise InvalidInput(f"{self.path}, row {index}: the item is {len(item):,} characters long; at most "
                               f"{MAX_ITEM_CHARS}.")
        return item  # type: ignore[no-any-return]


def _moment(text: str, where: str) -> datetime:
    from huntaze_cli.io.timeparse import parse_moment

    try:
        moment = parse_moment(text, f"{where}: date")
    except OverflowError:
        moment = None
    if moment is None or not 2000 <= moment.year <= 2100:  # the ledger stores four-digit years
        raise InvalidInput(f"{where}: date '{text[:40]}' is out of range (years 2000 to 2100).")
    return moment


def _outcome(outcome: Any, where: str) -> bool:
    if outcome is None or isinstance(outcome, bool):
        return True if outcome is None else outcome
    word = str(outcome).strip().lower()
    if word in _BOUGHT:
        return True
    if word in _DECLINED:
        return False
    raise InvalidInput(f"{where}: outcome '{str(outcome)[:40]}' must be bought or declined.")
