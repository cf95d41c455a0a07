"""The transcription contract between the core and a provider (pure stdlib: importing it costs nothing).

A provider turns one TranscriptionRequest (an audio file, a model, an optional language) into one
TranscriptionResponse or raises ProviderError, as chat providers do; retries, the breaker, quotas and the
ledger live around it (core/transcription.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# whisper-1's verbose_json names the language in English words; the ledger and `chat` use ISO 639-1 codes.
_LANGUAGE_CODES = {
    "english": "en", "french": "fr", "spanish": "es", "portuguese": "pt", "german": "de", "italian": "it",
    "dutch": "nl", "russian": "ru", "polish": "pl", "turkish": "tr", "arabic": "ar", "japanese": "ja",
    "korean": "ko", "chinese": "zh", "hindi": "hi", "ukrainian": "uk", "swedish": "sv", "czech": "cs",
    "romanian": "ro", "greek": "el", "indonesian": "id", "vietnamese": "vi", "thai": "th", "hebrew": "he",
}
# Whisper models take these response formats; the gpt-4o transcribe models only `json` (text and usage).
VERBOSE_MODELS = frozenset({"whisper-1"})


@dataclass(frozen=True)
class TranscriptionRequest:
    path: Path
    model: str
    language: str | None = None
    timeout_s: float = 30.0
    deadline: float | None = None   # time.monotonic() of the attempt's total deadline


@dataclass(frozen=True)
class TranscriptionResponse:
    text: str
    language: str | None            # ISO 639-1 when the provider said which
    billed_seconds: float | None    # the audio length the provider reported billing, if it did
    model: str


def language_code(name: str | None) -> str | None:
    """'english' → 'en'; a code stays as it is; None stays None."""
    if not name:
        return None
    lowered = name.strip().lower()
    return _LANGUAGE_CODES.get(lowered, lowered if len(lowered) <= 3 else None)
