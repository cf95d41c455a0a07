"""`ledger migrate --to URL --merge`: two laptops' SQLite ledgers carried into one PostgreSQL ledger that is
already in use (a fresh database made for the test), through the real command; every sum checked, and a
second run copies nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from huntaze_cli.ledger import Ledger, open_ledger
from tests.fakes.postgres import query, require_server, with_password

T0 = datetime(2026, 10, 20, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def fresh_database() -> Iterator[str]:
    import psycopg

    admin = require_server()
    name = f"hz_merge_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(with_password(admin))
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _paid(ledger: Ledger, creator: str, when: datetime, cost: float, feature: str = "caption") -> None:
    usage_id = ledger.reserve(creator, feature=feature, provider="openai", model="gpt-4o-mini", reserve_usd=cost * 2,
                              correlation_id=f"req_{uuid.uuid4().hex[:8]}", now=when)
    ledger.settle(usage_id, status="ok", input_tokens=100, output_tokens=20, cost_usd=cost, latency_ms=5,
                  now=when + timedelta(seconds=1))


def _laptop(path: Path, creators: list[str], seed: int) -> Ledger:
    """Usage in two months (some paid, some free), history pruned from the log but kept in the totals, fans,
    purchases, a quick reply and an experiment with results."""
    ledger = open_ledger(path)
    for name in creators:
        ledger.add_creator(name, "business")
    for i in range(6):
        for name in creators:
            when = T0 + timedelta(days=7 * i, hours=seed)  # 2026-10-20 .. 2026-11-24
            _paid(ledger, name, when, round(0.01 * (i + 1) + 0.001 * seed, 6))
            ledger.record(name, feature="chat", provider="rules", model="rules", status="ok", cached=False,
                          correlation_id=f"req_r{i}", now=when + timedelta(minutes=5))
    # The October log is pruned on the laptop; its daily and monthly totals stay.
    assert ledger.prune_usage(older_than=datetime(2026, 10, 28, tzinfo=timezone.utc), dry_run=False) > 0
    first = ledger.get_creator(creators[0])
    assert first is not None
    ledger.upsert_fans(first.id, [{"fan_id": "1042", "name": "Alex", "tier": "vip"},
                                  {"fan_id": f"f{seed}", "name": f"Fan {seed}"}])
    ledger.import_purchases(first.id, [
        {"fan_id": "1042", "purchased_at": datetime(2026, 11, 2, tzinfo=timezone.utc), "item": "set", "price_usd": 20,
         "bought": True},
        {"fan_id": f"f{seed}", "purchased_at": datetime(2026, 11, 3 + seed, tzinfo=timezone.utc), "item": "vid",
         "price_usd": 35, "bought": True}])
    ledger.add_reply(first.id, "thanks", "Thank you {fan_name}!")
    ledger.add_reply(first.id, f"hello{seed}", "Hello!")
    ledger.create_experiment(first.id, "launch", [("A", "New set?"), ("B", "Just for you")])
    ledger.record_experiment(first.id, "launch", [{"label": "A", "sent": 10, "bought": 2 + seed, "revenue_usd": 40.0},
                                                  {"label": "B", "sent": 10, "bought": 1, "revenue_usd": 20.0}])
    return ledger


def _sums(location: Any, sql: str) -> dict[tuple[str, str], tuple[int, float]]:
    return {(name, month): (int(count), round(float(cost), 6)) for name, month, count, cost in query(location, sql)}


USAGE = ("SELECT c.name, substr(u.created_at, 1, 7), count(*), coalesce(sum(u.cost_usd), 0) FROM usage_logs u "
         "JOIN creators c ON c.id = u.creator_id GROUP BY 1, 2")
DAILY = ("SELECT c.name, substr(d.day, 1, 7), sum(d.requests), coalesce(sum(d.cost_usd), 0) FROM usage_daily d "
         "JOIN creators c ON c.id = d.creator_id GROUP BY 1, 2")
MONTHLY = ("SELECT c.name, m.month, sum(m.request_count), coalesce(sum(m.total_cost_usd), 0) FROM monthly_charges m "
           "JOIN creators c ON c.id = m.creator_id GROUP BY 1, 2")


def _add(*parts: dict[tuple[str, str], tuple[int, float]],
         rename: dict[str, str] | None = None) -> dict[tuple[str, str], tuple[int, float]]:
    out: dict[tuple[str, str], tuple[int, float]] = {}
    for part in parts:
        for (name, month), (count, cost) in part.items():
            key = ((rename or {}).get(name, name), month)
            c, d = out.get(key, (0, 0.0))
            out[key] = (c + count, round(d + cost, 6))
    return out


def _close(a: dict[Any, tuple[int, float]], b: dict[Any, tuple[int, float]]) -> None:
    assert set(a) == set(b), (sorted(a), sorted(b))
    for key in a:
        assert a[key][0] == b[key][0] and a[key][1] == pytest.approx(b[key][1], abs=1e-6), (key, a[key], b[key])


def test_two_laptops_merge_into_one_postgresql_ledger(cli, tmp_path, fresh_database):
    url = fresh_database
    hub = open_ledger(url)  # already in use: its own creator and history
    hub.add_creator("mia", "business")
    _paid(hub, "mia", T0 + timedelta(days=20), 0.5, feature="chat")
    hub.close()
    a = _laptop(tmp_path / "a.db", ["mia", "zoe"], seed=1)
    b = _laptop(tmp_path / "b.db", ["mia_laptop", "lee"], seed=2)
    a.close()
    b.close()
    expected = {what: _add(_sums(url, sql), _sums(tmp_path / "a.db", sql), _sums(tmp_path / "b.db", sql),
                           rename={"mia_laptop": "mia"}) for what, sql in (("usage", USAGE), ("daily", DAILY),
                                                                           ("monthly", MONTHLY))}
    # Pruned history: the laptops' daily totals hold more requests than their logs.
    assert sum(c for c, _ in _sums(tmp_path / "a.db", DAILY).values()) > \
        sum(c for c, _ in _sums(tmp_path / "a.db", USAGE).values())

    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", url, "--merge", "--json")
    assert r.code == 0, r.stderr
    first = r.json()["data"]
    assert first["first"] is True and first["copied"]["usage_logs"] == 16 and first["copied"]["creators"] == 1
    r = cli("--db", str(tmp_path / "b.db"), "ledger", "migrate", "--to", url, "--merge", "--map", "mia_laptop=mia")
    assert r.code == 0, r.stderr
    assert "mia" in r.stdout and "2026-11" in r.stdout  # the per-creator, per-month table

    for what, sql in (("usage", USAGE), ("daily", DAILY), ("monthly", MONTHLY)):
        _close(_sums(url, sql), expected[what])
    names = {row[0] for row in query(url, "SELECT name FROM creators")}
    assert names == {"mia", "zoe", "lee"}
    # Fans and purchases matched by their natural keys: fan 1042 of mia is one fan, with both laptops' buys.
    fans = query(url, "SELECT f.fan_id FROM fans f JOIN creators c ON c.id = f.creator_id WHERE c.name = 'mia' "
                      "ORDER BY 1")
    assert [f[0] for f in fans] == ["1042", "f1", "f2"]
    assert query(url, "SELECT count(*) FROM purchases")[0][0] == 3  # the 1042 purchase was on both laptops
    assert sorted(r[0] for r in query(url, "SELECT name FROM quick_replies")) == ["hello1", "hello2", "thanks"]
    # One experiment, its variants matched by label, both laptops' results added.
    totals = query(url, "SELECT v.label, sum(r.sent), sum(r.bought) FROM experiment_results r JOIN "
                        "experiment_variants v ON v.id = r.variant_id GROUP BY 1 ORDER BY 1")
    assert totals == [("A", 20, 3 + 4), ("B", 20, 2)]
    assert query(url, "SELECT count(*) FROM experiments")[0][0] == 1

    # Idempotent: a second run of each copies nothing and changes no sum.
    snapshot = {what: _sums(url, sql) for what, sql in (("usage", USAGE), ("daily", DAILY), ("monthly", MONTHLY))}
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", url, "--merge", "--json")
    assert r.code == 0 and r.json()["data"]["copied"] == {}
    r = cli("--db", str(tmp_path / "b.db"), "ledger", "migrate", "--to", url, "--merge", "--map", "mia_laptop=mia",
            "--json")
    assert r.code == 0 and r.json()["data"]["copied"] == {}
    for what, sql in (("usage", USAGE), ("daily", DAILY), ("monthly", MONTHLY)):
        assert _sums(url, sql) == snapshot[what]

    # The laptop keeps working, then merges again: only the new request arrives.
    a = open_ledger(tmp_path / "a.db")
    _paid(a, "zoe", T0 + timedelta(days=40), 0.25)
    a.close()
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", url, "--merge", "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"]["copied"]["usage_logs"] == 1
    grown = _sums(url, MONTHLY)
    assert grown[("zoe", "2026-11")][1] == pytest.approx(snapshot["monthly"][("zoe", "2026-11")][1] + 0.25)
    # The merged spend counts against the hub's quota.
    r = cli("--db", url, "quota", "--creator", "zoe", "--json")
    assert r.code == 0


def test_merge_refusals_are_one_sentence(cli, tmp_path, fresh_database):
    a = _laptop(tmp_path / "a.db", ["mia"], seed=1)
    a.close()
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", fresh_database, "--merge",
            "--map", "ghost=mia")
    assert r.code == 2 and "ghost" in r.stderr
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", fresh_database, "--map", "mia=x")
    assert r.code == 2 and "--merge" in r.stderr
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", fresh_database, "--merge", "--map", "mia")
    assert r.code == 2 and "OLD=NEW" in r.stderr
    # Nothing was written by the refused merge.
    hub = open_ledger(fresh_database)
    try:
        assert hub.list_creators() == []
    finally:
        hub.close()


def test_voices_are_carried_once_and_the_hub_s_own_profile_is_kept(cli, tmp_path, fresh_database):
    a = _laptop(tmp_path / "a.db", ["mia", "zoe"], seed=1)
    ids = {c.name: c.id for c in a.list_creators()}
    texts = [{"key": f"k{i}", "text": f"Hey babe, new set tonight {i} 🔥", "platform": "onlyfans"} for i in range(3)]
    a.add_voice_texts(ids["mia"], texts)
    a.store_voice_profile(ids["mia"], {"from": "laptop"}, 3)
    a.add_voice_texts(ids["zoe"], texts[:1])
    a.store_voice_profile(ids["zoe"], {"from": "laptop"}, 1)
    a.close()
    hub = open_ledger(fresh_database)
    mia = hub.add_creator("mia", "business")
    hub.add_voice_texts(mia.id, texts[:1])  # one text both sides learned
    hub.store_voice_profile(mia.id, {"from": "hub"}, 1)
    hub.close()
    for _ in range(2):
        r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", fresh_database, "--merge", "--json")
        assert r.code == 0, r.stderr
    counts = dict(query(fresh_database, "SELECT c.name, count(*) FROM voice_texts v JOIN creators c"
                                        " ON c.id = v.creator_id GROUP BY 1"))
    assert counts == {"mia": 3, "zoe": 1}
    profiles = dict(query(fresh_database, "SELECT c.name, v.profile_json FROM voice_profiles v JOIN creators c"
                                          " ON c.id = v.creator_id"))
    assert {k: json.loads(v) for k, v in profiles.items()} == {"mia": {"from": "hub"}, "zoe": {"from": "laptop"}}


def test_two_identical_purchases_of_a_laptop_stay_two_on_the_hub(cli, tmp_path, fresh_database):
    a = _laptop(tmp_path / "a.db", ["mia"], seed=1)
    mia = a.get_creator("mia")
    at = T0 + timedelta(days=3)
    a.import_purchases(mia.id, [{"fan_id": "f9", "purchased_at": at, "item": "ppv", "price_usd": 9.0, "bought": True,
                                 "order_ref": ref} for ref in ("", "1")])
    before = query(tmp_path / "a.db", "SELECT count(*) FROM purchases")[0][0]
    a.close()
    for _ in range(2):
        assert cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", fresh_database, "--merge").code == 0
    assert query(fresh_database, "SELECT count(*) FROM purchases")[0][0] == before
    assert query(fresh_database, "SELECT count(*) FROM purchases WHERE fan_id = 'f9'")[0][0] == 2


def test_a_merge_that_fails_late_leaves_the_target_as_it_was(cli, tmp_path, fresh_database):
    """One transaction: a failure after the usage rows were copied (here the hub refuses quick replies, as a
    trigger of its own would) rolls every copied row back; the sentence says what failed."""
    a = _laptop(tmp_path / "a.db", ["mia"], seed=1)
    a.close()
    open_ledger(fresh_database).close()
    query(fresh_database, "CREATE FUNCTION no_replies() RETURNS trigger LANGUAGE plpgsql AS "
                          "$$ BEGIN RAISE EXCEPTION 'quick replies are closed here'; END $$")
    query(fresh_database, "CREATE TRIGGER no_replies BEFORE INSERT ON quick_replies FOR EACH ROW "
                          "EXECUTE FUNCTION no_replies()")
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", fresh_database, "--merge")
    assert r.code == 6 and "Traceback" not in r.stderr, r.stderr
    for table in ("creators", "usage_logs", "usage_daily", "monthly_charges", "fans", "ledger_merges"):
        assert query(fresh_database, f"SELECT count(*) FROM {table}")[0][0] == 0, table


def test_a_copied_ledger_that_parted_from_the_merged_one_is_refused_not_dropped(cli, tmp_path, fresh_database):
    import shutil

    url = fresh_database
    a = _laptop(tmp_path / "a.db", ["mia"], seed=1)
    a.close()
    assert cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", url, "--merge").code == 0
    shutil.copy(tmp_path / "a.db", tmp_path / "copy.db")  # a second laptop set up from the first one's file
    for path, cost in ((tmp_path / "copy.db", 0.75), (tmp_path / "a.db", 0.25)):
        ledger = open_ledger(path)
        _paid(ledger, "mia", T0 + timedelta(days=41), cost)  # each copy's own new request, the same row id
        ledger.close()
    r = cli("--db", str(tmp_path / "copy.db"), "ledger", "migrate", "--to", url, "--merge", "--json")
    assert r.code == 0 and r.json()["data"]["copied"]["usage_logs"] == 1  # the first to arrive is new
    hub = {what: _sums(url, sql) for what, sql in (("usage", USAGE), ("daily", DAILY), ("monthly", MONTHLY))}

    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", url, "--merge")
    assert r.code == 2, r.stderr
    assert "copy of one already merged" in r.stderr and "usage row" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    for what, sql in (("usage", USAGE), ("daily", DAILY), ("monthly", MONTHLY)):
        assert _sums(url, sql) == hub[what]  # nothing of the refused merge was written
    # The copy itself still merges again, copying nothing.
    r = cli("--db", str(tmp_path / "copy.db"), "ledger", "migrate", "--to", url, "--merge", "--json")
    assert r.code == 0 and r.json()["data"]["copied"] == {}


def test_a_request_still_in_flight_on_the_laptop_is_merged_once_it_is_settled(cli, tmp_path, fresh_database):
    url = fresh_database
    laptop = open_ledger(tmp_path / "a.db")
    laptop.add_creator("mia", "business")
    when = T0 + timedelta(days=20)
    held = laptop.reserve("mia", feature="caption", provider="openai", model="gpt-4o-mini", reserve_usd=0.4,
                          correlation_id="req_inflight", now=when)
    laptop.close()
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", url, "--merge", "--json")
    assert r.code == 0, r.stderr
    hub = open_ledger(url)
    try:  # the hub must not hold (nor later release) a hold it never reserved
        hub.release_abandoned("mia", now=when + timedelta(hours=2))
        status = hub.quota_status("mia", now=when + timedelta(hours=2))
        assert status.in_flight_usd == 0 and status.spend_month_usd == 0
    finally:
        hub.close()
    assert query(url, "SELECT count(*) FROM usage_logs WHERE status = 'pending'")[0][0] == 0

    laptop = open_ledger(tmp_path / "a.db")
    laptop.settle(held, status="ok", input_tokens=100, output_tokens=20, cost_usd=0.3, latency_ms=5,
                  now=when + timedelta(seconds=2))
    laptop.close()
    r = cli("--db", str(tmp_path / "a.db"), "ledger", "migrate", "--to", url, "--merge", "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"]["copied"]["usage_logs"] == 1
    assert query(url, "SELECT status, cost_usd FROM usage_logs")[0] == ("ok", pytest.approx(0.3))
    _close(_sums(url, MONTHLY), _sums(tmp_path / "a.db", MONTHLY))
    _close(_sums(url, DAILY), _sums(tmp_path / "a.db", DAILY))
