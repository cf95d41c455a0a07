"""`caption --image` over real HTTP (the fake server): the photo's facts in the prompt and in the rules
engine; the model receives a stripped, resized copy in each SDK's shape; the reservation bounds the image by
the provider's formula and the call settles at the reported usage; a bad photo costs nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import usage_rows
from tests.images.make import risky_exif, save, textured
from testservers.llm_server import reply

PRICES = ('[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n'
          '[prices."gpt-4o"]\ninput_per_mtok = 1.0\noutput_per_mtok = 2.0\n'
          '[prices."gpt-4o-mini"]\ninput_per_mtok = 1.0\noutput_per_mtok = 2.0\n')
SECRETS = (b"Exif", b"Jane", b"SN-4242", b"PhoneMaker", b"GPS")


@pytest.fixture
def phone_photo(tmp_path: Path) -> Path:
    """A 2400x1800 JPEG with GPS, a serial and names in its EXIF, as a phone writes it."""
    return save(textured(2400, 1800), tmp_path / "IMG_2041.jpg", exif=risky_exif(), quality=85)


def caption_json(text: str = "golden hour on the pier") -> str:
    return json.dumps({"caption": text, "hashtags": ["#pier"], "confidence": 0.8, "performanceInsights": []})


def assert_clean_copy(data: bytes, mime: str | None, size: tuple[int, int]) -> None:
    assert mime == "image/jpeg"
    for secret in SECRETS:
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as sent:
        assert sent.size == size and dict(sent.getexif()) == {}


def test_openai_gets_a_clean_data_url_and_the_reservation_counts_its_tiles(cli, llm_server, phone_photo):
    cli.use_server(llm_server)
    cli.config(PRICES)
    reserves = {}
    for model in ("gpt-4o", "gpt-4o-mini"):
        llm_server.enqueue(reply(caption_json(), usage=(1234, 56)))
        r = cli("caption", "--image", str(phone_photo), "--provider", "openai", "--model", model, "--no-cache",
                "--json", "golden hour on the pier")
        assert r.code == 0, r.stderr
        assert r.json()["meta"]["usage"] == {"inputTokens": 1234, "outputTokens": 56}
        request = llm_server.last()
        user = request.body["messages"][-1]
        assert user["role"] == "user" and [p["type"] for p in user["content"]] == ["text", "image_url"]
        assert set(user["content"][1]["image_url"]) == {"url"}
        assert user["content"][1]["image_url"]["url"].startswith("data:image/jpeg;base64,")
        [image] = request.parsed["images"]
        assert_clean_copy(image["bytes"], image["mime"], (1024, 768))
        prompt = request.parsed["prompt"]
        assert "<<<IMAGE_FACTS" in prompt and "2400x1800 px, landscape, aspect ratio 4:3" in prompt
        row = usage_rows(cli.db)[-1]
        # Settled at the reported usage, priced from the config: 1,234 in at $1/M, 56 out at $2/M.
        assert (row["status"], row["input_tokens"], row["output_tokens"]) == ("ok", 1234, 56)
        assert row["cost_usd"] == pytest.approx(1234e-6 + 56 * 2e-6, abs=1e-12)
        reserves[model] = row["reserved_usd"]
    # Same prompt, same price: the reservations differ by the image formulas alone. 1024x768 is 4 tiles:
    # gpt-4o 85 + 4 x 170 = 765 tokens, gpt-4o-mini 2,833 + 4 x 5,667 = 25,501 tokens.
    assert reserves["gpt-4o-mini"] - reserves["gpt-4o"] == pytest.approx((25_501 - 765) * 1e-6, abs=1e-9)


def test_gemini_gets_inline_bytes_without_metadata(cli, llm_server, phone_photo):
    cli.use_server(llm_server)
    llm_server.enqueue(reply(caption_json(), usage=(900, 40)))
    r = cli("caption", "--image", str(phone_photo), "--provider", "gemini", "--json", "golden hour on the pier")
    assert r.code == 0, r.stderr
    request = llm_server.last()
    assert request.provider == "gemini"
    parts = request.body["contents"][-1]["parts"]
    assert "text" in parts[0] and "inlineData" in parts[1]
    [image] = request.parsed["images"]
    assert_clean_copy(image["bytes"], image["mime"], (1024, 768))
    assert usage_rows(cli.db)[-1]["input_tokens"] == 900


def test_a_local_vision_server_gets_an_image_url_part(cli, llm_server, phone_photo):
    llm_server.enqueue(reply(caption_json()))
    r = cli("caption", "--image", str(phone_photo), "--base-url", llm_server.openai_base_url, "--json",
            "golden hour on the pier")
    assert r.code == 0, r.stderr
    assert r.json()["meta"]["provider"] == "local"
    [image] = llm_server.last().parsed["images"]
    assert_clean_copy(image["bytes"], image["mime"], (1024, 768))


def test_the_rules_engine_uses_the_photo(cli, tmp_path):
    reel = save(textured(1080, 1920, level=30, spread=25), tmp_path / "reel.jpg", exif=risky_exif())
    r = cli("caption", "--image", str(reel), "--platform", "tiktok", "--type", "video", "--json", "city lights")
    assert r.code == 0, r.stderr
    tips = r.json()["data"]["performanceInsights"]
    assert tips[0].startswith("Safety: this photo carries GPS coordinates")
    assert "Photo: vertical video frame (9:16, 1080x1920)." in tips
    assert any(t.startswith("Low light: the photo is too dark") for t in tips)
    human = cli("caption", "--image", str(reel), "--platform", "tiktok", "--type", "video", "city lights")
    assert human.stderr.splitlines()[0].startswith("Warning: Safety: this photo carries GPS")
    # A low-light photo with no mood: a hook of the moody ("mysterious") tone, not TikTok's default one.
    from huntaze_cli.agents.content.caption_templates import HOOKS, MOOD_TONES, PLATFORM_DEFAULT_TONE

    assert PLATFORM_DEFAULT_TONE["tiktok"] != MOOD_TONES["moody"]
    first = r.json()["data"]["caption"].splitlines()[0]
    assert any(first.startswith(hook) for hook in HOOKS["en"][MOOD_TONES["moody"]]), first


@pytest.mark.parametrize("content", [b"", b"not a photo at all", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00cut"])
def test_a_bad_photo_is_exit_2_before_any_quota(cli, llm_server, tmp_path, content):
    cli.use_server(llm_server)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(content)
    r = cli("caption", "--image", str(bad), "--provider", "openai", "beach")
    assert r.code == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert llm_server.hits == 0
    assert not cli.db.exists() or usage_rows(cli.db) == []


def test_azure_deployment_bounds_the_image_by_its_base_model(cli, llm_server, phone_photo):
    cli.use_server(llm_server)
    cli.config('[retry]\ninitial_delay_ms = 20\n[providers.azure]\nbase_model = "gpt-4o-mini"\n')
    cli.setenv(AZURE_OPENAI_API_KEY="azure-key-123", AZURE_OPENAI_ENDPOINT=llm_server.azure_endpoint)
    llm_server.enqueue(reply(caption_json(), usage=(25_900, 60)))
    r = cli("caption", "--image", str(phone_photo), "--provider", "azure", "--model", "vision-deploy", "--json",
            "golden hour on the pier")
    assert r.code == 0, r.stderr
    request = llm_server.last()
    assert request.path == "/openai/deployments/vision-deploy/chat/completions"
    [image] = request.parsed["images"]
    assert_clean_copy(image["bytes"], image["mime"], (1024, 768))
    row = usage_rows(cli.db)[-1]
    # gpt-4o-mini's list price ($0.15/M in): the hold covers its 25,501 image tokens, and is far below the
    # flat 50,000 tokens it used to reserve; the row settles at what Azure reported.
    assert 25_501 * 0.15e-6 < row["reserved_usd"] < 50_000 * 0.15e-6
    assert (row["input_tokens"], row["output_tokens"]) == (25_900, 60)
