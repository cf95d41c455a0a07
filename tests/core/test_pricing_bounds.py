"""The reservation's bound and the estimate of tokens nobody reported, with the arithmetic shown."""

from __future__ import annotations

import pytest

from huntaze_cli.core.pricing import (
    MESSAGE_OVERHEAD_TOKENS,
    REQUEST_OVERHEAD_TOKENS,
    estimate_tokens,
    input_token_bound,
    schema_bytes,
)

SAMPLES = ["hello", "Bonjour à tous, ça va ? 🌅🏃‍♀️ #sunset", "日本語のキャプションを書いてください", "x" * 5000,
           '{"caption": "a", "hashtags": ["#a", "#b"]}', "\n\n\t  spaced   out  \n"]


def test_the_input_bound_is_bytes_plus_overheads() -> None:
    # system 7 bytes + prompt 5 bytes + one history turn 2 bytes; 3 messages x 16 + 64.
    bound = input_token_bound(system="be kind", prompt="hello", history=[{"role": "user", "content": "hi"}])
    assert bound == (7 + 5 + 2) + 3 * MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS
    # The schema's JSON text counts; each image adds its bound.
    schema = {"type": "object"}
    assert input_token_bound(system=None, prompt="a", schema=schema, image_tokens=765) == \
        1 + len('{"type": "object"}') + 2 * MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS + 765


def test_a_shared_schema_is_measured_once_and_another_object_on_its_own() -> None:
    schema = {"type": "object", "description": "légende"}   # 'é' is 2 bytes of UTF-8
    assert schema_bytes(schema) == len('{"type": "object", "description": "légende"}') + 1
    # The same object again is answered from the cache; an equal-looking new object is measured itself.
    assert schema_bytes(schema) == 45
    assert schema_bytes({"type": "object", "description": "caption"}) == 44


@pytest.mark.parametrize("text", SAMPLES)
def test_a_real_bpe_never_counts_more_tokens_than_the_bound(text: str) -> None:
    import bpe_openai

    for name in ("o200k_base", "cl100k_base"):
        tokens = len(bpe_openai.get_encoding(name).encode(text))
        assert tokens <= input_token_bound(system=None, prompt=text) - REQUEST_OVERHEAD_TOKENS


def test_estimates_use_the_models_own_bpe_offline_else_four_bytes_a_token() -> None:
    import bpe_openai

    text = "Cold brew, slow sunrise. " * 3
    assert estimate_tokens(text, "openai", "gpt-4o-mini") == len(bpe_openai.encoding_for_model("gpt-4o-mini")
                                                                 .encode(text))
    # Gemini (no offline tokenizer here) and unknown deployments: ceil(75 bytes / 4) = 19.
    assert estimate_tokens(text, "gemini", "gemini-2.5-flash") == 19
    assert estimate_tokens(text, "azure", "my-deployment") == 19
    assert estimate_tokens("", "openai", "gpt-4o-mini") == 0
