"""Which hashtags a caption carries, and which topics an idea is about: the words a creator would choose.

Decisions:
- The creator's own hashtags (written in the description) come first, in their order, de-duplicated
  case-insensitively; platforms.enforce_caption then keeps them within the platform's cap.
- Tags and topics are never built from URLs, @mentions, ids ("abc123"), numbers or stop-words, nor from
  words that say nothing about the subject ("video", "finally", "watch").
- Two content words side by side are one subject: "leg day" → #legday, "sunset run" → #sunsetrun. A phrase
  comes before the single words, and a word already inside a phrase is not tagged again on its own.
- In French, Spanish and Portuguese a subject is often "noun de noun": "coucher de soleil", "traje de baño",
  "pôr do sol" are one topic and one tag (#coucherdesoleil, the spelling French creators use), never
  "coucher" and "soleil" apart. An elided article is not part of a word ("l'océan" → "océan").
- Variant k of a caption rotates the suggested tags by k, so variants do not all carry the same tags.
"""

from __future__ import annotations

import re

from huntaze_cli.agents.content.keywords import STOPWORDS

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*|\b[\w-]+\.(?:com|net|org|io|be|ly|co|me|tv)\b",
                  re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)[@#]\w+")
# A run of letters (with inner apostrophes), or anything mixing digits, which is split off and dropped.
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]+", re.UNICODE)
_LETTERS = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$", re.UNICODE)

# Not stop-words, yet never a subject: format words, filler verbs and adverbs, time words.
NOT_SUBJECTS = frozenset({
    "post", "posts", "video", "videos", "vid", "vids", "photo", "photos", "pic", "pics", "picture", "story",
    "stories", "reel", "reels", "content", "caption", "clip", "clips", "link", "bio", "watch", "see", "look",
    "check", "go", "come", "came", "went", "finally", "finished", "finish", "done", "just", "really", "quick",
    "quickly", "some", "little", "big", "good", "great", "best", "first", "last", "next", "time", "today",
    "tonight", "yesterday", "tomorrow", "week", "weekend", "morning", "evening", "night", "day", "days",
    "one", "two", "three", "thing", "things", "stuff", "lot", "lots", "everyone", "anyone", "guys", "part",
    "enjoy", "love", "like", "want", "need", "make", "made", "take", "took", "share", "new", "up", "out",
    "nouveau", "nouvelle", "vidéo", "enfin", "regarde", "regardez", "matin", "nuit", "semaine", "demain",
    "hier", "set", "sets", "selfie", "selfies",
})
# Words that may close a phrase ("leg day", "date night") though they are never a tag alone.
PHRASE_HEADS = frozenset({"day", "night", "time", "morning", "week", "weekend", "run", "routine"})
# The Romance "of" that joins two subjects into one ("coucher de soleil", "pôr do sol", "traje de baño").
CONNECTORS = frozenset({"de", "d'", "du", "des", "del", "da", "do", "das", "dos", "di"})
# French elision: l'océan, d'été, qu'il. "d'" is kept as a connector ("soirée d'été", #soiréedété).
_ELIDED = re.compile(r"^(?:l|d|j|m|t|s|c|n|qu)['’](?=[^\W\d_])", re.UNICODE)


def user_tags(text: str) -> list[str]:
    """The hashtags the creator wrote, in order, first spelling kept, case-insensitively unique."""
    seen: dict[str, str] = {}
    for match in re.finditer(r"(?<![\w&])#(\w+)", _URL.sub(" ", text)):
        word = match.group(1)
        if not word.isdigit():
            seen.setdefault(word.casefold(), f"#{word}")
    return list(seen.values())


def _segments(text: str) -> list[list[str]]:
    """Runs of plain lowercase words; URLs, handles, tags, ids, numbers and punctuation break a run."""
    clean = _HANDLE.sub(" | ", _URL.sub(" | ", text))
    runs: list[list[str]] = [[]]
    for token in _TOKEN.findall(clean):
        word = token.strip("'’-").lower()
        elided = _ELIDED.match(word)
        if elided:
            if word.startswith("d"):
                runs[-1].append("d'")
            word = word[elided.end():]
        if word and _LETTERS.match(word):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _is_subject(word: str) -> bool:
    return len(word) >= 3 and word not in STOPWORDS and word not in NOT_SUBJECTS


def _walk(text: str, pairs_with: object) -> tuple[list[str], list[str]]:
    """(phrases, single words not inside a phrase) in reading order; `pairs_with(next_word)` says whether a
    subject word and the word after it make one phrase."""
    phrases: list[str] = []
    singles: list[str] = []
    used: set[str] = set()
    for run in _segments(text):
        i = 0
        while i < len(run):
            word, nxt = run[i], run[i + 1] if i + 1 < len(run) else None
            after = run[i + 2] if i + 2 < len(run) else None
            if _is_subject(word) and nxt in CONNECTORS and after is not None and _is_subject(after):
                phrases.append(f"{word} {nxt}{after}" if nxt.endswith("'") else f"{word} {nxt} {after}")
                used.update((word, after))
                i += 3
                continue
            if _is_subject(word) and nxt is not None and pairs_with(nxt):  # type: ignore[operator]
                phrases.append(f"{word} {nxt}")
                used.update((word, nxt))
                i += 2
                continue
            if _is_subject(word):
                singles.append(word)
            i += 1
    return list(dict.fromkeys(phrases)), list(dict.fromkeys(w for w in singles if w not in used))


def subjects(text: str, limit: int = 6) -> list[str]:
    """The subjects of a text as tag words: two content words side by side are one tag ("sunset run" →
    "sunsetrun"), phrases first, then the single words not inside a phrase, each once."""
    phrases, singles = _walk(text, lambda nxt: _is_subject(nxt) or nxt in PHRASE_HEADS)
    return [re.sub(r"[\s'’]", "", p) for p in phrases][:limit] + singles[:max(limit - len(phrases), 0)]


def topic_words(text: str, limit: int = 8) -> list[str]:
    """Subjects as readable topics for captions and ideas: single content words, and a phrase only where the
    second word is not a subject alone ("leg day", "sunset run", "morning routine")."""
    phrases, singles = _walk(text, lambda nxt: nxt in PHRASE_HEADS)
    order = {w: text.lower().find(w.split(" ")[0]) for w in [*phrases, *singles]}
    return sorted([*phrases, *singles], key=lambda w: order[w])[:limit]


def is_acceptable(tag: str) -> bool:
    """A tag worth publishing: letters in it, not a number, not a URL piece."""
    word = tag.lstrip("#").lower()
    return bool(word) and not word.isdigit() and word not in ("http", "https", "www", "com") \
        and any(ch.isalpha() for ch in word)


def _rotate(items: list[str], k: int) -> list[str]:
    k = k % len(items) if items else 0
    return [*items[k:], *items[:k]]


def caption_tags(description: str, platform_tags: list[str], limit: int, variant: int = 0) -> list[str]:
    """The creator's tags, then subject tags, then discovery tags (at least one when there is room for two),
    up to `limit` (the recommended maximum; the creator's own tags are never cut here, enforce_caption keeps
    them within the platform's cap). Variant k rotates the subject and discovery tags by k."""
    own = user_tags(description)
    taken = {t.casefold() for t in own}
    suggested = _rotate([f"#{w}" for w in subjects(description) if f"#{w}".casefold() not in taken], variant)
    discovery = _rotate([t for t in platform_tags if t.casefold() not in taken], variant)
    room = limit - len(own)
    if room <= 0:
        return own
    chosen = suggested[:room - (1 if discovery and room > 1 else 0)]
    chosen += discovery[:room - len(chosen)]
    return [*own, *chosen]
