"""Refusing a bad provider/model/base URL before the creator is resolved or anything is reserved: one check for
the command line and for `huntaze serve`, so a typo costs neither retries nor an hourly slot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huntaze_cli.errors import InvalidInput

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings


def check_base_url(url: str) -> str:
    """An http(s) URL with a host, or one sentence naming it."""
    from urllib.parse import urlsplit

    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        from huntaze_cli.providers.known import DEFAULT_LOCAL_BASE_URL

        raise InvalidInput(f"--base-url '{url}' is not an http(s) URL; give the server's address, "
                           f"e.g. {DEFAULT_LOCAL_BASE_URL}")
    return text


def check_route(settings: Settings, feature: str, *, provider: str | None, model: str | None,
                base_url: str | None) -> None:
    if base_url is not None:
        check_base_url(base_url)
    if model is not None and not model.strip():
        raise InvalidInput("--model is empty; give a model name or leave the option out.")
    settings.chain(feature, provider=provider, model=model, base_url=base_url)
