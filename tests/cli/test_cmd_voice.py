"""`voice learn/show/forget` on both ledgers: the profile from real files, relearning, and bad input (exit 2,
one sentence, nothing stored)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from testservers.voice_creators import casual_french, formal_english


@pytest.fixture
def vcli(cli, ledger_location):  # type: ignore[no-untyped-def]
    """The cli on a SQLite file or a PostgreSQL schema, with creator mia."""
    if isinstance(ledger_location, str):
        cli.use_postgres(ledger_location)
    assert cli("creators", "add", "mia").code == 0
    return cli


def write_csv(path: Path, texts) -> Path:  # type: ignore[no-untyped-def]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["caption", "platform", "date", "likes", "comments"])
        for i, t in enumerate(texts):
            w.writerow([t.text, t.platform, f"2026-0{1 + i % 9}-01", t.engagement or 0, 1])
    return path


def one_sentence(stderr: str) -> bool:
    text = stderr.strip()
    return "Traceback" not in text and len(text.splitlines()) == 1


def test_learn_show_relearn_forget(vcli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = write_csv(tmp_path / "a.csv", casual_french(20))
    r = vcli("--json", "voice", "learn", "--creator", "mia", str(first))
    assert r.code == 0, r.stderr
    data = r.json()["data"]
    assert data["texts"] == 20 and data["textsAdded"] == 20 and data["changed"] is True
    assert data["profile"]["mainLanguage"] == "fr"

    again = vcli("--json", "voice", "learn", "--creator", "mia", str(first))
    assert again.json()["data"]["changed"] is False and again.json()["data"]["textsAdded"] == 0
    assert again.json()["data"]["profile"] == data["profile"] and again.json()["data"]["updatedAt"] == data["updatedAt"]

    # more texts (in another shape: plain text, one post per paragraph) update the profile
    more = tmp_path / "more.txt"
    more.write_text("\n\n".join(t.text for t in casual_french(30)[20:]), encoding="utf-8")
    r3 = vcli("--json", "voice", "learn", "--creator", "mia", str(more), str(first))
    assert r3.code == 0 and r3.json()["data"]["texts"] == 30 and r3.json()["data"]["textsAdded"] == 10

    shown = vcli("voice", "show", "--creator", "mia")
    assert shown.code == 0
    assert "Voice of mia: 30 texts" in shown.stdout and "Emojis: 4 per text" in shown.stdout
    assert "“coucou mes chéris”" in shown.stdout and "Formality: casual" in shown.stdout
    js = vcli("--json", "voice", "show", "--creator", "mia").json()["data"]
    assert js["profile"]["texts"] == 30 and len(js["profile"]["examples"]) <= 8

    gone = vcli("--json", "voice", "forget", "--creator", "mia")
    assert gone.code == 0 and gone.json()["data"] == {"creator": "mia", "removed": True, "textsRemoved": 30}
    missing = vcli("voice", "show", "--creator", "mia")
    assert missing.code == 2 and "No voice learned for mia" in missing.stderr


def test_json_export_with_engagement(vcli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "posts.json"
    path.write_text(json.dumps({"posts": [{"text": t.text, "platform": "x", "engagement": i}
                                          for i, t in enumerate(formal_english(12))]}), encoding="utf-8")
    r = vcli("--json", "voice", "learn", "-c", "mia", str(path))
    assert r.code == 0, r.stderr
    profile = r.json()["data"]["profile"]
    assert list(profile["lengthByPlatform"]) == ["twitter"]
    assert profile["examples"][0]["engagement"] == 11


@pytest.mark.parametrize("name,content,expected", [
    ("empty.csv", b"", "is empty"),
    ("blank.txt", b"   \n\n  ", "is empty"),
    ("few.txt", "\n\n".join(f"post {i}" for i in range(9)).encode(), "at least 10"),
    ("same.txt", "\n\n".join("the same post" for _ in range(20)).encode(), "1 distinct text"),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary data"),
    ("latin1.txt", "caf\xe9 ".encode("latin-1") * 30, "not UTF-8"),
    ("nocol.csv", b"likes,comments\n1,2\n3,4\n", "no text column"),
    ("bad.json", b"[{\"text\": ", "not valid JSON"),
])
def test_bad_input_is_exit_2_in_one_sentence(vcli, tmp_path: Path, name: str, content: bytes,  # type: ignore[no-untyped-def]
                                             expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    r = vcli("voice", "learn", "--creator", "mia", str(path))
    assert r.code == 2 and expected in r.stderr and one_sentence(r.stderr), r.stderr
    assert vcli("voice", "show", "--creator", "mia").code == 2  # nothing was stored


def test_a_50_mb_file_is_refused_before_it_is_read(vcli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing written
    r = vcli("voice", "learn", "--creator", "mia", str(path))
    assert r.code == 2 and "50.0 MB; the limit for a voice file is 10 MB" in r.stderr and one_sentence(r.stderr)
    missing = vcli("voice", "learn", "--creator", "mia", str(tmp_path / "nope.csv"))
    assert missing.code == 2 and "no such file" in missing.stderr


def test_unknown_creator_is_not_created_and_a_refused_file_creates_no_default(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "a.csv", casual_french(12))
    r = cli("voice", "learn", "--creator", "ghost", str(path))
    assert r.code == 2 and "does not exist" in r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert cli("voice", "learn", str(empty)).code == 2
    assert "default" not in cli("creators", "list").stdout
