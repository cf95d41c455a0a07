"""Image token bounds: the providers' documented worked examples, and the bound for unknown models."""

from __future__ import annotations

from huntaze_cli.images.send import SEND_LONG_SIDE, SEND_SHORT_SIDE, send_size
from huntaze_cli.images.tokens import gemini_image_tokens, image_token_bound, openai_image_tokens


def test_openai_tiles_documented_examples() -> None:
    assert openai_image_tokens("gpt-4o", 1024, 1024) == 765       # 4 tiles after 768x768
    assert openai_image_tokens("gpt-4o", 2048, 4096) == 1105      # 1024x2048 -> 768x1536: 6 tiles
    assert openai_image_tokens("gpt-4o-2024-08-06", 1024, 1024) == 765
    assert openai_image_tokens("gpt-4o-mini", 1024, 1024) == 2833 + 4 * 5667
    assert openai_image_tokens("o1", 1024, 1024) == 75 + 4 * 150


def test_small_image_bound_covers_an_upscale() -> None:
    # 512x512: 1 tile if not scaled up, 4 if scaled to 768; the bound takes the larger.
    assert openai_image_tokens("gpt-4o", 512, 512) == 85 + 4 * 170


def test_openai_patches() -> None:
    assert openai_image_tokens("gpt-4.1-mini", 1024, 1024) == 1659   # 1024 patches x 1.62
    assert openai_image_tokens("gpt-4.1-nano", 4000, 3000) == 3779   # capped at 1,536 x 2.46


def test_unknown_model_gets_the_largest_formula() -> None:
    w, h = send_size(4032, 3024)
    assert image_token_bound("openai", "gpt-9-vision", w, h) == max(
        openai_image_tokens(m, w, h) for m in ("gpt-4o", "gpt-4o-mini", "o1", "gpt-4.1-nano", "gpt-4.1-mini"))


def test_gemini() -> None:
    assert gemini_image_tokens("gemini-2.0-flash", 384, 384) == 258
    assert gemini_image_tokens("gemini-2.5-flash", 600, 400) == 258          # one 768 tile
    assert gemini_image_tokens("gemini-2.5-flash", 768, 2048) == 3 * 258
    assert gemini_image_tokens("gemini-3-flash-preview", 768, 2048) == 1120  # media resolution high


def test_send_size_is_the_documented_maximum() -> None:
    assert send_size(4032, 3024) == (1024, SEND_SHORT_SIDE)
    assert send_size(1080, 8000) == (276, SEND_LONG_SIDE)  # 0.256 x 1080 = 276.5
    assert send_size(640, 480) == (640, 480)   # never scaled up
