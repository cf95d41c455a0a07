"""French and Spanish templates agree with what the creator describes (issue 16.5: "la nouvelle série …
Débloque-le"): agents/messaging/gender.py and the mass-message drafts that use it."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.messaging import mass_rules as rules
from huntaze_cli.agents.messaging.gender import gender_of

SEGMENTS = ("whales", "regulars", "new", "lapsed", "never-bought")


@pytest.mark.parametrize(("text", "lang", "gender"), [
    ("la nouvelle série", "fr", "f"), ("nouvelle série photo", "fr", "f"), ("une vidéo exclusive", "fr", "f"),
    ("nouveau set à la plage", "fr", "m"), ("mon dernier shooting", "fr", "m"), ("un clip", "fr", "m"),
    ("mes photos de vacances", "fr", "mp"), ("vidéos exclusives", "fr", "fp"), ("rien du tout", "fr", None),
    ("la nueva serie", "es", "f"), ("nuevo set", "es", "m"), ("las fotos", "es", "fp"), ("los vídeos", "es", "mp"),
    ("new set", "en", None), ("die neue Serie", "de", None),
])
def test_gender_of(text: str, lang: str, gender: str | None) -> None:
    assert gender_of(text, lang) == gender


def test_the_seen_french_series_is_unlocked_as_feminine() -> None:
    text = rules.compose("regulars", "la nouvelle série", 20, "fr")
    assert text.endswith("Débloque-la pour 20.00 $.") and "Débloque-le" not in text
    assert rules.compose("lapsed", "la nouvelle série", 20, "fr").count("je te l'ai gardée,") == 1
    assert rules.compose("lapsed", "mon nouveau set", 20, "fr").count("je te l'ai gardé,") == 1


@pytest.mark.parametrize("segment", SEGMENTS)
@pytest.mark.parametrize(("content", "lang", "closing"), [
    ("la nouvelle série", "fr", "Débloque-la pour 20.00 $."),
    ("mes photos de la plage", "fr", "Débloque-les pour 20.00 $."),
    ("mon nouveau set", "fr", "Débloque-le pour 20.00 $."), ("rien que pour toi", "fr", "À débloquer pour 20.00 $."),
    ("la nueva serie", "es", "Desbloquéala por $20.00."), ("las fotos de la playa", "es", "Desbloquéalas por $20.00."),
    ("solo para ti", "es", "Disponible por $20.00."),
])
def test_every_draft_agrees_with_its_content(segment: str, content: str, lang: str, closing: str) -> None:
    from huntaze_cli.agents.messaging.mass_agent import stated_amounts

    text = rules.compose(segment, content, 20, lang)
    assert text.endswith(closing) and stated_amounts(text) == [20.0]
    if lang == "fr" and "série" in content:
        assert "gardé," not in text and " les as " not in text


def test_a_model_draft_without_the_price_gets_the_agreeing_line() -> None:
    from huntaze_cli.agents.messaging.mass_agent import MassMessageAgent
    from huntaze_cli.agents.schemas import MassMessageInput, MassMessageOutput, SegmentBrief, SegmentDraft

    data = MassMessageInput(content="la nouvelle série", lang="fr", segments=[
        SegmentBrief(segment="regulars", fans=3, price_usd=19.99, expected_conversion=0.1, tactic="urgency")])
    out = MassMessageAgent().finalize(data, MassMessageOutput(drafts=[SegmentDraft(segment="regulars",
                                                                                   text="Elle est prête")]))
    assert out.drafts[0].text == "Elle est prête Débloque-la pour 19.99 $."


@pytest.mark.parametrize(("message", "lang", "wanted", "never"), [
    ("la nouvelle série est prête, tu la veux ?", "fr", "celle-ci", "celui-ci"),
    ("mon nouveau set est prêt", "fr", "celui-ci", "celle-ci"),
    ("la nueva serie ya está", "es", "Tuya por", "Tuyo por"),
    ("las fotos nuevas", "es", "Tuyas por", "Tuyo por"),
    ("el vídeo nuevo", "es", "Tuyo por", "Tuya por"),
])
def test_optimize_sale_agrees_with_the_offer(message: str, lang: str, wanted: str, never: str) -> None:
    from huntaze_cli.agents.sales.rules import optimize_sale
    from huntaze_cli.agents.schemas import SaleInput

    texts = []
    for engagement in ("low", "medium", "high"):
        out = optimize_sale(SaleInput(message=message, price_usd=20, lang=lang, engagement=engagement))
        texts.append(out.optimized_message)
    assert all(never not in t for t in texts)
    assert any(wanted in t for t in texts), texts
