"""Every endpoint of a real `huntaze serve` over HTTP: the envelope, the seed's field names, the same core as
the command line (what the CLI stored, the server reads, and the other way round)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import PLANTED_KEY
from testservers.llm_server import reply

ROOT = Path(__file__).resolve().parents[2]
RULES = {"provider": "rules"}


def ok(response: Any, status: int = 200) -> Any:
    assert PLANTED_KEY not in response.text
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is True and set(body) == {"success", "data", "meta"}
    assert body["meta"]["requestId"].startswith("req_")
    return body


def test_health_and_openapi_need_no_token(hub):
    c = hub.server.client()
    assert ok(c.get("/api/health"))["data"]["status"] == "ok"
    spec = c.get("/openapi.json").json()
    for path in ("/api/ai/chat", "/api/ai/suggestions", "/api/ai/generate-caption", "/api/ai/analyze-performance",
                 "/api/ai/optimize-sales", "/api/ai/test", "/api/ai/quota", "/api/admin/ai-costs",
                 "/api/ai/quick-replies", "/api/ai/quick-replies/{name}", "/api/ai/config", "/api/ai/hooks",
                 "/api/fans", "/api/fans/segments", "/api/experiments", "/api/health",
                 "/api/content/ai/suggestions", "/api/analytics/ai/summary", "/api/onlyfans/ai/suggestions",
                 "/api/mass-message/drafts", "/api/fans/{fan_id}"):
        assert path in spec["paths"], path
    caption = spec["paths"]["/api/ai/generate-caption"]["post"]
    body = caption["requestBody"]["content"]["application/json"]["schema"]
    # The CLI's own input model (agents/schemas.py CaptionInput), less the file path the server never reads.
    assert "description" in body["properties"] and "description" in body["required"]
    assert "image_path" not in body["properties"]
    assert {"400", "401", "403", "413", "429", "503"} <= set(caption["responses"])
    data = caption["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"]
    assert "performanceInsights" in data["properties"]


def test_quota_for_the_tokens_creator(hub):
    body = ok(hub.server.client(hub.tokens["mia-read"]).get("/api/ai/quota"))
    assert body["data"]["creator"] == "mia" and body["data"]["plan"] == "pro"
    assert body["data"]["requests"]["limit"] == 100
    admin = ok(hub.server.client(hub.tokens["admin"]).get("/api/ai/quota", params={"creator": "zoe"}))
    assert admin["data"]["creator"] == "zoe"


def test_caption_chat_suggestions_sale_ideas_on_the_rules_engine(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    cap = ok(c.post("/api/ai/generate-caption", json={"description": "sunset run on the beach",
                                                      "platform": "tiktok", "contentType": "video", **RULES}))
    assert cap["data"]["caption"] and cap["data"]["hashtags"]
    assert cap["meta"]["creator"] == "mia" and cap["meta"]["provider"] == "rules"
    assert cap["meta"]["feature"] == "caption"
    chat = ok(c.post("/api/ai/chat", json={"message": "hey babe what's new?", "engagement": "high",
                                           "spentUsd": 900, "tier": "vip", **RULES}))
    assert chat["data"]["reply"] and "upsellSuggestions" in chat["data"]
    sug = ok(c.post("/api/ai/suggestions", json={"message": "what are you up to tonight?", "count": 2, **RULES}))
    assert len(sug["data"]["suggestions"]) == 2
    of = ok(c.post("/api/onlyfans/ai/suggestions", json={"message": "loved your last post", **RULES}))
    assert len(of["data"]["suggestions"]) == 3
    sale = ok(c.post("/api/ai/optimize-sales", json={"message": "New set just dropped, want it?", "priceUsd": 25,
                                                     **RULES}))
    assert sale["data"]["suggestedPrice"] > 0 and sale["data"]["optimizedMessage"]
    ideas = ok(c.post("/api/content/ai/suggestions", json={"count": 3, "topics": ["fitness"], **RULES}))
    assert len(ideas["data"]["ideas"]) == 3


def test_analyze_then_summary(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    posts = [{"posted_at": f"2026-11-{day:02d}T18:00:00Z", "platform": "instagram", "content_type": "photo",
              "likes": 100 + day, "comments": 10, "shares": 2, "saves": 3, "views": 2000 + 50 * day}
             for day in range(1, 11)]
    body = ok(c.post("/api/ai/analyze-performance", json={"posts": posts, **RULES}))
    assert body["data"]["metrics"]["totalPosts"] == 10 and body["data"]["insights"]
    stored = ok(c.get("/api/analytics/ai/summary"))
    assert stored["data"]["createdAt"] and stored["meta"]["creator"] == "mia"
    # Stored by the server, read by the command line: one ledger.
    done = hub.server.huntaze("insights", "--creator", "mia", "--json")
    assert done.returncode == 0, done.stderr


def test_test_prompt_through_a_provider(hub, llm):
    llm.enqueue(reply("a haiku about cold brew", usage=(12, 6)))
    body = ok(hub.server.client(hub.tokens["mia-draft"]).post(
        "/api/ai/test", json={"prompt": "Write a haiku about cold brew", "temperature": 0.2,
                              "maxOutputTokens": 64, "provider": "openai"}))
    assert body["data"]["text"] == "a haiku about cold brew"
    assert body["meta"]["usage"] == {"inputTokens": 12, "outputTokens": 6}
    assert body["meta"]["provider"] == "openai" and body["meta"]["costUsd"] > 0
    sent = llm.last().body
    assert sent["temperature"] == 0.2 and sent.get("max_tokens", sent.get("max_completion_tokens")) == 64


def test_chat_streams_as_server_sent_events(hub, llm):
    text = "Hey you! I just finished a shoot and thought of you first. Want a peek?"
    llm.enqueue(reply(text))
    events = []
    with hub.server.client(hub.tokens["mia-draft"]).stream(
            "POST", "/api/ai/chat", json={"message": "hey babe what's new?", "stream": True,
                                          "provider": "openai", "noCache": True}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                import json

                events.append((name, json.loads(line[6:])))
    kinds = [k for k, _ in events]
    assert kinds[-1] == "done" and kinds.count("delta") >= 1 and kinds[0] == "delta"
    assert "".join(d["text"] for k, d in events if k == "delta") == text
    done = events[-1][1]
    assert done["success"] is True and done["data"]["reply"] == text and done["meta"]["creator"] == "mia"
    assert llm.last().body["stream"] is True


def test_quick_replies_crud(hub):
    c = hub.server.client(hub.tokens["mia-draft"])
    made = ok(c.post("/api/ai/quick-replies", json={"name": "thanks", "text": "Thank you {fan_name}!",
                                                    "tags": ["warm"]}), 201)
    assert made["data"]["placeholders"] == ["fan_name"]
    assert [r["name"] for r in ok(c.get("/api/ai/quick-replies"))["data"]] == ["thanks"]
    assert ok(c.get("/api/ai/quick-replies/thanks"))["data"]["text"] == "Thank you {fan_name}!"
    changed = ok(c.put("/api/ai/quick-replies/thanks", json={"text": "Merci {fan_name} !", "tags": ["fr"]}))
    assert changed["data"]["text"] == "Merci {fan_name} !" and changed["data"]["tags"] == ["fr"]
    # The command line sees what the server stored.
    assert "thanks" in hub.server.huntaze("replies", "list", "--creator", "mia", "--json").stdout
    assert ok(c.delete("/api/ai/quick-replies/thanks"))["data"] == {"name": "thanks", "deleted": True}
    assert c.get("/api/ai/quick-replies/thanks").status_code == 404


def test_fans_segments_experiments(hub):
    c = hub.server.client(hub.tokens["zoe-draft"])
    assert ok(c.get("/api/fans"))["data"] == []
    assert hub.server.huntaze("fans", "import", str(ROOT / "examples" / "fans.csv"), "--creator", "zoe").returncode == 0
    assert hub.server.huntaze("fans", "import", str(ROOT / "examples" / "purchases.csv"),
                              "--creator", "zoe").returncode == 0
    fans = ok(c.get("/api/fans"))["data"]
    assert fans and {"id", "name", "tier", "totalSpentUsd"} <= set(fans[0])
    one = ok(c.get(f"/api/fans/{fans[0]['id']}"))["data"]
    assert one["id"] == fans[0]["id"] and one["suggestedPrice"]["priceUsd"] > 0  # the `fans show` card
    drafts = ok(c.post("/api/mass-message/drafts", json={"content": "new beach set", "segments": ["whales",
                                                                                               "lapsed"], **RULES}))
    assert drafts["data"]["sent"] is False and drafts["meta"]["creator"] == "zoe"
    assert {d["segment"] for d in drafts["data"]["drafts"]} <= {"whales", "lapsed"}
    assert all(d["text"] and d["suggestedPrice"] > 0 for d in drafts["data"]["drafts"])
    segs = ok(c.get("/api/fans/segments", params={"members": "true"}))["data"]
    assert {s["segment"] for s in segs} == {"whales", "regulars", "new", "lapsed", "never-bought"}
    assert sum(s["fans"] for s in segs) > 0 and "fanIds" in segs[0]
    assert ok(c.get("/api/experiments"))["data"] == []
    done = hub.server.huntaze("experiments", "new", "launch", "--variant", "A=New set, want it?",
                              "--variant", "B=Just for you: the new set", "--creator", "zoe")
    assert done.returncode == 0, done.stderr
    assert [e["name"] for e in ok(c.get("/api/experiments"))["data"]] == ["launch"]
    # A fan for the chat, by the seed's name: fanId.
    chat = ok(c.post("/api/ai/chat", json={"message": "hi!", "fanId": fans[0]["id"], **RULES}))
    assert chat["data"]["reply"]


def test_admin_costs_config_hooks(hub):
    admin = hub.server.client(hub.tokens["admin"])
    ok(hub.server.client(hub.tokens["mia-draft"]).post("/api/ai/generate-caption",
                                                        json={"description": "gym day", **RULES}))
    costs = ok(admin.get("/api/admin/ai-costs", params={"by": "creator"}))["data"]
    assert "mia" in {row["key"] for row in costs["rows"]}
    assert costs["totals"]["requests"] >= 1
    by_feature = ok(admin.get("/api/admin/ai-costs", params={"by": "feature", "creator": "mia", "chart": "true"}))
    assert "series" in by_feature["data"]
    config = ok(admin.get("/api/ai/config"))["data"]
    assert any(row["key"].startswith("retry.") for row in config)
    made = ok(admin.post("/api/ai/hooks", json={"event": "quota.threshold",
                                                "url": "https://hooks.example.com/services/T0/B0/aB3dE5fG7hJ9kL1mN3pQ5rS7",
                                                "threshold": 90}), 201)["data"]
    assert made["threshold"] == 90 and "aB3dE5fG7hJ9kL1mN3pQ5rS7" not in str(made)
    listed = ok(admin.get("/api/ai/hooks"))["data"]
    assert [h["id"] for h in listed] == [made["id"]]
    assert ok(admin.delete(f"/api/ai/hooks/{made['id']}"))["data"]["deleted"] is True
    assert ok(admin.get("/api/ai/hooks"))["data"] == []


def test_no_page_that_would_load_from_a_cdn(hub):
    # FastAPI's /docs pulls Swagger UI from cdn.jsdelivr.net: huntaze serves the schema, never that page.
    c = hub.server.client()
    assert c.get("/docs").status_code == 404
    assert c.get("/openapi.json").status_code == 200
