"""The real-server tier: a learned voice through llama.cpp's own server (SmolLM2-135M), as a creator runs it.
Checked: the voiced prompt fits the model's real context (exit 0, answered by the model or its rules fallback),
meta.voice, and the platform limits on what comes back. Never the wording (a 135M model writes what it writes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from huntaze_cli.agents.platforms import rules_for
from testservers.real_llama import MODEL_NAME, RealServer
from testservers.voice_creators import casual_french, write_history

pytestmark = pytest.mark.xdist_group("real_llama_server")


def test_voiced_drafts_on_a_real_small_model(cli, llama_server: RealServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("voice", "learn", str(write_history(tmp_path / "lea.csv", casual_french()))).code == 0
    # The creator's chain: the local model, then the rules engine (an explicit --base-url would be the local
    # provider alone, and a second unreadable answer from a 135M model would be exit 5).
    cli.config(f'[providers.local]\nbase_url = "{llama_server.base_url}"\n'
               + "".join(f'[features.{feature}]\nprovider = "local"\nmodel = "{MODEL_NAME}"\nfallback = ["rules"]\n'
                         for feature in ("caption", "chat")))
    route = ["--no-cache"]
    r = cli("--json", "caption", "--platform", "twitter", "séance photo à la plage au coucher du soleil", *route)
    assert r.code == 0, r.stderr
    meta, data = r.json()["meta"], r.json()["data"]
    assert meta["voice"] is True and meta["provider"] in ("local", "rules")
    rule = rules_for("twitter")
    assert rule.measure(" ".join([data["caption"], *data["hashtags"]])) <= rule.max_length
    chat = cli("--json", "chat", "coucou tu fais quoi ce soir ?", *route)
    assert chat.code == 0, chat.stderr
    assert chat.json()["meta"]["voice"] is True and chat.json()["data"]["reply"].strip()
