"""Two hand-made creators the voice tests build their histories from: one emoji-heavy and casual in French,
one plain and formal in English (and a casual English one, to show style, not language, is what is learned)."""

from __future__ import annotations

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
