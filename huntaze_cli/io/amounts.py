"""Dollar amounts from exports, read exactly or refused: "25,50" may be 25.50 (a decimal comma) or 2,550
(a thousands separator), and "$25" names a currency the ledger does not check, so neither is guessed at.
`--decimal-comma` says which convention a file uses; plain numbers (25, 25.5, 1234.50) need no flag."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from huntaze_cli.errors import InvalidInput
from huntaze_cli.io.import_limits import MAX_USD

_PLAIN = re.compile(r"\d+(\.\d+)?|\.\d+")
_EXPONENT = re.compile(r"\d+(\.\d+)?[eE][+-]?\d+")
# With --decimal-comma: 25,50 or 1.234,50 (dots group thousands by three), or a plain whole number.
_COMMA = re.compile(r"(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_CURRENCY = re.compile(r"[$€£¥₹]|\b(usd|eur|gbp)\b", re.IGNORECASE)


def parse_amount(value: Any, where: str, what: str, *, decimal_comma: bool = False) -> float:
    """A finite amount from 0 to MAX_USD, rounded to cents; one sentence naming `where` otherwise."""
    if isinstance(value, bool):
        raise InvalidInput(f"{where}: {what} {value} is not an amount.")
    if isinstance(value, int | float):
        amount = float(value)
    else:
        amount = _from_text(str(value).strip(), where, what, decimal_comma)
    if amount < 0:
        raise InvalidInput(f"{where}: {what} '{value}' cannot be negative: it must be a finite amount from 0 to "
                           f"${MAX_USD:,.0f}.")
    if not math.isfinite(amount) or amount > MAX_USD:
        raise InvalidInput(f"{where}: {what} '{value}' must be a finite amount from 0 to ${MAX_USD:,.0f}.")
    return round(amount, 2)


def _from_text(text: str, where: str, what: str, decimal_comma: bool) -> float:
    if _CURRENCY.search(text):
        raise InvalidInput(f"{where}: {what} '{text}' carries a currency sign; amounts are US dollars written as "
                           "plain numbers (25 or 25.50): remove the sign and import again.")
    if text.lower() in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity"):
        raise InvalidInput(f"{where}: {what} '{text}' must be a finite amount from 0 to ${MAX_USD:,.0f}.")
    if text.startswith("-"):
        raise InvalidInput(f"{where}: {what} '{text}' cannot be negative: it must be a finite amount from 0 to "
                           f"${MAX_USD:,.0f}.")
    if decimal_comma:
        if not _COMMA.fullmatch(text):
            raise InvalidInput(f"{where}: {what} '{text}' is not an amount written with a decimal comma "
                               "(25,50 or 1.234,50), as --decimal-comma says this file does.")
        return _decimal(text.replace(".", "").replace(",", "."), where, what)
    if _PLAIN.fullmatch(text):
        return _decimal(text, where, what)
    if _EXPONENT.fullmatch(text):  # exports never write money so; 1e400 would be infinite
        raise InvalidInput(f"{where}: {what} '{text}' is not a number written as an amount: write a plain finite "
                           f"amount from 0 to ${MAX_USD:,.0f} such as 1234.50.")
    if "," in text:
        raise InvalidInput(f"{where}: {what} '{text}' is ambiguous (a decimal comma, or a thousands separator?); "
                           "write amounts as 1234.50, or pass --decimal-comma if this file writes 25,50 for "
                           "25.50.")
    raise InvalidInput(f"{where}: {what} '{text}' is not a number.")


def _decimal(text: str, where: str, what: str) -> float:
    try:
        return float(Decimal(text))
    except InvalidOperation:
        raise InvalidInput(f"{where}: {what} '{text}' is not a number.") from None
