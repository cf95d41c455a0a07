"""The learned voice in the commands that write for fans, on both ledgers: used by default, --no-voice turns it
off, meta.voice says which, batch lines included; computed prices and platform limits still hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from huntaze_cli.agents.platforms import rules_for
from testservers.voice_creators import casual_french, write_history

ROOT = Path(__file__).resolve().parents[2]
OPENERS = ("coucou mes chéris", "hello mes amours", "coucou toi")


@pytest.fixture
def voiced(cli, ledger_location, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The `default` creator with fans, purchases and a casual French voice, on SQLite or PostgreSQL."""
    if isinstance(ledger_location, str):
        cli.use_postgres(ledger_location)
    assert cli("fans", "import", str(ROOT / "examples" / "fans.csv")).code == 0
    assert cli("fans", "import", str(ROOT / "examples" / "purchases.csv")).code == 0
    r = cli("voice", "learn", str(write_history(tmp_path / "lea.csv", casual_french())))
    assert r.code == 0, r.stderr
    return cli


def test_mass_message_drafts_in_the_voice_keep_their_prices(voiced) -> None:  # type: ignore[no-untyped-def]
    r = voiced("--json", "mass-message", "nouveau shooting plage", "--lang", "fr", "--as-of", "2026-11-25")
    assert r.code == 0, r.stderr
    assert r.json()["meta"]["voice"] is True
    for d in r.json()["data"]["drafts"]:
        assert d["text"].startswith(OPENERS) and f"{d['suggestedPrice']:.2f}" in d["text"]
    plain = voiced("--json", "mass-message", "nouveau shooting plage", "--lang", "fr", "--as-of", "2026-11-25",
                   "--no-voice")
    assert plain.json()["meta"]["voice"] is False
    assert not any(d["text"].startswith(OPENERS) for d in plain.json()["data"]["drafts"])


def test_every_fan_facing_command_says_whether_the_voice_was_used(voiced) -> None:  # type: ignore[no-untyped-def]
    for argv in (["caption", "--platform", "twitter", "séance photo à la plage au coucher du soleil " * 5],
                 ["chat", "coucou ça va ?"], ["suggest", "tu fais quoi ?"],
                 ["optimize-sale", "je veux la vidéo", "--price", "20"]):
        on, off = voiced("--json", *argv), voiced("--json", *argv, "--no-voice")
        assert on.code == 0 and off.code == 0, (on.stderr, off.stderr)
        assert (on.json()["meta"]["voice"], off.json()["meta"]["voice"]) == (True, False), argv
        assert on.json()["data"] != off.json()["data"]
    caption = voiced("--json", "caption", "--platform", "twitter", "séance photo " * 40).json()["data"]
    rule = rules_for("twitter")
    assert rule.measure(" ".join([caption["caption"], *caption["hashtags"]])) <= rule.max_length
    # analyze has no voice: no meta.voice at all
    assert "voice" not in voiced("--json", "analyze", str(ROOT / "examples" / "metrics.csv")).json()["meta"]


def test_a_creator_without_a_voice_and_batch_lines(voiced, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert voiced("creators", "add", "zoe").code == 0
    r = voiced("--json", "chat", "-c", "zoe", "hey")
    assert r.code == 0 and r.json()["meta"]["voice"] is False
    lines = voiced("caption", "--input", str(ROOT / "examples" / "captions.jsonl"), "--lang", "fr")
    assert lines.code == 0, lines.stderr
    envelopes = lines.lines()
    assert envelopes and all(e["meta"]["voice"] is True for e in envelopes)
    assert all(e["data"]["caption"].lower() == e["data"]["caption"] for e in envelopes)  # lowercase-only writer
