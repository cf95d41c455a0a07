"""Redaction catches the key however a server echoes it: whole, without its `sk-` prefix, masked in the
middle, or any long fragment; checked on the module and through the real SDKs against the fake server."""

from __future__ import annotations

import pytest

from huntaze_cli.redaction import MASK, MIN_FRAGMENT, redact, redact_message
from tests.conftest import PLANTED_KEY
from testservers.llm_server import echo_key

KEY = "sk-proj-Q7w9E2r4T6y8U0i1O3p5A7s9D"


@pytest.mark.parametrize("echoed", [
    KEY,
    KEY.removeprefix("sk-"),              # the prefix dropped
    KEY.removeprefix("sk-proj-"),
    KEY[10:10 + MIN_FRAGMENT],            # the shortest fragment that counts
    KEY[5:-5],                            # the middle, ends cut off
    f"{KEY[:8]}****{KEY[-4:]}",           # masked the way OpenAI does
])
def test_every_shape_of_the_key_is_masked(echoed):
    text = redact(f"Incorrect API key provided: {echoed}. Check it.", KEY)
    assert MASK in text and text.startswith("Incorrect API key provided: ") and text.endswith(". Check it.")
    # Nothing of MIN_FRAGMENT characters of the key is left.
    assert not any(KEY[i:i + MIN_FRAGMENT] in text for i in range(len(KEY) - MIN_FRAGMENT + 1)), text


def test_ordinary_text_and_short_runs_are_kept():
    text = "The key you gave was rejected (status 401); see https://platform.openai.com/api-keys."
    assert redact(text, KEY) == text
    # Fewer than MIN_FRAGMENT characters of the key in a row are not a secret.
    short = KEY[3:3 + MIN_FRAGMENT - 1]
    assert redact(f"prefix {short} suffix", KEY) == f"prefix {short} suffix"


def test_short_secrets_are_masked_whole_only():
    assert redact("token abc123 and abc12", "abc123") == f"token {MASK} and abc12"


def test_messages_stay_one_short_line():
    assert len(redact_message("x " * 5000)) <= 300
    assert "\n" not in redact_message("a\nb", KEY)


def _fragments(secret: str) -> list[str]:
    return [secret[i:i + MIN_FRAGMENT] for i in range(len(secret) - MIN_FRAGMENT + 1)]


@pytest.mark.parametrize("provider", ["openai", "gemini"])
@pytest.mark.parametrize("template", ["Incorrect API key provided: {key_unprefixed}.",
                                      "Key ...{key_middle}... is not valid"])
def test_a_server_echoing_part_of_the_key_leaks_none_of_it(cli, llm_server, provider, template):
    cli.use_server(llm_server)
    llm_server.set_default(echo_key(401, template))
    for json_mode in (False, True):
        r = cli(*(["--json"] if json_mode else []), "test-prompt", "hi", "--provider", provider, "--no-cache")
        assert r.code == 6, r.stderr
        seen = r.stdout + r.stderr
        assert MASK in seen
        assert not any(part in seen for part in _fragments(PLANTED_KEY)), seen
    assert llm_server.hits >= 2
    for path in cli.home.glob("huntaze.db*"):
        data = path.read_bytes()
        assert not any(part.encode() in data for part in _fragments(PLANTED_KEY)), path.name


def test_webhook_tokens_never_reach_output_or_hook_logs(cli, llm_server):
    from tests.fakes.helpers import closed_port_url
    from testservers.llm_server import error

    token = "xoxbTOKEN1234567890abcdef"
    url = closed_port_url(f"/services/T01/B02/{token}") + "?sig=abcdef123456"
    assert cli("hooks", "add", "--event", "request.failed", "--url", url).code == 0
    for args in (["hooks", "list"], ["--json", "hooks", "list"]):
        r = cli(*args)
        assert r.code == 0 and "/services/T01/B02/" in r.stdout
        assert token not in r.stdout + r.stderr and "abcdef123456" not in r.stdout
    cli.use_server(llm_server)
    llm_server.set_default(error(400, "bad request"))
    r = cli("test-prompt", "hi", "--provider", "openai")
    assert r.code == 5 and "cannot reach" in r.stderr and token not in r.stderr
    assert cli("--json", "hooks", "list").json()["data"][0]["lastRun"]["status"] == "failed"
    from huntaze_cli.ledger import open_ledger

    with open_ledger(cli.db) as ledger:  # the URL itself is stored (it must be called); its runs' logs are not
        [run] = ledger.list_hook_runs(limit=10)
    assert "cannot reach" in run["detail"] and token not in run["detail"]
