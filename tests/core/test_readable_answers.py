"""A model's answer a creator cannot use (a blank text, a hashtag or token that is not a word) is invalid
output: the repair turn, then the rules engine with the honest fallback line, both turns billed. The real CLI,
the real OpenAI SDK over real HTTP to the fake server, a real SQLite ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huntaze_cli.agents.readable import unreadable
from huntaze_cli.agents.schemas import CaptionOutput
from tests.conftest import usage_rows
from tests.core.test_ledger_exactness import assert_exact
from tests.fakes import reply

ROOT = Path(__file__).resolve().parents[2]
METRICS = str(ROOT / "examples" / "metrics.csv")
SEEN = json.dumps({"caption": "", "hashtags": ["#9104AABRGYPZYTALKBIGMADARGUARD"]})
# $1 per million tokens in, $2 out; every command goes to openai `house`, then the rules engine.
CONFIG = ('[retry]\ninitial_delay_ms = 20\nmax_delay_ms = 100\n[prices."house"]\ninput_per_mtok = 1.0\n'
          'output_per_mtok = 2.0\n' + "".join(
              f'[features.{f}]\nprovider = "openai"\nmodel = "house"\nfallback = ["rules"]\n'
              for f in ("caption", "ideas", "analyze", "optimize-sale")))


def _priced(cli, llm_server) -> None:
    cli.use_server(llm_server)
    cli.config(CONFIG)


def test_the_seen_blank_caption_is_repaired_then_answered_by_the_rules_engine(cli, llm_server):
    _priced(cli, llm_server)
    llm_server.enqueue(reply(SEEN, usage=(200, 30)), reply(SEEN, usage=(260, 30)))
    r = cli("caption", "sunset run on the beach", "--platform", "instagram", "--json")
    assert r.code == 0, r.stderr
    body = r.json()
    assert body["success"] is True
    data, meta = body["data"], body["meta"]
    assert data["caption"].strip() and "#9104AABRGYPZYTALKBIGMADARGUARD" not in data["hashtags"]
    assert unreadable(CaptionOutput.model_validate(data)) is None
    assert meta["provider"] == "rules" and meta["fallback"] is True
    assert [t["outcome"] for t in meta["providersTried"]] == ["invalid_output", "ok"]
    assert "`caption` is blank" in meta["providersTried"][0]["error"]
    assert llm_server.hits == 2
    assert "`caption` is blank" in llm_server.last().parsed["prompt"]  # the repair turn says what was wrong
    # Both billed turns are on the failed openai row; the rules answer is its own row at $0.
    failed, rules = usage_rows(cli.db)
    assert (failed["status"], failed["error_code"], failed["provider"], failed["attempts"]) == \
        ("error", "INVALID_OUTPUT", "openai", 2)
    assert (failed["input_tokens"], failed["output_tokens"]) == (460, 60)
    assert failed["cost_usd"] == pytest.approx(460e-6 + 120e-6)
    assert (rules["status"], rules["provider"], rules["cost_usd"]) == ("ok", "rules", 0.0)
    assert_exact(cli.db)


def test_the_fallback_line_is_said_in_the_terminal(cli, llm_server):
    _priced(cli, llm_server)
    llm_server.enqueue(reply(SEEN), reply(SEEN))
    r = cli("caption", "sunset run on the beach", "--platform", "onlyfans")
    assert r.code == 0, r.stderr
    assert "openai answered outside the expected format; answered by the rules engine." in r.stderr
    assert r.stdout.strip() and "9104AABRGYPZYTALKBIGMADARGUARD" not in r.stdout


def test_a_hashtag_that_is_not_a_word_alone_is_enough(cli, llm_server):
    _priced(cli, llm_server)
    junk = json.dumps({"caption": "Golden hour miles", "hashtags": ["#sunset", "#9104AABRGYPZYTALKBIGMADARGUARD"]})
    llm_server.enqueue(reply(junk), reply(junk))
    body = cli("caption", "sunset run", "--json").json()
    assert body["meta"]["provider"] == "rules"
    assert "not a word" in body["meta"]["providersTried"][0]["error"]


def test_a_repaired_answer_is_the_models(cli, llm_server):
    _priced(cli, llm_server)
    good = json.dumps({"caption": "Golden hour miles", "hashtags": ["#sunsetrun"]})
    llm_server.enqueue(reply(SEEN, usage=(200, 30)), reply(good, usage=(260, 30)))
    body = cli("caption", "sunset run", "--json").json()
    assert body["meta"]["provider"] == "openai" and body["data"]["caption"] == "Golden hour miles"
    [row] = usage_rows(cli.db)
    assert (row["status"], row["input_tokens"], row["output_tokens"], row["attempts"]) == ("ok", 460, 60, 2)


def test_a_caption_of_hashtags_alone_is_blank_once_they_are_split_off(cli, llm_server):
    _priced(cli, llm_server)
    tags_only = json.dumps({"caption": "#sunset #beach", "hashtags": ["#run"]})
    llm_server.enqueue(reply(tags_only), reply(tags_only))
    body = cli("caption", "sunset run", "--json").json()
    assert body["meta"]["provider"] == "rules" and body["data"]["caption"].strip()


IDEA = {"title": "Beach run", "description": "Film the last mile", "platform": "tiktok", "contentType": "video",
        "basedOn": "your top video"}


@pytest.mark.parametrize(("argv", "answer"), [
    (["ideas", "--count", "1"], {"ideas": [{**IDEA, "title": "   "}]}),
    (["ideas", "--count", "1"], {"ideas": [{**IDEA, "description": "#9104AABRGYPZYTALKBIGMADARGUARD"}]}),
    (["analyze", METRICS], {"insights": [{"text": "", "impact": "high"}], "recommendations": [],
                            "patterns": [], "predictions": [], "confidence": 0.5}),
    (["optimize-sale", "new set just dropped", "--price", "15"],
     {"optimizedMessage": "Hey you", "tactics": [{"name": "scarcity", "rationale": "\n"}]}),
], ids=["idea-title", "idea-description", "insight", "tactic"])
def test_every_text_a_creator_reads_is_guarded(cli, llm_server, argv, answer):
    _priced(cli, llm_server)
    llm_server.enqueue(reply(json.dumps(answer)), reply(json.dumps(answer)))
    r = cli(*argv, "--json")
    assert r.code == 0, r.stderr
    meta = r.json()["meta"]
    assert meta["provider"] == "rules" and [t["outcome"] for t in meta["providersTried"]] == ["invalid_output", "ok"]
    assert llm_server.hits == 2
    assert_exact(cli.db)
