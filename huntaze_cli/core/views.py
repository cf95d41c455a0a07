"""Ledger records as the envelope's `data`: one shape for `--json` and for `huntaze serve`'s responses."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huntaze_cli.agents.revenue.figures import FanCard
    from huntaze_cli.agents.revenue.segments import SegmentSummary
    from huntaze_cli.ledger.records import QuotaStatus


def _iso(value: datetime | None) -> str | None:
    from huntaze_cli.utc import iso_z

    return iso_z(value) if value else None


def quota_status(s: QuotaStatus) -> dict[str, Any]:
    return {
        "creator": s.creator, "plan": s.plan,
        "requests": {"used": s.requests_last_hour, "limit": s.requests_per_hour, "window": "1h",
                     "resetsAt": _iso(s.window_resets_at)},
        "spend": {"usedUsd": round(s.spend_month_usd, 6), "inFlightUsd": round(s.in_flight_usd, 6),
                  "limitUsd": s.monthly_usd,
                  "month": datetime.now(timezone.utc).strftime("%Y-%m"), "resetsAt": _iso(s.month_resets_at),
                  "requestsThisMonth": s.requests_month, "unpricedRequests": s.unpriced_month},
    }


def fan(f: dict[str, Any]) -> dict[str, Any]:
    return {"id": f["fan_id"], "name": f.get("name"), "tier": f.get("tier"),
            "lifetimeValueUsd": f.get("lifetime_value_usd"), "totalSpentUsd": f.get("total_spent_usd"),
            "lastPurchaseAt": f.get("last_purchase_at"), "engagement": f.get("engagement"),
            "extra": f.get("extra") or {}}


def quick_reply(r: dict[str, Any]) -> dict[str, Any]:
    from huntaze_cli.io.templates import placeholders

    return {"name": r["name"], "text": r["text"], "tags": r.get("tags") or [],
            "placeholders": placeholders(r["text"]), "createdAt": r.get("created_at")}


def hook(row: dict[str, Any], runs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    from huntaze_cli.redaction import mask_url

    # A webhook URL often carries its token (Slack's /services/T0/B0/XXXX): never shown whole.
    out = {"id": row["id"], "event": row["event"], "command": row["command"],
           "url": mask_url(row["url"]) if row["url"] else None, "threshold": row["threshold"],
           "timeoutS": row["timeout_s"], "createdAt": row["created_at"]}
    if runs is not None:
        out["lastRun"] = ({"status": runs[0]["status"], "detail": runs[0]["detail"], "at": runs[0]["created_at"]}
                          if runs else None)
    return out


def check_hook(event: str, *, command: str | None, url: str | None, threshold: float | None,
               timeout: float) -> float | None:
    """A hook's fields checked as `hooks add` checks them; returns the threshold to store."""
    from huntaze_cli.errors import InvalidInput
    from huntaze_cli.events import EVENTS
    from huntaze_cli.io import limits

    if event not in EVENTS:
        raise InvalidInput(f"Unknown event '{event}'; use one of {', '.join(EVENTS)}.")
    if (command is None) == (url is None):
        raise InvalidInput("Give exactly one of --command or --url.")
    if command is not None and not command.strip():
        raise InvalidInput("--command is empty; give the shell command to run.")
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise InvalidInput(f"--url '{url}' is not an http(s) URL; use e.g. https://hooks.example.com/huntaze.")
    if threshold is not None and event != "quota.threshold":
        raise InvalidInput("--threshold only applies to --event quota.threshold.")
    if event == "quota.threshold":
        threshold = limits.THRESHOLD_PERCENT.check(80.0 if threshold is None else threshold, "--threshold")
    limits.HOOK_TIMEOUT_S.check(timeout, "--timeout")
    return threshold


COST_GROUPS = ("creator", "feature", "model", "provider", "day", "week", "month")


def cost_period(by: str, *, month: str | None, since: str | None,
                until: str | None) -> tuple[datetime | None, datetime | None]:
    """The grouping and period of a cost report checked (`costs`, `/api/admin/ai-costs`): (start, end)."""
    from huntaze_cli.errors import InvalidInput
    from huntaze_cli.io.timeparse import parse_moment, parse_month

    if by not in COST_GROUPS:
        raise InvalidInput(f"--by '{by}' is not a grouping; use one of {', '.join(COST_GROUPS)}.")
    if month and (since or until):
        raise InvalidInput("Use either --month or --since/--until, not both.")
    start = end = None
    if month:
        start, end = parse_month(month)
    if since:
        start = parse_moment(since, "--since")
    if until:
        end = parse_moment(until, "--until", end_of_day=True)
    if start and end and start >= end:
        raise InvalidInput("--since must be before --until.")
    return start, end


def segment(seg: SegmentSummary, members: bool) -> dict[str, Any]:
    from huntaze_cli.agents.revenue.segments import DEFINITIONS

    out = {"segment": seg.name, "definition": DEFINITIONS[seg.name], "fans": seg.fans,
           "revenueUsd": seg.revenue, "revenueFromExportUsd": seg.revenue_from_export,
           "revenue90dUsd": seg.revenue_90d, "purchases": seg.purchases,
           "declinedOffers": seg.declined,
           "acceptanceRate": None if seg.acceptance is None else round(seg.acceptance, 4),
           "medianPriceUsd": seg.median_price}
    if members:
        out["fanIds"] = seg.fan_ids
    return out


def fan_card(card: FanCard) -> dict[str, Any]:
    from huntaze_cli.utc import iso_z

    st = card.stats
    return {"segment": card.segment, "lifetimeSpendUsd": card.lifetime_spend, "lifetimeSpendSource": card.spend_source,
            "purchaseHistorySpendUsd": st.lifetime_spend, "purchases": st.purchases,
            "declinedOffers": st.declined, "medianPriceUsd": st.median_paid, "maxPriceUsd": st.max_paid,
            "acceptanceRate": None if st.acceptance is None else round(st.acceptance, 4),
            "firstPurchaseAt": iso_z(st.first_purchase_at, "seconds") if st.first_purchase_at else None,
            "lastPurchaseInHistoryAt": iso_z(st.last_purchase_at, "seconds") if st.last_purchase_at else None,
            "suggestedPrice": {"priceUsd": card.next_price.price, "basis": card.next_price.basis,
                               "rationale": card.next_price.rationale}}


def experiment(r: dict[str, Any]) -> dict[str, Any]:
    return {"name": r["name"], "createdAt": r["created_at"], "variants": r["variants"], "sent": r["sent"]}
