"""AIKnowledgeNetwork: what one agent learns about a creator reaches the others.

AnalyticsAgent publishes insights ("videos at 20:00 earn 2x engagement") into the ledger's `insights`
table with a weight and an expiry; every agent's prompt then carries the creator's strongest current
insights. Storage is the ledger's; this class only decides what to publish and what to hand out.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from huntaze_cli.agents.base import KnowledgeItem

if TYPE_CHECKING:
    from huntaze_cli.agents.voice.profile import VoiceProfile
    from huntaze_cli.ledger import Ledger

# Analytics goes stale: a month-old engagement pattern is a hint, a quarter-old one is noise.
INSIGHT_TTL = timedelta(days=30)


class AIKnowledgeNetwork:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._memo: dict[tuple[int, int, str | None], list[KnowledgeItem]] = {}
        self._voices: dict[int, VoiceProfile | None] = {}

    def voice_for(self, creator_id: int) -> VoiceProfile | None:
        """The creator's learned voice (`voice learn`), or None; read once per network (a batch asks often)."""
        if creator_id not in self._voices:
            row = self.ledger.voice_profile(creator_id)
            if row is None:  # no voice learned: the profile module (~100M instructions) is not imported
                self._voices[creator_id] = None
            else:
                from huntaze_cli.agents.voice.profile import from_stored

                self._voices[creator_id] = from_stored(row["profile"])
        return self._voices[creator_id]

    def context_for(self, creator_id: int, limit: int = 5, *, exclude_source: str | None = None) -> list[KnowledgeItem]:
        """The creator's strongest current insights. An agent is not fed its own findings (exclude_source):
        re-analysing the same file must see the same prompt, not one grown from the previous run's output."""
        key = (creator_id, limit, exclude_source)
        if key in self._memo:  # a batch asks a thousand times; knowledge only changes through publish()
            return self._memo[key]
        rows = self.ledger.current_insights(creator_id, limit=limit + (50 if exclude_source else 0))
        items = [KnowledgeItem(source_agent=row["source_agent"], kind=row["kind"], text=row["text"],
                               weight=float(row["weight"]),
                               platforms=tuple((row.get("data") or {}).get("platforms") or ()))
                 for row in rows if row["source_agent"] != exclude_source]
        self._memo[key] = items[:limit]
        return self._memo[key]

    def publish(self, creator_id: int, source_agent: str, items: list[KnowledgeItem],
                data: dict[str, Any] | None = None) -> None:
        """An agent's new findings replace its previous ones (one transaction in the ledger)."""
        self._memo.clear()
        expires = datetime.now(timezone.utc) + INSIGHT_TTL
        self.ledger.replace_insights(creator_id, source_agent, [
            {"kind": item.kind, "text": item.text, "weight": item.weight,
             "data": {**(data or {}), "platforms": list(item.platforms)} if item.platforms else data,
             "expires_at": expires} for item in items])
