"""Drafts for the attribution tests and bench/voice_match.py: the same requests for every creator, through the real
CLI (caption, chat, suggest, optimize-sale), in the language each creator writes in."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from huntaze_cli.agents.voice.profile import VoiceText

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
