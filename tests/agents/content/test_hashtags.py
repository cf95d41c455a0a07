"""Hashtags and topics a creator would choose: a labelled set of descriptions, each with tags that must be
there and tags that must never be, on every platform, through the rules engine and through a model's answer."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.content.agent import ContentAgent, ContentIdeasAgent
from huntaze_cli.agents.content.hashtags import subjects, topic_words, user_tags
from huntaze_cli.agents.content.idea_rules import topics_from_descriptions
from huntaze_cli.agents.platforms import PLATFORMS, rules_for
from huntaze_cli.agents.schemas import CaptionInput, CaptionOutput, IdeasInput

# (description, acceptable: must appear on every platform with room for them, forbidden: never)
LABELLED = [
    ("new video is up https://youtu.be/abc123 go watch", [],
     ["#video", "#https", "#youtu", "#abc123", "#watch", "#new", "#go", "#up"]),
    ("leg day routine #fitness #workout #gains", ["#fitness", "#workout", "#gains"], ["#leg", "#day"]),
    ("leg day, no excuses", ["#legday"], ["#leg", "#day", "#no"]),
    ("sunset run on the beach", ["#sunsetrun"], ["#sunset", "#run", "#on", "#the"]),
    ("finally finished my first marathon #marathon #running", ["#marathon", "#running"],
     ["#finally", "#finished", "#first", "#my"]),
    ("10k in 2024 at 6am with @mia_fit, see www.mia.fit/plan", [], ["#10k", "#2024", "#6am", "#mia_fit", "#see",
                                                                  "#www", "#mia", "#plan"]),
    ("Morning yoga flow #Yoga #yoga #YOGA", ["#Yoga"], ["#yoga", "#YOGA", "#morning"]),
    ("café du matin à paris", ["#paris"], ["#du", "#à", "#matin"]),
]


def caption(description: str, platform: str, variants: int = 1) -> CaptionOutput:
    data = CaptionInput(description=description, platform=platform, variants=variants)
    return ContentAgent().finalize(data, ContentAgent().rules(data, []))


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(("description", "acceptable", "forbidden"), LABELLED)
def test_labelled_descriptions(platform: str, description: str, acceptable: list[str], forbidden: list[str]):
    tags = caption(description, platform).hashtags
    cap = rules_for(platform).max_hashtags
    assert len(tags) <= cap
    assert len({t.casefold() for t in tags}) == len(tags)
    # the creator's own tags come first, as many as the platform allows
    own = user_tags(description)
    assert tags[:min(len(own), cap)] == own[:cap], tags
    for tag in acceptable[:cap]:
        assert tag in tags, (platform, tags)
    for tag in forbidden:
        assert tag not in tags, (platform, tags)
    assert not any(t.lstrip("#").isdigit() for t in tags)


def test_on_x_the_creators_tags_win_over_the_rules_engine():
    out = caption("finally finished my first marathon #marathon #running", "twitter")
    assert out.hashtags == ["#marathon", "#running"]
    assert "#marathon" not in out.caption  # trailing tags moved to the tag block, not left in the sentence


def test_the_creators_tags_lead_a_models_answer_too():
    data = CaptionInput(description="leg day routine #fitness #workout #gains", platform="instagram")
    model = CaptionOutput(caption="Leg day done 💪", hashtags=["#legs", "#https", "#2024", "#fitness", "#gym"],
                          confidence=0.8)
    out = ContentAgent().finalize(data, model)
    assert out.hashtags == ["#fitness", "#workout", "#gains", "#legs", "#gym"]


def test_variants_get_different_tags():
    out = caption("sunset run on the beach with Luna, golden hour", "instagram", variants=3)
    assert len(out.variants) == 3
    assert len({tuple(v.hashtags) for v in out.variants}) == 3
    out = caption("yoga at sunrise on the rooftop in bali with friends", "twitter", variants=3)
    assert len({tuple(v.hashtags) for v in out.variants}) == 3


def test_subjects_and_topics():
    assert subjects("sunset run on the beach") == ["sunsetrun", "beach"]
    assert subjects("new video is up https://youtu.be/abc123 go watch") == []
    assert topic_words("leg day routine at the gym") == ["leg day", "routine", "gym"]
    assert topic_words("check abc123 and 42 https://x.co/a1") == []


def test_ideas_topics_follow_the_same_rules():
    past = ["new video is up https://youtu.be/abc123 go watch", "quick leg day at the gym",
            "leg day again, 5 sets", "post 2 of 3: gym selfie"]
    topics = topics_from_descriptions(past)
    assert topics[:2] == ["leg day", "gym"]
    assert not {"abc123", "https", "quick", "video", "youtu", "sets", "selfie"} & set(topics)
    data = IdeasInput(count=6, past_topics=topics, platform="instagram")
    out = ContentIdeasAgent().rules(data, [])
    text = " ".join(f"{i.title} {i.description}" for i in out.ideas)
    assert "abc123" not in text and "https" not in text and "leg day" in text


@pytest.mark.parametrize(("text", "topics", "tags"), [
    ("coucher de soleil à la plage", ["coucher de soleil", "plage"], ["coucherdesoleil", "plage"]),
    ("coucher de soleil sur l'océan", ["coucher de soleil", "océan"], ["coucherdesoleil", "océan"]),
    ("soirée d'été entre amis", ["soirée d'été", "amis"], ["soiréedété", "amis"]),
    ("pôr do sol na praia", ["pôr do sol", "praia"], ["pôrdosol", "praia"]),
    ("traje de baño en la playa", ["traje de baño", "playa"], ["trajedebaño", "playa"]),
])
def test_a_romance_noun_de_noun_is_one_topic_and_one_tag(text: str, topics: list[str], tags: list[str]) -> None:
    """Issue 16.5: after a French caption, `ideas` offered "coucher" and "soleil" as two topics, and the
    caption was tagged #coucher #soleil."""
    assert topic_words(text) == topics
    assert subjects(text) == tags


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_french_sunset_caption_carries_phrase_tags(platform: str) -> None:
    out = caption("coucher de soleil à la plage", platform)
    assert {"#coucher", "#soleil"}.isdisjoint(out.hashtags)
    if rules_for(platform).recommended_hashtags[1] >= 2:
        assert out.hashtags[:2] == ["#coucherdesoleil", "#plage"]


def test_french_topics_for_ideas_are_whole_phrases():
    topics = topics_from_descriptions(["coucher de soleil à la plage", "coucher de soleil en ville"])
    assert topics[0] == "coucher de soleil" and "coucher" not in topics and "soleil" not in topics


def test_a_tag_inside_the_models_caption_is_judged_like_its_list() -> None:
    # Seen on a real llama.cpp server: a success line carried "#LadiesAndGentlends_TheComingOfTime" (34
    # characters), written at the end of the caption text rather than in the hashtags list.
    data = CaptionInput(description="gala night #LadiesAndGentlemen_ItsShowTimeTonight", platform="instagram")
    model = CaptionOutput(caption="What a #gala night #LadiesAndGentlends_TheComingOfTime #2024 #glam",
                          hashtags=["#nightout"], confidence=0.8)
    out = ContentAgent().finalize(data, model)
    assert out.caption == "What a gala night"
    # the creator's own over-long tag stays first; the model's list, then its readable inline tags follow
    assert out.hashtags == ["#LadiesAndGentlemen_ItsShowTimeTonight", "#nightout", "#gala", "#glam"]
    variant = CaptionOutput(caption="x", hashtags=[], confidence=0.8, variants=[
        {"caption": "Glam #Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "hashtags": ["#gala"]},
        {"caption": "Gala #dress", "hashtags": []}])
    two = ContentAgent().finalize(data.model_copy(update={"variants": 2}), variant)
    assert [(v.caption, v.hashtags) for v in two.variants] == [
        ("Glam", ["#LadiesAndGentlemen_ItsShowTimeTonight", "#gala"]),
        ("Gala", ["#LadiesAndGentlemen_ItsShowTimeTonight", "#dress"])]
