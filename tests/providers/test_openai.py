"""OpenAI, Azure and local providers: the real `openai` SDK against the fake server over real HTTP."""

from __future__ import annotations

import base64
import json

import pytest

from huntaze_cli.providers.base import ImagePart, ProviderError, ProviderRequest, ProviderSettings
from huntaze_cli.providers.openai_provider import DEFAULT_AZURE_API_VERSION, OpenAICompatibleProvider
from huntaze_cli.providers.structured import LOCAL_SAMPLERS
from tests.fakes import FakeLLMServer, error, fixtures, hang, invalid_json, rate_limit, reply
from tests.fakes.helpers import SALE_SCHEMA, SaleOutput, closed_port_url

llm_server = fixtures.llm_server  # the shared fixture, re-exported for this module

KEY = "sk-test-0123456789abcdefSECRET"


def openai_provider(server: FakeLLMServer, **kw: object) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(ProviderSettings("openai", api_key=KEY, base_url=server.openai_base_url, **kw))


def request(**kw: object) -> ProviderRequest:
    defaults: dict[str, object] = {"model": "gpt-4o-mini", "prompt": "Write a caption about a sunset run"}
    return ProviderRequest(**{**defaults, **kw})  # type: ignore[arg-type]


def test_complete_sends_chat_request_and_reports_usage(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(reply("Golden hour miles.", usage=(42, 7)))
    history = [{"role": "user", "content": "first"}, {"role": "assistant", "content": "{}"}]
    response = openai_provider(llm_server).complete(
        request(system="You write captions.", temperature=0.2, max_output_tokens=99, history=history))

    assert (response.text, response.input_tokens, response.output_tokens) == ("Golden hour miles.", 42, 7)
    assert response.model == "gpt-4o-mini"
    sent = llm_server.last()
    assert sent.path == "/v1/chat/completions" and sent.provider == "openai"
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.body["messages"] == [
        {"role": "system", "content": "You write captions."}, *history,
        {"role": "user", "content": "Write a caption about a sunset run"}]
    assert sent.body["temperature"] == 0.2
    assert sent.body["max_completion_tokens"] == 99 and "max_tokens" not in sent.body
    assert "response_format" not in sent.body


def test_default_responder_echoes_the_prompt(llm_server: FakeLLMServer) -> None:
    response = openai_provider(llm_server).complete(request(prompt="hello"))
    assert response.text == "echo: hello"
    assert response.input_tokens > 0 and response.output_tokens > 0


def test_stream_delivers_deltas_in_order_and_final_usage(llm_server: FakeLLMServer) -> None:
    text = "one two three four five six seven eight nine ten"
    llm_server.enqueue(reply(text, usage=(30, 12)))
    deltas: list[str] = []
    response = openai_provider(llm_server).stream(request(), deltas.append)

    assert len(deltas) > 1 and "".join(deltas) == text == response.text
    assert (response.input_tokens, response.output_tokens) == (30, 12)
    assert llm_server.last().body["stream"] is True
    assert llm_server.last().body["stream_options"] == {"include_usage": True}


def _objects(node: object) -> list[dict]:
    if isinstance(node, dict):
        found = [node] if "properties" in node else []
        for key, value in node.items():
            subs = value.values() if key in ("properties", "$defs") and isinstance(value, dict) else [value]
            for sub in subs:
                found.extend(_objects(sub))
        return found
    return [o for item in node for o in _objects(item)] if isinstance(node, list) else []


def test_structured_output_uses_strict_json_schema_and_gets_json(llm_server: FakeLLMServer) -> None:
    response = openai_provider(llm_server).complete(request(json_schema=SALE_SCHEMA, schema_name="sale"))

    fmt = llm_server.last().body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["name"] == "sale"
    assert fmt["json_schema"]["strict"] is True
    sent = fmt["json_schema"]["schema"]
    objects = _objects(sent)
    assert len(objects) == 2  # SaleOutput and Tactic
    for obj in objects:
        assert obj["additionalProperties"] is False and obj["required"] == list(obj["properties"])
    # What was optional stays optional in meaning: it may now be null.
    assert {"type": "null"} in sent["properties"]["note"]["anyOf"]
    assert sent["properties"]["alternativeMessages"]["type"] == ["array", "null"]
    assert "default" not in json.dumps(sent)
    # The SDK's answer parses, with every property present.
    assert set(json.loads(response.text)) == set(sent["properties"])
    assert response.structured_mode == "json_schema" and response.finish_reason == "stop"


def test_invalid_json_behaviour_returns_text_that_is_not_json(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(invalid_json())
    response = openai_provider(llm_server).complete(request(json_schema=SALE_SCHEMA))
    with pytest.raises(ValueError):
        SaleOutput.model_validate_json(response.text)


@pytest.mark.parametrize(("status", "kind"), [(500, "server"), (503, "server"), (401, "auth"), (403, "auth"),
                                              (400, "bad_request"), (404, "bad_request")])
def test_http_errors_map_to_kinds_with_exactly_one_attempt(llm_server: FakeLLMServer, status: int,
                                                           kind: str) -> None:
    # The fake adds `x-should-retry: true` to every error: only max_retries=0 keeps this at one hit.
    llm_server.enqueue(error(status, "boom"))
    with pytest.raises(ProviderError) as caught:
        openai_provider(llm_server).complete(request())
    assert (caught.value.kind, caught.value.status, caught.value.provider) == (kind, status, "openai")
    assert caught.value.retryable == (kind == "server")
    assert "boom" in caught.value.message
    assert llm_server.hits == 1


def test_stream_error_is_translated_too(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(502))
    with pytest.raises(ProviderError) as caught:
        openai_provider(llm_server).stream(request(), lambda _: None)
    assert caught.value.kind == "server" and llm_server.hits == 1


def test_rate_limit_carries_retry_after_seconds(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(rate_limit(retry_after="1"))
    with pytest.raises(ProviderError) as caught:
        openai_provider(llm_server).complete(request())
    assert (caught.value.kind, caught.value.status, caught.value.retry_after) == ("rate_limit", 429, 1.0)
    assert llm_server.hits == 1


def test_rate_limit_retry_after_as_http_date(llm_server: FakeLLMServer) -> None:
    # The date form end to end through the SDK; a date already past means "retry now" (0 s), whatever the
    # clock. The arithmetic for a future date is tested with an injected clock in test_registry.py.
    llm_server.enqueue(rate_limit(retry_after="Wed, 21 Oct 2015 07:28:00 GMT"))
    with pytest.raises(ProviderError) as caught:
        openai_provider(llm_server).complete(request())
    assert caught.value.kind == "rate_limit" and caught.value.retry_after == 0.0


def test_timeout_is_fast_and_retryable(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(hang(3))  # answers after 3 s: a "timeout" error means the 0.5 s deadline fired first
    with pytest.raises(ProviderError) as caught:
        openai_provider(llm_server).complete(request(timeout_s=0.5))
    assert caught.value.kind == "timeout" and caught.value.retryable
    assert llm_server.hits == 1


def test_connection_refused_is_network() -> None:
    provider = OpenAICompatibleProvider(ProviderSettings("openai", api_key=KEY, base_url=closed_port_url("/v1")))
    with pytest.raises(ProviderError) as caught:
        provider.complete(request(timeout_s=2))
    assert caught.value.kind == "network" and caught.value.retryable


def test_missing_key_is_auth_without_a_request(llm_server: FakeLLMServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env-must-not-be-used")
    provider = OpenAICompatibleProvider(ProviderSettings("openai", base_url=llm_server.openai_base_url))
    with pytest.raises(ProviderError) as caught:
        provider.complete(request())
    assert caught.value.kind == "auth" and llm_server.hits == 0


def test_api_key_never_appears_in_errors(llm_server: FakeLLMServer) -> None:
    llm_server.expected_api_key = "sk-the-right-one-0000"  # the fake echoes the wrong key in its 401 body
    provider = openai_provider(llm_server)
    with pytest.raises(ProviderError) as caught:
        provider.complete(request())
    exc = caught.value
    assert exc.kind == "auth"
    for shown in (exc.message, str(exc), repr(exc), repr(provider), repr(exc.__cause__), repr(exc.args)):
        assert KEY not in shown
    assert exc.__cause__ is None  # `from None`: the SDK exception (with the request) is not chained


def test_image_is_sent_as_data_url(llm_server: FakeLLMServer) -> None:
    image = ImagePart(b"\x89PNG\r\n\x1a\nfake", "image/png", 1, 1)
    openai_provider(llm_server).complete(request(image=image))
    content = llm_server.last().body["messages"][-1]["content"]
    assert content[0] == {"type": "text", "text": "Write a caption about a sunset run"}
    url = content[1]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    assert base64.b64decode(url.split(",", 1)[1]) == image.data
    assert llm_server.last().parsed["has_image"]


# ---- azure ----------------------------------------------------------------------------------------------
def azure_provider(server: FakeLLMServer, **kw: object) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(ProviderSettings("azure", api_key="azure-key-123", endpoint=server.azure_endpoint,
                                                     **kw))


def test_azure_uses_deployment_path_api_version_and_api_key_header(llm_server: FakeLLMServer) -> None:
    response = azure_provider(llm_server).complete(request(model="my-deployment", json_schema=SALE_SCHEMA))
    sent = llm_server.last()
    assert sent.path == "/openai/deployments/my-deployment/chat/completions"
    assert sent.query == {"api-version": DEFAULT_AZURE_API_VERSION}
    assert sent.headers["api-key"] == "azure-key-123" and "authorization" not in sent.headers
    assert sent.provider == "azure" and sent.body["response_format"]["type"] == "json_schema"
    assert sent.body["max_completion_tokens"] == 512
    assert sent.body["response_format"]["json_schema"]["strict"] is True
    assert "suggestedPrice" in json.loads(response.text)


def test_azure_custom_api_version_and_stream(llm_server: FakeLLMServer) -> None:
    deltas: list[str] = []
    azure_provider(llm_server, api_version="2025-04-01-preview").stream(request(model="dep"), deltas.append)
    assert llm_server.last().query == {"api-version": "2025-04-01-preview"}
    assert "".join(deltas).startswith("echo: ")


def test_azure_errors_are_translated(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(500))
    with pytest.raises(ProviderError) as caught:
        azure_provider(llm_server).complete(request(model="dep"))
    assert (caught.value.kind, caught.value.provider) == ("server", "azure") and llm_server.hits == 1


def test_azure_without_endpoint_is_auth() -> None:
    provider = OpenAICompatibleProvider(ProviderSettings("azure", api_key="k"))
    with pytest.raises(ProviderError) as caught:
        provider.complete(request())
    assert caught.value.kind == "auth"


# ---- local ----------------------------------------------------------------------------------------------
def test_local_needs_no_key_and_never_sends_openai_key(llm_server: FakeLLMServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env-must-not-leak")
    provider = OpenAICompatibleProvider(ProviderSettings("local", base_url=llm_server.openai_base_url))
    response = provider.complete(request(model="llama3.2", max_output_tokens=64))
    sent = llm_server.last()
    assert response.text.startswith("echo: ")
    assert "sk-from-env" not in sent.headers.get("authorization", "")
    assert sent.body["max_tokens"] == 64 and "max_completion_tokens" not in sent.body


def local_provider(server: FakeLLMServer) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(ProviderSettings("local", base_url=server.openai_base_url))


def test_local_structured_sends_the_schema_for_constrained_decoding_not_in_the_prompt(
        llm_server: FakeLLMServer) -> None:
    response = local_provider(llm_server).complete(
        request(model="llama3.2", system="You sell.", json_schema=SALE_SCHEMA, schema_name="SaleOutput"))
    body = llm_server.last().body
    assert body["response_format"] == {"type": "json_schema", "json_schema": {
        "name": "SaleOutput", "schema": SALE_SCHEMA, "strict": True}}
    assert body["messages"][0] == {"role": "system", "content": "You sell."}  # no schema pasted in
    # llama.cpp's repetition samplers ride along (other servers ignore unknown fields).
    assert {k: body[k] for k in LOCAL_SAMPLERS} == LOCAL_SAMPLERS
    assert response.structured_mode == "json_schema"
    SaleOutput.model_validate_json(response.text)


@pytest.mark.parametrize("status,message", [
    (400, "response_format type json_schema is not supported"),
    (422, "unprocessable entity"),
    (404, "Not Found"),
    (500, "invalid value for response_format"),
])
def test_local_server_that_rejects_json_schema_gets_one_retry_in_json_mode(
        llm_server: FakeLLMServer, status: int, message: str) -> None:
    llm_server.enqueue(error(status, message))
    response = local_provider(llm_server).complete(
        request(model="llama3.2", system="You sell.", json_schema=SALE_SCHEMA))

    first, second = llm_server.requests
    assert first.body["response_format"]["type"] == "json_schema"
    assert second.body["response_format"] == {"type": "json_object"}
    assert not set(LOCAL_SAMPLERS) & set(second.body)  # the fallback sends nothing llama.cpp-specific
    system = second.body["messages"][0]["content"]
    assert system.startswith("You sell.") and '"suggestedPrice"' in system
    assert response.structured_mode == "json_object"
    SaleOutput.model_validate_json(response.text)


def test_local_remembered_json_mode_skips_the_failed_attempt(llm_server: FakeLLMServer) -> None:
    response = local_provider(llm_server).complete(
        request(model="llama3.2", json_schema=SALE_SCHEMA, structured_mode="json_object"))
    assert llm_server.hits == 1 and llm_server.last().body["response_format"] == {"type": "json_object"}
    assert response.structured_mode == "json_object"


@pytest.mark.parametrize("status,message", [(400, "the request exceeds the available context size"),
                                            (401, "bad key"), (429, "busy")])
def test_local_errors_that_are_not_about_the_format_are_not_retried_in_json_mode(
        llm_server: FakeLLMServer, status: int, message: str) -> None:
    llm_server.enqueue(error(status, message))
    with pytest.raises(ProviderError):
        local_provider(llm_server).complete(request(model="llama3.2", json_schema=SALE_SCHEMA))
    assert llm_server.hits == 1


def test_local_free_text_rejected_for_sampler_fields_is_sent_again_without_them(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(400, "unknown field: dry_multiplier"))
    response = local_provider(llm_server).complete(request(model="m", prompt="hello"))
    first, second = llm_server.requests
    assert "dry_multiplier" in first.body and not set(LOCAL_SAMPLERS) & set(second.body)
    assert response.text == "echo: hello" and response.structured_mode is None


def test_callback_errors_propagate_unchanged(llm_server: FakeLLMServer) -> None:
    def broken(_: str) -> None:
        raise BrokenPipeError("stdout closed")

    with pytest.raises(BrokenPipeError):
        openai_provider(llm_server).stream(request(), broken)


def test_completion_fields_read_the_usual_body_and_leave_other_shapes_to_the_sdk() -> None:
    from huntaze_cli.providers.openai_provider import _completion_fields

    body = {"model": "gpt-4o-mini", "choices": [{"message": {"content": "hi"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 2}}
    assert _completion_fields(json.dumps(body).encode()) == ("hi", 10, 2, "gpt-4o-mini", "stop", True)
    assert _completion_fields(json.dumps({**body, "usage": None}).encode()) == ("hi", 0, 0, "gpt-4o-mini", "stop",
                                                                                 False)
    assert _completion_fields(b'{"choices": []}') == ("", 0, 0, None, None, False)
    for odd in (b"not json", b"[]", b'{"choices": [{"message": "x"}]}',
                b'{"choices": [{"message": {"content": ["a"]}}]}', b'{"choices": [], "usage": {"prompt_tokens": "9"}}'):
        assert _completion_fields(odd) is None
