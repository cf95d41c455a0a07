"""The voice tables on both backends: each text once per creator, the profile upserted, forget removes both."""

from __future__ import annotations

from huntaze_cli.ledger import Ledger


def _texts(*words: str) -> list[dict[str, object]]:
    return [{"key": f"k-{w}", "text": w, "platform": "instagram", "date": None, "engagement": 1.5} for w in words]


def test_texts_are_stored_once_and_in_order(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia")
    zoe = ledger.add_creator("zoe")
    assert ledger.add_voice_texts(mia.id, _texts("a", "b")) == 2
    assert ledger.add_voice_texts(mia.id, _texts("b", "c")) == 1
    assert ledger.add_voice_texts(zoe.id, _texts("a")) == 1  # per creator
    assert [t["text"] for t in ledger.voice_texts(mia.id)] == ["a", "b", "c"]
    assert ledger.voice_texts(mia.id)[0] == {"text": "a", "platform": "instagram", "date": None, "engagement": 1.5}
    assert ledger.count_voice_texts(mia.id) == 3


def test_profile_upsert_and_forget(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia")
    assert ledger.voice_profile(mia.id) is None
    ledger.store_voice_profile(mia.id, {"version": 1, "emoji": "😍"}, 10)
    ledger.store_voice_profile(mia.id, {"version": 1, "emoji": "🔥"}, 12)
    row = ledger.voice_profile(mia.id)
    assert row is not None and row["profile"] == {"version": 1, "emoji": "🔥"} and row["texts"] == 12
    assert row["updated_at"].endswith("Z")
    ledger.add_voice_texts(mia.id, _texts("a", "b"))
    assert ledger.forget_voice(mia.id) == (2, True)
    assert ledger.voice_profile(mia.id) is None and ledger.voice_texts(mia.id) == []
    assert ledger.forget_voice(mia.id) == (0, False)
