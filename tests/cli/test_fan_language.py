"""The fan's language through the real CLI: detected from the message, or forced with --lang, for chat,
suggest and optimize-sale alike (single and batch); the model is told which language to write in."""

from __future__ import annotations

import json

from huntaze_cli.agents.messaging import reply_templates as rt
from testservers.llm_server import reply


def test_a_french_fan_gets_french_from_every_fan_facing_command(cli):
    chat = cli("chat", "tu me manques", "--json").json()["data"]["reply"]
    assert "manqu" in chat and "missed" not in chat
    sugg = cli("suggest", "tu me manques", "--json").json()["data"]["suggestions"]
    assert all("miss" not in s["text"] for s in sugg) and any("manqu" in s["text"] for s in sugg)
    sale = cli("optimize-sale", "Nouveau set dispo, tu le veux ?", "--price", "25", "--json").json()["data"]
    assert sale["optimizedMessage"].startswith("Coucou") and "À toi pour" in sale["optimizedMessage"]
    assert "Yours for" not in sale["optimizedMessage"]


def test_lang_forces_the_language(cli):
    data = cli("chat", "what are you up to tonight?", "--lang", "de", "--json").json()["data"]
    assert any(line in data["reply"] for line in rt.LINES["de"]["plans"]), data["reply"]
    sale = cli("optimize-sale", "new set, want it?", "--price", "25", "--lang", "es", "--json").json()["data"]
    assert "Tuyo por" in sale["optimizedMessage"]
    assert cli("suggest", "hi", "--lang", "pt-BR", "--json").code == 0


def test_a_bad_lang_is_one_sentence_and_exit_2(cli):
    r = cli("chat", "hey", "--lang", "12!")
    assert r.code == 2 and "not a language code" in r.stderr and "Traceback" not in r.stderr


def test_batch_lines_are_detected_one_by_one(cli, tmp_path):
    lines = [{"id": "a", "message": "tu me manques"}, {"id": "b", "message": "miss you!"},
             {"id": "c", "message": "miss you!", "lang": "fr"}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    r = cli("chat", "--input", str(path))
    assert r.code == 0, r.stderr
    out = {e["meta"].get("itemId") or e["meta"].get("id") or i: e for i, e in
           enumerate(json.loads(x) for x in r.stdout.splitlines())}
    replies = [e["data"]["reply"] for e in out.values()]
    assert "manqu" in replies[0] and "missed" in replies[1].lower() and "manqu" in replies[2]


def test_the_model_is_told_the_fans_language(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply(json.dumps({"reply": "Toi aussi !", "upsellSuggestions": [], "tactics": [],
                                         "confidence": 0.8})))
    assert cli("chat", "--provider", "openai", "tu me manques", "--json").code == 0
    assert "Reply language: fr" in llm_server.last().parsed["prompt"]


def test_a_model_answer_to_money_trouble_carries_no_offer(cli, llm_server):
    cli.use_server(llm_server)
    llm_server.enqueue(reply(json.dumps({"reply": "No worries at all!", "upsellSuggestions": [
        {"offer": "VIP bundle", "contentType": "bundle", "priceUsd": 99, "reason": "x", "tactic": "scarcity"}],
        "tactics": ["emotional_appeal"], "confidence": 0.8})))
    env = cli("chat", "--provider", "openai", "I can't afford anything this month sorry", "--json").json()
    assert env["data"]["upsellSuggestions"] == []  # the computed offers, and there are none for money trouble
    prompt = llm_server.last().parsed["prompt"]
    assert "Fan intent (computed): money" in prompt
    assert "money trouble gets reassurance and no offer" in llm_server.last().parsed["system"]


def test_a_caption_is_written_in_the_descriptions_language(cli):
    from huntaze_cli.agents.content import caption_templates as ct

    english = {line for lines in ct.CTA["en"].values() for line in lines} | set(ct.STORY["en"])
    for platform in ("instagram", "tiktok", "onlyfans", "facebook"):
        text = cli("caption", "café du matin à paris", "--platform", platform, "--json").json()["data"]["caption"]
        assert not any(line.split("{")[0][:16] in text for line in english), text
    forced = cli("caption", "café du matin à paris", "--lang", "en", "--json").json()["data"]["caption"]
    assert any(line.split("{")[0][:16] in forced for line in english)
