"""AIKnowledgeNetwork storage: ranked, expiring insights per creator, and stored summaries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger import Ledger

NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)


def test_current_insights_rank_by_weight_then_newest_and_skip_expired(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    zoe = ledger.add_creator("zoe").id
    ledger.add_insight(mia, source_agent="analytics", kind="timing", text="videos at 20:00 earn 2x", weight=0.9,
                       data={"hour": 20, "lift": 2.0}, now=NOW)
    ledger.add_insight(mia, source_agent="sales", kind="price", text="old", weight=0.5, now=NOW)
    ledger.add_insight(mia, source_agent="sales", kind="price", text="newer", weight=0.5,
                       now=NOW + timedelta(minutes=1))
    ledger.add_insight(mia, source_agent="content", kind="topic", text="expired", weight=1.0,
                       expires_at=NOW + timedelta(hours=1), now=NOW)
    ledger.add_insight(zoe, source_agent="analytics", kind="timing", text="zoe's", weight=1.0, now=NOW)

    current = ledger.current_insights(mia, now=NOW + timedelta(hours=2))
    assert [item["text"] for item in current] == ["videos at 20:00 earn 2x", "newer", "old"]
    assert current[0]["data"] == {"hour": 20, "lift": 2.0} and current[1]["data"] is None
    assert current[0]["source_agent"] == "analytics" and current[0]["kind"] == "timing"
    before_expiry = ledger.current_insights(mia, limit=2, now=NOW + timedelta(minutes=59))
    assert [item["text"] for item in before_expiry] == ["expired", "videos at 20:00 earn 2x"]


def test_replace_insights_swaps_only_that_agents_batch(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    ledger.add_insight(mia, source_agent="sales", kind="price", text="keep me", weight=0.1, now=NOW)
    ledger.replace_insights(mia, "analytics", [{"kind": "a", "text": "first", "weight": 0.5}], now=NOW)
    ledger.replace_insights(mia, "analytics", [
        {"kind": "a", "text": "second", "weight": 0.7, "data": {"n": 1}},
        {"kind": "b", "text": "third", "weight": 0.6, "expires_at": NOW + timedelta(days=1)},
    ], now=NOW + timedelta(seconds=1))
    texts = [item["text"] for item in ledger.current_insights(mia, limit=10, now=NOW + timedelta(minutes=1))]
    assert texts == ["second", "third", "keep me"]
    # A bad item rolls the whole batch back: the previous batch survives.
    with pytest.raises(InvalidInput):
        ledger.replace_insights(mia, "analytics", [{"kind": "a", "text": "ok", "weight": 1}, {"kind": "b"}])
    texts = [item["text"] for item in ledger.current_insights(mia, limit=10, now=NOW + timedelta(minutes=1))]
    assert texts == ["second", "third", "keep me"]


def test_latest_summary(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    assert ledger.latest_summary(mia) is None
    ledger.store_summary(mia, {"headline": "first"}, now=NOW)
    ledger.store_summary(mia, {"headline": "second", "insights": [1, 2]}, now=NOW + timedelta(hours=1))
    assert ledger.latest_summary(mia) == {"summary": {"headline": "second", "insights": [1, 2]},
                                          "created_at": "2026-11-25T09:00:00.000000Z"}
