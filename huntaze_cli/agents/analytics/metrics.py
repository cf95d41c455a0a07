"""Loading a metrics file and computing every analytics number (no model ever writes these).

Input (PRODUCT.md "analyze input"): CSV or a JSON array of posts with `posted_at` (ISO 8601), `platform`,
`content_type`, `likes`, `comments`, `shares`, `saves`, `views`, optional `revenue_usd`, `followers`
(camelCase keys accepted in JSON; an object `{"posts": [...]}` too). Empty cells count as 0; an empty
`posted_at` leaves the post out of time-based numbers. The seed's aggregated JSON shape is accepted:

    {"platforms": [...], "contentTypes": [...], "timeframe": "30d" | {"start", "end"},
     "engagementData": {"instagram": {"likes", "comments", "shares", "saves", "views", "posts"}, ...}
                       | [{"platform", "contentType", "likes", ..., "views", "posts"}, ...],
     "revenueData": {"instagram": 120.5, ...} | [{"platform", "contentType"?, "revenue"}, ...],
     "audienceData": {"followers": 1200 | {"instagram": 1000, ...}, "demographics": {...}}}

Definitions (all deterministic, times in UTC):
- engagement rate of a group = (likes + comments + shares + saves) / views over the group's posts that
  have views; posts without views are left out of the ratio and counted in `postsWithoutViews`.
- revenue share = group revenue / total revenue; revenue per follower = total revenue / followers, where
  followers = the latest known `followers` value of each platform, summed over platforms.
- best hours / weekdays = the 3 UTC hours (weekdays) with the highest engagement rate; ties go to the slot
  with more posts, then the earlier one.
- trend = dated posts sorted by time, split in two halves (first floor(n/2) posts vs the rest); compares
  engagement rate and views; `direction` is up/down when engagement (or views, without views data)
  changes by more than 5%, else flat. Needs at least 4 dated posts.
- outliers = posts whose engagement rate lies outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] (Tukey fences,
  inclusive quartiles), among at least 4 posts with views.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from huntaze_cli.agents.platforms import ALIASES
from huntaze_cli.agents.schemas import AnalyzeInput, GroupStats, Metrics, Outlier, Post, TimeSlot, Trend
from huntaze_cli.errors import InvalidInput

REQUIRED = ("posted_at", "platform", "content_type", "likes", "comments", "shares", "saves", "views")
COUNTS = ("likes", "comments", "shares", "saves", "views")
CAMEL = {"postedAt": "posted_at", "contentType": "content_type", "revenueUsd": "revenue_usd",
         "revenue": "revenue_usd"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TREND_THRESHOLD = 0.05
TOP_SLOTS = 3
_FIX = "fix the file and run again"
# Bounds that keep every later sum, ratio and date step finite and in range (and well past any real export).
MAX_COUNT = 10**15
MAX_USD = 1e12
MIN_YEAR, MAX_YEAR = 1970, 2200


# --- loading -----------------------------------------------------------------------------------------
def load_metrics(path: str | Path) -> AnalyzeInput:
    """Read a metrics file (CSV, JSON array of posts, or the seed's aggregated JSON)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"Metrics file {file} does not exist; check the path.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"Cannot read metrics file {file} ({exc}); export it as UTF-8 CSV or JSON.") from None
    return parse_metrics(text, str(file))


def parse_metrics(text: str, name: str = "<stdin>") -> AnalyzeInput:
    """Parse metrics text; JSON when it starts with `[` or `{` (or the name ends in .json), else CSV."""
    if not text.strip():
        raise InvalidInput(f"Metrics file {name} is empty; export your posts as CSV or JSON.")
    looks_json = text.lstrip()[:1] in "[{" or name.lower().endswith(".json")
    data = _parse_json(text, name) if looks_json else _parse_csv(text, name)
    data.source = name
    return data


def _parse_json(text: str, name: str) -> AnalyzeInput:
    from huntaze_cli.io.jsonio import loads

    payload = loads(text, name, _FIX)
    if isinstance(payload, dict) and isinstance(payload.get("posts"), list):
        payload = payload["posts"]
    if isinstance(payload, list):
        if not payload:
            raise InvalidInput(f"{name} holds no posts; export at least one post.")
        posts = []
        for index, item in enumerate(payload, start=1):
            if not isinstance(item, dict):
                raise InvalidInput(f"{name}: item {index} is not an object; each post must be a JSON object.")
            row = {CAMEL.get(k, k): v for k, v in item.items()}
            posts.append(_post(row, f"{name}: item {index}"))
        return AnalyzeInput(posts=posts)
    if isinstance(payload, dict) and any(k in payload for k in ("engagementData", "revenueData", "platforms")):
        return AnalyzeInput(aggregate=aggregate_metrics(payload, name))
    raise InvalidInput(f"{name} is neither a JSON array of posts nor the aggregated metrics shape "
                       "(platforms, engagementData, revenueData, audienceData).")


def _parse_csv(text: str, name: str) -> AnalyzeInput:
    try:
        return _read_csv(text, name)
    except csv.Error as exc:  # a cell over the csv module's 128 KB limit, a NUL byte...
        raise InvalidInput(f"{name} is not a CSV export this can read ({exc}); {_FIX}.") from None


def _read_csv(text: str, name: str) -> AnalyzeInput:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [col for col in REQUIRED if col not in header]
    if missing:
        raise InvalidInput(f"{name} is missing column(s) {', '.join(missing)}; the header needs "
                           f"{', '.join(REQUIRED)} (revenue_usd and followers are optional).")
    posts = []
    for line, raw in enumerate(reader, start=2):  # line 1 is the header
        if None in raw:
            raise InvalidInput(f"{name}: line {line} has more cells than the header; {_FIX}.")
        row = {(k or "").strip(): v for k, v in raw.items()}
        if not any((v or "").strip() for v in row.values()):
            continue  # blank line
        posts.append(_post(row, f"{name}: line {line}"))
    if not posts:
        raise InvalidInput(f"{name} has a header but no posts; export at least one post.")
    return AnalyzeInput(posts=posts)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _count(value: Any, where: str, field: str) -> int:
    if _blank(value):
        return 0
    try:
        number = float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise InvalidInput(f"{where}, field '{field}': {value!r} is not a number; {_FIX}.") from None
    if isinstance(value, bool) or not math.isfinite(number) or number < 0 or not number.is_integer():
        raise InvalidInput(f"{where}, field '{field}': {value!r} must be a whole number ≥ 0; {_FIX}.")
    if number > MAX_COUNT:
        raise InvalidInput(f"{where}, field '{field}': {value!r} is more than {MAX_COUNT:,}; {_FIX}.")
    return int(number)


def _money(value: Any, where: str, field: str) -> float:
    if _blank(value):
        return 0.0
    try:
        number = float(str(value).strip().lstrip("$")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise InvalidInput(f"{where}, field '{field}': {value!r} is not an amount in USD; {_FIX}.") from None
    if isinstance(value, bool) or not math.isfinite(number) or number < 0:
        raise InvalidInput(f"{where}, field '{field}': {value!r} must be a finite amount ≥ 0; {_FIX}.")
    if number > MAX_USD:
        raise InvalidInput(f"{where}, field '{field}': {value!r} is more than ${MAX_USD:,.0f}; {_FIX}.")
    return number


def parse_timestamp(value: Any, where: str) -> datetime | None:
    """ISO 8601 to an aware UTC datetime (naive times are taken as UTC)."""
    if _blank(value):
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{where}, field 'posted_at': {value!r} is not an ISO 8601 date "
                           f"(e.g. 2026-11-03T20:15:00Z); {_FIX}.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        # 0001-01-01T00:00+14:00 is a valid ISO time whose UTC instant falls before year 1.
        moment = moment.astimezone(timezone.utc)
    except OverflowError:
        moment = None
    if moment is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise InvalidInput(f"{where}, field 'posted_at': {value!r} is outside the years {MIN_YEAR}–{MAX_YEAR}; "
                           f"{_FIX}.")
    return moment


def _name(value: Any) -> str:
    key = str(value or "").strip().lower()
    return ALIASES.get(key, key) or "unknown"


# The three content types as French, Spanish, Portuguese and German exports spell them: a metrics file in
# another language must not put "vidéo" inside the English sentences of `analyze` and `ideas`.
TYPE_ALIASES: dict[str, str] = {
    **dict.fromkeys(("vidéo", "vídeo", "videos", "vidéos", "vídeos"), "video"),
    **dict.fromkeys(("foto", "fotos", "photos", "bild", "bilder", "image", "imagen"), "photo"),
    **dict.fromkeys(("stories", "histoire", "historia", "história"), "story"),
}


def _type_name(value: Any) -> str:
    name = _name(value)
    return TYPE_ALIASES.get(name, name)


def _post(row: dict[str, Any], where: str) -> Post:
    followers = row.get("followers")
    return Post(
        posted_at=parse_timestamp(row.get("posted_at"), where),
        platform=_name(row.get("platform")),
        content_type=_type_name(row.get("content_type")),
        **{field: _count(row.get(field), where, field) for field in COUNTS},
        revenue_usd=_money(row.get("revenue_usd"), where, "revenue_usd"),
        followers=None if _blank(followers) else _count(followers, where, "followers"),
    )


# --- the seed's aggregated shape ---------------------------------------------------------------------
def _entries(block: Any, name: str, field: str) -> list[dict[str, Any]]:
    """Normalise `{platform: {...}}`, `{platform: number}` or `[{platform, ...}]` into a list of dicts."""
    if block is None:
        return []
    if isinstance(block, list):
        if not all(isinstance(item, dict) for item in block):
            raise InvalidInput(f"{name}: '{field}' must hold objects; {_FIX}.")
        return block
    if isinstance(block, dict):
        return [({"platform": key, **value} if isinstance(value, dict) else {"platform": key, "revenue": value})
                for key, value in block.items()]
    raise InvalidInput(f"{name}: '{field}' must be an object or an array; {_FIX}.")


def aggregate_metrics(payload: dict[str, Any], name: str) -> Metrics:
    """Metrics from the seed's aggregated JSON (no per-post rows: no hours, trend or outliers)."""
    # Each engagementData entry is an already-summed row standing for `posts` posts (1 when absent).
    by_platform: dict[str, list[tuple[Post, int]]] = defaultdict(list)
    by_type: dict[str, list[tuple[Post, int]]] = defaultdict(list)
    for index, entry in enumerate(_entries(payload.get("engagementData"), name, "engagementData"), start=1):
        where = f"{name}: engagementData entry {index}"
        row = {CAMEL.get(k, k): v for k, v in entry.items()}
        post = Post(platform=_name(row.get("platform", "all")), content_type=_type_name(row.get("content_type", "all")),
                    **{f: _count(row.get(f), where, f) for f in COUNTS})
        weight = max(1, _count(row.get("posts"), where, "posts"))
        by_platform[post.platform].append((post, weight))
        if row.get("content_type"):
            by_type[post.content_type].append((post, weight))
    revenue_p: dict[str, float] = defaultdict(float)
    revenue_t: dict[str, float] = defaultdict(float)
    for index, entry in enumerate(_entries(payload.get("revenueData"), name, "revenueData"), start=1):
        row = {CAMEL.get(k, k): v for k, v in entry.items()}
        amount = _money(row.get("revenue_usd", row.get("amount")), f"{name}: revenueData entry {index}", "revenue")
        revenue_p[_name(row.get("platform", "all"))] += amount
        if row.get("content_type"):
            revenue_t[_type_name(row["content_type"])] += amount
    total = sum(revenue_p.values())
    platforms = {key: _agg_group(rows, revenue_p.get(key, 0.0), total) for key, rows in by_platform.items()}
    listed = [_name(p) for p in payload.get("platforms") or [] if isinstance(p, str)]
    for key in [*revenue_p, *listed]:
        platforms.setdefault(key, _agg_group([], revenue_p.get(key, 0.0), total))
    types = {key: _agg_group(rows, revenue_t.get(key, 0.0), total) for key, rows in by_type.items()}
    metrics = _totals([p for rows in by_platform.values() for p, _ in rows], total,
                      _aggregate_followers(payload.get("audienceData"), name))
    timeframe = payload.get("timeframe")
    if isinstance(timeframe, dict):
        start, end = timeframe.get("start"), timeframe.get("end")
        metrics.timeframe_start = None if start is None else str(start)
        metrics.timeframe_end = None if end is None else str(end)
    elif isinstance(timeframe, str):
        metrics.timeframe_start = timeframe
    metrics.source = "aggregate"
    metrics.total_posts = sum(g.posts for g in platforms.values())
    metrics.posts_without_views = sum(g.posts_without_views for g in platforms.values())
    metrics.by_platform, metrics.by_content_type = dict(sorted(platforms.items())), dict(sorted(types.items()))
    return metrics


def _agg_group(rows: list[tuple[Post, int]], revenue: float, total_revenue: float) -> GroupStats:
    stats = group_stats([p for p, _ in rows])
    stats.posts = sum(w for _, w in rows)
    stats.posts_without_views = sum(w for p, w in rows if p.views == 0)
    stats.revenue_usd = round(revenue, 2)
    stats.revenue_share = _share(revenue, total_revenue)
    return stats


def _aggregate_followers(audience: Any, name: str) -> int | None:
    if not isinstance(audience, dict) or audience.get("followers") is None:
        return None
    followers = audience["followers"]
    if isinstance(followers, dict):
        return sum(_count(v, f"{name}: audienceData.followers", str(k)) for k, v in followers.items())
    return _count(followers, f"{name}: audienceData", "followers")


# --- computing ---------------------------------------------------------------------------------------
def _rate(interactions: int, views: int) -> float | None:
    return round(interactions / views, 4) if views > 0 else None


def _share(part: float, total: float) -> float | None:
    return round(part / total, 4) if total > 0 else None


def engagement_rate(posts: Iterable[Post]) -> float | None:
    """(likes + comments + shares + saves) / views over the posts that have views."""
    seen = [p for p in posts if p.views > 0]
    return _rate(sum(p.interactions for p in seen), sum(p.views for p in seen))


def group_stats(posts: list[Post]) -> GroupStats:
    seen = [p for p in posts if p.views > 0]
    interactions, views = sum(p.interactions for p in seen), sum(p.views for p in seen)
    return GroupStats(posts=len(posts), views=views, interactions=interactions,
                      engagement_rate=_rate(interactions, views), posts_without_views=len(posts) - len(seen),
                      revenue_usd=round(sum(p.revenue_usd for p in posts), 2))


def compute_groups(posts: list[Post], key: Callable[[Post], str]) -> dict[str, GroupStats]:
    """Stats per group (sorted by name), with each group's share of total revenue."""
    groups: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        groups[key(post)].append(post)
    total = sum(p.revenue_usd for p in posts)
    out = {}
    for name in sorted(groups):
        stats = group_stats(groups[name])
        stats.revenue_share = _share(sum(p.revenue_usd for p in groups[name]), total)
        out[name] = stats
    return out


def best_time_slots(posts: list[Post], slot: Callable[[datetime], int], label: Callable[[int], str],
                    top: int = TOP_SLOTS) -> list[TimeSlot] | None:
    dated: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        if post.posted_at is not None and post.views > 0:
            dated[slot(post.posted_at)].append(post)
    if not dated:
        return None
    slots = [TimeSlot(slot=s, label=label(s), posts=len(group), engagement_rate=engagement_rate(group) or 0.0)
             for s, group in dated.items()]
    slots.sort(key=lambda t: (-t.engagement_rate, -t.posts, t.slot))
    return slots[:top]


def best_hours(posts: list[Post]) -> list[TimeSlot] | None:
    return best_time_slots(posts, lambda d: d.hour, lambda h: f"{h:02d}:00 UTC")


def supported_best(slots: list[TimeSlot] | None, min_posts: int = 2) -> TimeSlot | None:
    """The best slot among those with at least `min_posts` posts (one post is luck, not a slot); the single
    best slot when none has that many."""
    if not slots:
        return None
    return next((s for s in slots if s.posts >= min_posts), slots[0])


def best_weekdays(posts: list[Post]) -> list[TimeSlot] | None:
    return best_time_slots(posts, lambda d: d.weekday(), lambda w: WEEKDAYS[w])


def weekday_hour_grid(posts: list[Post]) -> list[dict[str, Any]]:
    """Every (weekday, UTC hour) cell with dated posts that have views: posts and engagement rate, for the
    report's heatmap (stored with the analysis; cells without posts are absent, not zero)."""
    slots = best_time_slots(posts, lambda d: d.weekday() * 24 + d.hour, str, top=7 * 24) or []
    return sorted(({"weekday": WEEKDAYS[s.slot // 24], "hour": s.slot % 24, "posts": s.posts,
                    "engagementRate": s.engagement_rate} for s in slots),
                  key=lambda cell: (WEEKDAYS.index(cell["weekday"]), cell["hour"]))


def _change(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return round((after - before) / before, 4)


def compute_trend(posts: list[Post]) -> Trend | None:
    """First half vs second half of the dated posts (see module docstring)."""
    dated = sorted((p for p in posts if p.posted_at is not None), key=lambda p: p.posted_at)  # type: ignore[arg-type, return-value]
    if len(dated) < 4:
        return None
    half = len(dated) // 2
    first, second = dated[:half], dated[half:]
    er1, er2 = engagement_rate(first), engagement_rate(second)
    v1, v2 = sum(p.views for p in first), sum(p.views for p in second)
    eng_change, views_change = _change(er1, er2), _change(float(v1), float(v2))
    deciding = eng_change if eng_change is not None else views_change
    direction = "flat"
    if deciding is not None and abs(deciding) > TREND_THRESHOLD:
        direction = "up" if deciding > 0 else "down"
    return Trend(method="first half vs second half of dated posts", first_half_posts=len(first),
                 second_half_posts=len(second), first_half_engagement_rate=er1, second_half_engagement_rate=er2,
                 engagement_change=eng_change, first_half_views=v1, second_half_views=v2,
                 views_change=views_change, direction=direction)  # type: ignore[arg-type]


def find_outliers(posts: list[Post]) -> list[Outlier]:
    """Tukey fences on per-post engagement rate (see module docstring)."""
    rated = [(row, p, p.interactions / p.views) for row, p in enumerate(posts, start=1) if p.views > 0]
    if len(rated) < 4:
        return []
    q1, _, q3 = statistics.quantiles([r for _, _, r in rated], n=4, method="inclusive")
    low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    return [Outlier(row=row, posted_at=p.posted_at.isoformat() if p.posted_at else None, platform=p.platform,
                    content_type=p.content_type, engagement_rate=round(rate, 4),
                    direction="high" if rate > high else "low")
            for row, p, rate in rated if rate > high or rate < low]


def latest_followers(posts: list[Post]) -> int | None:
    """Latest known follower count of each platform, summed (a post's `followers` is a snapshot)."""
    latest: dict[str, tuple[datetime | None, int]] = {}
    for post in posts:
        if post.followers is None:
            continue
        known = latest.get(post.platform)
        if known is None or post.posted_at is None or known[0] is None or post.posted_at >= known[0]:
            latest[post.platform] = (post.posted_at, post.followers)
    return sum(count for _, count in latest.values()) if latest else None


def _totals(posts: list[Post], revenue: float, followers: int | None) -> Metrics:
    seen = [p for p in posts if p.views > 0]
    return Metrics(total_posts=len(posts), total_views=sum(p.views for p in seen),
                   total_interactions=sum(p.interactions for p in seen),
                   posts_without_views=len(posts) - len(seen), engagement_rate=engagement_rate(posts),
                   total_revenue_usd=round(revenue, 2), followers=followers,
                   revenue_per_follower=round(revenue / followers, 4) if followers else None)


def compute_metrics(data: AnalyzeInput) -> Metrics:
    """All computed numbers for `analyze` (the aggregate shape is already computed at load time)."""
    if data.aggregate is not None and not data.posts:
        return data.aggregate.model_copy(deep=True)
    posts = data.posts
    metrics = _totals(posts, sum(p.revenue_usd for p in posts), latest_followers(posts))
    dates = sorted(p.posted_at for p in posts if p.posted_at is not None)
    if dates:
        metrics.timeframe_start, metrics.timeframe_end = dates[0].isoformat(), dates[-1].isoformat()
    metrics.by_platform = compute_groups(posts, lambda p: p.platform)
    metrics.by_content_type = compute_groups(posts, lambda p: p.content_type)
    metrics.best_hours, metrics.best_weekdays = best_hours(posts), best_weekdays(posts)
    metrics.trend = compute_trend(posts)
    metrics.outliers = find_outliers(posts)
    return metrics
