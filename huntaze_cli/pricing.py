"""Where the price of a request is computed.

Prices come from genai-prices (a maintained, versioned price table shipped as a snapshot; no network at
run time), a config `[prices."model"]` entry overrides it, `local` is free. A model with no known price
returns None: the ledger records its tokens and flags the row as unpriced, never silently free.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from huntaze_cli.config import Settings

# genai-prices names providers by vendor; Azure OpenAI bills OpenAI's list prices per model.
_PRICE_PROVIDER = {"openai": "openai", "azure": "openai", "gemini": "google"}


@lru_cache(maxsize=64)
def _library_price(provider: str, model: str, input_tokens: int, output_tokens: int) -> Decimal | None:
    from genai_prices import Usage, calc_price

    try:
        result = calc_price(Usage(input_tokens=input_tokens, output_tokens=output_tokens), model,
                            provider_id=_PRICE_PROVIDER.get(provider, provider))
    except LookupError:
        return None
    return result.total_price


def cost_usd(settings: Settings, provider: str, model: str, input_tokens: int, output_tokens: int) -> float | None:
    if provider in ("local", "rules"):
        return 0.0
    override = settings.price_override(model)
    if override is not None:
        return round((input_tokens * override.input_per_mtok + output_tokens * override.output_per_mtok) / 1e6, 9)
    price = _library_price(provider, model, input_tokens, output_tokens)
    return None if price is None else round(float(price), 9)


def estimate_input_tokens(*texts: str) -> int:
    """A deliberately generous estimate (3 characters a token) so that a reservation covers the call."""
    return sum(len(t) for t in texts) // 3 + 16


def max_cost_usd(settings: Settings, provider: str, model: str, input_tokens: int, max_output_tokens: int) -> float:
    """What a call may cost at most: reserved before the call so concurrent calls cannot overspend."""
    cost = cost_usd(settings, provider, model, input_tokens, max_output_tokens)
    return cost or 0.0
