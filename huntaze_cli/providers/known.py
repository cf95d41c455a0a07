"""The providers huntaze knows: one home for their names, which of them need an API key, and where the
local provider looks for a server when no --base-url is given. Light (no SDK): --help and config use it."""

from __future__ import annotations

# Model providers, in the order they are listed (`huntaze providers`, help texts, config tables).
PROVIDERS: tuple[str, ...] = ("openai", "azure", "gemini", "local")
# The offline rules engine: routed by the core, never built as a provider.
RULES = "rules"
ROUTABLE: tuple[str, ...] = (*PROVIDERS, RULES)
# Those that need an API key (local needs a server URL instead).
KEYED_PROVIDERS: tuple[str, ...] = ("openai", "azure", "gemini")
# Those spoken to with the OpenAI SDK (providers/openai_provider.py); gemini has its own.
OPENAI_COMPATIBLE: tuple[str, ...] = ("openai", "azure", "local")
# Ollama's OpenAI-compatible endpoint: the most common local server.
DEFAULT_LOCAL_BASE_URL = "http://127.0.0.1:11434/v1"
