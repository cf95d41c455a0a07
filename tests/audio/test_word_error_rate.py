"""Word error rate of the offline engine on ten sentences per language, in every format phones send, spoken
by two voices: SVOX Pico (English and French within the issue's 15%) and espeak-ng (English within 15%; its
French voice is the test's limit, see ESPEAK_FRENCH_BOUND)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audio import clips
from tests.audio.wer import wer

TARGET = 0.15
# espeak-ng's formant French through `transcribe` (beam 5): 0.145 (MP3) to 0.25 (WAV); the same sentences from
# Pico read 0.08. The voice, not the pipeline, is the limit; this bound still catches a broken French path
# (wrong language, lost audio: WER near 1.0) and a return to greedy decoding (0.32-0.49 on this set).
ESPEAK_FRENCH_BOUND = 0.30
BOUNDS = {("pico", "en"): TARGET, ("pico", "fr"): TARGET, ("espeak-ng", "en"): TARGET,
          ("espeak-ng", "fr"): ESPEAK_FRENCH_BOUND}


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    clips.need_tools()
    clips.need_pico()
    folder = tmp_path_factory.mktemp("wer")
    made = {}
    for voice, speak in clips.VOICES.items():
        for language, sentences in clips.SENTENCES.items():
            wav = speak(" ".join(sentences), language, folder / f"{voice}-{language}.wav")
            made[f"{voice}-{language}.wav"] = wav
            for extension in ("ogg", "m4a"):
                made[f"{voice}-{language}.{extension}"] = clips.convert(wav, extension)
    return made


@pytest.mark.parametrize("voice", ["pico", "espeak-ng"])
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("extension", ["wav", "ogg", "m4a"])
def test_each_language_s_set_is_transcribed_within_its_bound(cli, notes, voice: str, language: str,
                                                             extension: str) -> None:
    result = cli("transcribe", str(notes[f"{voice}-{language}.{extension}"]), "--json")
    assert result.code == 0, result.stderr
    data = result.json()["data"]
    assert data["language"] == language
    assert 20.0 < data["durationSeconds"] < 40.0
    rate = wer([" ".join(clips.SENTENCES[language])], [data["text"]])
    print(f"WER {voice} {language}.{extension}: {rate:.3f}")
    assert rate <= BOUNDS[(voice, language)], data["text"]
