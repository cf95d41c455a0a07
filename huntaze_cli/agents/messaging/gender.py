"""The grammatical gender and number of what a creator describes ("la nouvelle série" → feminine singular), so a
French or Spanish template can agree with it ("Débloque-la", "Desbloquéala").

Heuristic: the first word of the text that tells decides: a determiner (la, une, ma, cette → feminine; le,
un, mon, ce → masculine; les, des, mes, ces → plural), or a known content noun or adjective (série, vidéo,
nouvelle → feminine; set, pack, nouveau → masculine; their plurals). None when nothing tells: the
templates then use a wording that agrees with anything ("À débloquer pour 20.00 $"), never a guess.
"""

from __future__ import annotations

import re
from typing import Literal

Gender = Literal["m", "f", "mp", "fp"]

_DETERMINERS: dict[str, dict[str, Gender]] = {
    "fr": {**dict.fromkeys(("le", "un", "mon", "ton", "son", "ce", "cet"), "m"),
           **dict.fromkeys(("la", "une", "ma", "ta", "sa", "cette"), "f"),
           # French plural pronouns ("les") do not mark gender: "mp" stands for any plural.
           **dict.fromkeys(("les", "des", "mes", "tes", "ses", "ces", "nos", "vos"), "mp")},
    "es": {**dict.fromkeys(("el", "un", "este", "ese", "aquel"), "m"),
           **dict.fromkeys(("la", "una", "esta", "esa", "aquella"), "f"),
           **dict.fromkeys(("los", "unos", "estos", "esos"), "mp"),
           **dict.fromkeys(("las", "unas", "estas", "esas"), "fp")},
}
# Content nouns and the adjectives creators put first ("nouvelle série"): their gender, singular.
_WORDS: dict[str, dict[str, Gender]] = {
    "fr": {**dict.fromkeys(("série", "serie", "vidéo", "video", "photo", "story", "collection", "séance", "tenue",
                            "lingerie", "surprise", "nouvelle", "belle", "petite", "exclusive", "dernière"), "f"),
           **dict.fromkeys(("set", "pack", "clip", "shooting", "contenu", "album", "live", "selfie", "look",
                            "nouveau", "nouvel", "beau", "petit", "exclusif", "dernier"), "m")},
    "es": {**dict.fromkeys(("serie", "foto", "sesión", "sesion", "colección", "coleccion", "lencería", "sorpresa",
                            "nueva", "exclusiva", "pequeña"), "f"),
           **dict.fromkeys(("set", "pack", "clip", "vídeo", "video", "contenido", "álbum", "album", "look", "nuevo",
                            "exclusivo", "pequeño"), "m")},
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def gender_of(text: str, lang: str) -> Gender | None:
    """The gender and number a pronoun for `text` takes in `lang` (fr, es), or None when nothing tells. The
    first word that is a determiner or a known noun or adjective decides ("nouveau set à la plage" → m)."""
    determiners, words = _DETERMINERS.get(lang), _WORDS.get(lang)
    if determiners is None or words is None:
        return None
    for word in _WORD.findall(text.lower()):
        if word in determiners:
            return determiners[word]
        if word in words:
            return words[word]
        if word.endswith("s") and word[:-1] in words:  # "vidéos", "nuevas": the plural of a known word
            return "fp" if words[word[:-1]] == "f" else "mp"
    return None
