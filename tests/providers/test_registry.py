"""Registry and the providers' shared helpers (no network)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email.utils import formatdate

import pytest

from huntaze_cli.providers.base import ProviderSettings, parse_retry_after, redact_secrets
from huntaze_cli.providers.gemini_provider import GeminiProvider
from huntaze_cli.providers.known import PROVIDERS
from huntaze_cli.providers.openai_provider import OpenAICompatibleProvider
from huntaze_cli.providers.registry import build_provider, credential_hint, has_credentials


def test_build_provider_picks_the_class_by_name() -> None:
    for name in ("openai", "azure", "local"):
        provider = build_provider(ProviderSettings(name))
        assert isinstance(provider, OpenAICompatibleProvider) and provider.name == name
    assert isinstance(build_provider(ProviderSettings("gemini")), GeminiProvider)
    with pytest.raises(ValueError):
        build_provider(ProviderSettings("rules"))
    assert PROVIDERS == ("openai", "azure", "gemini", "local")


@pytest.mark.parametrize(("settings", "expected"), [
    (ProviderSettings("openai", api_key="k"), True),
    (ProviderSettings("openai"), False),
    (ProviderSettings("azure", api_key="k"), False),
    (ProviderSettings("azure", api_key="k", endpoint="https://x.openai.azure.com"), True),
    (ProviderSettings("gemini", api_key="k"), True),
    (ProviderSettings("gemini", vertexai=True, project="p"), True),
    (ProviderSettings("gemini", vertexai=True), False),
    (ProviderSettings("local", base_url="http://127.0.0.1:11434/v1"), True),
    (ProviderSettings("local"), False),
])
def test_has_credentials(settings: ProviderSettings, expected: bool) -> None:
    assert has_credentials(settings) is expected


def test_credential_hints_name_the_env_vars() -> None:
    assert "OPENAI_API_KEY" in credential_hint("openai")
    assert "GEMINI_API_KEY" in credential_hint("gemini") and "GOOGLE_API_KEY" in credential_hint("gemini")
    assert "AZURE_OPENAI_API_KEY" in credential_hint("azure")
    assert "AZURE_OPENAI_ENDPOINT" in credential_hint("azure")
    assert "--base-url" in credential_hint("local")


def test_importing_providers_loads_no_sdk() -> None:
    code = ("import sys, huntaze_cli.providers, huntaze_cli.providers.registry, "
            "huntaze_cli.providers.openai_provider, huntaze_cli.providers.gemini_provider;"
            "from huntaze_cli.providers.registry import build_provider;"
            "from huntaze_cli.providers.base import ProviderSettings;"
            "build_provider(ProviderSettings('openai')); build_provider(ProviderSettings('gemini'));"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'google', 'httpx2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after({"retry-after": "2"}) == 2.0
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None and parse_retry_after(None) is None
    now = datetime(2026, 11, 25, 13, 0, 0, tzinfo=timezone.utc)
    in_ten = {"retry-after": formatdate((now + timedelta(seconds=10)).timestamp(), usegmt=True)}
    assert parse_retry_after(in_ten, now=now) == 10.0
    assert parse_retry_after(in_ten, now=now + timedelta(seconds=30)) == 0.0  # a date in the past: no wait


def test_redact_secrets() -> None:
    text = redact_secrets("Incorrect API key provided: sk-abc123456789 and mykey-42", "mykey-42")
    assert "sk-abc" not in text and "mykey-42" not in text and "[redacted]" in text
    assert len(redact_secrets("x" * 5000)) <= 300
