"""The optional `huntaze[audio]` extra: one sentence that says how to install it when it is missing."""

from __future__ import annotations

import importlib.util

from huntaze_cli.errors import ConfigError

INSTALL_LINE = "pip install 'huntaze[audio]'"
# The import names the offline engine and the decoder need (faster-whisper brings ctranslate2).
_MODULES = ("av", "faster_whisper")


def require_audio_extra() -> None:
    """Raise ConfigError (exit 6) unless the extra's modules can be imported; imports nothing itself."""
    missing = [name for name in _MODULES if not _importable(name)]
    if missing:
        raise ConfigError(f"Voice notes need the audio extra ({', '.join(missing)} is not installed): run "
                          f"`{INSTALL_LINE}`.", code="AUDIO_EXTRA_MISSING", metadata={"missing": missing})


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a broken or half-removed install counts as missing
        return False
