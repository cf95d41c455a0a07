"""The offline engine: faster-whisper (CTranslate2, int8 on the CPU) with the Whisper base model.

The model is loaded from its assembled folder in the user cache, never by name: faster-whisper would then
ask the Hugging Face hub. The hub's offline switches are set before anything of the hub is imported, so
that a missing file is an error here, never a network attempt.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from huntaze_cli.audio.model import MODEL_NAME

if TYPE_CHECKING:  # both load in the function that needs them (start-up speed)
    import numpy as np
    from faster_whisper import WhisperModel
    from numpy.typing import NDArray

# Beam search (faster-whisper's own default): on the French test set spoken by espeak-ng it read 0.15-0.25 WER
# where greedy decoding read 0.32-0.49, for about 1.3x the time (a 30 s note stays well under 15 s,
# bench/transcribe.py); on clearer speech both read the same.
BEAM_SIZE = 5
COMPUTE_TYPE = "int8"
# Hugging Face's own switches (huggingface_hub and transformers read them at import).
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    language_probability: float | None
    duration_s: float
    engine: str
    model: str
    segments: list[dict[str, Any]] = field(default_factory=list)


_models: dict[tuple[str, int], Any] = {}
_lock = threading.Lock()


def cpu_threads() -> int:
    """Every core the process may use (faster-whisper's default is 4, too many on a 2-core machine)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def load_model(threads: int | None = None) -> Any:
    """The WhisperModel, loaded once per process (a batch shares it)."""
    for name, value in OFFLINE_ENV.items():
        os.environ.setdefault(name, value)
    from huntaze_cli.audio.model import model_dir

    path = str(model_dir())
    threads = threads or cpu_threads()
    with _lock:
        if (path, threads) not in _models:
            from faster_whisper import WhisperModel

            _models[(path, threads)] = WhisperModel(path, device="cpu", compute_type=COMPUTE_TYPE,
                                                    cpu_threads=threads, local_files_only=True)
        return _models[(path, threads)]


def transcribe(samples: NDArray[np.float32], duration_s: float, language: str | None = None, *,
               model: WhisperModel | None = None, beam_size: int = BEAM_SIZE) -> Transcript:
    """Transcribe decoded samples (audio.decode.Clip.samples). `language` skips detection."""
    whisper = model or load_model()
    segments, info = whisper.transcribe(samples, language=language, beam_size=beam_size,
                                        condition_on_previous_text=False, vad_filter=False)
    parts = [{"start": round(s.start, 2), "end": round(s.end, 2), "text": s.text.strip()} for s in segments]
    text = " ".join(p["text"] for p in parts if p["text"]).strip()
    probability = None if language else round(float(info.language_probability), 4)
    return Transcript(text, info.language, probability, duration_s, "local", MODEL_NAME, parts)
