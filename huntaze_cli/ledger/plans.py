"""The plan table from the seed, and a creator's effective limits (override wins over plan)."""

from __future__ import annotations

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger.records import PlanLimits

PLANS: dict[str, PlanLimits] = {
    "starter": PlanLimits(requests_per_hour=50, monthly_usd=10.0),
    "pro": PlanLimits(requests_per_hour=100, monthly_usd=50.0),
    "business": PlanLimits(requests_per_hour=500, monthly_usd=None),
}


# What a creator whose plan was removed from code gets: the smallest plan.
FALLBACK_PLAN = "starter"


def validate_plan(plan: str) -> None:
    if plan not in PLANS:
        raise InvalidInput(f"Unknown plan '{plan}'; choose one of: {', '.join(PLANS)}.",
                           metadata={"plan": plan, "plans": list(PLANS)})


def effective_limits(plan: str, requests_per_hour_override: int | None,
                     monthly_usd_override: float | None) -> PlanLimits:
    base = PLANS.get(plan, PLANS[FALLBACK_PLAN])
    return PlanLimits(
        requests_per_hour=requests_per_hour_override if requests_per_hour_override is not None
        else base.requests_per_hour,
        monthly_usd=monthly_usd_override if monthly_usd_override is not None else base.monthly_usd,
    )


def upgrade_for(plan: str) -> str | None:
    """The next plan with a bigger monthly quota, for the QUOTA_EXCEEDED hint."""
    names = list(PLANS)
    return names[names.index(plan) + 1] if plan in names and names.index(plan) + 1 < len(names) else None
