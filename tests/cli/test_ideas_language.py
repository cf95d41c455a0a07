"""Issue 16.5: `ideas` and `analyze` never mix languages inside one sentence. After a French caption, `ideas`
printed "1. Video series: coucher" and "Schedule your next video about soleil". Topics are whole phrases, and
a topic in another language than the sentence's is left out of it (it stays in the recommended topics)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METRICS = str(ROOT / "examples" / "metrics.csv")
FRENCH = ("coucher", "soleil", "plage")


def _sentences(data: dict) -> str:
    return " ".join(f"{i['title']} {i['description']} {i['basedOn']}" for i in data["ideas"]).lower()


def test_after_a_french_caption_ideas_never_put_its_topics_in_english_sentences(cli):
    assert cli("caption", "coucher de soleil à la plage").code == 0
    assert cli("analyze", METRICS).code == 0
    data = cli("ideas", "--count", "8", "--json").json()["data"]
    text = _sentences(data)
    assert not [w for w in FRENCH if w in text], text
    assert "video series: coucher" not in text and "about soleil" not in text
    # The creator's own subjects, whole: never "coucher" alone.
    assert data["recommendedTopics"][:2] == ["coucher de soleil", "plage"]
    assert "coucher" not in data["recommendedTopics"] and "soleil" not in data["recommendedTopics"]


def test_english_topics_stay_in_english_ideas_next_to_french_ones(cli):
    for description in ("coucher de soleil à la plage", "leg day routine at the gym", "leg day, no excuses"):
        assert cli("caption", description).code == 0
    data = cli("ideas", "--count", "6", "--json").json()["data"]
    text = _sentences(data)
    assert "leg day" in text and not [w for w in FRENCH if w in text], text
    assert {"leg day", "coucher de soleil", "plage"} <= set(data["recommendedTopics"])


def test_a_topic_given_in_another_language_is_left_out_of_the_sentences(cli):
    data = cli("ideas", "--topic", "coucher de soleil", "--topic", "yoga", "-n", "4", "--json").json()["data"]
    text = _sentences(data)
    assert "yoga" in text and "coucher" not in text and "soleil" not in text
    assert data["recommendedTopics"][:2] == ["coucher de soleil", "yoga"]


def test_analyze_after_a_french_caption_is_one_language(cli):
    assert cli("caption", "coucher de soleil à la plage").code == 0
    data = cli("analyze", METRICS, "--json").json()["data"]
    texts = [x["text"].lower() for key in ("insights", "recommendations", "patterns", "predictions")
             for x in data[key]]
    assert texts and not [t for t in texts for w in FRENCH if w in t]


def test_a_model_is_told_to_write_ideas_in_one_language(cli, llm_server):
    cli.use_server(llm_server)
    assert cli("ideas", "--lang", "fr", "-n", "1").code == 0
    system = llm_server.last().parsed["system"]
    assert "language 'fr'" in system and "never mix languages in a sentence" in system


def test_a_metrics_file_in_french_gives_english_sentences(cli, tmp_path):
    """content_type "vidéo" from a French export is the video type, not a word inside English sentences."""
    rows = (ROOT / "examples" / "metrics.csv").read_text().splitlines()
    french = [rows[0]] + [r.replace(",video,", ",vidéo,").replace(",story,", ",stories,") for r in rows[1:]]
    path = tmp_path / "metriques.csv"
    path.write_text("\n".join(french) + "\n")
    english = cli("analyze", METRICS, "--json").json()["data"]
    data = cli("analyze", str(path), "--json").json()["data"]
    assert data["metrics"]["byContentType"].keys() == english["metrics"]["byContentType"].keys()
    texts = [x["text"] for key in ("insights", "recommendations", "patterns", "predictions") for x in data[key]]
    ideas = _sentences(cli("ideas", "--json").json()["data"])
    assert "vidéo" not in " ".join(texts) + ideas and "stories posts" not in " ".join(texts)
