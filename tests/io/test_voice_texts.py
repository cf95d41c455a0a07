"""The shapes `voice learn` reads: CSV, JSON (array of objects or strings, or wrapped), JSON Lines, plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huntaze_cli.errors import InvalidInput
from huntaze_cli.io.voice_texts import MAX_TEXT_CHARS, read_voice_file


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_columns_by_any_documented_name_and_summed_counts(tmp_path: Path) -> None:
    path = _write(tmp_path, "export", "Caption,Network,Posted At,Likes,Comments\nhello there,X,2026-01-02,10,5\n"
                                      "second post,instagram,,3,\n")
    rows = read_voice_file(path)  # no extension: the header says CSV
    assert rows[0] == {"text": "hello there", "platform": "x", "date": "2026-01-02", "engagement": 15.0}
    assert rows[1]["engagement"] == 3.0 and rows[1]["date"] is None


def test_json_shapes(tmp_path: Path) -> None:
    assert [r["text"] for r in read_voice_file(_write(tmp_path, "a.json", json.dumps(["one", " ", "two"])))] == \
        ["one", "two"]
    wrapped = json.dumps({"messages": [{"message": "hi", "engagement": "7"}, {"body": "yo", "likes": True}]})
    rows = read_voice_file(_write(tmp_path, "b.json", wrapped))
    assert [(r["text"], r["engagement"]) for r in rows] == [("hi", 7.0), ("yo", None)]
    lines = "\n".join(json.dumps({"text": f"line {i}", "platform": "TikTok"}) for i in range(3))
    assert [r["platform"] for r in read_voice_file(_write(tmp_path, "c.jsonl", lines))] == ["tiktok"] * 3


def test_plain_text_paragraphs_and_long_texts(tmp_path: Path) -> None:
    text = "first post\r\nstill first\r\n\r\nsecond post\n  \n" + "x" * (MAX_TEXT_CHARS + 10)
    rows = read_voice_file(_write(tmp_path, "posts.txt", text))
    assert [r["text"] for r in rows[:2]] == ["first post\nstill first", "second post"]
    assert len(rows[2]["text"]) == MAX_TEXT_CHARS
    # a .txt file whose first line looks like a CSV header is still plain text
    assert len(read_voice_file(_write(tmp_path, "t.txt", "text,platform\n\nhello"))) == 2


@pytest.mark.parametrize("name,content,message", [
    ("a.json", "{\"text\": 3}", "no text column"),
    ("b.json", "42", "expected a JSON array"),
    ("c.csv", "a,b\n1,2\n", "no text column"),
])
def test_refusals_are_one_sentence(tmp_path: Path, name: str, content: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_voice_file(_write(tmp_path, name, content))
