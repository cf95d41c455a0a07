"""Fans, quick replies and hooks: CRUD, plus once-only threshold claims."""

from __future__ import annotations

import pytest

from huntaze_cli.errors import InvalidInput
from huntaze_cli.ledger import Ledger


def test_upsert_fans_inserts_updates_and_keeps_missing_fields(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    zoe = ledger.add_creator("zoe").id
    count = ledger.upsert_fans(mia, [
        {"fan_id": 1042, "name": "Alex", "tier": "vip", "lifetime_value_usd": 420.0, "total_spent_usd": 380.5,
         "last_purchase_at": "2026-11-20T10:00:00Z", "engagement": "high", "extra": {"city": "Lyon"}},
        {"fan_id": "77", "name": "Sam", "lifetime_value_usd": 12.0},
    ])
    assert count == 2
    ledger.upsert_fans(zoe, [{"fan_id": "1042", "name": "Someone else"}])
    alex = ledger.get_fan(mia, "1042")
    assert alex is not None
    assert (alex["name"], alex["tier"], alex["total_spent_usd"], alex["extra"]) == ("Alex", "vip", 380.5,
                                                                                     {"city": "Lyon"})
    ledger.upsert_fans(mia, [{"fan_id": "1042", "total_spent_usd": 400.0, "engagement": "medium"}])
    alex = ledger.get_fan(mia, "1042")
    assert alex is not None
    assert (alex["name"], alex["tier"], alex["total_spent_usd"], alex["engagement"]) == ("Alex", "vip", 400.0,
                                                                                         "medium")
    assert [fan["fan_id"] for fan in ledger.list_fans(mia)] == ["1042", "77"]  # most valuable first
    assert len(ledger.list_fans(mia, limit=1)) == 1
    assert ledger.get_fan(zoe, "1042")["name"] == "Someone else"  # type: ignore[index]
    assert ledger.get_fan(mia, "nope") is None
    with pytest.raises(InvalidInput, match="fan_id"):
        ledger.upsert_fans(mia, [{"fan_id": "5"}, {"name": "no id"}])
    assert ledger.get_fan(mia, "5") is None  # the whole import rolled back


def test_quick_replies_crud(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    zoe = ledger.add_creator("zoe").id
    ledger.add_reply(mia, "thanks", "Thank you {fan_name}!", ["gratitude", "short"])
    ledger.add_reply(mia, "hello", "Hey {fan_name} 💕")
    ledger.add_reply(zoe, "thanks", "zoe's version")
    with pytest.raises(InvalidInput, match="already exists"):
        ledger.add_reply(mia, "thanks", "again")
    assert [reply["name"] for reply in ledger.list_replies(mia)] == ["hello", "thanks"]
    thanks = ledger.get_reply(mia, "thanks")
    assert thanks is not None and thanks["text"] == "Thank you {fan_name}!"
    assert thanks["tags"] == ["gratitude", "short"]
    assert ledger.get_reply(mia, "hello")["tags"] == []  # type: ignore[index]
    assert ledger.delete_reply(mia, "thanks") is True
    assert ledger.delete_reply(mia, "thanks") is False
    assert ledger.get_reply(mia, "thanks") is None
    assert ledger.get_reply(zoe, "thanks")["text"] == "zoe's version"  # type: ignore[index]


def test_hooks_crud_and_runs(ledger: Ledger) -> None:
    quota = ledger.add_hook(event="quota.threshold", command="notify-send quota", threshold=80)
    breaker = ledger.add_hook(event="breaker.opened", url="https://example.test/hook", timeout_s=3)
    assert [hook["id"] for hook in ledger.list_hooks()] == [quota, breaker]
    only = ledger.list_hooks("breaker.opened")
    assert len(only) == 1 and only[0]["url"] == "https://example.test/hook" and only[0]["timeout_s"] == 3
    assert only[0]["command"] is None and ledger.list_hooks()[0]["threshold"] == 80
    run = ledger.log_hook_run(quota, "quota.threshold", "ok", "exit 0")
    assert ledger.list_hook_runs(quota)[0]["id"] == run
    assert ledger.delete_hook(quota) is True
    assert ledger.delete_hook(quota) is False
    assert ledger.list_hook_runs(quota) == []  # runs go with their hook
    assert [hook["id"] for hook in ledger.list_hooks()] == [breaker]
    with pytest.raises(InvalidInput):
        ledger.add_hook(event="x")
    with pytest.raises(InvalidInput):
        ledger.add_hook(event="x", command="a", url="b")
    with pytest.raises(InvalidInput):
        ledger.add_hook(event="x", command="a", timeout_s=0)


def test_claim_threshold_once_per_creator_month_event_and_threshold(ledger: Ledger) -> None:
    mia = ledger.add_creator("mia").id
    assert ledger.claim_threshold(mia, "2026-11", "quota.threshold", 80) is True
    assert ledger.claim_threshold(mia, "2026-11", "quota.threshold", 80) is False
    assert ledger.claim_threshold(mia, "2026-11", "quota.threshold", 90) is True
    assert ledger.claim_threshold(mia, "2026-12", "quota.threshold", 80) is True
    assert ledger.claim_threshold(mia, "2026-11", "quota.exceeded", 80) is True
