"""The fan's language: a labelled set of short messages and descriptions, as fans and creators write them."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.language import detect, normalize, resolve, template_lang, written_language

LABELLED = {
    "tu me manques": "fr", "Nouveau set dispo, tu le veux ?": "fr", "salut ça va": "fr", "t'es trop belle": "fr",
    "coucou toi": "fr", "je n'ai pas d'argent ce mois-ci": "fr", "café du matin à paris": "fr",
    "balade sur la plage": "fr",
    "what are you up to tonight?": "en", "I can't afford anything this month sorry": "en", "miss you!": "en",
    "hey babe what's new?": "en", "send pics": "en", "lol": "en", "pool day": "en",
    "sunset run on the beach": "en", "lingerie shoot in a hotel room": "en",
    "te extraño mucho": "es", "hola guapa": "es", "cuánto cuesta el video?": "es", "no tengo dinero este mes": "es",
    "qué haces esta noche?": "es", "atardecer en la playa": "es",
    "quanto custa?": "pt", "oi linda, tudo bem?": "pt", "saudades de você": "pt", "não tenho dinheiro esse mês": "pt",
    "o que você está fazendo hoje?": "pt", "noite na praia com amigos": "pt",
    "ich vermisse dich": "de", "du fehlst mir": "de", "wie viel kostet das?": "de",
    "ich habe diesen Monat kein Geld": "de", "was machst du heute abend?": "de", "Schöner Abend am See": "de",
}


@pytest.mark.parametrize(("text", "lang"), LABELLED.items())
def test_labelled_messages(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_lang_option_wins_and_is_normalised() -> None:
    assert resolve("pt-BR", "tu me manques") == "pt"
    assert resolve(None, "tu me manques") == "fr"
    assert normalize("FR") == "fr" and normalize(None) is None
    with pytest.raises(ValueError, match="not a language code"):
        normalize("12!")
    assert template_lang("it") == "en" and template_lang("de") == "de"  # the rules engine falls back to English


@pytest.mark.parametrize("code", ["xx", "zz-ZZ-foo", "", "  ", "english"])
def test_a_code_that_is_no_language_is_refused(code):
    with pytest.raises(ValueError):
        normalize(code)


def test_a_real_language_passes_even_without_templates():
    assert (normalize("ja"), normalize("pt-BR"), normalize(None)) == ("ja", "pt", None)


def test_the_rules_engine_says_when_it_wrote_another_language():
    assert written_language("ja", "rules") == ("en", "No Japanese templates offline; answered in English.")
    assert written_language("fr", "rules") == ("fr", None)
    assert written_language("ja", "openai") == ("ja", None)  # a model writes the language asked
