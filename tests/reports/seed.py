"""A creator with a month of everything a report shows, written through the Ledger facade and the real
analytics math (no SQL): usage with gaps and a fallback, fans (one named `<script>`), purchases, an analysis
with its weekday × hour grid, insights and two experiments."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from huntaze_cli.agents.analytics.metrics import compute_metrics, parse_metrics, weekday_hour_grid

AS_OF = datetime(2026, 11, 30, tzinfo=timezone.utc)  # the end of every test report's period
HOSTILE_NAME = "<script>alert('x')</script>"
GAP_DAYS = (AS_OF - timedelta(days=9), AS_OF - timedelta(days=8))  # no usage on these two days
FEATURES = ("chat", "caption", "ideas")


def posts_csv(posts: int = 60, start: datetime = AS_OF - timedelta(days=40)) -> str:
    lines = ["posted_at,platform,content_type,likes,comments,shares,saves,views,revenue_usd,followers"]
    for n in range(posts):
        at = start + timedelta(hours=n * 13 + (n % 5))
        platform = ("instagram", "tiktok", "onlyfans")[n % 3]
        kind = ("photo", "video", "reel", "story")[n % 4]
        views = 800 + 97 * (n % 11)
        lines.append(f"{at:%Y-%m-%dT%H:%M:%SZ},{platform},{kind},{40 + n % 17 * 6},{5 + n % 7},{n % 5},{n % 4},"
                     f"{views},{(n % 6) * 3.5:.2f},{12000 + n * 10}")
    return "\n".join(lines) + "\n"


def summary(posts: str) -> dict[str, Any]:
    data = parse_metrics(posts, "posts.csv")
    metrics = compute_metrics(data).model_dump(by_alias=True, mode="json")
    return {"analysis": {"metrics": metrics,
                         "insights": [{"text": "Reels get twice the engagement of photos.", "impact": "high"}],
                         "recommendations": [{"text": f"Post more reels <b>at 20:00</b> & reply {HOSTILE_NAME}",
                                              "priority": "high"}]},
            "provider": "rules", "model": "rules", "source": "posts.csv", "weekdayHour": weekday_hour_grid(data.posts)}


def seed(ledger: Any, name: str = "mia", *, days: int = 60, fans: int = 40) -> None:
    creator = ledger.add_creator(name, "pro", requests_per_hour=12, monthly_usd=25.0)
    gaps = {d.date() for d in GAP_DAYS}
    n = 0
    for day in range(days):
        moment = AS_OF - timedelta(days=days - day) + timedelta(hours=9)
        if moment.date() in gaps:
            continue
        for k in range(1 + day % 4 + (6 if day == days - 3 else 0)):
            n += 1
            feature = FEATURES[(day + k) % 3]
            tried = "openai:server,gemini:ok" if k == 1 and day % 5 == 0 else None
            ledger.record(name, feature=feature, provider="gemini" if tried else "openai",
                          model="gemini-2.5-flash" if tried else "gpt-4o-mini", status="ok", cached=k == 2,
                          input_tokens=400, output_tokens=120, cost_usd=0.01 * (1 + (day + k) % 7),
                          correlation_id=f"{name}-{n}", providers_tried=tried, now=moment + timedelta(minutes=k))
    ledger.record(name, feature="chat", provider="openai", model="gpt-4o-mini", status="error", cached=False,
                  error_code="server", correlation_id=f"{name}-err", providers_tried="openai:server",
                  now=AS_OF - timedelta(days=1, hours=3))
    people = [{"fan_id": f"f{i:03d}", "name": HOSTILE_NAME if i == 23 else f"Fan {i}", "total_spent_usd": 0.0}
              for i in range(fans)]
    ledger.upsert_fans(creator.id, people)
    offers = []
    for i in range(fans):
        for j in range(i % 6):
            at = AS_OF - timedelta(days=3 + j * 11 + i % 9)
            offers.append({"fan_id": f"f{i:03d}", "purchased_at": at, "item": "ppv",
                           "price_usd": 5.0 + (i * 3 + j) % 25,
                           "bought": (i + j) % 4 != 0})
    ledger.import_purchases(creator.id, offers, now=AS_OF - timedelta(days=1))
    ledger.store_summary(creator.id, summary(posts_csv(40, AS_OF - timedelta(days=70))), now=AS_OF - timedelta(days=20))
    ledger.store_summary(creator.id, summary(posts_csv()), now=AS_OF - timedelta(days=2))
    ledger.add_insight(creator.id, source_agent="analytics", kind="best_time", text=f"Evenings work; {HOSTILE_NAME}",
                       weight=0.9, now=AS_OF - timedelta(days=2))
    ledger.create_experiment(creator.id, "price-test",
                             [("A", "Unlock the set for $9"), ("B", f"New set {HOSTILE_NAME}")],
                             now=AS_OF - timedelta(days=15))
    ledger.record_experiment(creator.id, "price-test", [{"label": "A", "sent": 400, "bought": 36, "revenue_usd": 324},
                                                        {"label": "B", "sent": 400, "bought": 64, "revenue_usd": 576}],
                             now=AS_OF - timedelta(days=5))
    ledger.create_experiment(creator.id, "tease", [("A", "Short tease"), ("B", "Long tease")],
                             now=AS_OF - timedelta(days=6))
    ledger.record_experiment(creator.id, "tease", [{"label": "A", "sent": 40, "bought": 4, "revenue_usd": 40},
                                                   {"label": "B", "sent": 38, "bought": 5, "revenue_usd": 50}],
                             now=AS_OF - timedelta(days=2))
