"""Every number of a report, computed from the ledger through its facade (no SQL here) and returned as one
JSON-ready dict: the HTML, Markdown and JSON formats all render this same dict, so they cannot disagree.

The period is [since, until); the previous period is the span of the same length just before it, and the
deltas compare the two."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from huntaze_cli.agents.revenue import experiments as experiments_agent
from huntaze_cli.agents.revenue import figures as revenue
from huntaze_cli.agents.revenue import segments
from huntaze_cli.utc import iso_z

if TYPE_CHECKING:
    from huntaze_cli.ledger import Ledger
    from huntaze_cli.ledger.records import Creator

TOP_FANS = 10
INSIGHTS = 20
# Outcomes of a chain link that are not a failure (core/runner.py records them): no key and an open breaker
# skip a link without trying it, so the next link answering is not a fallback after a failure.
NOT_FAILED = frozenset({"ok", "cached", "no_credentials", "breaker_open"})
ANSWERED = frozenset({"ok", "cached"})
# Which way is good for a delta's colour: +1 up is good, -1 down is good, 0 neither (shown neutral).
GOOD_WHEN = {"revenueUsd": 1, "purchases": 1, "buyingFans": 1, "averagePriceUsd": 1, "engagementRate": 1,
             "views": 1, "spendUsd": 0, "requests": 0, "errors": -1, "errorRate": -1, "cacheHitRate": 1,
             "fallbacks": -1}
FLAT = 0.005  # a relative change under 0.5% is shown as flat


@dataclass(frozen=True)
class Period:
    since: datetime
    until: datetime

    @property
    def previous(self) -> Period:
        return Period(self.since - (self.until - self.since), self.since)

    def days(self) -> list[str]:
        """Every UTC day the period touches, in order."""
        day, last = self.since.date(), (self.until - timedelta(microseconds=1)).date()
        out = []
        while day <= last:
            out.append(day.isoformat())
            day += timedelta(days=1)
        return out

    def contains(self, moment: datetime) -> bool:
        return self.since <= moment < self.until

    def to_json(self) -> dict[str, Any]:
        return {"since": iso_z(self.since), "until": iso_z(self.until), "days": len(self.days())}


def delta(metric: str, label: str, current: float | None, previous: float | None) -> dict[str, Any]:
    """One what-changed row: the change, its direction (up/down/flat) and its tone (good/bad/neutral)."""
    change = None if current is None or previous is None else current - previous
    pct = change / previous if change is not None and previous else None
    if change is None:
        direction = "none"
    elif (pct is not None and abs(pct) < FLAT) or (pct is None and abs(change) < 1e-9):
        direction = "flat"
    else:
        direction = "up" if change > 0 else "down"
    sense = GOOD_WHEN.get(metric, 0)
    tone = "neutral"
    if direction in ("up", "down") and sense:
        tone = "good" if (direction == "up") == (sense > 0) else "bad"
    return {"metric": metric, "label": label, "current": current, "previous": previous,
            "change": None if change is None else round(change, 6),
            "changePct": None if pct is None else round(pct, 4), "direction": direction, "tone": tone}


def _rate(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _spend_days(period: Period, by_day: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every day of the period with its spend; a day with no usage row has None (a gap, not a zero)."""
    found = {row["key"]: row for row in by_day}
    out, gaps = [], []
    for day in period.days():
        row = found.get(day)
        if row is None:
            gaps.append(day)
        out.append({"day": day, "costUsd": row["costUsd"] if row else None,
                    "requests": row["requests"] if row else None})
    return out, gaps


def _spend(ledger: Ledger, name: str, creator: Creator, period: Period) -> dict[str, Any]:
    since, until = period.since, period.until
    totals = ledger.cost_totals(since=since, until=until, creator=name)
    previous = ledger.cost_totals(since=period.previous.since, until=since, creator=name)
    by_day, gaps = _spend_days(period, ledger.cost_report(by="day", since=since, until=until, creator=name))
    quota = ledger.quota_status(name, now=until - timedelta(microseconds=1))
    month_start = until.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if month_start == until:  # a period ending at midnight on the 1st: the month shown is the one just ended
        month_start = (until - timedelta(days=1)).replace(day=1)
    running, month_to_date = 0.0, []
    for row in ledger.cost_report(by="day", since=month_start, until=until, creator=name):
        running += row["costUsd"]
        month_to_date.append({"day": row["key"], "cumulativeUsd": round(running, 6)})
    return {
        "totals": totals, "previousTotals": previous, "byDay": by_day, "gapDays": gaps,
        "byFeature": [{"feature": r["key"], "costUsd": r["costUsd"], "requests": r["requests"]}
                      for r in ledger.cost_report(by="feature", since=since, until=until, creator=name)],
        "byDayFeature": sorted(({"day": r["day"], "feature": r["feature"], "costUsd": r["costUsd"]}
                                for r in ledger.cost_grid(by=("day", "feature"), since=since, until=until,
                                                          creator=name)), key=lambda r: (r["day"], r["feature"])),
        "month": f"{month_start:%Y-%m}", "monthToDate": month_to_date,
        "monthToDateUsd": round(running, 6), "monthlyCapUsd": creator.monthly_usd,
        "capShare": _rate(running, creator.monthly_usd or 0),
        "lastHourRequests": quota.requests_last_hour,
    }


def _hourly(ledger: Ledger, creator: Creator, period: Period) -> dict[str, Any]:
    peaks: dict[str, dict[str, Any]] = {}
    for row in ledger.hourly_requests(period.since, period.until, creator.id):
        day, hour = row["hour"][:10], int(row["hour"][11:13])
        if day not in peaks or row["requests"] > peaks[day]["peakRequests"]:
            peaks[day] = {"day": day, "peakRequests": int(row["requests"]), "hour": hour}
    by_day = [peaks.get(day, {"day": day, "peakRequests": None, "hour": None}) for day in period.days()]
    peak = max((p["peakRequests"] for p in peaks.values()), default=0)
    limit = creator.requests_per_hour
    return {"limit": limit, "peakByDay": by_day, "peak": peak, "peakShare": _rate(peak, limit),
            "hoursAtLimit": sum(1 for p in peaks.values() if limit and p["peakRequests"] >= limit)}


def _groups(groups: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": name, "posts": g.get("posts", 0), "views": g.get("views", 0),
             "engagementRate": g.get("engagementRate"), "revenueUsd": g.get("revenueUsd") or 0.0}
            for name, g in (groups or {}).items()]


def _engagement(stored: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not stored:
        return None
    latest = stored[0]["summary"]
    metrics = (latest.get("analysis") or {}).get("metrics") or {}
    return {"analyzedAt": stored[0]["created_at"], "source": latest.get("source"),
            "posts": metrics.get("totalPosts", 0), "views": metrics.get("totalViews", 0),
            "engagementRate": metrics.get("engagementRate"), "revenueUsd": metrics.get("totalRevenueUsd", 0.0),
            "timeframe": {"start": metrics.get("timeframeStart"), "end": metrics.get("timeframeEnd")},
            "byPlatform": _groups(metrics.get("byPlatform")), "byContentType": _groups(metrics.get("byContentType")),
            # Absent from analyses stored before the heatmap existed: None says "run analyze again".
            "weekdayHour": latest.get("weekdayHour"),
            "bestHours": metrics.get("bestHours") or [], "trend": metrics.get("trend")}


def _top_fans(ledger: Ledger, creator_id: int, until: datetime) -> list[dict[str, Any]]:
    out = []
    for row in ledger.top_buyers(creator_id, until - timedelta(days=segments.WINDOW_DAYS), until, TOP_FANS):
        fan = ledger.get_fan(creator_id, row["fan_id"]) or {}
        out.append({"fanId": row["fan_id"], "name": fan.get("name") or row["fan_id"],
                    "spend90dUsd": round(row["spend"], 2), "purchases90d": row["bought"]})
    return out


def _sales(ledger: Ledger, creator_id: int, period: Period) -> dict[str, Any]:
    sold = ledger.window_sales(creator_id, period.since, period.until)
    revenue_usd = round(sold["revenue_usd"], 2)
    return {"revenueUsd": revenue_usd, "purchases": sold["purchases"], "buyingFans": sold["buying_fans"],
            "averagePriceUsd": round(revenue_usd / sold["purchases"], 2) if sold["purchases"] else None}


def _fans(ledger: Ledger, creator: Creator, period: Period) -> dict[str, Any]:
    # Sums in SQL (agents/revenue/figures.load, as `fans segments`): a report never holds every offer as a row.
    totals = revenue.load(ledger, creator.id, period.until)
    summaries = totals.summaries(period.until)
    return {
        "segments": [{"segment": s.name, "definition": segments.DEFINITIONS[s.name], "fans": s.fans,
                      "revenueUsd": s.revenue, "revenue90dUsd": s.revenue_90d, "purchases": s.purchases,
                      "acceptance": None if s.acceptance is None else round(s.acceptance, 4)} for s in summaries],
        "topFans": _top_fans(ledger, creator.id, period.until),
        "fans": len(totals.fans), "offers": ledger.count_offers(creator.id),
        "sales": _sales(ledger, creator.id, period), "previousSales": _sales(ledger, creator.id, period.previous),
    }


def _experiments(ledger: Ledger, creator_id: int) -> list[dict[str, Any]]:
    out = []
    for row in ledger.list_experiments(creator_id):
        found = experiments_agent.report(ledger, creator_id, row["name"])
        out.append({**found, "status": "finished" if found["winner"] else "running"})
    return out


def _insights(ledger: Ledger, creator_id: int, stored: list[dict[str, Any]], until: datetime) -> dict[str, Any]:
    analysis = (stored[0]["summary"].get("analysis") or {}) if stored else {}
    return {"knowledge": [{"text": k["text"], "kind": k["kind"], "weight": k["weight"],
                           "sourceAgent": k["source_agent"], "createdAt": k["created_at"]}
                          for k in ledger.current_insights(creator_id, limit=INSIGHTS, now=until)],
            "insights": [{"text": i.get("text", ""), "level": i.get("impact")} for i in analysis.get("insights") or []],
            "recommendations": [{"text": r.get("text", ""), "level": r.get("priority")}
                                for r in analysis.get("recommendations") or []]}


def _creator_deltas(spend: dict[str, Any], fans: dict[str, Any], stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    now, before = spend["totals"], spend["previousTotals"]
    sales, sales_before = fans["sales"], fans["previousSales"]
    rows = [delta("spendUsd", "AI spend (USD)", now["costUsd"], before["costUsd"]),
            delta("requests", "AI requests", now["requests"], before["requests"]),
            delta("errors", "Failed requests", now["errors"], before["errors"]),
            delta("revenueUsd", "Revenue (USD)", sales["revenueUsd"], sales_before["revenueUsd"]),
            delta("purchases", "Purchases", sales["purchases"], sales_before["purchases"]),
            delta("buyingFans", "Buying fans", sales["buyingFans"], sales_before["buyingFans"]),
            delta("averagePriceUsd", "Average price (USD)", sales["averagePriceUsd"], sales_before["averagePriceUsd"])]
    if len(stored) == 2:  # engagement moves between analyses, not between periods of the ledger
        metric = [(s["summary"].get("analysis") or {}).get("metrics") or {} for s in stored]
        rows.append(delta("engagementRate", "Engagement rate (latest vs previous analysis)",
                          metric[0].get("engagementRate"), metric[1].get("engagementRate")))
        rows.append(delta("views", "Views (latest vs previous analysis)", metric[0].get("totalViews"),
                          metric[1].get("totalViews")))
    return rows


def creator_report(ledger: Ledger, name: str, period: Period) -> dict[str, Any]:
    """The creator's report; raises NotFound for an unknown creator (the CLI words it)."""
    creator = ledger.get_creator(name)
    if creator is None:
        from huntaze_cli.errors import NotFound

        raise NotFound(f"No creator named '{name}'; see `huntaze creators list`.")
    stored = ledger.summaries_before(creator.id, period.until, limit=2)
    spend = _spend(ledger, name, creator, period)
    fans = _fans(ledger, creator, period)
    data = {
        "kind": "creator", "creator": creator.name, "plan": creator.plan,
        "period": period.to_json(), "previousPeriod": period.previous.to_json(),
        "spend": spend, "hourly": _hourly(ledger, creator, period), "engagement": _engagement(stored),
        "fans": fans, "experiments": _experiments(ledger, creator.id),
        "insights": _insights(ledger, creator.id, stored, period.until),
        "deltas": _creator_deltas(spend, fans, stored),
    }
    data["hasData"] = bool(spend["totals"]["requests"] or spend["previousTotals"]["requests"] or stored
                           or fans["offers"] or fans["fans"] or data["experiments"]
                           or data["insights"]["knowledge"])
    return data


def chain_links(tried: str) -> list[tuple[str, str]]:
    """'openai:server,gemini:ok' -> [('openai', 'server'), ('gemini', 'ok')]."""
    return [tuple(link.rsplit(":", 1)) if ":" in link else (link, "") for link in tried.split(",") if link]  # type: ignore[misc]


def _chains(ledger: Ledger, period: Period, names: dict[int, str]) -> dict[str, Any]:
    fallbacks: dict[str, int] = defaultdict(int)     # per creator
    link_failures: dict[tuple[str, str], int] = defaultdict(int)  # (provider, outcome)
    total = 0
    for row in ledger.provider_chains(period.since, period.until):
        links = chain_links(row["tried"] or "")
        failed = [(p, o) for p, o in links[:-1] if o not in NOT_FAILED]
        for link in failed:
            link_failures[link] += row["requests"]
        if failed and links and links[-1][1] in ANSWERED:
            fallbacks[names.get(row["creator_id"], str(row["creator_id"]))] += row["requests"]
            total += row["requests"]
    return {"fallbacks": total, "fallbacksByCreator": dict(sorted(fallbacks.items())),
            "linkFailures": [{"provider": p, "outcome": o, "requests": n}
                             for (p, o), n in sorted(link_failures.items(), key=lambda i: (-i[1], i[0]))]}


def _cost_rows(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [{key: r["key"], "costUsd": r["costUsd"], "requests": r["requests"], "errors": r["errors"],
             "cached": r["cached"], "cacheHitRate": _rate(r["cached"], r["requests"]),
             "inputTokens": r["inputTokens"], "outputTokens": r["outputTokens"]} for r in rows]


def agency_report(ledger: Ledger, period: Period) -> dict[str, Any]:
    """The operator's view over every creator: the admin dashboard's numbers for the period."""
    since, until = period.since, period.until
    creators = ledger.list_creators()
    names = {c.id: c.name for c in creators}
    totals = ledger.cost_totals(since=since, until=until)
    previous = ledger.cost_totals(since=period.previous.since, until=since)
    chains = _chains(ledger, period, names)
    previous_chains = _chains(ledger, period.previous, names)
    by_creator = _cost_rows(ledger.cost_report(by="creator", since=since, until=until), "creator")
    for row in by_creator:
        row["fallbacks"] = chains["fallbacksByCreator"].get(row["creator"], 0)
    by_day, gaps = _spend_days(period, ledger.cost_report(by="day", since=since, until=until))
    deltas = [delta("spendUsd", "AI spend (USD)", totals["costUsd"], previous["costUsd"]),
              delta("requests", "AI requests", totals["requests"], previous["requests"]),
              delta("errors", "Failed requests", totals["errors"], previous["errors"]),
              delta("errorRate", "Failure rate", _rate(totals["errors"], totals["requests"]),
                    _rate(previous["errors"], previous["requests"])),
              delta("fallbacks", "Fallbacks", chains["fallbacks"], previous_chains["fallbacks"]),
              delta("cacheHitRate", "Cache hit rate", _rate(totals["cached"], totals["requests"]),
                    _rate(previous["cached"], previous["requests"]))]
    return {
        "kind": "agency", "period": period.to_json(), "previousPeriod": period.previous.to_json(),
        "creators": len(creators), "totals": totals, "previousTotals": previous,
        "cacheHitRate": _rate(totals["cached"], totals["requests"]),
        "errorRate": _rate(totals["errors"], totals["requests"]),
        "byCreator": by_creator,
        "byModel": _cost_rows(ledger.cost_report(by="model", since=since, until=until), "model"),
        "byProvider": _cost_rows(ledger.cost_report(by="provider", since=since, until=until), "provider"),
        "byDay": by_day, "gapDays": gaps,
        "byDayCreator": sorted(({"day": r["day"], "creator": r["creator"], "costUsd": r["costUsd"]}
                                for r in ledger.cost_grid(by=("day", "creator"), since=since, until=until)),
                               key=lambda r: (r["day"], r["creator"])),
        **chains, "deltas": deltas, "hasData": bool(totals["requests"] or previous["requests"]),
    }
