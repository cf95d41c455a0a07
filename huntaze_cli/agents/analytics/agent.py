"""AnalyticsAgent: metrics → insights, recommendations, patterns, predictions (`analyze`)."""

from __future__ import annotations

from typing import ClassVar

from huntaze_cli.agents.analytics.metrics import compute_metrics
from huntaze_cli.agents.analytics.rules import analyze_metrics, sample_confidence
from huntaze_cli.agents.base import Agent, KnowledgeItem, Prompt
from huntaze_cli.agents.prompting import data_block, system_prompt, user_prompt
from huntaze_cli.agents.schemas import AnalyzeInput, AnalyzeOutput, Metrics

# What the model reads of the metrics is a summary of bounded size, however many rows the file had: the
# outliers list grows with the rows, so only the most extreme ones go in (the output keeps them all).
PROMPT_OUTLIERS = 3
PROMPT_SLOTS = 3


def prompt_summary(metrics: Metrics) -> str:
    outliers = sorted(metrics.outliers, key=lambda o: o.engagement_rate)
    shown = outliers if len(outliers) <= 2 * PROMPT_OUTLIERS else \
        outliers[:PROMPT_OUTLIERS] + outliers[-PROMPT_OUTLIERS:]
    summary = metrics.model_copy(update={
        "outliers": shown,
        "best_hours": (metrics.best_hours or [])[:PROMPT_SLOTS] or None,
        "best_weekdays": (metrics.best_weekdays or [])[:PROMPT_SLOTS] or None})
    text = summary.model_dump_json(by_alias=True, exclude_none=True)
    if len(shown) < len(outliers):
        text += f"\n({len(outliers)} outlier posts in all; the {PROMPT_OUTLIERS} lowest and highest are shown.)"
    return text


class AnalyticsAgent(Agent[AnalyzeInput, AnalyzeOutput]):
    name: ClassVar[str] = "analytics"
    feature: ClassVar[str] = "analyze"
    input_model = AnalyzeInput
    output_model = AnalyzeOutput

    def build_prompt(self, data: AnalyzeInput, knowledge: list[KnowledgeItem]) -> Prompt:
        metrics = compute_metrics(data)
        rules = ["insights: impact high|medium|low; recommendations: priority high|medium|low; patterns: "
                 "frequency = share of posts 0–1; predictions: confidence 0–1.",
                 "Copy the computed metrics object below into `metrics` unchanged; base every statement on it."]
        sections = [data_block("COMPUTED_METRICS", "Computed metrics (JSON, final):", [prompt_summary(metrics)])]
        return Prompt(system_prompt("AnalyticsAgent", "Analyse a creator's performance metrics.", AnalyzeOutput,
                                    rules), user_prompt(sections, knowledge))

    def rules(self, data: AnalyzeInput, knowledge: list[KnowledgeItem]) -> AnalyzeOutput:
        return analyze_metrics(compute_metrics(data))

    def finalize(self, data: AnalyzeInput, output: AnalyzeOutput) -> AnalyzeOutput:
        metrics = compute_metrics(data)
        # A model may not claim more certainty than the sample size allows.
        confidence = min(output.confidence, sample_confidence(metrics.total_posts))
        return output.model_copy(update={"metrics": metrics, "confidence": confidence})
