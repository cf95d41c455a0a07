"""What a sales message sells, read from its words when the user gave no --content-type: "new shower video"
is a video. Explanations name this kind (or the one given), never a default the text contradicts; a text
that names no kind is priced as a plain offer (factor 1, as a photo) and called "offer"."""

from __future__ import annotations

import re

UNKNOWN = "offer"
# Tested in this order: the first kind the text names wins ("photo + video bundle" is a bundle, "custom video"
# a custom). Words in the five languages of the rules engine.
_KINDS = (
    ("custom", ("custom", "customs", "personalized", "personalised", "personnalisé", "personnalisée",
                "personalizado", "personalizada", "personalisiert")),
    ("bundle", ("bundle", "bundles", "pack", "combo", "paquete", "pacote", "paket")),
    ("live", ("livestream", "live stream", "live show", "going live", "en direct", "en vivo", "ao vivo")),
    ("video", ("video", "videos", "vid", "vids", "clip", "clips", "vidéo", "vidéos", "vídeo", "vídeos")),
    ("audio", ("audio", "audios", "voice note", "voice notes", "voice message", "vocal", "vocaux", "sprachnachricht")),
    ("photo", ("photo", "photos", "pic", "pics", "picture", "pictures", "selfie", "selfies", "set", "sets",
               "foto", "fotos", "shoot", "shooting", "image", "images", "bilder")),
    ("story", ("story", "stories")),
)
_PATTERNS = tuple((kind, re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)"))
                  for kind, words in _KINDS)


def detect(text: str) -> str:
    """The kind of content `text` offers, or UNKNOWN."""
    lowered = text.lower()
    for kind, pattern in _PATTERNS:
        if pattern.search(lowered):
            return kind
    return UNKNOWN
