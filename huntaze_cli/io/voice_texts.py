"""Past captions and sent messages for `voice learn`, as exported by the usual tools.

Accepted shapes (the extension decides when it is .csv, .json, .jsonl or .txt; otherwise the content does):
- CSV with a header: a text column named text, caption, message, content, body or post; optional platform
  (or network, source; lowercased here, its aliases such as x resolved by the caller), date (posted_at,
  created_at, sent_at, timestamp) and engagement (or likes, comments, shares, saves, summed when there is no
  engagement column).
- JSON: an array of objects with the same keys (or of strings), or an object holding one under data, posts,
  messages, captions or items; JSON Lines with one object per line.
- Plain text: one post per paragraph (paragraphs are separated by a blank line).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

from huntaze_cli.errors import InvalidInput
from huntaze_cli.io.input_files import check_size

MAX_FILE_BYTES = 10 * 1024 * 1024   # years of a creator's posts fit in far less
MAX_TEXT_CHARS = 5_000              # a longer "post" is an article or a pasted thread, not a voice sample
TEXT_COLUMNS = ("text", "caption", "message", "content", "body", "post")
PLATFORM_COLUMNS = ("platform", "network", "source")
DATE_COLUMNS = ("date", "posted_at", "created_at", "sent_at", "timestamp")
ENGAGEMENT_COLUMNS = ("engagement",)
COUNT_COLUMNS = ("likes", "comments", "shares", "saves")
JSON_KEYS = ("data", "posts", "messages", "captions", "items")
_PARAGRAPH = re.compile(r"\n\s*\n")


def _key(name: Any) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _record(row: dict[str, Any]) -> dict[str, Any] | None:
    by_key = {_key(k): v for k, v in row.items()}
    text = next((by_key[c] for c in TEXT_COLUMNS if isinstance(by_key.get(c), str) and by_key[c].strip()), None)
    if text is None:
        return None
    platform = next((str(by_key[c]).strip().lower() for c in PLATFORM_COLUMNS if by_key.get(c)), None)
    date = next((str(by_key[c]).strip() for c in DATE_COLUMNS if by_key.get(c)), None)
    engagement = next((_number(by_key[c]) for c in ENGAGEMENT_COLUMNS if _number(by_key.get(c)) is not None), None)
    if engagement is None:
        counts = [n for n in (_number(by_key.get(c)) for c in COUNT_COLUMNS) if n is not None]
        engagement = sum(counts) if counts else None
    return {"text": text.strip()[:MAX_TEXT_CHARS], "platform": platform,
            "date": date[:40] if date else None, "engagement": engagement}


def _rows(rows: list[Any], path: str) -> list[dict[str, Any]]:
    found = []
    for row in rows:
        if isinstance(row, str) and row.strip():
            found.append({"text": row.strip()[:MAX_TEXT_CHARS], "platform": None, "date": None, "engagement": None})
        elif isinstance(row, dict):
            record = _record(row)
            if record is not None:
                found.append(record)
    if rows and not found:
        raise InvalidInput(f"{path} has no text column; name one {', '.join(TEXT_COLUMNS)}.")
    return found


def _json(text: str, path: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError:
        lines = [line for line in text.splitlines() if line.strip()]
        try:
            data = [json.loads(line) for line in lines]
        except ValueError:
            raise InvalidInput(f"{path} is not valid JSON or JSON Lines; export it again.") from None
    if isinstance(data, dict):
        data = next((data[k] for k in JSON_KEYS if isinstance(data.get(k), list)), [data])
    if not isinstance(data, list):
        raise InvalidInput(f"{path}: expected a JSON array of posts or messages.")
    return _rows(data, path)


def _csv(text: str, path: str) -> list[dict[str, Any]]:
    try:
        return _rows(list(csv.DictReader(io.StringIO(text))), path)
    except csv.Error as exc:
        raise InvalidInput(f"{path} is not a CSV export this can read ({exc}).") from None


def _looks_like_csv(text: str) -> bool:
    header = text.lstrip().split("\n", 1)[0]
    try:
        names = next(csv.reader([header]))
    except (csv.Error, StopIteration):
        return False
    return len(names) > 1 and any(_key(n) in TEXT_COLUMNS for n in names)


def _decode(path: str) -> str:
    check_size(path, "Voice file", limit=MAX_FILE_BYTES, kind="for a voice file")
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.__class__.__name__}).") from None
    if b"\x00" in raw[:65536]:
        raise InvalidInput(f"{path} is binary data, not text; give a CSV, JSON or plain-text export.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8 text; give a CSV, JSON or plain-text export.") from None


def read_voice_file(path: str) -> list[dict[str, Any]]:
    """The texts of one export: dicts with text, platform, date and engagement (None when not given)."""
    text = _decode(path)
    if not text.strip():
        raise InvalidInput(f"{path} is empty; give past captions or messages as CSV, JSON or plain text.")
    suffix = Path(path).suffix.lower()
    stripped = text.lstrip()
    if suffix in (".json", ".jsonl") or (suffix not in (".csv", ".txt") and stripped.startswith(("[", "{"))):
        return _json(text, path)
    if suffix == ".csv" or (suffix != ".txt" and _looks_like_csv(text)):
        return _csv(text, path)
    return [{"text": p.strip()[:MAX_TEXT_CHARS], "platform": None, "date": None, "engagement": None}
            for p in _PARAGRAPH.split(text.replace("\r\n", "\n")) if p.strip()]
