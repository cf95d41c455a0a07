"""`voice learn`: read the exports, keep each text once in the ledger, and relearn the profile from every stored
text of the creator (so more files refine it and the same file twice changes nothing). And the stored profile
for a request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from huntaze_cli.errors import InvalidInput

if TYPE_CHECKING:
    from huntaze_cli.agents.voice.profile import VoiceProfile, VoiceText
    from huntaze_cli.ledger import Ledger


@dataclass(frozen=True)
class Learned:
    profile: VoiceProfile
    read: int      # texts in the files
    added: int     # of which new to the ledger
    total: int     # texts the profile is learned from
    changed: bool  # whether the stored profile changed


def read_texts(paths: list[str]) -> list[VoiceText]:
    """Every text of the files, in order (bad input is one sentence, before the creator is even resolved)."""
    from huntaze_cli.agents.platforms import ALIASES
    from huntaze_cli.agents.voice.profile import VoiceText
    from huntaze_cli.io.voice_texts import read_voice_file

    items: list[VoiceText] = []
    for path in paths:
        items += [VoiceText(r["text"], ALIASES.get(r["platform"], r["platform"]) if r["platform"] else None,
                            r["date"], r["engagement"]) for r in read_voice_file(path)]
    return items


def learn_voice(ledger: Ledger, creator_id: int, paths: list[str], items: list[VoiceText]) -> Learned:
    """Store the files' new texts and relearn; `items` are read_texts(paths)."""
    from huntaze_cli.agents.voice.profile import MIN_TEXTS, VoiceText, learn, unique

    fresh = unique(items)
    stored = ledger.count_voice_texts(creator_id)
    if stored + len(fresh) < MIN_TEXTS:  # checked before anything is stored: a refused file leaves no trace
        raise InvalidInput(f"{' and '.join(paths)} hold{'s' if len(paths) == 1 else ''} {len(fresh)} distinct "
                           f"text(s); learning a voice needs at least {MIN_TEXTS} posts or messages.")
    added = ledger.add_voice_texts(creator_id, [{"key": t.key, "text": t.text, "platform": t.platform,
                                                 "date": t.date, "engagement": t.engagement} for t in fresh])
    current = ledger.voice_profile(creator_id)
    if added == 0 and current is not None:
        profile = stored_profile(ledger, creator_id)
        if profile is not None:
            return Learned(profile, len(items), 0, current["texts"], False)
    rows = ledger.voice_texts(creator_id)
    profile = learn(VoiceText(r["text"], r["platform"], r["date"], r["engagement"]) for r in rows)
    ledger.store_voice_profile(creator_id, profile.model_dump(mode="json"), profile.texts)
    return Learned(profile, len(items), added, profile.texts, True)


def stored_profile(ledger: Ledger, creator_id: int) -> VoiceProfile | None:
    """The creator's profile, or None (none learned, or stored by a version this one cannot read)."""
    from huntaze_cli.agents.voice.profile import from_stored

    row = ledger.voice_profile(creator_id)
    return from_stored(row["profile"]) if row else None
