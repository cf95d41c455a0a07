"""mass_message: per-segment price and conversion worked by hand; the offline text in English and French."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.messaging import mass_drafts as mm
from huntaze_cli.agents.messaging import mass_rules as rules
from huntaze_cli.agents.revenue.segments import SEGMENTS, SegmentSummary
from huntaze_cli.agents.schemas import Tactic


def test_measured_segment_by_hand() -> None:
    seg = SegmentSummary("regulars", fans=40, purchases=30, declined=10, acceptance=0.75, median_price=24.0)
    # factor = 24 / 20 = 1.2; step = 1 + 0.4 × (0.75 − 0.5) = 1.1; reference = 25 × 1.2 = 30
    # 30 × 1.1 = 33.00 → 32.99 (within 12.50–50)
    # p = (30 + 10 × 0.15) / (40 + 10) = 0.63; elasticity = 1 − 0.5 × (32.99 / 30 − 1) = 0.950167 → 0.599
    offer = mm.segment_offer(seg, 25.0, 20.0, declines_recorded=True)
    assert (offer.price, offer.conversion) == (32.99, 0.599)
    assert "1.20×" in offer.rationale and "75% of 40 offers" in offer.rationale


def test_thin_segment_uses_the_priors() -> None:
    seg = SegmentSummary("lapsed", fans=12, purchases=2, declined=1, acceptance=2 / 3, median_price=17.5)
    # 2 purchases < 3: factor prior 0.8, step 1 → reference 25 × 0.8 = 20 → 19.99
    # p = (2 + 10 × 0.05) / (3 + 10) = 0.192308; elasticity = 1 − 0.5 × (19.99 / 20 − 1) = 1.00025 → 0.192
    offer = mm.segment_offer(seg, 25.0, 30.0, declines_recorded=True)
    assert (offer.price, offer.conversion) == (19.99, 0.192)


def test_unknown_acceptance_uses_the_prior_conversion() -> None:
    seg = SegmentSummary("whales", fans=3, purchases=12, declined=0, acceptance=None, median_price=60.0)
    # factor = 60 / 30 = 2, step 1 (no declines recorded): reference = 20 × 2 = 40 → clamp to 2 × 20 = 40 → 39.99
    # p = prior 0.30 (no offers counted); elasticity = 1 − 0.5 × (39.99 / 40 − 1) = 1.000125 → 0.300
    offer = mm.segment_offer(seg, 20.0, 30.0, declines_recorded=False)
    assert (offer.price, offer.conversion) == (39.99, 0.3)
    assert "acceptance unknown" in offer.rationale


def test_base_price_fallbacks() -> None:
    assert mm.base_price(25.0, 30.0)[0] == 25.0
    assert mm.base_price(None, 30.0)[0] == 30.0
    assert mm.base_price(None, None)[0] == 10.0  # DEFAULT_BASE_PRICES["photo"]


def test_drafts_expected_buyers_and_revenue() -> None:
    seg = SegmentSummary("lapsed", fans=12, purchases=2, declined=1, acceptance=2 / 3, median_price=17.5,
                         fan_ids=["a", "b"])
    (draft,) = mm.drafts([seg], price=25.0, creator_median=30.0, declines_recorded=True)
    # 12 fans × 0.192 = 2.30 buyers (2.304 rounded); × 19.99 = 45.98
    assert (draft.expected_buyers, draft.expected_revenue) == (2.3, 45.98)
    assert draft.tactic == "urgency" and draft.fan_ids == ["a", "b"]


@pytest.mark.parametrize("segment", SEGMENTS)
def test_every_segment_has_a_draft_in_english_and_french(segment: str) -> None:
    en = rules.compose(segment, "new beach set", 19.99, "en")
    fr = rules.compose(segment, "nouveau shooting plage", 19.99, "fr-FR")
    assert en.startswith("Hey!") and en.endswith("Unlock it for $19.99.") and "new beach set." in en
    assert fr.startswith("Coucou !") and fr.endswith("Débloque-le pour 19.99 $.") and "nouveau shooting plage." in fr
    assert Tactic(rules.TACTIC[segment])  # a named tactic, one of the eight


def test_long_content_is_cut_at_a_word() -> None:
    text = rules.compose("regulars", "word " * 100, 9.99)
    assert "word…" in text and "wor…" not in text.replace("word…", "")


def test_a_segment_of_free_unlocks_uses_the_prior() -> None:
    seg = SegmentSummary("new", fans=5, purchases=4, declined=0, acceptance=1.0, median_price=0.0)
    # median 0: prior factor 0.9, step 1 → 10 × 0.9 = 9 → 8.99; p = (4 + 10 × 0.12) / (4 + 10) = 0.371429
    # elasticity = 1 − 0.5 × (8.99 / 9 − 1) = 1.000556 → 0.372
    offer = mm.segment_offer(seg, 10.0, 12.0, declines_recorded=True)
    assert (offer.price, offer.conversion) == (8.99, 0.372)


@pytest.mark.parametrize(("text", "amounts"), [
    ("Only $25 tonight", [25.0]), ("Débloque-le pour 19.99 $.", [19.99]), ("30% off!", [-1.0]),
    ("€9,99 or 12 USD or 5 dollars", [9.99, 12.0, 5.0]), ("3 new pics, 10 minutes of video", []),
])
def test_stated_amounts(text, amounts) -> None:
    from huntaze_cli.agents.messaging.mass_agent import stated_amounts

    assert stated_amounts(text) == amounts


def test_finalize_keeps_only_texts_that_state_the_computed_price() -> None:
    from huntaze_cli.agents.messaging.mass_agent import MassMessageAgent
    from huntaze_cli.agents.schemas import MassMessageInput, MassMessageOutput, SegmentBrief, SegmentDraft

    data = MassMessageInput(content="new set", lang="fr", segments=[
        SegmentBrief(segment=name, fans=3, price_usd=19.99, expected_conversion=0.1, tactic="urgency")
        for name in ("whales", "new", "lapsed", "regulars")])
    out = MassMessageAgent().finalize(data, MassMessageOutput(drafts=[
        SegmentDraft(segment="whales", text="Rien que pour toi : 19.99 $"),
        SegmentDraft(segment="new", text="Bienvenue, -50% aujourd'hui"),
        SegmentDraft(segment="lapsed", text="Tu m'as manqué")]))
    texts = [d.text for d in out.drafts]
    assert texts[0] == "Rien que pour toi : 19.99 $"                       # kept
    assert texts[1].startswith("Coucou ! Bienvenue !")                     # a discount nobody computed: rules
    assert texts[2] == "Tu m'as manqué Débloque-le pour 19.99 $."          # no price: the computed one appended
    assert texts[3].startswith("Coucou ! J'ai préparé")                    # not written: rules


@pytest.mark.parametrize(("lang", "greeting", "price_line"), [
    ("es", "¡Hola!", "Desbloquéalo por $19.99."), ("pt-BR", "Oi!", "Desbloqueie por US$ 19.99."),
    ("de", "Hey!", "Schalte es für 19.99 $ frei."), ("it", "Hey!", "Unlock it for $19.99."),  # no Italian set
])
@pytest.mark.parametrize("segment", SEGMENTS)
def test_the_other_rules_languages(segment: str, lang: str, greeting: str, price_line: str) -> None:
    from huntaze_cli.agents.messaging.mass_agent import stated_amounts

    text = rules.compose(segment, "set", 19.99, lang)
    assert text.startswith(greeting) and text.endswith(price_line)
    assert stated_amounts(text) == [19.99]  # the price line reads back as the computed price
