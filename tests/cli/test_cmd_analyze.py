"""`huntaze analyze`, `insights` and `ideas` through the real CLI: computed figures, the stored summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from testservers.llm_server import reply

# Hand-worked: interactions = likes + comments + shares + saves; the post with no views is counted
# but left out of the ratio.
#   tiktok:    posts 2, views 3000, interactions 100 + 200 = 300 → 10%,   revenue 0
#   instagram: posts 2, views 1000, interactions 50 (+10 unrated) → 5%,   revenue 0
#   onlyfans:  posts 1, views 200,  interactions 40        → 20%,          revenue 100
#   video:     posts 2, views 3000, interactions 300       → 10%,          revenue 0
#   photo:     posts 3, views 1200, interactions 50 + 40 = 90 → 7.5%,      revenue 100
CSV = """posted_at,platform,content_type,likes,comments,shares,saves,views,revenue_usd
2026-10-01T20:00:00Z,tiktok,video,90,5,3,2,1000,0
2026-10-02T20:00:00Z,tiktok,video,150,20,20,10,2000,0
2026-10-03T12:00:00Z,instagram,photo,40,5,3,2,1000,0
2026-10-04T21:00:00Z,onlyfans,photo,30,10,0,0,200,100
2026-10-05T12:00:00Z,instagram,photo,10,0,0,0,0,0
"""
EXPECTED = {
    "byPlatform": {"tiktok": (2, 3000, 0.10, 0.0), "instagram": (2, 1000, 0.05, 0.0),
                   "onlyfans": (1, 200, 0.20, 100.0)},
    "byContentType": {"video": (2, 3000, 0.10, 0.0), "photo": (3, 1200, 0.075, 100.0)},
}


@pytest.fixture
def metrics_file(tmp_path: Path) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(CSV)
    return path


def check_figures(metrics: dict) -> None:
    for key, groups in EXPECTED.items():
        assert set(metrics[key]) == set(groups), metrics[key]
        for name, (posts, views, rate, revenue) in groups.items():
            g = metrics[key][name]
            assert (g["posts"], g["views"], g["revenueUsd"]) == (posts, views, revenue), (name, g)
            assert g["engagementRate"] == pytest.approx(rate), (name, g)
    assert metrics["byPlatform"]["instagram"]["postsWithoutViews"] == 1
    assert metrics["totalPosts"] == 5 and metrics["engagementRate"] == round(390 / 4200, 4)  # 4 decimals


def test_rules_analysis_has_the_computed_figures(cli, metrics_file):
    r = cli("analyze", str(metrics_file), "--json")
    assert r.code == 0, r.stderr
    data = r.json()["data"]
    check_figures(data["metrics"])
    assert [h["label"] for h in data["metrics"]["bestHours"]][0] == "21:00 UTC"
    assert any("onlyfans posts earn 4.0× the engagement of instagram posts" in i["text"] for i in data["insights"])
    assert {i["impact"] for i in data["insights"]} <= {"high", "medium", "low"}
    assert {x["priority"] for x in data["recommendations"]} <= {"high", "medium", "low"}
    assert all(0 <= p["frequency"] <= 1 for p in data["patterns"])
    assert all(0 <= p["confidence"] <= 1 for p in data["predictions"])
    human = cli("analyze", str(metrics_file))
    assert "By platform" in human.stdout and "10.00%" in human.stdout and "Insights" in human.stdout


def test_model_metrics_are_overridden_and_insights_served_without_ai(cli, llm_server, metrics_file):
    cli.use_server(llm_server)
    fake_metrics = {"totalPosts": 999, "byPlatform": {"tiktok": {"posts": 50, "views": 1, "engagementRate": 0.9,
                                                                  "revenueUsd": 1e6}}}
    llm_server.enqueue(reply(json.dumps({
        "metrics": fake_metrics, "insights": [{"text": "TikTok videos at 20:00 win", "impact": "high"}],
        "recommendations": [], "patterns": [], "predictions": [{"text": "10x growth", "confidence": 0.99}],
        "confidence": 0.99})))
    r = cli("analyze", str(metrics_file), "--json")
    assert r.code == 0, r.stderr
    data = r.json()["data"]
    assert r.json()["meta"]["provider"] == "gemini"
    check_figures(data["metrics"])
    assert data["insights"] == [{"text": "TikTok videos at 20:00 win", "impact": "high"}]
    assert data["confidence"] < 0.5  # five posts do not support 99% certainty
    prompt = llm_server.last().parsed["prompt"]
    assert '"engagementRate":0.2' in prompt  # the computed metrics went to the model
    assert "metrics" not in llm_server.last().body["generationConfig"]["responseJsonSchema"]["properties"]

    hits = llm_server.hits
    stored = cli("insights", "--json")
    assert stored.code == 0 and llm_server.hits == hits
    summary = stored.json()["data"]
    assert summary["analysis"] == data and summary["provider"] == "gemini"
    assert any(k["text"] == "TikTok videos at 20:00 win" for k in summary["knowledge"])
    human = cli("insights")
    assert "TikTok videos at 20:00 win" in human.stdout and "By platform" in human.stdout
    assert llm_server.hits == hits


def test_insights_before_any_analysis(cli):
    r = cli("insights")
    assert r.code == 2 and "huntaze analyze" in r.stderr


def test_ideas_use_the_stored_analysis(cli, metrics_file):
    assert cli("analyze", str(metrics_file)).code == 0
    data = cli("ideas", "--count", "3", "--json").json()["data"]
    assert len(data["ideas"]) == 3
    assert data["topPerformingContent"][0] == "video posts: 10.0% engagement over 2 posts"
    assert data["ideas"][0]["title"].startswith("Video series")
    assert all(i["basedOn"] for i in data["ideas"])
    assert cli("ideas", "--count", "7", "--json").json()["data"]["ideas"].__len__() == 7


def test_aggregated_json_input(cli, tmp_path):
    seed = {"platforms": ["instagram", "tiktok"],
            "engagementData": {"instagram": {"likes": 500, "comments": 50, "views": 10000, "posts": 5},
                               "tiktok": {"likes": 900, "comments": 100, "views": 10000, "posts": 4}},
            "revenueData": {"instagram": 0, "tiktok": 0}}
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    r = cli("analyze", str(path), "--json")
    assert r.code == 0, r.stderr
    assert set(r.json()["data"]["metrics"]["byPlatform"]) >= {"instagram", "tiktok"}


@pytest.mark.parametrize("content,word", [
    ("a,b\n1,2\n", "missing column"),
    ("posted_at,platform,content_type,likes,comments,shares,saves,views\n"
     "2026-10-01T20:00:00Z,tiktok,video,many,1,1,1,10\n", "likes"),
    ("[{\"platform\": ", "JSON"),
    ("", "empty"),
])
def test_malformed_metrics_file(cli, tmp_path, content, word):
    path = tmp_path / ("bad.json" if content.startswith("[") else "bad.csv")
    path.write_text(content)
    r = cli("analyze", str(path))
    assert r.code == 2, r.stderr
    assert word.lower() in r.stderr.lower() and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_missing_metrics_file(cli, tmp_path):
    r = cli("analyze", str(tmp_path / "nope.csv"), "--json")
    assert r.code == 2
    assert "nope.csv" in r.json()["error"]["message"] and "does not exist" in r.json()["error"]["message"]
