"""The cloud transcription engine over real HTTP: the openai SDK uploads to the fake server's
/v1/audio/transcriptions (multipart, as OpenAI takes it), and every way the upload ends settles its
reservation at what the provider billed per audio minute."""

from __future__ import annotations

import math
import wave
from pathlib import Path

import pytest

from huntaze_cli.audio.prices import TRANSCRIPTION_USD_PER_MINUTE
from tests.conftest import usage_rows
from tests.fakes import fixtures
from testservers.llm_server import TRANSCRIPT_TEXT, error, rate_limit

llm_server = fixtures.llm_server
pytest.importorskip("av", reason="The cloud transcription tests decode their note with PyAV (the audio extra).")

SECONDS = 7.25  # a note of 7.25 s is billed as 8 started seconds


@pytest.fixture
def note(tmp_path: Path) -> Path:
    """A 16 kHz mono WAV of a soft tone (decoded and measured like any fan's note)."""
    path = tmp_path / "note.wav"
    frames = int(16000 * SECONDS)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"".join(int(3000 * math.sin(i / 8)).to_bytes(2, "little", signed=True)
                                 for i in range(frames)))
    return path


def _cost(model: str, seconds: float) -> float:
    return round(TRANSCRIPTION_USD_PER_MINUTE[model] * math.ceil(seconds) / 60, 9)


def test_whisper_is_uploaded_as_multipart_and_billed_per_started_second(cli, llm_server, note):
    cli.use_server(llm_server)
    result = cli("transcribe", str(note), "--engine", "openai", "--model", "whisper-1", "--json")
    assert result.code == 0, result.stderr
    data = result.json()["data"]
    assert data["text"] == TRANSCRIPT_TEXT and data["language"] == "en" and data["engine"] == "openai"
    upload = llm_server.last()
    assert upload.path.endswith("/audio/transcriptions")
    assert upload.parsed["model"] == "whisper-1" and upload.parsed["fields"]["response_format"] == "verbose_json"
    assert upload.parsed["file_bytes"] == note.read_bytes()
    cli.assert_no_secret(result)
    row = usage_rows(cli.db)[-1]
    assert (row["feature"], row["provider"], row["status"], row["counted"]) == ("transcribe", "openai", "ok", 1)
    assert row["cost_usd"] == pytest.approx(_cost("whisper-1", SECONDS))


def test_a_429_is_retried_after_its_delay_and_billed_once(cli, llm_server, note):
    cli.use_server(llm_server)
    llm_server.enqueue(rate_limit(retry_after="0"))
    result = cli("transcribe", str(note), "--engine", "openai", "--model", "gpt-4o-mini-transcribe", "--json")
    assert result.code == 0, result.stderr
    assert [r.path.endswith("/audio/transcriptions") for r in llm_server.requests] == [True, True]
    rows = usage_rows(cli.db)
    assert len(rows) == 1 and rows[0]["status"] == "ok"
    # gpt-4o-mini-transcribe reports whole seconds in its usage (7): billed as reported, under the hold of 8 s.
    assert rows[0]["cost_usd"] == pytest.approx(_cost("gpt-4o-mini-transcribe", round(SECONDS)))


def test_an_upload_that_keeps_failing_is_settled_at_zero_with_exit_5(cli, llm_server, note):
    cli.use_server(llm_server)
    llm_server.set_default(error(503, "overloaded"))
    result = cli("transcribe", str(note), "--engine", "openai", "--json")
    assert result.code == 5, result.stderr
    assert result.json()["success"] is False
    rows = usage_rows(cli.db)
    assert len(rows) == 1
    assert (rows[0]["status"], rows[0]["cost_usd"]) == ("error", 0.0)
    # Three attempts (the retry policy's), none billed: nothing is left held against the month.
    assert rows[0]["attempts"] == 3 and len(llm_server.requests) == 3
    quota = cli("quota", "--json").json()["data"]["spend"]
    assert (quota["usedUsd"], quota["inFlightUsd"]) == (0.0, 0.0)


def test_a_rejected_key_is_a_credentials_error_and_the_hold_is_released(cli, llm_server, note):
    cli.use_server(llm_server)
    llm_server.set_default(error(401, "Incorrect API key provided: sk-planted."))
    result = cli("transcribe", str(note), "--engine", "openai")
    assert result.code == 6 and "credentials" in result.stderr
    cli.assert_no_secret(result)
    row = usage_rows(cli.db)[-1]
    assert (row["status"], row["cost_usd"]) == ("error", 0.0)


def test_azure_s_deployment_gets_the_upload_and_it_is_billed_like_openai(cli, llm_server, note):
    cli.use_server(llm_server)
    cli.setenv(AZURE_OPENAI_API_KEY="azure-planted-key-7c1d", AZURE_OPENAI_ENDPOINT=llm_server.azure_endpoint)
    result = cli("transcribe", str(note), "--engine", "azure", "--model", "whisper-1", "--json")
    assert result.code == 0, result.stderr
    assert result.json()["data"]["engine"] == "azure"
    upload = llm_server.last()
    assert (upload.provider, upload.path) == ("azure", "/openai/deployments/whisper-1/audio/transcriptions")
    assert upload.query.get("api-version") and upload.parsed["file_bytes"] == note.read_bytes()
    assert "azure-planted-key-7c1d" not in result.stdout + result.stderr
    row = usage_rows(cli.db)[-1]
    assert (row["feature"], row["provider"], row["status"]) == ("transcribe", "azure", "ok")
    assert row["cost_usd"] == pytest.approx(_cost("whisper-1", SECONDS))
