"""`huntaze logs`: rows recorded by real test-prompt calls against the fake server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from huntaze_cli.ledger import open_ledger
from testservers.llm_server import error, reply


@pytest.fixture
def recorded(cli, llm_server):
    """Three requests: ok on openai for mia, ok on gemini for default, an error on openai for default."""
    cli.use_server(llm_server)
    assert cli("creators", "add", "mia").code == 0
    llm_server.enqueue(reply("first answer", usage=(11, 3)))
    assert cli("test-prompt", "first prompt", "--creator", "mia", "--provider", "openai").code == 0
    llm_server.enqueue(reply("second answer", usage=(22, 4)))
    assert cli("test-prompt", "second prompt", "--provider", "gemini").code == 0
    llm_server.enqueue(error(400, "no thanks"))
    assert cli("test-prompt", "third prompt", "--provider", "openai").code == 5
    return cli


def test_list_newest_first_as_json(recorded):
    r = recorded("logs", "--json")
    assert r.code == 0
    rows = r.json()["data"]
    assert [(row["creator"], row["provider"], row["model"], row["status"]) for row in rows] == [
        ("default", "openai", "gpt-4o-mini", "error"),
        ("default", "gemini", "gemini-2.5-flash", "ok"),
        ("mia", "openai", "gpt-4o-mini", "ok"),
    ]
    assert rows[2]["inputTokens"] == 11 and rows[2]["outputTokens"] == 3 and rows[2]["cached"] is False
    assert rows[0]["errorCode"] == "BAD_REQUEST"
    assert "requestJson" not in rows[0]  # bodies only in `logs show`


@pytest.mark.parametrize("args, expected", [
    (["--creator", "mia"], ["mia"]),
    (["--status", "error"], ["default"]),
    (["--model", "gemini-2.5-flash"], ["default"]),
    (["--feature", "test-prompt", "-n", "2"], ["default", "default"]),
    (["--feature", "caption"], []),
    (["--since", "1h"], ["default", "default", "mia"]),
    (["--since", "2999-01-01"], []),
])
def test_filters(recorded, args, expected):
    r = recorded("logs", *args, "--json")
    assert r.code == 0, r.stderr
    assert [row["creator"] for row in r.json()["data"]] == expected


def test_table_for_humans(recorded):
    r = recorded("logs")
    assert r.code == 0
    for text in ("id", "creator", "provider:model", "openai:gpt-4o-mini", "gemini:gemini-2.5-flash", "error",
                 "11/3", "test-prompt"):
        assert text in r.stdout, text


def test_show_has_every_column_and_the_bodies(recorded):
    rows = recorded("logs", "--json").json()["data"]
    mia = rows[2]
    r = recorded("logs", "show", str(mia["id"]), "--json")
    assert r.code == 0
    data = r.json()["data"]
    assert data["requestJson"]["prompt"] == "first prompt"
    assert data["responseJson"] == "first answer"
    assert data["correlationId"].startswith("req_") and data["latencyMs"] >= 0
    assert r.json()["meta"]["creator"] == "mia"
    human = recorded("logs", "show", str(mia["id"]))
    assert '"prompt": "first prompt"' in human.stdout and "first answer" in human.stdout
    assert "Response" in human.stdout


def test_show_unknown_id_is_exit_2(cli):
    r = cli("logs", "show", "4242")
    assert r.code == 2 and "No request with id 4242" in r.stderr
    assert cli("logs", "show", "abc").code == 2


@pytest.mark.parametrize("args, words", [
    (["--status", "weird"], "--status 'weird' is not a status"),
    (["--creator", "ghost"], "Creator 'ghost' does not exist"),
    (["--since", "yesterday"], "--since 'yesterday' is not a date"),
    (["-n", "0"], "from 1 to 1,000,000"),
    (["prune"], "--older-than 90d"),
    (["prune", "--older-than", "soon"], "is not a duration"),
])
def test_bad_input_is_one_sentence_exit_2(cli, args, words):
    r = cli("logs", *args)
    assert r.code == 2 and words in r.stderr


def test_prune_counts_dry_run_then_deletes(recorded):
    old = datetime.now(timezone.utc) - timedelta(days=120)
    with open_ledger(recorded.db) as ledger:
        ledger.record("mia", feature="caption", provider="rules", model="rules", status="ok", cached=False,
                      correlation_id="old", now=old)
    assert len(recorded("logs", "--json").json()["data"]) == 4
    r = recorded("logs", "prune", "--older-than", "90d", "--dry-run", "--json")
    assert r.code == 0 and r.json()["data"]["count"] == 1 and r.json()["data"]["dryRun"] is True
    assert len(recorded("logs", "--json").json()["data"]) == 4
    r = recorded("logs", "prune", "--older-than", "90d")
    assert r.code == 0 and r.stdout.startswith("1 request(s) older than 90d deleted")
    assert len(recorded("logs", "--json").json()["data"]) == 3
    assert recorded("logs", "prune", "--older-than", "90d", "--json").json()["data"]["count"] == 0
