"""`huntaze caption` through the real CLI: platform rules on model output, options reaching the prompt."""

from __future__ import annotations

import json
from pathlib import Path

from huntaze_cli.agents.platforms import compose_post, rules_for
from testservers.llm_server import reply

ROOT = Path(__file__).resolve().parents[2]
METRICS = str(ROOT / "examples" / "metrics.csv")


def png_bytes() -> bytes:
    """A real 1×1 transparent PNG (the hand-written one this replaced was not decodable)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (1, 1), (255, 0, 0, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def test_model_caption_is_held_to_twitter_rules(cli, llm_server):
    cli.use_server(llm_server)
    tags = [f"#tag{i % 20}" for i in range(28)] + ["#TAG1", "tag2"]  # 30 hashtags, duplicates included
    long_caption = ("Sunset run on the beach with the whole crew and an incredible golden light " * 8).strip()
    llm_server.enqueue(reply(json.dumps({"caption": long_caption, "hashtags": tags, "confidence": 0.9,
                                         "performanceInsights": ["post at 20:00"]})))
    r = cli("caption", "--platform", "twitter", "sunset run on the beach", "--json")
    assert r.code == 0, r.stdout + r.stderr
    data = r.json()["data"]
    assert r.json()["meta"]["provider"] == "openai"
    rule = rules_for("twitter")
    assert rule.measure(compose_post(data["caption"], data["hashtags"])) <= 280
    assert 1 <= len(data["hashtags"]) <= 2
    assert len({t.lower() for t in data["hashtags"]}) == len(data["hashtags"])
    assert all(t.startswith("#") for t in data["hashtags"])
    # shortened at a word boundary: every word kept is a whole word of the model's text
    kept = data["caption"].rstrip("…").split()
    assert kept and all(w in long_caption.split() for w in kept)


def test_x_is_an_alias_for_twitter(cli, llm_server):
    r = cli("caption", "--platform", "x", "new gym routine, leg day", "--json")
    assert r.code == 0
    data = r.json()["data"]
    assert "\n" not in data["caption"] and len(data["hashtags"]) <= 2
    assert rules_for("twitter").measure(compose_post(data["caption"], data["hashtags"])) <= 280
    cli.use_server(llm_server)
    assert cli("caption", "--platform", "X", "new gym routine, leg day").code == 0
    assert "Platform twitter" in llm_server.last().parsed["system"]


def test_variants_three_from_rules_and_from_a_model(cli, llm_server):
    r = cli("caption", "--variants", "3", "--platform", "instagram", "morning coffee in the garden", "--json")
    variants = r.json()["data"]["variants"]
    assert len(variants) == 3 and len({v["caption"] for v in variants}) == 3
    human = cli("caption", "--variants", "3", "morning coffee in the garden")
    assert "Variant 3" in human.stdout
    cli.use_server(llm_server)
    five = [{"caption": f"Coffee moment number {i}", "hashtags": ["#coffee", "#coffee"]} for i in range(5)]
    llm_server.enqueue(reply(json.dumps({"caption": "Coffee moment number 0", "hashtags": ["#coffee"],
                                         "variants": five})))
    r = cli("caption", "--variants", "3", "morning coffee in the garden", "--json")
    variants = r.json()["data"]["variants"]
    assert [v["caption"] for v in variants] == [f"Coffee moment number {i}" for i in range(3)]
    assert all(v["hashtags"] == ["#coffee"] for v in variants)
    assert "Give 3 distinct captions" in llm_server.last().parsed["system"]


def test_lang_fr(cli, llm_server):
    r = cli("caption", "--lang", "fr", "--platform", "instagram", "café du matin à Paris", "--json")
    text = r.json()["data"]["caption"]
    assert "Paris" in text and any(w in text for w in (" ce ", " tu ", " toi", " avec ", " à "))
    cli.use_server(llm_server)
    assert cli("caption", "--lang", "fr", "café du matin à Paris").code == 0
    assert "Write in language 'fr'" in llm_server.last().parsed["system"]


def test_insights_file_grounds_the_caption(cli, llm_server):
    r = cli("caption", "--insights", METRICS, "sunset run", "--json")
    tips = " ".join(r.json()["data"]["performanceInsights"])
    assert "video posts earn" in tips
    cli.use_server(llm_server)
    assert cli("caption", "--insights", METRICS, "sunset run").code == 0
    prompt = llm_server.last().parsed["prompt"]
    assert "Computed performance numbers" in prompt and "video posts earn 3.3×" in prompt
    bad = cli("caption", "--insights", str(ROOT / "nope.csv"), "sunset run")
    assert bad.code == 2 and "nope.csv" in bad.stderr


def test_image_is_sent_as_an_image_part(cli, llm_server, tmp_path):
    image = tmp_path / "shot.png"
    image.write_bytes(png_bytes())
    cli.use_server(llm_server)
    r = cli("caption", "--image", str(image), "--provider", "openai", "beach shoot")
    assert r.code == 0, r.stderr
    request = llm_server.last()
    assert request.parsed["has_image"] is True
    user = [m for m in request.body["messages"] if m["role"] == "user"][-1]
    parts = {p["type"]: p for p in user["content"]}
    assert parts["image_url"]["image_url"]["url"].startswith("data:image/png;base64,")
    assert "beach shoot" in parts["text"]["text"]
    missing = cli("caption", "--image", str(tmp_path / "none.png"), "beach shoot")
    assert missing.code == 2 and "none.png" in missing.stderr


def test_description_from_stdin(cli, llm_server):
    r = cli("caption", "-", "--platform", "tiktok", "--json", stdin="sunset run on the beach\n")
    assert r.code == 0 and "Sunset run on the beach" in r.json()["data"]["caption"]
    cli.use_server(llm_server)
    assert cli("caption", "-", stdin="behind the scenes of the shoot\n").code == 0
    assert "behind the scenes of the shoot" in llm_server.last().parsed["prompt"]


def test_bad_caption_input_exits_2_with_one_sentence(cli):
    cases = [
        (["caption", "--platform", "myspace", "x"], "myspace"),
        (["caption", "   "], "empty"),
        (["caption", "-"], "empty"),
        (["caption", "--type", "reel", "x"], "photo"),
        (["caption", "--variants", "0", "x"], "--variants"),
        (["caption", "--creator", "ghost", "x"], "creators add ghost"),
    ]
    for argv, word in cases:
        r = cli(*argv, stdin="" if argv[-1] == "-" else None)
        assert r.code == 2, (argv, r.stderr)
        assert word in r.stderr, (argv, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
