"""--lang at the edge: a code that is no language is exit 2 before anything is recorded; a real language
the rules engine has no templates for is answered in English with one honest line and meta.language."""

from __future__ import annotations

import pytest

from tests.conftest import usage_rows


@pytest.mark.parametrize("code", ["xx", "zz-ZZ-foo", ""])
@pytest.mark.parametrize("command", [["chat", "hello"], ["mass-message", "new set"], ["caption", "sunset run"],
                                     ["ideas"]])
def test_an_invalid_language_is_exit_2_and_records_nothing(cli, command, code):
    result = cli(*command, "--lang", code)
    assert result.code == 2, result.stderr
    assert "--lang" in result.stderr and "Traceback" not in result.stderr
    assert not cli.db.exists() or usage_rows(cli.db) == []


def test_a_language_without_templates_is_answered_in_english_and_says_so(cli):
    human = cli("chat", "hello", "--lang", "ja")
    assert human.code == 0 and "No Japanese templates offline; answered in English." in human.stderr
    envelope = cli("chat", "hello", "--lang", "ja", "--json").json()
    assert envelope["meta"]["language"] == "en" and envelope["meta"]["provider"] == "rules"
    assert cli("chat", "salut", "--lang", "fr", "--json").json()["meta"]["language"] == "fr"


def test_ideas_without_templates_in_the_language_asked_say_so(cli):
    """The offline ideas are written in English only (idea_rules.IDEA_LANGUAGES)."""
    human = cli("ideas", "--lang", "fr", "-n", "2")
    assert human.code == 0 and "No French templates offline; answered in English." in human.stderr
    assert cli("ideas", "--lang", "fr", "--json").json()["meta"]["language"] == "en"
    assert "templates offline" not in cli("ideas", "-n", "2").stderr
