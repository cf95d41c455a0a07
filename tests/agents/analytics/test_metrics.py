"""analytics_math: hand-computed numbers on a small dataset, and clear errors on malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huntaze_cli.agents.analytics.metrics import compute_metrics, find_outliers, load_metrics, parse_metrics
from huntaze_cli.agents.schemas import Post
from huntaze_cli.errors import InvalidInput

HEADER = "posted_at,platform,content_type,likes,comments,shares,saves,views,revenue_usd,followers\n"
# interactions = likes + comments + shares + saves
ROWS = [
    "2026-11-02T20:00:00Z,instagram,photo,40,5,3,2,1000,10,1000",   # 1 Mon 20h: 50/1000 = 5%
    "2026-11-03T09:00:00Z,instagram,photo,20,2,1,2,1000,0,",         # 2 Tue 09h: 25/1000 = 2.5%
    "2026-11-04T20:30:00Z,tiktok,video,150,20,20,10,2000,0,3000",    # 3 Wed 20h: 200/2000 = 10%
    "2026-11-05T12:00:00Z,TikTok,video,90,5,3,2,2000,,",             # 4 Thu 12h: 100/2000 = 5%
    "2026-11-06T20:00:00Z,onlyfans,photo,30,10,0,0,500,300,200",     # 5 Fri 20h: 40/500 = 8%
    "2026-11-07T09:15:00Z,instagram,video,60,10,5,5,1000,40,",       # 6 Sat 09h: 80/1000 = 8%
    "2026-11-08T20:45:00Z,onlyfans,video,45,5,0,0,500,150,250",      # 7 Sun 20h: 50/500 = 10%
    "2026-11-09T12:00:00Z,tiktok,photo,10,0,0,0,0,0,",               # 8 Mon 12h: no views
]


@pytest.fixture()
def metrics_file(tmp_path: Path) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_engagement_by_platform_and_type(metrics_file: Path) -> None:
    m = compute_metrics(load_metrics(metrics_file))
    # instagram = posts 1, 2, 6: (50 + 25 + 80) / 3000 = 0.051666… → 0.0517
    assert m.by_platform["instagram"].engagement_rate == 0.0517
    # tiktok = posts 3, 4 (post 8 has no views: out of the ratio, counted): 300 / 4000 = 0.075
    assert m.by_platform["tiktok"].engagement_rate == 0.075
    assert m.by_platform["tiktok"].posts == 3 and m.by_platform["tiktok"].posts_without_views == 1
    # onlyfans = posts 5, 7: 90 / 1000 = 0.09
    assert m.by_platform["onlyfans"].engagement_rate == 0.09
    # photo = 1, 2, 5 (+8 without views): 115 / 2500 = 0.046; video = 3, 4, 6, 7: 430 / 5500 = 0.07818 → 0.0782
    assert m.by_content_type["photo"].engagement_rate == 0.046
    assert m.by_content_type["video"].engagement_rate == 0.0782
    # overall 545 / 8000 = 0.068125 → 0.0681
    assert m.engagement_rate == 0.0681 and m.posts_without_views == 1 and m.total_posts == 8


def test_revenue_shares_and_per_follower(metrics_file: Path) -> None:
    m = compute_metrics(load_metrics(metrics_file))
    # total revenue 10 + 300 + 40 + 150 = 500; onlyfans 450 → 0.9; instagram 50 → 0.1; tiktok 0
    assert m.total_revenue_usd == 500
    assert m.by_platform["onlyfans"].revenue_share == 0.9
    assert m.by_platform["instagram"].revenue_share == 0.1
    assert m.by_platform["tiktok"].revenue_share == 0.0
    # photo 10 + 300 = 310 → 0.62; video 40 + 150 = 190 → 0.38
    assert m.by_content_type["photo"].revenue_share == 0.62
    # latest followers per platform: instagram 1000 (post 1), tiktok 3000, onlyfans 250 (post 7) = 4250
    # 500 / 4250 = 0.117647 → 0.1176
    assert m.followers == 4250 and m.revenue_per_follower == 0.1176


def test_best_hours_weekdays_and_trend(metrics_file: Path) -> None:
    m = compute_metrics(load_metrics(metrics_file))
    # 20h = posts 1, 3, 5, 7: 340 / 4000 = 0.085; 09h = 105 / 2000 = 0.0525; 12h = 100 / 2000 = 0.05
    assert m.best_hours is not None
    assert [(s.slot, s.engagement_rate, s.posts) for s in m.best_hours] == [(20, 0.085, 4), (9, 0.0525, 2),
                                                                           (12, 0.05, 1)]
    assert m.best_hours[0].label == "20:00 UTC"
    # Wednesday and Sunday tie at 10% with one post each: the earlier weekday wins
    assert m.best_weekdays is not None and m.best_weekdays[0].label == "Wednesday"
    # first half = posts 1–4: 375 / 6000 = 0.0625; second half = 5–8: 170 / 2000 = 0.085
    # change (0.085 − 0.0625) / 0.0625 = +0.36 → up; views 6000 → 2000 = −0.6667
    t = m.trend
    assert t is not None
    assert (t.first_half_engagement_rate, t.second_half_engagement_rate) == (0.0625, 0.085)
    assert t.engagement_change == 0.36 and t.views_change == -0.6667 and t.direction == "up"
    # rates .025 .05 .05 .08 .08 .10 .10: Q1 .05, Q3 .09, fences −.01 / .15 → no outlier
    assert m.outliers == []


def test_outliers_iqr() -> None:
    posts = [Post(likes=n, views=100) for n in (5, 5, 6, 6, 7, 50)]
    # rates .05 .05 .06 .06 .07 .50: Q1 .05, Q3 .0675, IQR .0175 → high fence .09375: the 0.5 post (row 6)
    outliers = find_outliers(posts)
    assert [(o.row, o.direction, o.engagement_rate) for o in outliers] == [(6, "high", 0.5)]


def test_json_array_and_camel_case_keys() -> None:
    data = parse_metrics(json.dumps([{"postedAt": "2026-11-02T20:00:00+01:00", "platform": "x",
                                      "contentType": "video", "likes": 3, "comments": 1, "shares": 0,
                                      "saves": 0, "views": 40, "revenueUsd": 2.5}]), "posts.json")
    m = compute_metrics(data)
    assert m.by_platform["twitter"].engagement_rate == 0.1
    assert m.best_hours is not None and m.best_hours[0].slot == 19  # 20:00+01:00 is 19:00 UTC


def test_seed_aggregated_shape() -> None:
    payload = {"platforms": ["instagram", "tiktok", "facebook"], "timeframe": "30d",
               "engagementData": {"instagram": {"likes": 300, "comments": 50, "shares": 25, "saves": 25,
                                                "views": 10000, "posts": 12},
                                  "tiktok": {"likes": 900, "comments": 60, "shares": 40, "views": 20000}},
               "revenueData": {"instagram": 100, "tiktok": 300},
               "audienceData": {"followers": {"instagram": 1500, "tiktok": 2500}}}
    m = compute_metrics(parse_metrics(json.dumps(payload), "agg.json"))
    # instagram 400 / 10000 = 0.04; tiktok 1000 / 20000 = 0.05; revenue 400 → 0.25 / 0.75; 400 / 4000 = 0.1
    assert m.source == "aggregate"
    assert m.by_platform["instagram"].engagement_rate == 0.04 and m.by_platform["instagram"].posts == 12
    assert m.by_platform["tiktok"].revenue_share == 0.75
    assert "facebook" in m.by_platform and m.revenue_per_follower == 0.1
    assert m.best_hours is None and m.trend is None


@pytest.mark.parametrize(("content", "needle"), [
    ("posted_at,platform,content_type,likes,comments,shares,views\n", "missing column(s) saves"),
    (HEADER + "2026-11-02T20:00:00Z,instagram,photo,lots,5,3,2,1000,,\n", "line 2, field 'likes': 'lots'"),
    (HEADER + "yesterday,instagram,photo,1,5,3,2,1000,,\n", "field 'posted_at': 'yesterday' is not an ISO 8601"),
    (HEADER + "2026-11-02T20:00:00Z,instagram,photo,-4,5,3,2,1000,,\n", "'-4' must be a whole number"),
    ("", "is empty"),
    ("   \n", "is empty"),
    (HEADER, "no posts"),
    ("[{\"likes\": 1,}", "is not valid JSON"),
    ("[]", "no posts"),
    ("[1, 2]", "item 1 is not an object"),
    ('{"hello": 1}', "neither a JSON array of posts"),
    ('[{"posted_at": "2026-11-02", "likes": "x"}]', "item 1, field 'likes'"),
])
def test_malformed_files_raise_invalid_input(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        load_metrics(path)
    assert needle in info.value.message
    assert str(path) in info.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        load_metrics(tmp_path / "nope.csv")
