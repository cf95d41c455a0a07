"""Which providers exist, whether they are configured, and how to build one (SDK modules load lazily)."""

from __future__ import annotations

from huntaze_cli.providers.base import Provider, ProviderSettings
from huntaze_cli.providers.known import DEFAULT_LOCAL_BASE_URL, OPENAI_COMPATIBLE, PROVIDERS

_HINTS = {
    "openai": "Set OPENAI_API_KEY to use OpenAI.",
    "azure": "Set AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT to use Azure OpenAI.",
    "gemini": "Set GEMINI_API_KEY (or GOOGLE_API_KEY) to use Gemini.",
    "local": f"Pass --base-url (e.g. {DEFAULT_LOCAL_BASE_URL}) to use a local OpenAI-compatible server.",
}


def build_provider(settings: ProviderSettings) -> Provider:
    """A provider for settings.name; raises ValueError for an unknown name. No network, no SDK import yet."""
    if settings.name in OPENAI_COMPATIBLE:
        from huntaze_cli.providers.openai_provider import OpenAICompatibleProvider

        return OpenAICompatibleProvider(settings)
    if settings.name == "gemini":
        from huntaze_cli.providers.gemini_provider import GeminiProvider

        return GeminiProvider(settings)
    raise ValueError(f"Unknown provider {settings.name!r}; known: {', '.join(PROVIDERS)}.")


def import_sdk(name: str) -> None:
    """Import the SDK a provider calls through (core/warmup.py loads it ahead of a batch's first request)."""
    if name in OPENAI_COMPATIBLE:
        from huntaze_cli.providers.openai_provider import import_sdk as load
    elif name == "gemini":
        from huntaze_cli.providers.gemini_provider import import_sdk as load
    else:
        return
    load()


def has_credentials(settings: ProviderSettings) -> bool:
    """Enough configuration to attempt a call (not proof the key is valid)."""
    name = settings.name
    if name == "local":
        return bool(settings.base_url)
    if name == "azure":
        return bool(settings.api_key and settings.endpoint)
    if name == "gemini":
        return bool(settings.api_key or (settings.vertexai and settings.project))
    if name == "openai":
        return bool(settings.api_key)
    return False


def credential_hint(name: str) -> str:
    """One sentence naming what to set for this provider."""
    return _HINTS.get(name, f"Unknown provider '{name}'; use one of {', '.join(PROVIDERS)}.")
