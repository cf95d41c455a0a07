"""A voice note file, checked and decoded with PyAV (FFmpeg in its wheel) to 16 kHz mono float samples.

Every refusal is InvalidInput (exit 2) with one sentence, raised before any quota is used: a missing or
empty file and one over the size limit are refused from `stat` alone, a declared length over the limit
from the container header, and a file FFmpeg cannot read, or that has no audio stream, is not audio. The
length counted is the decoded one (headers of OGG and raw MP3 files only estimate it), so that the limit
holds and a cloud call is reserved from what it will be billed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huntaze_cli.audio.limits import FORMATS_TEXT, MAX_AUDIO_BYTES, MAX_AUDIO_SECONDS, SAMPLE_RATE
from huntaze_cli.errors import InvalidInput


@dataclass(frozen=True)
class Clip:
    path: Path
    size_bytes: int
    duration_s: float
    samples: Any        # numpy float32 array, mono, SAMPLE_RATE Hz, in [-1, 1]
    container: str      # FFmpeg's demuxer name: wav, mp3, ogg, "mov,mp4,m4a,3gp,3g2,mj2"...
    codec: str          # pcm_s16le, mp3, opus, aac...


def check_file(path: str | Path) -> tuple[Path, int]:
    """The file exists, is not empty and is within the size limit: (path, size in bytes)."""
    file = Path(path)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise InvalidInput(f"No voice note at {file}; check the path.") from None
    except OSError as exc:
        raise InvalidInput(f"Cannot read the voice note {file}: {exc.strerror or exc}.") from None
    if not file.is_file():
        raise InvalidInput(f"{file} is not a file; give a voice note ({FORMATS_TEXT}).")
    if size == 0:
        raise InvalidInput(f"The voice note {file} is empty (0 bytes).")
    if size > MAX_AUDIO_BYTES:
        raise InvalidInput(f"The voice note {file} is {size / 1e6:.1f} MB; the limit is "
                           f"{MAX_AUDIO_BYTES / 1e6:.0f} MB.")
    return file, size


def _too_long(file: Path, seconds: float) -> InvalidInput:
    return InvalidInput(f"The voice note {file} lasts {_clock(seconds)}; the limit is "
                        f"{_clock(MAX_AUDIO_SECONDS)} (cut it, or transcribe it in parts).")


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def decode(path: str | Path) -> Clip:
    """Check and decode a voice note. Needs the audio extra (PyAV and numpy)."""
    import av
    import numpy as np

    file, size = check_file(path)
    not_audio = InvalidInput(f"{file} is not an audio file FFmpeg can read; send a voice note as {FORMATS_TEXT}.")
    try:
        container = av.open(str(file), mode="r")
    except (av.FFmpegError, UnicodeDecodeError, ValueError):
        raise not_audio from None
    with container:
        if not container.streams.audio:
            raise not_audio
        stream = container.streams.audio[0]
        declared = container.duration / av.time_base if container.duration else None
        if declared is not None and declared > MAX_AUDIO_SECONDS + 1:  # headers round; decoding decides
            raise _too_long(file, declared)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        limit = int(MAX_AUDIO_SECONDS * SAMPLE_RATE)
        chunks: list[Any] = []
        count = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    count += chunk.size
                if count > limit:
                    raise _too_long(file, count / SAMPLE_RATE)
            for out in resampler.resample(None):  # flush what the resampler holds
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                count += chunk.size
        except av.FFmpegError:
            if not chunks:
                raise not_audio from None
            # A truncated upload decodes up to where it breaks: a fan's cut-off note still has words.
        codec = stream.codec_context.name
        container_name = container.format.name
    if count > limit:
        raise _too_long(file, count / SAMPLE_RATE)
    if count == 0:
        raise InvalidInput(f"The voice note {file} has no sound in it (0 seconds of audio).")
    samples = np.concatenate(chunks).astype(np.float32) / 32768.0
    return Clip(file, size, round(count / SAMPLE_RATE, 3), samples, container_name, codec)
