"""`huntaze init`: scripted, never blocking without a terminal, idempotent, and guided on a real pseudo-terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from huntaze_cli.ledger import open_ledger
from tests.conftest import ROOT, _clean_env
from testservers.llm_server import error


def _config(cli) -> str:
    return (cli.home / "config.toml").read_text()


def test_yes_with_options_sets_everything_up(cli):
    r = cli("init", "--yes", "--creator", "mia", "--plan", "pro", "--provider", "gemini",
            "--platforms", "instagram,tiktok,x", "--json")
    assert r.code == 0, r.stderr
    data = r.json()["data"]
    assert data["creator"] == {"name": "mia", "plan": "pro", "requestsPerHour": 100, "monthlyUsd": 50.0,
                               "action": "created"}
    assert data["platforms"] == ["instagram", "tiktok", "twitter"] and data["checks"] == []
    assert any("GEMINI_API_KEY" in step for step in data["nextSteps"])
    text = _config(cli)
    assert 'default_creator = "mia"' in text and "[features.caption]" in text
    assert cli("creators", "show", "mia", "--json").json()["data"]["platforms"] == ["instagram", "tiktok", "twitter"]
    routes = cli("config", "list", "--json").json()["data"]
    assert any(row["key"] == "route.chat" and row["value"].startswith("gemini:") for row in routes)
    assert cli("quota", "--json").json()["data"]["creator"] == "mia"  # now the default creator
    oct_mode = (cli.home / "config.toml").stat().st_mode & 0o777
    assert oct_mode == 0o600


def test_rerun_is_idempotent_and_updates_the_plan(cli):
    assert cli("init", "--yes", "--creator", "mia", "--plan", "pro").code == 0
    r = cli("init", "--yes", "--creator", "mia", "--json")
    assert r.code == 0 and r.json()["data"]["creator"]["action"] == "unchanged"
    assert r.json()["data"]["creator"]["plan"] == "pro"  # an omitted --plan keeps the creator's plan
    r = cli("init", "--yes", "--creator", "mia", "--plan", "business", "--json")
    assert r.json()["data"]["creator"]["action"] == "plan changed from pro"
    with open_ledger(cli.db) as ledger:
        assert [(c.name, c.plan) for c in ledger.list_creators()] == [("mia", "business")]


def test_rules_provider_keeps_test_prompt_on_a_model(cli):
    assert cli("init", "--yes", "--provider", "rules").code == 0
    text = _config(cli)
    assert "[features.caption]" in text and "[features.test-prompt]" not in text


def test_without_a_terminal_it_never_prompts(cli):
    r = cli.proc("init", stdin="", timeout=30)  # a prompt waiting for input would hit this timeout (an error)
    assert r.code == 0, r.stderr
    assert "creator default (created)" in r.stdout and "?" not in r.stdout.split("\n")[0]
    assert 'default_creator = "default"' in _config(cli)


@pytest.mark.parametrize("args, words", [
    (["--plan", "gold"], "Unknown plan 'gold'"),
    (["--platforms", "myspace"], "Unknown platform 'myspace'"),
    (["--provider", "skynet"], "Unknown provider 'skynet'"),
    (["--creator", "bad name"], "Invalid creator name"),
    (["--base-url", "http://127.0.0.1:1/v1"], "--base-url only applies to --provider local"),
])
def test_bad_options_exit_2_and_write_nothing(cli, args, words):
    r = cli("init", "--yes", *args)
    assert r.code == 2 and words in r.stderr
    assert not (cli.home / "config.toml").exists()


def test_key_check_against_the_provider(cli, llm_server):
    cli.use_server(llm_server)
    r = cli("init", "--yes", "--provider", "openai", "--check", "--json")
    assert r.code == 0, r.stderr
    [check] = r.json()["data"]["checks"]
    assert check["provider"] == "openai" and check["status"] == "ok"
    assert llm_server.hits == 1
    llm_server.enqueue(error(401, "bad key"))
    r = cli("init", "--yes", "--provider", "openai", "--check")
    assert r.code == 6 and "Setup was saved, but the openai check failed" in r.stderr
    with open_ledger(cli.db) as ledger:  # a health check is billed to nobody
        assert ledger.list_usage() == []


def _expect(fd: int, text: str, buffer: list[str], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while text not in "".join(buffer):
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"never saw {text!r}; got {''.join(buffer)!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096).decode(errors="replace")
            except OSError:
                chunk = ""
            assert chunk, f"process ended before {text!r}; got {''.join(buffer)!r}"
            buffer.append(chunk)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_guided_on_a_terminal(cli, llm_server):
    import pty

    cli.use_server(llm_server)
    env = {**_clean_env(), **cli.env, "HUNTAZE_HOME": str(cli.home), "TERM": "dumb", "NO_COLOR": "1"}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "huntaze_cli", "init"], stdin=slave, stdout=slave, stderr=slave,
                            env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    seen: list[str] = []
    try:
        for prompt, answer in (("Creator name [default]: ", "mia"), ("Plan: ", "gold"),
                               ("is not one of starter, pro, business", None), ("Plan: ", "pro"),
                               ("Platforms you publish on", "tiktok, x"), ("Default AI provider", "openai"),
                               ("Check the key now", "y"), ("Next steps", None)):
            _expect(master, prompt, seen)
            if answer is not None:
                seen.clear()
                os.write(master, f"{answer}\n".encode())
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    with open_ledger(cli.db) as ledger:
        assert ledger.get_creator("mia").plan == "pro"
        assert "twitter" in ledger.get_creator("mia").platforms
    text = _config(cli)
    assert 'default_creator = "mia"' in text
    assert llm_server.hits == 1  # the key check
