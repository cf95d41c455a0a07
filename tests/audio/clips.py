"""Test clips for the voice-note tier: sentences spoken by Debian's espeak-ng and by SVOX Pico (the `ttspico`
package in the test extra), converted by PyAV (the audio extra's decoder, which also encodes) to the formats
phones send. Skips, or fails under HUNTAZE_REQUIRE_REAL_PEERS=1 (CI), with one sentence when a voice or the
extra is missing.

Two voices because espeak-ng's French is formant-synthesised and far from a human's: Whisper base reads it at
15-25% WER, against 0-3% for its English. Pico (Android's former offline voice, Apache-2.0, its fr-FR and
en-US voice data inside the package) is concatenative and closer to a phone recording."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from testservers.speech import SENTENCES

__all__ = ["SENTENCES", "VOICES", "convert", "need", "need_tools", "speak", "speak_pico"]

# (container extension, encoder, sample rate): what messaging apps and phones send.
FORMATS = {"ogg": ("libopus", 48000), "m4a": ("aac", 44100), "mp3": ("libmp3lame", 44100)}
PICO_LANGUAGES = {"en": "en-US", "fr": "fr-FR"}
PICO_RATE = 16000  # Pico speaks 16-bit mono PCM at 16 kHz


def need(what: str, ok: bool) -> None:
    if ok:
        return
    if os.environ.get("HUNTAZE_REQUIRE_REAL_PEERS") == "1":
        pytest.fail(f"The voice-note tier is required (HUNTAZE_REQUIRE_REAL_PEERS) but {what} is missing.")
    pytest.skip(f"Voice-note tier skipped: {what} is missing.")


def need_tools() -> None:
    need("espeak-ng", shutil.which("espeak-ng") is not None)
    need("the audio extra", importlib.util.find_spec("faster_whisper") is not None)


def need_pico() -> None:
    need("the ttspico package (SVOX Pico, in the test extra)", importlib.util.find_spec("ttspico") is not None)


def speak(text: str, language: str, to: Path) -> Path:
    subprocess.run(["espeak-ng", "-v", language, "-w", str(to), text], check=True)
    return to


def speak_pico(text: str, language: str, to: Path) -> Path:
    """`text` spoken by SVOX Pico into a WAV file."""
    import ttspico

    chunks: list[bytes] = []
    ttspico.TtsEngine(PICO_LANGUAGES[language]).speak(text, lambda _format, audio, _last: chunks.append(audio) or True)
    with wave.open(str(to), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(PICO_RATE)
        out.writeframes(b"".join(chunks))
    return to


VOICES = {"espeak-ng": speak, "pico": speak_pico}


def convert(wav: Path, extension: str) -> Path:
    """Re-encode a WAV file as OGG/Opus, M4A/AAC or MP3, mono."""
    import av

    codec, rate = FORMATS[extension]
    target = wav.with_suffix(f".{extension}")
    with av.open(str(wav)) as source, av.open(str(target), "w") as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        resampler = av.AudioResampler(format=stream.codec_context.format, layout="mono", rate=rate)
        frames = [*source.decode(audio=0), None]
        for frame in frames:
            for piece in resampler.resample(frame):
                out.mux(stream.encode(piece))
        out.mux(stream.encode(None))
    return target
