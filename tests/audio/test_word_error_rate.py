"""Word error rate of the offline engine on ten sentences per language, spoken by espeak-ng, in every format
phones send. English meets the issue's 15%; French does not with espeak-ng's voice (see FRENCH_BOUND)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audio import clips
from tests.audio.wer import wer

ENGLISH_BOUND = 0.15
# Measured through `transcribe` on espeak-ng's French voice with Whisper base: 0.32 (M4A) to 0.49 (MP3); other
# espeak settings were worse (fr+f3 0.61, slower speech 0.66).
# The robotic voice, not the pipeline, is the limit (English, same pipeline: 0.03); no natural French voice
# (mbrola-fr*) is in Debian's main archive. This bound catches a broken French path (wrong language, lost
# audio: WER near 1.0) without claiming the 15% the issue asks for.
FRENCH_BOUND = 0.65
BOUNDS = {"en": ENGLISH_BOUND, "fr": FRENCH_BOUND}


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    clips.need_tools()
    folder = tmp_path_factory.mktemp("wer")
    made = {}
    for language, sentences in clips.SENTENCES.items():
        wav = clips.speak(" ".join(sentences), language, folder / f"{language}.wav")
        made[f"{language}.wav"] = wav
        for extension in ("ogg", "m4a"):
            made[f"{language}.{extension}"] = clips.convert(wav, extension)
    return made


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("extension", ["wav", "ogg", "m4a"])
def test_each_language_s_set_is_transcribed_within_its_bound(cli, notes, language: str, extension: str) -> None:
    result = cli("transcribe", str(notes[f"{language}.{extension}"]), "--json")
    assert result.code == 0, result.stderr
    data = result.json()["data"]
    assert data["language"] == language
    assert 20.0 < data["durationSeconds"] < 40.0
    rate = wer([" ".join(clips.SENTENCES[language])], [data["text"]])
    print(f"WER {language}.{extension}: {rate:.3f}")
    assert rate <= BOUNDS[language], data["text"]
