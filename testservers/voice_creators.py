"""Hand-made creators for the voice tests and bench/voice_match.py: their histories (one emoji-heavy and casual in
French, one plain and formal in English, one casual in English, to show that style and not only language is
learned) and the drafts both ask for (the same requests for every creator, through the real CLI: caption, chat,
suggest, optimize-sale, in the language each creator writes in)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from huntaze_cli.agents.voice.profile import VoiceText

_FR_TOPICS = ["la plage", "mon shooting", "la salle de sport", "mon café du matin", "la piscine", "mon week-end",
              "ma nouvelle tenue", "le coucher de soleil", "mon voyage à la mer", "ma soirée", "le brunch",
              "ma séance photo", "mon footing", "la montagne", "mon petit chat"]
_FR_EMOJIS = ["😍", "😘", "💕", "🔥", "✨", "🌊"]


def casual_french(count: int = 30) -> list[VoiceText]:
    texts = []
    for i in range(count):
        topic = _FR_TOPICS[i % len(_FR_TOPICS)]
        a, b = _FR_EMOJIS[i % 6], _FR_EMOJIS[(i + 2) % 6]
        opener = ["coucou mes chéris", "hello mes amours", "coucou toi"][i % 3]
        closer = ["bisous", "je vous aime", "bisous mon cœur"][i % 3]
        texts.append(VoiceText(f"{opener} {a}{a} trop contente de {topic} aujourd'hui !!! tu me dis ce que t'en "
                               f"penses ? {b} {closer} {a}", platform="instagram" if i % 2 else "onlyfans",
                               engagement=float(i % 7)))
    return texts


_EN_TOPICS = ["the photo session", "the new series", "the studio visit", "the training programme",
              "the weekly update", "the interview", "the exhibition", "the upcoming release", "the schedule",
              "the collection", "the travel diary", "the recording", "the workshop", "the preview", "the archive"]


def formal_english(count: int = 30) -> list[VoiceText]:
    texts = []
    for i in range(count):
        topic = _EN_TOPICS[i % len(_EN_TOPICS)]
        opener = ["Good evening", "Dear subscribers", "Hello everyone"][i % 3]
        closer = ["Kind regards", "Thank you for your support", "With gratitude"][i % 3]
        texts.append(VoiceText(f"{opener}. I am pleased to share {topic} with you. It is available on my page "
                               f"from today. {closer}.", platform="instagram" if i % 2 else "onlyfans"))
    return texts


def casual_english(count: int = 30) -> list[VoiceText]:
    texts = []
    for i in range(count):
        topic = _EN_TOPICS[i % len(_EN_TOPICS)].removeprefix("the ")
        a = ["😍", "🔥", "💕", "😘"][i % 4]
        texts.append(VoiceText(f"heyyy babe {a}{a} omg {topic} is sooo good!!! can't wait for u to see it "
                               f"{a} xoxo", platform="onlyfans"))
    return texts


DESCRIPTIONS = {
    "fr": ["séance photo à la plage au coucher du soleil", "ma routine du matin à la salle", "nouvelle tenue pour "
           "le week-end", "brunch au soleil avec ma meilleure amie", "balade en montagne ce matin", "soirée cocooning "
           "à la maison", "coulisses du shooting de lundi", "mon café préféré en terrasse", "séance de yoga au parc",
           "essayage de maillots pour l'été", "petit voyage à la mer", "mon chat qui dort sur le canapé",
           "séance photo en studio noir et blanc", "footing au bord du lac", "préparation du dîner", "vlog du marché"],
    "en": ["photo shoot on the beach at sunset", "my morning routine at the gym", "new outfit for the weekend",
           "sunny brunch with my best friend", "hike in the mountains this morning", "cosy evening at home",
           "behind the scenes of monday's shoot", "my favourite coffee spot", "yoga session in the park",
           "trying on swimsuits for summer", "short trip to the seaside", "my cat asleep on the sofa",
           "black and white studio session", "run by the lake", "cooking dinner tonight", "market day vlog"],
}
MESSAGES = {
    "fr": ["coucou ça va ?", "tu fais quoi ce soir ?", "tu es magnifique", "tu me manques", "salut toi",
           "combien pour la vidéo ?", "j'ai adoré ta dernière photo", "quoi de neuf ?", "bonne nuit",
           "tu as passé une bonne journée ?", "tu es trop belle", "je pense à toi", "c'est combien le set ?",
           "bonjour ma belle", "tu fais du sport ?", "j'ai envie de te voir", "tu pars en vacances ?",
           "tu es où ?", "quelle belle photo", "ça fait longtemps", "tu as un nouveau set ?", "merci pour hier",
           "je veux la vidéo", "tu es la meilleure"],
    "en": ["hey how are you?", "what are you doing tonight?", "you look amazing", "I miss you", "hi there",
           "how much for the video?", "I loved your last photo", "what's new?", "good night",
           "did you have a good day?", "you're so pretty", "thinking of you", "how much is the set?",
           "hello beautiful", "do you work out?", "I want to see you", "going on holiday?", "where are you?",
           "such a nice photo", "it's been a while", "any new set?", "thanks for yesterday", "I want the video",
           "you're the best"],
}
PLATFORMS = ("instagram", "tiktok", "onlyfans", "twitter")
KINDS = (("caption", 16), ("chat", 12), ("suggest", 6), ("optimize-sale", 6))   # 40 drafts per creator


def write_history(path: Path, texts: list[VoiceText]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "platform", "likes"])
        for t in texts:
            w.writerow([t.text, t.platform or "", t.engagement or ""])
    return path


def kinds(total: int = 40) -> list[tuple[str, int]]:
    """KINDS scaled to `total` drafts (at least one of each kind)."""
    return [(kind, max(1, round(count * total / 40))) for kind, count in KINDS]


def drafts_for(run: Callable[..., Any], creator: str, lang: str, *extra: str,
               total: int = 40) -> list[tuple[str, str]]:
    """`total` (kind, draft) pairs for a creator (40: KINDS); `run(*argv)` runs the CLI and returns the
    envelope's data."""
    out: list[tuple[str, str]] = []
    messages = MESSAGES[lang]
    for kind, count in kinds(total):
        for i in range(count):
            if kind == "caption":
                data = run("caption", "-c", creator, "--platform", PLATFORMS[i % 4], DESCRIPTIONS[lang][i], *extra)
                out.append((kind, data["caption"]))
            elif kind == "chat":
                data = run("chat", "-c", creator, messages[i], *extra)
                out.append((kind, data["reply"]))
            elif kind == "suggest":
                data = run("suggest", "-c", creator, "--count", "1", messages[12 + i], *extra)
                out.append((kind, data["suggestions"][0]["text"]))
            else:
                data = run("optimize-sale", "-c", creator, "--price", str(10 + i * 5), messages[18 + i], *extra)
                out.append((kind, data["optimizedMessage"]))
    return out
