"""What an imported fan or purchase row may hold: one home for the limits that `fans import` checks, its
`--help` and the README quote. A row over a limit is refused with its row number, never cut silently."""

from __future__ import annotations

from huntaze_cli.io.limits import MAX_USD

MAX_ID_CHARS = 64  # a fan id or an order id (platform ids are numbers or short handles)
MAX_NAME_CHARS = 100  # a fan's name, tier or engagement level
MAX_ITEM_CHARS = 200  # what an offer sold ("shower video", "beach photo set")

LIMITS_HELP = (f"Limits: ids (fan, order) {MAX_ID_CHARS} characters, names and tiers {MAX_NAME_CHARS}, items "
               f"{MAX_ITEM_CHARS}; amounts from 0 to ${MAX_USD:,.0f}.")
