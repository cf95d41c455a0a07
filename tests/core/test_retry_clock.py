"""The retry policy's waits, measured with an injected sleep instead of the wall clock: the real OpenAI SDK
over real HTTP against the fake server, and call_with_retry recording what it would have slept."""

from __future__ import annotations

import pytest

from huntaze_cli.core.resilience import MAX_RETRY_AFTER_S, RetryPolicy, call_with_retry
from huntaze_cli.providers.base import ProviderError, ProviderRequest, ProviderSettings
from huntaze_cli.providers.openai_provider import OpenAICompatibleProvider
from tests.fakes import FakeLLMServer, error, fixtures, rate_limit, reply

llm_server = fixtures.llm_server

NO_JITTER = RetryPolicy(attempts=3, initial_s=1.0, multiplier=2.0, max_s=5.0, jitter=False)


def _call(server: FakeLLMServer, policy: RetryPolicy) -> tuple[str, list[float]]:
    provider = OpenAICompatibleProvider(ProviderSettings("openai", api_key="sk-test-clock-0123456789",
                                                         base_url=server.openai_base_url))
    request = ProviderRequest(model="gpt-4o-mini", prompt="hi")
    slept: list[float] = []
    response = call_with_retry(lambda: provider.complete(request), policy, sleep=slept.append)
    return response.text, slept


def test_retry_after_is_honoured_exactly(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(rate_limit("1"), reply("after the pause"))
    text, slept = _call(llm_server, NO_JITTER)
    assert text == "after the pause" and slept == [1.0] and llm_server.hits == 2


def test_backoff_doubles_and_is_capped(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(500), error(503), reply("third time lucky"))
    assert _call(llm_server, NO_JITTER) == ("third time lucky", [1.0, 2.0])
    llm_server.enqueue(error(500), error(500), error(500), reply("fourth"))
    capped = RetryPolicy(attempts=4, initial_s=4.0, multiplier=2.0, max_s=5.0, jitter=False)
    assert _call(llm_server, capped) == ("fourth", [4.0, 5.0, 5.0])


def test_jitter_stays_within_a_quarter_of_the_initial_delay(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(500), reply("ok"))
    _, [waited] = _call(llm_server, RetryPolicy(attempts=2, initial_s=1.0, multiplier=2.0, max_s=5.0, jitter=True))
    assert 1.0 <= waited <= 1.25


def test_a_retry_after_beyond_the_cap_falls_back_at_once(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(rate_limit(str(int(MAX_RETRY_AFTER_S) + 10)))
    with pytest.raises(ProviderError) as caught:
        _call(llm_server, NO_JITTER)
    assert caught.value.kind == "rate_limit" and llm_server.hits == 1


def test_no_sleep_for_errors_that_are_not_retried(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(400, "bad request"))
    slept: list[float] = []
    provider = OpenAICompatibleProvider(ProviderSettings("openai", api_key="sk-test-clock-0123456789",
                                                         base_url=llm_server.openai_base_url))
    with pytest.raises(ProviderError):
        call_with_retry(lambda: provider.complete(ProviderRequest(model="m", prompt="x")), NO_JITTER,
                        sleep=slept.append)
    assert slept == [] and llm_server.hits == 1
