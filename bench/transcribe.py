"""Offline transcription speed on this machine: model load time, and the real-time factor (seconds of
transcription per second of audio, the audio's own length being the reference) for 5 s, 30 s and 120 s
notes spoken by espeak-ng. Targets: load <= 3 s, a 30 s note in <= 15 s (RTF <= 0.5). Where the time goes:
decode (PyAV) and transcription (beam search of 5, no VAD, every core) are timed apart.

    python bench/transcribe.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from testservers.speech import SENTENCES  # noqa: E402

SECONDS_PER_SENTENCE = 2.2  # espeak-ng's default rate on these sentences (measured)


def make_note(folder: Path, seconds: float) -> Path:
    """Varied sentences until long enough (one sentence repeated sends Whisper into its repetition
    fallback: the 30 s note took 25.5 s that way, against 3 s for varied speech of the same length)."""
    path = folder / f"note_{int(seconds)}.wav"
    english = SENTENCES["en"]
    count = max(1, round(seconds / SECONDS_PER_SENTENCE))
    text = " ".join(english[i % len(english)] for i in range(count))
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(path), text], check=True)
    return path


def main() -> None:
    from huntaze_cli.audio import local_engine
    from huntaze_cli.audio.decode import decode

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        notes = [make_note(folder, s) for s in (5, 30, 120)]
        local_engine.load_model()  # first use assembles the model into the cache: not a load
        local_engine._models.clear()
        started = time.perf_counter()
        model = local_engine.load_model()
        load_s = time.perf_counter() - started
        print(f"model load: {load_s:.2f} s (target <= 3 s), threads {local_engine.cpu_threads()}")
        for note in notes:
            t0 = time.perf_counter()
            clip = decode(note)
            t1 = time.perf_counter()
            local_engine.transcribe(clip.samples, clip.duration_s, model=model)
            t2 = time.perf_counter()
            print(f"{clip.duration_s:6.1f} s note: decode {t1 - t0:.2f} s, transcribe {t2 - t1:.2f} s, "
                  f"real-time factor {(t2 - t0) / clip.duration_s:.3f}")


if __name__ == "__main__":
    main()
