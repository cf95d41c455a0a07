"""Every agent's input and output model.

Inputs use snake_case (they are built from CLI options). Outputs use the seed's camelCase names as
aliases: dump with `model_dump(by_alias=True)`, `model_json_schema(by_alias=True)` is the schema a model
follows, and `model_validate` accepts the camelCase JSON a model returns (snake_case works too).
Outputs ignore unknown keys, clamp confidences into 0–1 and drop tactic names outside the eight.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from huntaze_cli.agents.platforms import normalize_platform
from huntaze_cli.agents.readable import MAX_WORD_CHARS
from huntaze_cli.io import limits

Engagement = Literal["low", "medium", "high"]
ContentType = Literal["photo", "video", "story"]
Level = Literal["high", "medium", "low"]


class Tactic(str, Enum):
    """The seed's eight sales tactics: named values, never free text."""

    PERSONALIZATION = "personalization"
    SCARCITY = "scarcity"
    SOCIAL_PROOF = "social_proof"
    RECIPROCITY = "reciprocity"
    AUTHORITY = "authority"
    URGENCY = "urgency"
    EXCLUSIVITY = "exclusivity"
    EMOTIONAL_APPEAL = "emotional_appeal"


def tactic_or_none(value: Any) -> Tactic | None:
    """'Social Proof', 'social-proof', Tactic.SOCIAL_PROOF -> Tactic.SOCIAL_PROOF; unknown -> None."""
    if isinstance(value, Tactic):
        return value
    key = re.sub(r"[\s\-]+", "_", str(value).strip().lower())
    try:
        return Tactic(key)
    except ValueError:
        return None


def _clamp01(value: Any) -> Any:
    # Models sometimes answer 1.2 or -0.1; the contract is 0–1, so clamp rather than fail the call.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return min(1.0, max(0.0, float(value)))
    return value


def _known_tactics(value: Any) -> Any:
    # A model inventing a ninth tactic should not fail the answer: unknown names are dropped.
    if not isinstance(value, list):
        return value
    out: list[Tactic] = []
    for item in value:
        tactic = tactic_or_none(item)
        if tactic is not None and tactic not in out:
            out.append(tactic)
    return out


def _platform(value: Any) -> Any:
    return normalize_platform(value) if isinstance(value, str) else value


Unit = Annotated[float, Field(ge=0, le=1), BeforeValidator(_clamp01)]
TacticList = Annotated[list[Tactic], BeforeValidator(_known_tactics)]
Platform = Annotated[Literal["instagram", "tiktok", "twitter", "onlyfans", "facebook"],
                     BeforeValidator(_platform)]


def validation_message(exc: ValidationError) -> str:
    """One readable sentence from a pydantic ValidationError (the CLI shows it as is)."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "Invalid input: " + "; ".join(parts) + "."


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class OutputModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", defer_build=True)


# --- inputs ------------------------------------------------------------------------------------------
class FanPricing(InputModel):
    """The fan's price learned from imported purchase history (agents/sales/fan_pricing.py)."""

    basis: Literal["fan", "creator", "default"]
    next_price_usd: float = Field(ge=0)
    factor: float = Field(default=1.0, gt=0)
    step: float = Field(default=1.0, gt=0)
    purchases: int = Field(default=0, ge=0)
    offers: int = Field(default=0, ge=0)
    acceptance: float | None = Field(default=None, ge=0, le=1)
    median_paid_usd: float | None = Field(default=None, ge=0)
    rationale: str = ""


class FanProfile(InputModel):
    """What we know about a fan (from `fans import`); CLI flags on the command win over these."""

    id: str | None = None
    name: str | None = Field(default=None, max_length=80)
    tier: str | None = Field(default=None, max_length=40)
    engagement: Engagement | None = None
    total_spent_usd: float = Field(default=0.0, ge=0)
    lifetime_value_usd: float | None = Field(default=None, ge=0)
    purchases: int = Field(default=0, ge=0)
    days_since_last_purchase: int | None = Field(default=None, ge=0)
    messages_count: int = Field(default=0, ge=0)
    pricing: FanPricing | None = None


class FanContext(InputModel):
    """Shared by chat, suggest and optimize-sale: the fan and the flags that override the profile."""

    message: str = Field(min_length=1, max_length=10_000)
    fan: FanProfile | None = None
    engagement: Engagement | None = None
    spent_usd: float | None = Field(default=None, ge=limits.SPENT_USD.low, le=limits.SPENT_USD.high)
    tier: str | None = Field(default=None, max_length=40)
    platform: Platform = "onlyfans"
    lang: str = "en"

    @property
    def fan_name(self) -> str | None:
        return self.fan.name if self.fan and self.fan.name else None

    @property
    def effective_engagement(self) -> Engagement:
        if self.engagement:
            return self.engagement
        return self.fan.engagement if self.fan and self.fan.engagement else "medium"

    @property
    def effective_spent(self) -> float:
        if self.spent_usd is not None:
            return self.spent_usd
        return self.fan.total_spent_usd if self.fan else 0.0

    @property
    def effective_tier(self) -> str | None:
        tier = self.tier or (self.fan.tier if self.fan else None)
        return tier.lower() if tier else None


class ChatInput(FanContext):
    pass


class SuggestInput(FanContext):
    count: int = Field(default=3, ge=limits.SUGGESTIONS.low, le=limits.SUGGESTIONS.high)


class SaleInput(FanContext):
    price_usd: float = Field(gt=limits.PRICE_USD.low, le=limits.PRICE_USD.high)
    # The kind the user gave, else the one the message names (agents/sales/content_kind.py): explanations say it.
    content_type: str = Field(default="", max_length=40)

    @model_validator(mode="after")
    def _kind(self) -> SaleInput:
        given = (self.content_type or "").strip().lower()
        if not given:
            from huntaze_cli.agents.sales.content_kind import detect

            given = detect(self.message)
        self.content_type = given
        return self


class SegmentBrief(InputModel):
    """One fan segment's computed figures for a mass message (agents/messaging/mass_drafts.py)."""

    segment: Literal["whales", "regulars", "new", "lapsed", "never-bought"]
    fans: int = Field(ge=0)
    price_usd: float = Field(gt=limits.SUGGESTED_PRICE_USD.low, le=limits.SUGGESTED_PRICE_USD.high)
    expected_conversion: float = Field(ge=0, le=1)
    tactic: str


class MassMessageInput(InputModel):
    content: str = Field(min_length=1, max_length=2_000)
    segments: list[SegmentBrief] = Field(min_length=1, max_length=5)
    lang: str = "en"


# --- analytics ---------------------------------------------------------------------------------------
class Post(InputModel):
    posted_at: datetime | None = None
    platform: str = "unknown"
    content_type: str = "unknown"
    likes: int = Field(default=0, ge=0)
    comments: int = Field(default=0, ge=0)
    shares: int = Field(default=0, ge=0)
    saves: int = Field(default=0, ge=0)
    views: int = Field(default=0, ge=0)
    revenue_usd: float = Field(default=0.0, ge=0)
    followers: int | None = Field(default=None, ge=0)

    @field_validator("posted_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        # Every time is compared in UTC; a naive time is taken as UTC.
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

    @property
    def interactions(self) -> int:
        return self.likes + self.comments + self.shares + self.saves


class GroupStats(OutputModel):
    posts: int
    views: int
    interactions: int = 0
    engagement_rate: float | None = Field(default=None, description="interactions / views; null without views")
    posts_without_views: int = 0
    revenue_usd: float = 0.0
    revenue_share: float | None = Field(default=None, description="share of total revenue, 0–1")


class TimeSlot(OutputModel):
    slot: int = Field(description="UTC hour 0–23, or weekday 0=Monday … 6=Sunday")
    label: str
    posts: int
    engagement_rate: float


class Trend(OutputModel):
    method: str
    first_half_posts: int
    second_half_posts: int
    first_half_engagement_rate: float | None
    second_half_engagement_rate: float | None
    engagement_change: float | None = Field(description="relative change, second half vs first")
    first_half_views: int
    second_half_views: int
    views_change: float | None
    direction: Literal["up", "down", "flat"]


class Outlier(OutputModel):
    row: int
    posted_at: str | None = None
    platform: str
    content_type: str
    engagement_rate: float
    direction: Literal["high", "low"]


class Metrics(OutputModel):
    """Computed by analytics_math, never by a model."""

    source: Literal["posts", "aggregate"] = "posts"
    total_posts: int = 0
    total_views: int = 0
    total_interactions: int = 0
    posts_without_views: int = 0
    engagement_rate: float | None = None
    total_revenue_usd: float = 0.0
    followers: int | None = None
    revenue_per_follower: float | None = None
    timeframe_start: str | None = None
    timeframe_end: str | None = None
    by_platform: dict[str, GroupStats] = Field(default_factory=dict)
    by_content_type: dict[str, GroupStats] = Field(default_factory=dict)
    best_hours: list[TimeSlot] | None = None
    best_weekdays: list[TimeSlot] | None = None
    trend: Trend | None = None
    outliers: list[Outlier] = Field(default_factory=list)


class AnalyzeInput(InputModel):
    """A loaded metrics file: per-post rows, or the seed's aggregated shape already summed into metrics."""

    posts: list[Post] = Field(default_factory=list)
    aggregate: Metrics | None = None
    source: str | None = None


# --- caption / ideas inputs --------------------------------------------------------------------------
class CaptionInput(InputModel):
    description: str = Field(min_length=1, max_length=5_000)
    platform: Platform = "instagram"
    content_type: ContentType = "photo"
    mood: str | None = Field(default=None, max_length=40)
    audience: str | None = Field(default=None, max_length=200)
    variants: int = Field(default=1, ge=1, le=10)
    lang: str = "en"
    image_path: str | None = None
    insights: Metrics | None = None
    # The photo's measured facts (images/facts.ImageFacts), set by build_input from image_path: private, so
    # no input line can supply "facts" of its own.
    _image_facts: Any = PrivateAttr(default=None)

    @field_validator("content_type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def image_facts(self) -> Any:
        return self._image_facts


class IdeasInput(InputModel):
    count: int = Field(default=5, ge=1, le=20)
    platform: Platform | None = None
    history: Metrics | None = None
    topics: list[str] = Field(default_factory=list)
    # Subjects of the creator's past captions (from the ledger): what they actually post about.
    past_topics: list[str] = Field(default_factory=list)
    # The language of the caption each past topic came from (a topic alone is too short to tell).
    topic_languages: dict[str, str] = Field(default_factory=dict)
    lang: str = "en"

    @field_validator("lang", mode="before")
    @classmethod
    def _lang(cls, value: Any) -> Any:
        from huntaze_cli.agents.language import DEFAULT, normalize

        return DEFAULT if value is None else normalize(value)


# --- outputs -----------------------------------------------------------------------------------------
# A text a creator reads and sends on: never blank. A small model answering "\n" is invalid output (it
# gets the repair turn, then the rules engine), not an empty draft.
DraftText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class CaptionVariant(OutputModel):
    caption: str
    hashtags: list[str] = Field(default_factory=list)


class CaptionOutput(OutputModel):
    caption: str
    hashtags: list[str] = Field(default_factory=list, description="each '#word'")
    confidence: Unit = 0.5
    performance_insights: list[str] = Field(default_factory=list)
    variants: list[CaptionVariant] = Field(default_factory=list, description="only when several are asked")


class UpsellSuggestion(OutputModel):
    offer: str
    content_type: str | None = None
    price_usd: float | None = Field(default=None, ge=0)
    reason: str
    tactic: Tactic | None = None

    @field_validator("tactic", mode="before")
    @classmethod
    def _tactic(cls, value: Any) -> Any:
        return None if value is None else tactic_or_none(value)


class ChatOutput(OutputModel):
    reply: DraftText
    upsell_suggestions: list[UpsellSuggestion] = Field(default_factory=list)
    tactics: TacticList = Field(default_factory=list)
    confidence: Unit = 0.5


class Suggestion(OutputModel):
    text: DraftText
    tone: str
    tactic: Tactic | None = None

    @field_validator("tactic", mode="before")
    @classmethod
    def _tactic(cls, value: Any) -> Any:
        return None if value is None else tactic_or_none(value)


class SuggestOutput(OutputModel):
    suggestions: list[Suggestion]


class TacticUse(OutputModel):
    name: Tactic
    rationale: str


def _known_tactic_uses(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    out, seen = [], set()
    for item in value:
        if isinstance(item, dict):
            tactic = tactic_or_none(item.get("name", ""))
            if tactic is not None and tactic not in seen:
                seen.add(tactic)
                out.append({**item, "name": tactic})
        else:
            out.append(item)
    return out


class SaleOutput(OutputModel):
    optimized_message: DraftText
    tactics: Annotated[list[TacticUse], BeforeValidator(_known_tactic_uses)] = Field(default_factory=list)
    # Computed by sales_math in finalize(), never asked of a model (see COMPUTED_FIELDS).
    suggested_price: float = Field(default=0.0, ge=0)
    expected_conversion_rate: Unit = 0.0
    alternative_messages: list[str] = Field(default_factory=list)
    price_basis: str | None = Field(default=None, description="computed: how the price was set")


class SegmentDraft(OutputModel):
    segment: str
    text: DraftText


class MassMessageOutput(OutputModel):
    drafts: list[SegmentDraft]


class Insight(OutputModel):
    text: str
    impact: Level


class Recommendation(OutputModel):
    text: str
    priority: Level


class Pattern(OutputModel):
    text: str
    frequency: Unit = Field(description="share of posts showing the pattern, 0–1")


class Prediction(OutputModel):
    text: str
    confidence: Unit


class AnalyzeOutput(OutputModel):
    metrics: Metrics = Field(default_factory=Metrics)
    insights: list[Insight] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)
    predictions: list[Prediction] = Field(default_factory=list)
    confidence: Unit = 0.5


class Idea(OutputModel):
    title: str
    description: str
    platform: str
    content_type: str
    based_on: str


class IdeasOutput(OutputModel):
    ideas: list[Idea]
    top_performing_content: list[str] = Field(default_factory=list)
    recommended_topics: list[str] = Field(default_factory=list)


# --- what a model is asked for -----------------------------------------------------------------------
# Numbers huntaze computes itself (prices, conversion, metrics, offers) are left out of the schema a model
# sees: it spends no tokens on them, and a small model cannot get them wrong (finalize() fills them in).
COMPUTED_FIELDS: dict[str, tuple[str, ...]] = {
    "AnalyzeOutput": ("metrics",),
    "SaleOutput": ("suggestedPrice", "expectedConversionRate", "priceBasis"),
    "ChatOutput": ("upsellSuggestions",),
}
# Every string and array the model writes is bounded, so constrained decoding on a small local model
# always finishes inside max_tokens (an unbounded string is where a small model loops until cut off).
STRING_BOUND = 160
ARRAY_BOUND = 4
FIELD_STRING_BOUNDS: dict[str, int] = {
    "caption": 300, "reply": 400, "optimizedMessage": 400, "alternativeMessages": 300, "text": 300,
    "title": 80, "tone": 30, "platform": 20, "contentType": 20, "basedOn": 120, "offer": 80,
}
FIELD_ARRAY_BOUNDS: dict[str, int] = {"hashtags": 5, "variants": 0, "tactics": 4, "alternativeMessages": 3}
# Hashtags as a pattern: bounded, and never an emoji run (the measured cause of most small-model failures).
# Latin-1 letters are in, for the languages huntaze writes (#été, #mañana, #straße).
HASHTAG_PATTERN = rf"^#[A-Za-z0-9_À-ÖØ-öø-ÿ]{{2,{MAX_WORD_CHARS}}}$"
HASHTAG_TOKENS = 12  # a bounded hashtag costs at most this many tokens


def model_schema(output_model: type[BaseModel], *, strings: dict[str, int] | None = None,
                 arrays: dict[str, int] | None = None, exact_arrays: dict[str, int] | None = None) -> dict[str, Any]:
    """The JSON schema a model is asked to follow: computed fields out, every string and array bounded.
    `strings`/`arrays` override the bounds per property name; `exact_arrays` also sets minItems.

    Computed once per arguments and shared (a batch asks the same schema of every item: building it was
    ~1.5 ms of CPU per item): treat it as read-only."""
    key = (output_model, *(tuple(sorted((d or {}).items())) for d in (strings, arrays, exact_arrays)))
    schema = _bounded_cache.get(key)
    if schema is None:
        schema = _bounded_cache[key] = _bounded_schema(output_model, strings, arrays, exact_arrays)
    return schema


_bounded_cache: dict[tuple[Any, ...], dict[str, Any]] = {}


def _bounded_schema(output_model: type[BaseModel], strings: dict[str, int] | None, arrays: dict[str, int] | None,
                    exact_arrays: dict[str, int] | None) -> dict[str, Any]:
    import copy

    schema = copy.deepcopy(_base_schema(output_model))
    for name in COMPUTED_FIELDS.get(output_model.__name__, ()):
        schema.get("properties", {}).pop(name, None)
        if name in schema.get("required", []):
            schema["required"].remove(name)
    string_bounds = {**FIELD_STRING_BOUNDS, **(strings or {})}
    array_bounds = {**FIELD_ARRAY_BOUNDS, **(arrays or {}), **(exact_arrays or {})}
    _bound(schema, None, string_bounds, array_bounds, exact_arrays or {})
    for sub in schema.get("$defs", {}).values():
        _bound(sub, None, string_bounds, array_bounds, exact_arrays or {})
    _drop_unused_defs(schema)
    return schema


def _base_schema(output_model: type[BaseModel]) -> dict[str, Any]:
    # Not setdefault: its argument (pydantic's schema generation, ~2 ms) would be computed on every call.
    schema = _schema_cache.get(output_model)
    if schema is None:
        schema = _schema_cache[output_model] = output_model.model_json_schema(by_alias=True)
    return schema


_schema_cache: dict[type[BaseModel], dict[str, Any]] = {}


def _bound(node: Any, name: str | None, strings: dict[str, int], arrays: dict[str, int],
           exact: dict[str, int]) -> None:
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "string" in kinds and "enum" not in node and "maxLength" not in node and "format" not in node:
        node["maxLength"] = strings.get(name or "", STRING_BOUND)
    if "array" in kinds:
        node["maxItems"] = arrays.get(name or "", ARRAY_BOUND)
        if name in exact:
            node["minItems"] = exact[name]
        items = node.get("items")
        if name == "hashtags" and isinstance(items, dict) and items.get("type") == "string":
            node["items"] = {"type": "string", "pattern": HASHTAG_PATTERN}
        else:
            _bound(items, name, strings, arrays, exact)
    for option in node.get("anyOf", []):
        _bound(option, name, strings, arrays, exact)
    for prop, sub in (node.get("properties") or {}).items():
        _bound(sub, prop, strings, arrays, exact)


def _drop_unused_defs(schema: dict[str, Any]) -> None:
    import json

    defs = schema.get("$defs")
    if not defs:
        return
    while True:
        text = json.dumps({k: v for k, v in schema.items() if k != "$defs"}) + json.dumps(defs)
        unused = [name for name in defs if f'"#/$defs/{name}"' not in text]
        if not unused:
            break
        for name in unused:
            defs.pop(name)
    if not defs:
        schema.pop("$defs")
