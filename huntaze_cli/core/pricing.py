"""Where the price of a request is computed.

Prices come from genai-prices (a maintained, versioned price table shipped as a snapshot; no network at
run time), a config `[prices."model"]` entry overrides it, `local` is free. A model with no known price
returns None: the ledger records its tokens and flags the row as unpriced, never silently free.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

from huntaze_cli.config.settings import Settings

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


def price_model(settings: Settings, provider: str, model: str) -> str:
    """The model whose price applies: an Azure deployment bills its base model (config `base_model`)."""
    if settings.price_override(model) is None:
        cfg = settings.file.providers.get(provider)
        if cfg is not None and cfg.base_model:
            return cfg.base_model
    return model


def cost_usd(settings: Settings, provider: str, model: str, input_tokens: int, output_tokens: int) -> float | None:
    if provider in ("local", "rules"):
        return 0.0
    override = settings.price_override(model)
    if override is not None:
        return round((input_tokens * override.input_per_mtok + output_tokens * override.output_per_mtok) / 1e6, 9)
    price = _library_price(provider, price_model(settings, provider, model), input_tokens, output_tokens)
    return None if price is None else round(float(price), 9)


def warm_prices(settings: Settings, provider: str, model: str) -> None:
    """Load the price table (genai-prices' import and snapshot, ~0.3 s of CPU) ahead of the first reservation
    (core/warmup.py); nothing to load for a free provider or a config price."""
    if provider in ("local", "rules") or settings.price_override(model) is not None:
        return
    _library_price(provider, price_model(settings, provider, model), 1, 1)


def unpriced_hint(settings: Settings, provider: str, model: str) -> str:
    """How to give `model` a price, as the end of a sentence."""
    azure = " or set `base_model` under [providers.azure] to the deployment's model" if provider == "azure" else ""
    return (f"add [prices.\"{model}\"] with input_per_mtok and output_per_mtok to {settings.path}{azure}, "
            "or set allow_unpriced = true to accept spend the ledger cannot price")


# A request's input, bounded from above. A BPE token is never shorter than one byte, so the UTF-8 bytes of
# everything sent bound its tokens; chat formats add a few tokens per message (role markers, separators),
# and structured output adds the schema's text. Images are billed by size, not bytes: the caller passes
# their bound from the provider's own formula for the size sent (images/tokens.py).
MESSAGE_OVERHEAD_TOKENS = 16
REQUEST_OVERHEAD_TOKENS = 64


def input_token_bound(*, system: str | None, prompt: str, history: list[dict[str, str]] | None = None,
                      schema: dict[str, Any] | None = None, image_tokens: int = 0) -> int:
    """A true upper bound of the input tokens a request may be billed."""
    texts = [system or "", prompt, *(turn["content"] for turn in history or [])]
    messages = len(texts)
    total = sum(len(text.encode("utf-8")) for text in texts)
    if schema is not None:
        total += schema_bytes(schema)
    return total + messages * MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS + image_tokens


# A batch sends one schema object per output shape (agents/schemas.model_schema makes each once and shares
# it, read-only) and bounds it at every reservation and every paced attempt: its JSON is measured once.
# Keyed by identity; the entry holds the schema, so its id cannot be reused by another object meanwhile.
_SCHEMA_BYTES: dict[int, tuple[dict[str, Any], int]] = {}
_SCHEMA_BYTES_MAX = 256


def schema_bytes(schema: dict[str, Any]) -> int:
    """The UTF-8 bytes of a schema's JSON text (what input_token_bound adds for structured output)."""
    found = _SCHEMA_BYTES.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    size = len(json.dumps(schema, ensure_ascii=False).encode("utf-8"))
    if len(_SCHEMA_BYTES) >= _SCHEMA_BYTES_MAX:  # schemas made per request (not shared) would pile up
        _SCHEMA_BYTES.clear()
    _SCHEMA_BYTES[id(schema)] = (schema, size)
    return size


def max_cost_usd(settings: Settings, provider: str, model: str, input_tokens: int,
                 max_output_tokens: int) -> float | None:
    """What a call may cost at most (input bound, output <= max_tokens); None when the model has no price."""
    return cost_usd(settings, provider, model, input_tokens, max_output_tokens)


# A documented estimate where no offline tokenizer fits the model: ~4 bytes of UTF-8 per token, rounded up.
BYTES_PER_TOKEN_ESTIMATE = 4


def estimate_tokens(text: str, provider: str, model: str) -> int:
    """Tokens of text a provider did not count for us (a cut stream): the model's own BPE where an offline
    one exists (bpe-openai embeds OpenAI's encodings), else the byte estimate above."""
    if not text:
        return 0
    if provider in ("openai", "azure"):
        encoding = _openai_encoding(model)
        if encoding is not None:
            return len(encoding.encode(text))
    return -(-len(text.encode("utf-8")) // BYTES_PER_TOKEN_ESTIMATE)


@lru_cache(maxsize=16)
def _openai_encoding(model: str) -> Any:
    try:
        import bpe_openai
    except ImportError:
        return None
    try:
        return bpe_openai.encoding_for_model(model)
    except Exception:  # an unknown model (deployment names, fine-tunes): fall back to the estimate
        return None
