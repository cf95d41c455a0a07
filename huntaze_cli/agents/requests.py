"""From a command's fields (CLI options or one batch line) to an agent's validated input.

The same builders serve `huntaze caption ...` and a JSONL batch line {"description": ..., "platform": ...},
so single and batch requests cannot drift apart. Bad input becomes one InvalidInput sentence.
"""

from __future__ import annotations

import math
import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import BaseModel, ValidationError

from huntaze_cli.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from huntaze_cli.ledger import Ledger

FEATURES_WITH_BATCH = ("caption", "chat", "suggest", "optimize-sale")

# Batch lines may use the CLI's option names or the model's field names; these are the CLI spellings.
_ALIASES = {
    "type": "content_type", "contentType": "content_type", "spent": "spent_usd", "spentUsd": "spent_usd",
    "price": "price_usd", "priceUsd": "price_usd", "image": "image_path", "imagePath": "image_path",
    "text": None,  # resolved per feature below
}


def _finite(value: Any, name: str) -> None:
    """Refuse inf/nan anywhere in the input (a batch line's 1e400 parses as inf): they would pass range checks
    and end as `Infinity` in a price or a prompt."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{name} must be a finite number, not {value}.")
    if isinstance(value, dict):
        for key, item in value.items():
            _finite(item, f"{name}.{key}" if name else str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            _finite(item, name)


def validate_input(model: type[BaseModel], fields: dict[str, Any]) -> Any:
    from huntaze_cli.agents.schemas import validation_message

    _finite(fields, "")
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from exc


def _normalise(fields: dict[str, Any], text_field: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None:
            continue
        target = _ALIASES.get(key, key)
        if key == "text":
            target = text_field
        if target is not None:
            out[target] = value
    return out


def _no_fan(fan_id: str) -> NoReturn:
    raise NotFound(f"Fan '{fan_id}' is not in this creator's fans; import them with `huntaze fans import FILE` "
                   "or give --engagement/--spent/--tier inline.")


def fan_profile(ledger: Ledger, creator_id: int, fan_id: str) -> dict[str, Any]:
    """A stored fan as the agents' FanProfile fields; NotFound says how to import fans."""
    fan = ledger.get_fan(creator_id, str(fan_id))
    if fan is None:
        return _no_fan(str(fan_id))
    days = None
    if fan.get("last_purchase_at"):
        try:
            last = datetime.fromisoformat(str(fan["last_purchase_at"]).replace("Z", "+00:00"))
            if last.tzinfo is None:
                last = last.replace(tzinfo=timezone.utc)
            days = max(0, (datetime.now(timezone.utc) - last).days)
        except ValueError:
            days = None
    extra = fan.get("extra") or {}
    profile = {"id": fan["fan_id"], "name": fan.get("name"), "tier": fan.get("tier"),
               "engagement": fan.get("engagement") or None, "total_spent_usd": fan.get("total_spent_usd") or 0.0,
               "lifetime_value_usd": fan.get("lifetime_value_usd"), "days_since_last_purchase": days,
               "purchases": int(extra.get("purchases", 0) or 0),
               "messages_count": int(extra.get("messages_count", 0) or 0)}
    return _with_history(profile, ledger, creator_id)


def _with_history(profile: dict[str, Any], ledger: Ledger, creator_id: int) -> dict[str, Any]:
    """Imported purchase history, when there is some: the fan's own price (agents/sales/fan_pricing.py), and spend,
    purchases and recency from the history where it knows more than the fan export."""
    from huntaze_cli.agents.revenue.figures import pricing_profile

    pricing = pricing_profile(ledger, creator_id, profile["id"])
    if pricing is None:
        return profile
    last = pricing.pop("last_purchase_at")
    spend = pricing.pop("lifetime_spend_usd")
    profile["total_spent_usd"] = max(profile["total_spent_usd"], spend)
    profile["purchases"] = max(profile["purchases"], pricing["purchases"])
    if last is not None:
        days = max(0, (datetime.now(timezone.utc) - last).days)
        stored = profile["days_since_last_purchase"]
        profile["days_since_last_purchase"] = days if stored is None else min(days, stored)
    profile["pricing"] = pricing
    return profile


def _fan_lang(data: dict[str, Any]) -> str:
    """The language the answer is written in: --lang (or a batch line's "lang"), else the message's own
    (the fan's message, or the creator's description for a caption)."""
    from huntaze_cli.agents.language import resolve

    try:
        return resolve(data.get("lang"), str(data.get("message") or ""))
    except ValueError as exc:
        raise InvalidInput(f"--lang {exc}.") from exc


def build_input(feature: str, fields: dict[str, Any], *, ledger: Ledger = None, creator_id: int | None = None) -> Any:
    """Validated agent input for a feature. `fields` may carry `fan` (an id, resolved in the ledger)."""
    from huntaze_cli.agents import schemas

    if feature == "caption":
        data = _normalise(fields, "description")
        insights = data.pop("insights", None)
        if isinstance(insights, str):
            from huntaze_cli.agents.analytics.metrics import compute_metrics, load_metrics
            from huntaze_cli.io.input_files import check_size

            if os.path.exists(insights):
                check_size(insights, "--insights")
            data["insights"] = compute_metrics(load_metrics(insights))
        elif insights is not None:
            data["insights"] = insights
        # One caption, one language: the creator's own words decide when --lang is not given.
        data["lang"] = _fan_lang({"lang": data.get("lang"), "message": data.get("description")})
        caption = validate_input(schemas.CaptionInput, data)
        if caption.image_path:
            # Measured here, before any quota: a bad image is one sentence (exit 2) and costs nothing.
            from huntaze_cli.images.facts import analyse

            caption._image_facts = analyse(caption.image_path, caption.platform, caption.content_type, "--image")
        return caption
    if feature in ("chat", "suggest", "optimize-sale"):
        data = _normalise(fields, "message")
        fan_id = data.pop("fan", None)
        if fan_id is not None and not isinstance(fan_id, dict):
            if ledger is None:
                raise InvalidInput("A fan id needs the ledger.")
            # No creator yet (a fresh `default`) means no fans yet: the same NotFound, nothing created.
            data["fan"] = fan_profile(ledger, creator_id, str(fan_id)) if creator_id is not None \
                else _no_fan(str(fan_id))
        data["lang"] = _fan_lang(data)
        model = {"chat": schemas.ChatInput, "suggest": schemas.SuggestInput,
                 "optimize-sale": schemas.SaleInput}[feature]
        return validate_input(model, data)
    raise InvalidInput(f"`{feature}` has no batch mode; use one of {', '.join(FEATURES_WITH_BATCH)}.")
