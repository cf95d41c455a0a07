"""The ledger's SQL (segment_figures and segment_members, fan_totals, price_counts) gives exactly the segments the
pure math gives from the rows themselves, on both backends: one definition of each figure, whichever way it is
computed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from huntaze_cli.agents.revenue import figures
from huntaze_cli.agents.revenue import segments as sg
from huntaze_cli.agents.sales.fan_pricing import Offer
from huntaze_cli.ledger import open_ledger
from huntaze_cli.utc import iso_z

NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)
MOMENTS = (NOW, NOW + timedelta(microseconds=500_000), NOW - timedelta(days=20))  # a cut inside a second, too


def test_sql_totals_make_the_segments_the_rows_make(ledger_location: Path | str) -> None:
    rng = random.Random(16)
    offers = [Offer(f"f{rng.randrange(40):02}", NOW - timedelta(days=rng.randrange(200), hours=rng.randrange(24)),
                    rng.choice(("set", "video")), rng.choice((5.0, 9.99, 20.0, 45.5)), rng.random() > 0.2)
              for _ in range(600)]
    exported = {f"f{i:02}": float(rng.choice((0, 0, 50, 5000))) for i in range(45)}  # f40-f44: export only
    exported.update({f"f{i:02}": 50.0 for i in range(45, 49)})  # export only, with a last purchase:
    lapsed = NOW - timedelta(days=sg.LAPSED_DAYS)
    last = {"f45": lapsed, "f46": lapsed - timedelta(seconds=1), "f47": lapsed + timedelta(seconds=1),
            "f48": lapsed - timedelta(days=90)}  # exactly at the cut is not lapsed; a second before it is
    with open_ledger(ledger_location) as ledger:
        mia = ledger.add_creator("mia").id
        ledger.upsert_fans(mia, [{"fan_id": fid, "total_spent_usd": spent,
                                  **({"last_purchase_at": iso_z(last[fid], "seconds")} if fid in last else {})}
                                 for fid, spent in exported.items()])
        ledger.import_purchases(mia, [{"fan_id": o.fan_id, "purchased_at": o.at, "item": o.item, "price_usd": o.price,
                                       "bought": o.bought, "order_ref": f"#{n}"} for n, o in enumerate(offers)],
                                now=NOW)
        from_sql = {now: figures.segment_summaries(ledger, mia, now, members=True) for now in MOMENTS}
        without_members = figures.segment_summaries(ledger, mia, NOW)
        card = figures.fan_card(ledger, mia, "f03", NOW)
    fans = [sg.ExportedFan(fid, spent, last.get(fid)) for fid, spent in exported.items()]
    for now in MOMENTS:
        _same(from_sql[now], sg.summarize(fans, offers, now))
    assert [s.fan_ids for s in without_members] == [[]] * len(sg.SEGMENTS)
    assert [s.fans for s in without_members] == [s.fans for s in from_sql[NOW]]
    assert {"f45", "f47"} <= set(from_sql[NOW][1].fan_ids) and {"f46", "f48"} <= set(from_sql[NOW][3].fan_ids)
    mine = [o.price for o in offers if o.fan_id == "f03" and o.bought]
    assert card.lifetime_spend == round(max(exported["f03"], sum(mine)), 2)
    assert card.spend_source == ("fan export" if exported["f03"] > sum(mine) else "purchase history")


def _same(from_sql: list[sg.SegmentSummary], from_rows: list[sg.SegmentSummary]) -> None:
    assert [s.name for s in from_sql] == list(sg.SEGMENTS)
    for sql, pure in zip(from_sql, from_rows, strict=True):
        assert (sql.fans, sql.fan_ids, sql.purchases, sql.declined, sql.median_price, sql.acceptance) == \
            (pure.fans, pure.fan_ids, pure.purchases, pure.declined, pure.median_price, pure.acceptance), sql.name
        assert (sql.revenue, sql.revenue_90d, sql.revenue_from_export) == \
            (pure.revenue, pure.revenue_90d, pure.revenue_from_export), sql.name


def test_weighted_median_is_the_median_of_the_repeated_values() -> None:
    import statistics

    rng = random.Random(3)
    for _ in range(200):
        counts = {rng.choice((1.0, 2.5, 7.0, 9.99, 30.0)): rng.randrange(1, 4) for _ in range(rng.randrange(1, 6))}
        values = [price for price, n in counts.items() for _ in range(n)]
        assert sg.weighted_median(counts) == statistics.median(values)
    assert sg.weighted_median({}) is None
