"""Gemini provider: the real `google-genai` SDK against the fake server over real HTTP."""

from __future__ import annotations

import base64

import pytest

from huntaze_cli.providers.base import ImagePart, ProviderError, ProviderRequest, ProviderSettings
from huntaze_cli.providers.gemini_provider import GeminiProvider
from tests.fakes import FakeLLMServer, error, fixtures, hang, rate_limit, reply
from tests.fakes.helpers import SALE_SCHEMA, SaleOutput, closed_port_url

llm_server = fixtures.llm_server  # the shared fixture, re-exported for this module

KEY = "AIzaSyFAKE0123456789abcdefghijklmnop"
MODEL = "gemini-2.5-flash"


def provider_for(server: FakeLLMServer) -> GeminiProvider:
    return GeminiProvider(ProviderSettings("gemini", api_key=KEY, base_url=server.gemini_base_url))


def request(**kw: object) -> ProviderRequest:
    defaults: dict[str, object] = {"model": MODEL, "prompt": "Summarize my week"}
    return ProviderRequest(**{**defaults, **kw})  # type: ignore[arg-type]


def test_complete_path_key_header_config_and_usage(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(reply("Great week.", usage=(50, 4)))
    history = [{"role": "user", "content": "earlier"}, {"role": "assistant", "content": "answer"}]
    response = provider_for(llm_server).complete(
        request(system="You are an analyst.", temperature=0.3, max_output_tokens=77, history=history))

    assert (response.text, response.input_tokens, response.output_tokens) == ("Great week.", 50, 4)
    sent = llm_server.last()
    assert sent.path == f"/v1beta/models/{MODEL}:generateContent" and sent.provider == "gemini"
    assert sent.headers["x-goog-api-key"] == KEY
    assert sent.body["systemInstruction"]["parts"] == [{"text": "You are an analyst."}]
    assert [c["role"] for c in sent.body["contents"]] == ["user", "model", "user"]
    assert sent.body["contents"][-1]["parts"] == [{"text": "Summarize my week"}]
    config = sent.body["generationConfig"]
    assert config["temperature"] == 0.3 and config["maxOutputTokens"] == 77
    assert "responseMimeType" not in config


def test_stream_deltas_in_order_and_usage_from_last_chunk(llm_server: FakeLLMServer) -> None:
    text = "alpha beta gamma delta epsilon zeta eta theta"
    llm_server.enqueue(reply(text, usage=(21, 9)))
    deltas: list[str] = []
    response = provider_for(llm_server).stream(request(), deltas.append)

    assert len(deltas) > 1 and "".join(deltas) == text == response.text
    assert (response.input_tokens, response.output_tokens) == (21, 9)
    assert llm_server.last().path == f"/v1beta/models/{MODEL}:streamGenerateContent"
    assert llm_server.last().query == {"alt": "sse"}


def test_structured_output_sends_json_schema_and_gets_valid_json(llm_server: FakeLLMServer) -> None:
    response = provider_for(llm_server).complete(request(json_schema=SALE_SCHEMA))
    config = llm_server.last().body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"] == SALE_SCHEMA
    SaleOutput.model_validate_json(response.text)


@pytest.mark.parametrize(("status", "kind"), [(500, "server"), (503, "server"), (401, "auth"), (403, "auth"),
                                              (400, "bad_request"), (404, "bad_request")])
def test_http_errors_map_to_kinds_with_exactly_one_attempt(llm_server: FakeLLMServer, status: int,
                                                           kind: str) -> None:
    llm_server.enqueue(error(status, "nope"))
    with pytest.raises(ProviderError) as caught:
        provider_for(llm_server).complete(request())
    assert (caught.value.kind, caught.value.status, caught.value.provider) == (kind, status, "gemini")
    assert "nope" in caught.value.message
    assert llm_server.hits == 1  # the SDK's retries would have re-sent 500/503 (its defaults retry them)


def test_stream_500_is_one_attempt(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(error(500))
    with pytest.raises(ProviderError) as caught:
        provider_for(llm_server).stream(request(), lambda _: None)
    assert caught.value.kind == "server" and llm_server.hits == 1


def test_rate_limit_reads_retry_after_header(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(rate_limit(retry_after="1"))
    with pytest.raises(ProviderError) as caught:
        provider_for(llm_server).complete(request())
    assert (caught.value.kind, caught.value.retry_after) == ("rate_limit", 1.0)
    assert llm_server.hits == 1


def test_rate_limit_reads_retry_info_from_body() -> None:
    from google.genai import errors  # a real SDK error, as the Gemini API shapes it (RetryInfo, no header)

    body = {"error": {"code": 429, "message": "quota", "status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"}]}}
    translated = GeminiProvider(ProviderSettings("gemini", api_key=KEY))._translate(errors.ClientError(429, body))
    assert (translated.kind, translated.retry_after) == ("rate_limit", 17.0)


def test_timeout(llm_server: FakeLLMServer) -> None:
    llm_server.enqueue(hang(3))  # answers after 3 s: a "timeout" error means the 0.5 s deadline fired first
    with pytest.raises(ProviderError) as caught:
        provider_for(llm_server).complete(request(timeout_s=0.5))
    assert caught.value.kind == "timeout"
    assert llm_server.hits == 1


def test_connection_refused_is_network() -> None:
    provider = GeminiProvider(ProviderSettings("gemini", api_key=KEY, base_url=closed_port_url()))
    with pytest.raises(ProviderError) as caught:
        provider.complete(request(timeout_s=2))
    assert caught.value.kind == "network"


def test_image_part_is_inline_data(llm_server: FakeLLMServer) -> None:
    image = ImagePart(b"\xff\xd8\xff\xe0fakejpeg", "image/jpeg", 8, 8)
    provider_for(llm_server).complete(request(image=image))
    parts = llm_server.last().body["contents"][-1]["parts"]
    assert parts[0] == {"text": "Summarize my week"}
    blob = parts[1]["inlineData"]
    # This SDK sends `mime_type` and URL-safe base64 (proto JSON accepts both spellings and alphabets).
    assert blob.get("mimeType", blob.get("mime_type")) == "image/jpeg"
    assert base64.urlsafe_b64decode(blob["data"]) == image.data
    assert llm_server.last().parsed["has_image"]


def test_api_key_never_appears_in_errors(llm_server: FakeLLMServer) -> None:
    llm_server.expected_api_key = "AIzaSyTHE-RIGHT-ONE-0000000000000"  # 401 body echoes the key sent
    provider = provider_for(llm_server)
    with pytest.raises(ProviderError) as caught:
        provider.complete(request())
    exc = caught.value
    assert exc.kind == "auth"
    for shown in (exc.message, str(exc), repr(exc), repr(provider), repr(exc.args)):
        assert KEY not in shown
    assert exc.__cause__ is None


def test_missing_key_is_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "AIza-env-key-must-not-be-used-000000")
    with pytest.raises(ProviderError) as caught:
        GeminiProvider(ProviderSettings("gemini")).complete(request())
    assert caught.value.kind == "auth"


def test_vertex_env_switch_does_not_reroute_gemini_api(llm_server: FakeLLMServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")
    monkeypatch.setenv("GOOGLE_GENAI_API_VERSION", "v1")
    provider_for(llm_server).complete(request())
    assert llm_server.last().path == f"/v1beta/models/{MODEL}:generateContent"


def test_vertex_express_mode_uses_vertex_paths(llm_server: FakeLLMServer) -> None:
    settings = ProviderSettings("gemini", api_key=KEY, base_url=llm_server.gemini_base_url, vertexai=True)
    response = GeminiProvider(settings).complete(request())
    assert response.text.startswith("echo: ")
    assert llm_server.last().path == f"/v1beta1/publishers/google/models/{MODEL}:generateContent"
    assert llm_server.last().headers["x-goog-api-key"] == KEY


def test_callback_errors_propagate_unchanged(llm_server: FakeLLMServer) -> None:
    def broken(_: str) -> None:
        raise OSError("stdout closed")

    with pytest.raises(OSError, match="stdout closed"):
        provider_for(llm_server).stream(request(), broken)
