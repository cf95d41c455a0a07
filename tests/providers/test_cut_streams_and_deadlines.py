"""What a provider reports when an attempt goes wrong midway: a stream cut before its end marker, a server
trickling bytes past the attempt's total deadline, an error body that carries usage. Real SDKs, real HTTP."""

from __future__ import annotations

import time

import pytest

from huntaze_cli.providers.base import ProviderError, ProviderRequest, ProviderSettings
from huntaze_cli.providers.gemini_provider import GeminiProvider
from huntaze_cli.providers.openai_provider import OpenAICompatibleProvider
from tests.fakes import FakeLLMServer, cut, error, fixtures, reply, trickle

llm_server = fixtures.llm_server

KEY = "sk-test-0123456789abcdefSECRET"
TEXT = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"


def providers(server: FakeLLMServer) -> dict[str, object]:
    return {"openai": OpenAICompatibleProvider(ProviderSettings("openai", api_key=KEY,
                                                                base_url=server.openai_base_url)),
            "gemini": GeminiProvider(ProviderSettings("gemini", api_key=KEY, base_url=server.gemini_base_url))}


def model(name: str) -> str:
    return "gemini-2.5-flash" if name == "gemini" else "gpt-4o-mini"


@pytest.mark.parametrize("name", ["openai", "gemini"])
def test_a_stream_cut_before_its_end_marker_is_an_incomplete_attempt_with_the_text_received(
        llm_server: FakeLLMServer, name: str) -> None:
    llm_server.enqueue(cut(TEXT, after_chunks=2))
    seen: list[str] = []
    with pytest.raises(ProviderError) as caught:
        providers(llm_server)[name].stream(ProviderRequest(model=model(name), prompt="go"), seen.append)  # type: ignore[attr-defined]
    error_ = caught.value
    assert error_.kind == "incomplete" and error_.retryable
    assert error_.partial_text == "".join(seen) == "one two three four five six "
    assert error_.usage is None  # nothing reported: the caller estimates


@pytest.mark.parametrize("name", ["openai", "gemini"])
def test_a_complete_stream_reports_its_finish_reason(llm_server: FakeLLMServer, name: str) -> None:
    llm_server.enqueue(reply(TEXT, usage=(9, 15)))
    response = providers(llm_server)[name].stream(ProviderRequest(model=model(name), prompt="go"),  # type: ignore[attr-defined]
                                                  lambda _t: None)
    assert response.text == TEXT and response.finish_reason is not None and response.usage_reported
    assert (response.input_tokens, response.output_tokens) == (9, 15)


@pytest.mark.parametrize("name", ["openai", "gemini"])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_trickling_server_cannot_hold_an_attempt_past_its_total_deadline(llm_server: FakeLLMServer,
                                                                           name: str, streamed: bool) -> None:
    # 6 bytes every 50 ms: every socket read succeeds well within timeout_s, the whole body takes seconds.
    llm_server.enqueue(trickle(TEXT * 2, nbytes=6, every_s=0.05))
    request = ProviderRequest(model=model(name), prompt="go", timeout_s=0.6, deadline=time.monotonic() + 0.6)
    provider = providers(llm_server)[name]
    with pytest.raises(ProviderError) as caught:
        if streamed:
            provider.stream(request, lambda _t: None)  # type: ignore[attr-defined]
        else:
            provider.complete(request)  # type: ignore[attr-defined]
    assert caught.value.kind == "timeout"


@pytest.mark.parametrize("name", ["openai", "gemini"])
def test_an_error_body_that_carries_usage_reports_it(llm_server: FakeLLMServer, name: str) -> None:
    llm_server.enqueue(error(500, "overloaded midway", usage=(1200, 300)))
    with pytest.raises(ProviderError) as caught:
        providers(llm_server)[name].complete(ProviderRequest(model=model(name), prompt="go"))  # type: ignore[attr-defined]
    assert caught.value.kind == "server" and caught.value.usage == (1200, 300)
