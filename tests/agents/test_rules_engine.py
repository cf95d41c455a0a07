"""The offline engine: useful, rule-abiding, deterministic and input-sensitive answers."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.analytics.metrics import compute_metrics
from huntaze_cli.agents.analytics.rules import analyze_metrics
from huntaze_cli.agents.content.agent import ContentAgent, ContentIdeasAgent
from huntaze_cli.agents.messaging.agent import MessagingAgent, SuggestAgent
from huntaze_cli.agents.platforms import PLATFORMS, compose_post, rules_for
from huntaze_cli.agents.sales.agent import SalesAgent
from huntaze_cli.agents.schemas import (
    AnalyzeInput,
    CaptionInput,
    ChatInput,
    FanProfile,
    IdeasInput,
    Post,
    SaleInput,
    SuggestInput,
    Tactic,
)


def caption(**kw: object) -> tuple[str, list[str]]:
    data = CaptionInput(**{"description": "sunset run on the beach", "platform": "tiktok", **kw})
    out = ContentAgent().finalize(data, ContentAgent().rules(data, []))
    return out.caption, out.hashtags


@pytest.mark.parametrize("platform", PLATFORMS)
def test_caption_keywords_and_platform_rules(platform: str) -> None:
    text, tags = caption(platform=platform, description="Sunset run on the beach with Luna, golden hour")
    assert "sunset" in text.lower() and "beach" in text.lower()
    assert "#sunsetrun" in tags and "#goldenhour" in tags  # multi-word subjects are one tag
    rule = rules_for(platform)
    low, high = rule.recommended_hashtags
    assert max(low, 1) <= len(tags) <= high
    assert rule.measure(compose_post(text, tags)) <= rule.max_length


def test_caption_platform_styles() -> None:
    tiktok, _ = caption(platform="tiktok")
    assert len(tiktok.splitlines()) >= 3  # hook line, topic, call to action
    twitter, _ = caption(platform="x")
    assert "\n" not in twitter
    onlyfans, _ = caption(platform="onlyfans")
    assert len(onlyfans.splitlines()) == 3


def test_caption_differs_by_mood_platform_description_and_is_deterministic() -> None:
    base = caption()
    assert caption() == base
    assert caption(mood="mysterious") != caption(mood="fun")
    assert caption(platform="instagram") != base
    assert caption(description="morning coffee in Paris")[0] != base[0]


def test_caption_variants_distinct() -> None:
    data = CaptionInput(description="sunset run on the beach", platform="instagram", variants=6)
    out = ContentAgent().rules(data, [])
    assert len(out.variants) == 6 and len({v.caption for v in out.variants}) == 6
    assert out.caption == out.variants[0].caption


def test_caption_french_and_fallback() -> None:
    fr = ContentAgent().rules(CaptionInput(description="balade sur la plage", platform="tiktok", lang="fr"), [])
    assert any(w in fr.caption for w in ("Abonne", "Commente", "Enregistre", "duo"))
    it = ContentAgent().rules(CaptionInput(description="walk on the beach", lang="it"), [])
    assert any("written in English" in n for n in it.performance_insights)
    assert it.confidence < ContentAgent().rules(CaptionInput(description="walk on the beach"), []).confidence


def test_caption_confidence_grows_with_input() -> None:
    bare = ContentAgent().rules(CaptionInput(description="beach"), [])
    rich = ContentAgent().rules(CaptionInput(description="sunset run on the beach with my dog", mood="chill",
                                             audience="runners"), [])
    assert 0 <= bare.confidence < rich.confidence <= 1


def test_chat_low_engagement_vs_whale() -> None:
    agent = MessagingAgent()
    low = agent.rules(ChatInput(message="hey what's new?", engagement="low", spent_usd=0), [])
    whale = agent.rules(ChatInput(message="hey what's new?", engagement="high", spent_usd=900,
                                  fan=FanProfile(name="Sam")), [])
    assert low.reply != whale.reply
    assert "missed you" in low.reply and Tactic.RECIPROCITY in low.tactics
    assert "Sam" in whale.reply and Tactic.EXCLUSIVITY in whale.tactics
    assert Tactic.PERSONALIZATION in whale.tactics
    assert whale.upsell_suggestions[0].price_usd > low.upsell_suggestions[0].price_usd  # type: ignore[operator]
    assert agent.rules(ChatInput(message="hey what's new?", engagement="low", spent_usd=0), []) == low


@pytest.mark.parametrize(("platform", "count"), [("onlyfans", 5), ("instagram", 3), ("twitter", 10)])
def test_suggest_n_distinct(platform: str, count: int) -> None:
    out = SuggestAgent().rules(SuggestInput(message="hi", count=count, platform=platform), [])
    texts = [s.text for s in out.suggestions]
    assert len(texts) == count and len(set(texts)) == count
    assert len({s.tone for s in out.suggestions}) == count


def test_suggest_tuned_per_platform() -> None:
    of = SuggestAgent().rules(SuggestInput(message="hi", count=3, platform="onlyfans", spent_usd=900), [])
    ig = SuggestAgent().rules(SuggestInput(message="hi", count=3, platform="instagram", spent_usd=900), [])
    # two answers to the greeting itself, then the tone of the fan's segment: VIP on OnlyFans, warm elsewhere
    assert of.suggestions[2].tone == "vip" and ig.suggestions[2].tone == "warm"
    assert of.suggestions[:2] != ig.suggestions[:2] or of.suggestions[2] != ig.suggestions[2]


def test_optimize_sale_tactics_are_enum_with_rationales() -> None:
    data = SaleInput(message="New custom video, want it?", price_usd=30, content_type="custom",
                     fan=FanProfile(name="Sam", total_spent_usd=900, purchases=12, days_since_last_purchase=40))
    out = SalesAgent().rules(data, [])
    assert 2 <= len(out.tactics) <= 4
    assert all(isinstance(t.name, Tactic) and len(t.rationale) > 20 for t in out.tactics)
    assert "Sam" in out.optimized_message and "New custom video, want it?" in out.optimized_message
    assert f"${out.suggested_price:.2f}" in out.optimized_message
    assert 0 < out.expected_conversion_rate < 1 and len(out.alternative_messages) >= 2
    assert len(set(out.alternative_messages)) == len(out.alternative_messages)
    new_fan = SalesAgent().rules(SaleInput(message="New set!", price_usd=30, engagement="low"), [])
    assert {t.name for t in new_fan.tactics} != {t.name for t in out.tactics}
    assert new_fan.suggested_price != out.suggested_price


def test_analyze_rules_worded_from_numbers() -> None:
    posts = [Post(posted_at=f"2026-11-0{d}T{h:02d}:00:00Z", platform=p, content_type=c, likes=lk, views=1000,
                  revenue_usd=r)
             for d, h, p, c, lk, r in [(1, 20, "tiktok", "video", 90, 0), (2, 9, "instagram", "photo", 30, 10),
                                       (3, 20, "tiktok", "video", 100, 0), (4, 9, "onlyfans", "photo", 40, 300),
                                       (5, 20, "tiktok", "video", 80, 0), (6, 12, "instagram", "photo", 20, 5)]]
    out = analyze_metrics(compute_metrics(AnalyzeInput(posts=posts)))
    # video 270/3000 = 9%, photo 90/3000 = 3% → 3.0× → high impact
    assert out.insights[0].text.startswith("video posts earn 3.0× the engagement of photo posts (9.0% vs 3.0%)")
    assert out.insights[0].impact == "high"
    assert any("20:00 UTC" in r.text for r in out.recommendations)
    assert all(0 <= p.frequency <= 1 for p in out.patterns) and out.predictions
    assert 0 < out.confidence < 1


def test_ideas_from_history() -> None:
    posts = [Post(platform="tiktok", content_type="video", likes=90, views=1000),
             Post(platform="instagram", content_type="photo", likes=20, views=1000)]
    history = compute_metrics(AnalyzeInput(posts=posts))
    out = ContentIdeasAgent().rules(IdeasInput(count=12, history=history, topics=["fitness"]), [])
    assert len(out.ideas) == 12 and len({i.title for i in out.ideas}) == 12
    assert out.ideas[0].platform == "tiktok" and out.ideas[0].content_type == "video"
    assert "fitness" in out.recommended_topics and out.top_performing_content
    blank = ContentIdeasAgent().rules(IdeasInput(count=3), [])
    assert [i.title for i in blank.ideas] != [i.title for i in out.ideas[:3]]
