"""What a model is asked for: every string and array bounded, computed numbers left out (schemas.model_schema)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from huntaze_cli.agents.analytics.agent import AnalyticsAgent
from huntaze_cli.agents.content.agent import ContentAgent, ContentIdeasAgent
from huntaze_cli.agents.messaging.agent import MessagingAgent, SuggestAgent
from huntaze_cli.agents.platforms import PLATFORMS, rules_for
from huntaze_cli.agents.sales.agent import SalesAgent
from huntaze_cli.agents.schemas import (
    HASHTAG_PATTERN,
    AnalyzeInput,
    CaptionInput,
    ChatInput,
    IdeasInput,
    SaleInput,
    SaleOutput,
    SuggestInput,
)

CASES = [(ContentAgent(), CaptionInput(description="sunset run")),
         (ContentAgent(), CaptionInput(description="sunset run", variants=3, platform="tiktok")),
         (MessagingAgent(), ChatInput(message="hey")),
         (SuggestAgent(), SuggestInput(message="hey", count=4)),
         (SalesAgent(), SaleInput(message="new set", price_usd=15)),
         (AnalyticsAgent(), AnalyzeInput()),
         (ContentIdeasAgent(), IdeasInput(count=6))]


def _nodes(node: Any, name: str = "") -> list[tuple[str, dict]]:
    """Every (property name, schema) pair, through properties, items, anyOf and $defs."""
    if not isinstance(node, dict):
        return []
    found = [(name, node)]
    for prop, sub in (node.get("properties") or {}).items():
        found += _nodes(sub, prop)
    found += _nodes(node.get("items"), name)
    for option in node.get("anyOf", []):
        found += _nodes(option, name)
    for sub in (node.get("$defs") or {}).values():
        found += _nodes(sub)
    return found


@pytest.mark.parametrize("agent,data", CASES, ids=lambda v: type(v).__name__)
def test_every_string_and_array_a_model_writes_is_bounded(agent, data) -> None:
    schema = agent.output_schema(data)
    for name, node in _nodes(schema):
        kinds = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
        if "string" in kinds and "enum" not in node:
            assert "maxLength" in node or "pattern" in node, f"{name}: unbounded string"
        if "array" in kinds:
            assert "maxItems" in node, f"{name}: unbounded array"
        if "number" in kinds or "integer" in kinds:
            assert "maximum" in node, f"{name}: unbounded number a model writes"


def test_numbers_huntaze_computes_are_not_asked_of_the_model() -> None:
    sale = SalesAgent().output_schema(SaleInput(message="x", price_usd=15))
    assert {"suggestedPrice", "expectedConversionRate"}.isdisjoint(sale["properties"])
    chat = MessagingAgent().output_schema(ChatInput(message="x"))
    assert "upsellSuggestions" not in chat["properties"]
    analyze = AnalyticsAgent().output_schema(AnalyzeInput())
    assert "metrics" not in analyze["properties"] and "Metrics" not in json.dumps(analyze)
    # ...and the model's answer without them still validates (finalize fills them in).
    SaleOutput.model_validate({"optimizedMessage": "hi"})


@pytest.mark.parametrize("platform", PLATFORMS)
def test_caption_bounds_come_from_the_platform_rules(platform: str) -> None:
    schema = ContentAgent().output_schema(CaptionInput(description="x", platform=platform))
    rule = rules_for(platform)
    tags, caption = schema["properties"]["hashtags"], schema["properties"]["caption"]
    assert tags["maxItems"] <= rule.max_hashtags and tags["items"]["pattern"] == HASHTAG_PATTERN
    # The bounded caption plus the bounded hashtags always fit the platform (an X emoji weighs 2).
    longest_tags = tags["maxItems"] * 32
    weight = 2 if rule.weighted else 1
    assert caption["maxLength"] * weight + longest_tags <= rule.max_length
    assert schema["properties"]["variants"]["maxItems"] == 0


def test_config_overrides_tighten_the_caption_schema() -> None:
    agent = ContentAgent(platform_overrides={"instagram": {"max_length": 300, "max_hashtags": 2}})
    schema = agent.output_schema(CaptionInput(description="x", platform="instagram"))
    assert schema["properties"]["hashtags"]["maxItems"] == 2
    assert schema["properties"]["caption"]["maxLength"] <= 300 - 2 * 32


def test_counts_asked_for_are_exact_in_the_schema() -> None:
    suggest = SuggestAgent().output_schema(SuggestInput(message="x", count=4))["properties"]["suggestions"]
    assert suggest["minItems"] == suggest["maxItems"] == 4
    ideas = ContentIdeasAgent().output_schema(IdeasInput(count=6))["properties"]["ideas"]
    assert ideas["minItems"] == ideas["maxItems"] == 6
    variants = ContentAgent().output_schema(CaptionInput(description="x", variants=3))["properties"]["variants"]
    assert variants["maxItems"] == 3


def test_the_cached_base_schema_is_never_modified() -> None:
    first = ContentAgent().output_schema(CaptionInput(description="x", platform="twitter"))
    second = ContentAgent().output_schema(CaptionInput(description="x", platform="tiktok"))
    assert first["properties"]["caption"]["maxLength"] != second["properties"]["caption"]["maxLength"]
    again = ContentAgent().output_schema(CaptionInput(description="x", platform="twitter"))
    assert again == first


def test_analyze_prompt_is_a_bounded_summary_however_many_rows(tmp_path) -> None:
    from huntaze_cli.agents.analytics.metrics import compute_metrics, load_metrics

    rows = ["posted_at,platform,content_type,likes,comments,shares,saves,views,revenue_usd,followers"]
    for i in range(2000):  # every 7th post an outlier, high or low
        views = 10_000
        likes = 5_000 if i % 14 == 0 else 1 if i % 14 == 7 else 400 + i % 50
        rows.append(f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z,{['tiktok', 'instagram'][i % 2]},"
                    f"{['photo', 'video', 'story'][i % 3]},{likes},10,5,5,{views},1,{20000 + i}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n")
    data = load_metrics(str(path))
    metrics = compute_metrics(data)
    assert len(metrics.outliers) > 100
    prompt = AnalyticsAgent().build_prompt(data, [])
    assert len(prompt.user) < 5_000                           # ~1,500 tokens: fits a 4,096-token context
    assert f"{len(metrics.outliers)} outlier posts in all" in prompt.user
    assert f'"totalPosts":{metrics.total_posts}' in prompt.user  # the computed totals are all there


@pytest.mark.parametrize(("model", "field"), [("ChatOutput", "reply"), ("Suggestion", "text"),
                                              ("SaleOutput", "optimizedMessage"), ("SegmentDraft", "text")])
def test_a_blank_draft_from_a_model_is_invalid_output(model: str, field: str) -> None:
    """SmolLM2 once answered optimize-sale with "\\n": a draft a creator would send must not be blank, so
    that answer gets the repair turn and then the rules engine instead of being shown as the draft."""
    from pydantic import ValidationError

    from huntaze_cli.agents import schemas

    cls = getattr(schemas, model)
    base = {"segment": "whales", "tone": "warm"}
    with pytest.raises(ValidationError):
        cls.model_validate({**base, field: " \n\t"})
    assert getattr(cls.model_validate({**base, field: "  Hi there \n"}), {"optimizedMessage": "optimized_message"}
                   .get(field, field)) == "Hi there"
