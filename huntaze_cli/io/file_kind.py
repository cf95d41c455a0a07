"""Which export a file is, from its columns: a fan export or purchase history (offers made to fans). Column
names vary between platforms' exports, so several spellings of each are accepted. A file that fits neither
is refused naming the columns found and the ones expected, never imported as the nearest guess."""

from __future__ import annotations

from collections.abc import Iterable

from huntaze_cli.errors import InvalidInput

FAN_ID = ("fan_id", "id", "fanid", "user_id", "userid")
FAN_COLUMNS = {
    "name": ("name", "fan_name", "username", "display_name", "displayname"),
    "tier": ("tier", "segment", "level"),
    "lifetime_value_usd": ("lifetime_value_usd", "lifetime_value", "lifetimevalue", "ltv"),
    "total_spent_usd": ("total_spent_usd", "total_spent", "totalspent", "spent", "spent_usd"),
    "last_purchase_at": ("last_purchase_at", "last_purchase", "lastpurchase", "last_purchase_date"),
    "engagement": ("engagement", "engagement_level"),
}
PURCHASE_COLUMNS = {
    "purchased_at": ("purchased_at", "date", "purchase_date", "datetime", "timestamp", "time", "created_at",
                     "sent_at", "at"),
    "item": ("item", "content", "offer", "product", "title", "description"),
    "price_usd": ("price_usd", "price", "price_paid", "paid", "amount", "amount_usd"),
    "outcome": ("outcome", "status", "result", "bought", "purchased", "accepted"),
    "order_id": ("order_id", "order", "transaction_id", "txn_id", "purchase_id", "payment_id"),
}
_PURCHASE_NEEDS = ("purchased_at", "price_usd")
KINDS = ("auto", "fans", "purchases")
EXPECTED_FANS = "a fan export (id or fan_id; name, tier, lifetime_value, total_spent, last_purchase, engagement)"
EXPECTED_PURCHASES = "purchase history (fan_id, date, price; item, outcome, order_id if known)"


def key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def columns_for(columns: Iterable[str], aliases: tuple[str, ...]) -> list[str]:
    """The file's columns that spell one field, in the order of preference of `aliases`."""
    by_key: dict[str, list[str]] = {}
    for column in columns:
        by_key.setdefault(key(column), []).append(column)
    return [column for alias in aliases for column in by_key.get(alias, [])]


def classify(columns: list[str], kind: str, path: str, layout: str) -> str:
    """"fans" or "purchases" for a file with these columns, asked as `kind` (auto, fans, purchases)."""
    if kind not in KINDS:
        raise InvalidInput(f"--kind '{kind}' must be auto, fans or purchases.")
    keys = [key(c) for c in columns]
    twice = sorted({k for k in keys if k and keys.count(k) > 1})
    if twice:
        raise InvalidInput(f"{path}: the column {twice[0]} appears twice in the header; keep one and import again.")
    present = set(keys)
    has_id = bool(present & set(FAN_ID))
    purchase_fields = [f for f, names in PURCHASE_COLUMNS.items() if present & set(names)]
    fan_fields = [f for f, names in FAN_COLUMNS.items() if present & set(names)]
    found = ", ".join(c for c in columns if c.strip()) or "none"
    where = f"{path} ({layout}) has the columns {found}"
    missing = [f for f in _PURCHASE_NEEDS if f not in purchase_fields] + ([] if has_id else ["fan_id"])
    if kind == "purchases" or (kind == "auto" and purchase_fields and not fan_fields):
        if not missing:
            return "purchases"
        names = ", ".join({"purchased_at": "date", "price_usd": "price"}.get(m, m) for m in missing)
        raise InvalidInput(f"{where} but no {names}, which {EXPECTED_PURCHASES} needs; add it, or pass "
                           "--kind fans if this is a fan export.")
    if kind == "auto" and not missing:
        return "purchases"
    if has_id:
        return "fans"
    if kind == "fans":
        raise InvalidInput(f"{where} but no id or fan_id, which {EXPECTED_FANS} needs.")
    raise InvalidInput(f"{where}, which fit neither {EXPECTED_FANS} nor {EXPECTED_PURCHASES}.")
