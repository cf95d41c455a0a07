"""Test clips for the voice-note tier: sentences spoken by Debian's espeak-ng, converted by PyAV (the audio
extra's decoder, which also encodes) to the formats phones send. Skips, or fails under
HUNTAZE_REQUIRE_REAL_PEERS=1 (CI), with one sentence when espeak-ng or the extra is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from testservers.speech import SENTENCES

__all__ = ["SENTENCES", "convert", "need", "need_tools", "speak"]

# (container extension, encoder, sample rate): what messaging apps and phones send.
FORMATS = {"ogg": ("libopus", 48000), "m4a": ("aac", 44100), "mp3": ("libmp3lame", 44100)}


def need(what: str, ok: bool) -> None:
    if ok:
        return
    if os.environ.get("HUNTAZE_REQUIRE_REAL_PEERS") == "1":
        pytest.fail(f"The voice-note tier is required (HUNTAZE_REQUIRE_REAL_PEERS) but {what} is missing.")
    pytest.skip(f"Voice-note tier skipped: {what} is missing.")


def need_tools() -> None:
    need("espeak-ng", shutil.which("espeak-ng") is not None)
    need("the audio extra", importlib.util.find_spec("faster_whisper") is not None)


def speak(text: str, language: str, to: Path) -> Path:
    subprocess.run(["espeak-ng", "-v", language, "-w", str(to), text], check=True)
    return to


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
