"""Model providers (OpenAI, Azure OpenAI, Gemini, local OpenAI-compatible servers).

Importing this package loads no SDK: see registry.build_provider.
"""
