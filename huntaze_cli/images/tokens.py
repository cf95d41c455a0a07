"""What one image can be billed, in input tokens, by each provider's published formula (an upper bound:
the reservation; the call then settles at the usage the provider reports).

OpenAI, by model family (detail "high", the costliest; we send the default "auto"):
  tiles    fit in 2048 x 2048, then scale the shortest side to 768; count 512 px tiles;
           base + per_tile x tiles: 85 + 170 (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, gpt-4-turbo),
           2,833 + 5,667 (gpt-4o-mini), 75 + 150 (o1, o3). Whether a small photo is scaled up to 768 is not
           documented, so the bound takes the larger of both readings.
  patches  32 px patches covering the image, at most 1,536, times the model's multiplier:
           1.62 (gpt-4.1-mini, gpt-5-mini), 2.46 (gpt-4.1-nano, gpt-5-nano), 1.72 (o4-mini).
  A model not in these lists (a newer one, a fine-tune, an Azure deployment without `base_model`) gets the
  largest of every formula above, so the reservation still holds.
Gemini: an image of at most 384 px on both sides is 258 tokens; a larger one is cut into 768 x 768 tiles of
  258 tokens each (Gemini 1.5 and 2.x). Gemini 3 and later allocate by media resolution instead, at most
  1,120 tokens per image at the default (high); models other than 1.x/2.x get the larger of both.
Local servers are free: the bound only matters for their context, not for money.
"""

from __future__ import annotations

import math
import re

_TILE_FAMILIES: dict[str, tuple[int, int]] = {
    "gpt-4o": (85, 170), "chatgpt-4o-latest": (85, 170), "gpt-4.1": (85, 170), "gpt-4.5-preview": (85, 170),
    "gpt-4-turbo": (85, 170), "gpt-5": (85, 170), "gpt-4o-mini": (2833, 5667), "o1": (75, 150),
    "o1-pro": (75, 150), "o3": (75, 150), "o3-pro": (75, 150),
}
_PATCH_FAMILIES: dict[str, float] = {
    "gpt-4.1-mini": 1.62, "gpt-5-mini": 1.62, "gpt-4.1-nano": 2.46, "gpt-5-nano": 2.46, "o4-mini": 1.72,
}
MAX_PATCHES = 1536
GEMINI_TILE_TOKENS = 258
GEMINI_SMALL_SIDE = 384
GEMINI_TILE_SIDE = 768
GEMINI_MEDIA_HIGH_TOKENS = 1120
_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_GEMINI_TILED = re.compile(r"^(?:models/)?gemini-(?:1\.\d|2\.\d)(?:-|$)")


def _openai_tiles(width: int, height: int, upscale: bool) -> int:
    w, h = float(width), float(height)
    fit = min(1.0, 2048 / max(w, h))
    w, h = w * fit, h * fit
    short = 768 / min(w, h)
    if upscale or short < 1:
        w, h = w * short, h * short
        clamp = min(1.0, 2048 / max(w, h))  # a long thin photo scaled up must still fit in 2048
        w, h = w * clamp, h * clamp
    return math.ceil(w / 512) * math.ceil(h / 512)


def openai_tile_tokens(width: int, height: int, base: int, per_tile: int) -> int:
    tiles = max(_openai_tiles(width, height, False), _openai_tiles(width, height, True))
    return base + per_tile * tiles


def openai_patch_tokens(width: int, height: int, multiplier: float) -> int:
    patches = min(MAX_PATCHES, math.ceil(width / 32) * math.ceil(height / 32))
    return math.ceil(patches * multiplier)


def gemini_tile_tokens(width: int, height: int) -> int:
    if width <= GEMINI_SMALL_SIDE and height <= GEMINI_SMALL_SIDE:
        return GEMINI_TILE_TOKENS
    return math.ceil(width / GEMINI_TILE_SIDE) * math.ceil(height / GEMINI_TILE_SIDE) * GEMINI_TILE_TOKENS


def openai_image_tokens(model: str, width: int, height: int) -> int:
    family = _DATED.sub("", model.strip().lower())
    if family in _PATCH_FAMILIES:
        return openai_patch_tokens(width, height, _PATCH_FAMILIES[family])
    if family in _TILE_FAMILIES:
        return openai_tile_tokens(width, height, *_TILE_FAMILIES[family])
    return max([openai_tile_tokens(width, height, *f) for f in set(_TILE_FAMILIES.values())]
               + [openai_patch_tokens(width, height, m) for m in set(_PATCH_FAMILIES.values())])


def gemini_image_tokens(model: str, width: int, height: int) -> int:
    tiled = gemini_tile_tokens(width, height)
    return tiled if _GEMINI_TILED.match(model.strip().lower()) else max(tiled, GEMINI_MEDIA_HIGH_TOKENS)


def image_token_bound(provider: str, model: str, width: int, height: int) -> int:
    """Input tokens one image of width x height (as sent) can be billed by `provider`'s `model` at most."""
    if provider == "gemini":
        return gemini_image_tokens(model, width, height)
    # openai, azure (its base model), local (free; OpenAI's largest formula is a generous context estimate)
    return openai_image_tokens(model, width, height)
