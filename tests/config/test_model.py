"""config.model's Section: what the dataclasses it replaced gave (defaults, fresh tables, equality, dumps)."""

from __future__ import annotations

import pytest

from huntaze_cli.config.model import ConfigFile, ProviderConfig, RetryConfig, dump, parse


def test_defaults_and_keywords() -> None:
    retry = RetryConfig(attempts=5)
    assert (retry.attempts, retry.initial_delay_ms, retry.jitter) == (5, 1000, True)
    assert [s.name for s in RetryConfig.specs] == ["attempts", "initial_delay_ms", "multiplier", "max_delay_ms",
                                                     "jitter"]


def test_an_unknown_keyword_is_refused() -> None:
    with pytest.raises(TypeError, match="no setting atempts"):
        RetryConfig(atempts=5)


def test_each_instance_gets_fresh_tables() -> None:
    first, second = ConfigFile(), ConfigFile()
    first.providers["openai"] = ProviderConfig(model="m")
    first.retry.attempts = 9
    assert second.providers == {} and second.retry.attempts == 3


def test_equality_is_by_value_and_type() -> None:
    assert RetryConfig(attempts=4) == RetryConfig(attempts=4)
    assert RetryConfig(attempts=4) != RetryConfig(attempts=5)
    assert ProviderConfig() != RetryConfig()


def test_dump_is_nested_plain_data_in_file_order_and_a_copy() -> None:
    cfg = parse({"timeout_s": 12, "providers": {"openai": {"model": "gpt"}},
                 "features": {"chat": {"fallback": ["gemini", "rules"]}}})
    data = dump(cfg)
    assert list(data)[:3] == ["default_creator", "ledger_url", "timeout_s"]
    assert data["timeout_s"] == 12.0 and data["retry"]["attempts"] == 3
    assert data["providers"]["openai"]["model"] == "gpt"
    data["features"]["chat"]["fallback"].append("openai")
    assert cfg.features["chat"].fallback == ["gemini", "rules"]
    assert dump(cfg, exclude_none=True)["providers"] == {"openai": {"model": "gpt", "vertexai": False}}
