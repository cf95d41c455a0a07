"""`huntaze fans import/list/show/segments`: fans, their purchase history, segments and per-fan prices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import CreatorOpt, emit, started
from huntaze_cli.io.import_limits import LIMITS_HELP
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.agents.revenue.figures import FanCard
    from huntaze_cli.agents.revenue.segments import SegmentSummary

app = typer.Typer(help="Fans of a creator (imported from CSV or JSON exports).\n\nExamples:\n\n"
                       "  huntaze fans import fans.csv --creator mia\n\n"
                       "  huntaze fans import purchases.csv   (fan_id, date, item, price, outcome)\n\n"
                       "  huntaze fans list\n\n  huntaze fans segments --members\n\n"
                       "  huntaze fans show 1042 --json", no_args_is_help=True)


def _fan_json(f: dict[str, Any]) -> dict[str, Any]:
    return {"id": f["fan_id"], "name": f.get("name"), "tier": f.get("tier"),
            "lifetimeValueUsd": f.get("lifetime_value_usd"), "totalSpentUsd": f.get("total_spent_usd"),
            "lastPurchaseAt": f.get("last_purchase_at"), "engagement": f.get("engagement"),
            "extra": f.get("extra") or {}}


@app.command("import", epilog=LIMITS_HELP)
def import_(file: Annotated[str, typer.Argument(help="CSV (comma, semicolon, tab or pipe separated) or JSON. A "
                                                "fan export: id, name, tier, lifetime_value, last_purchase, "
                                                "total_spent, engagement. Or purchase history: fan_id, date, "
                                                "item, price, outcome (bought/declined), order_id.")],
            kind: Annotated[str, typer.Option("--kind", help="auto (a file with fan_id, date and price columns "
                                              "is purchase history), fans or purchases.")] = "auto",
            decimal_comma: Annotated[bool, typer.Option("--decimal-comma", help="Amounts are written 25,50 or "
                                                        "1.234,50 (without it, an amount with a comma is "
                                                        "refused as ambiguous).")] = False,
            creator: CreatorOpt = None) -> None:
    """Import (or update) fans, or their purchase history, from an export. Re-importing is harmless.

    Two rows that agree in everything (one fan, one item, one day, one price) are two purchases: an order_id
    column tells them apart, else their order in the file, so re-importing the file still adds nothing.
    Amounts are plain US dollars (25 or 25.50): a currency sign or a thousands separator is refused.
    """
    from huntaze_cli.io import importers

    s = started("fans", creator)
    export = importers.parse_export(file, kind, decimal_comma=decimal_comma)
    if export.kind == "purchases":
        offers = export.rows
        c = s.creator(creator)
        stored, duplicates = s.ledger.import_purchases(c.id, offers)
        fans_seen = len({o["fan_id"] for o in offers})
        emit({"imported": stored, "duplicates": duplicates, "kind": "purchases", "fans": fans_seen,
              "creator": c.name}, feature="fans", creator=c.name,
             human=lambda: print(f"Imported {stored} offer(s) for {fans_seen} fan(s) of {c.name}"
                                 + (f"; {duplicates} already stored." if duplicates else ".")))
        return
    c = s.creator(creator)
    count = s.ledger.upsert_fans(c.id, export.rows)
    emit({"imported": count, "kind": "fans", "creator": c.name}, feature="fans", creator=c.name,
         human=lambda: print(f"Imported {count} fan(s) for {c.name}."))


@app.command("list")
def list_(creator: CreatorOpt = None,
          limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1_000_000, help="How many.")] = 100
          ) -> None:
    """List a creator's fans, biggest spenders first."""
    s = started("fans", creator)
    c = s.find_creator(creator)  # reading never creates `default`
    name = s.creator_name(creator)
    fans = s.ledger.list_fans(c.id, limit=limit) if c is not None else []

    def human() -> None:
        from rich.table import Table

        from huntaze_cli.cli import render

        if not fans:
            render.out().print(f"No fans for {name}; import some with `huntaze fans import FILE`.", markup=False)
            return
        grid = Table(title=f"Fans of {name}", title_justify="left")
        for col in ("id", "name", "tier", "engagement", "spent", "last purchase"):
            grid.add_column(col)
        for f in fans:
            grid.add_row(render.text(f["fan_id"]), render.text(f.get("name")), render.text(f.get("tier")),
                         render.text(f.get("engagement")),
                         usd(f.get("total_spent_usd") or 0.0), (f.get("last_purchase_at") or "")[:10])
        render.out().print(grid)

    emit([_fan_json(f) for f in fans], feature="fans", creator=name, human=human)


AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Compute as of this date (default now), e.g. "
                                            "2026-11-30 for a month-end report.")]


def as_of(value: str | None) -> Any:
    if value is None:
        return None
    from huntaze_cli.io.timeparse import parse_moment

    return parse_moment(value, "--as-of")


def _card_json(card: FanCard) -> dict[str, Any]:
    from huntaze_cli.utc import iso_z

    st = card.stats
    return {"segment": card.segment, "lifetimeSpendUsd": card.lifetime_spend, "lifetimeSpendSource": card.spend_source,
            "purchaseHistorySpendUsd": st.lifetime_spend, "purchases": st.purchases,
            "declinedOffers": st.declined, "medianPriceUsd": st.median_paid, "maxPriceUsd": st.max_paid,
            "acceptanceRate": None if st.acceptance is None else round(st.acceptance, 4),
            "firstPurchaseAt": iso_z(st.first_purchase_at, "seconds") if st.first_purchase_at else None,
            "lastPurchaseInHistoryAt": iso_z(st.last_purchase_at, "seconds") if st.last_purchase_at else None,
            "suggestedPrice": {"priceUsd": card.next_price.price, "basis": card.next_price.basis,
                               "rationale": card.next_price.rationale}}


@app.command("show")
def show(fan_id: Annotated[str, typer.Argument(help="The fan's id.")], creator: CreatorOpt = None,
         as_of_: AsOfOpt = None) -> None:
    """Show one fan: profile, segment, spend, prices paid, acceptance and the suggested next PPV price."""
    from huntaze_cli.agents.revenue.figures import fan_card
    from huntaze_cli.agents.revenue.segments import SPEND_DEFINITION
    from huntaze_cli.errors import NotFound

    s = started("fans", creator)
    now = as_of(as_of_)
    c = s.find_creator(creator)  # reading never creates `default`
    name = s.creator_name(creator)
    fan = s.ledger.get_fan(c.id, fan_id) if c is not None else None
    if c is None or fan is None:
        raise NotFound(f"Fan '{fan_id}' is not among {name}'s fans; see `huntaze fans list`.")
    data = {**_fan_json(fan), **_card_json(fan_card(s.ledger, c.id, fan["fan_id"], now))}

    def human() -> None:
        from huntaze_cli.cli import render

        console = render.out()
        for key, value in data.items():
            if key == "suggestedPrice":
                console.print(f"suggested next PPV price: {usd(value['priceUsd'])} ({value['basis']})",
                              markup=False)
                console.print(f"  {value['rationale']}", markup=False)
            elif key == "lifetimeSpendUsd":
                console.print(f"lifetimeSpendUsd: {value} (from the {data['lifetimeSpendSource']}; "
                              f"{SPEND_DEFINITION})", markup=False)
            elif key == "lifetimeSpendSource":
                continue
            elif key == "acceptanceRate" and value is not None:
                console.print(f"acceptanceRate: {value:.0%}", markup=False)
            elif value not in (None, {}, ""):
                console.print(f"{key}: {value}", markup=False)

    emit(data, feature="fans", creator=name, human=human)


def _segment_json(seg: SegmentSummary, members: bool) -> dict[str, Any]:
    from huntaze_cli.agents.revenue.segments import DEFINITIONS

    out = {"segment": seg.name, "definition": DEFINITIONS[seg.name], "fans": seg.fans,
           "revenueUsd": seg.revenue, "revenueFromExportUsd": seg.revenue_from_export,
           "revenue90dUsd": seg.revenue_90d, "purchases": seg.purchases,
           "declinedOffers": seg.declined,
           "acceptanceRate": None if seg.acceptance is None else round(seg.acceptance, 4),
           "medianPriceUsd": seg.median_price}
    if members:
        out["fanIds"] = seg.fan_ids
    return out


@app.command("segments")
def segments_(creator: CreatorOpt = None, as_of_: AsOfOpt = None,
              members: Annotated[bool, typer.Option("--members", help="List each segment's fan ids.")] = False
              ) -> None:
    """Group fans into whales, regulars, new, lapsed and never-bought, with counts and revenue.

    Computed from imported purchase history (`huntaze fans import purchases.csv`): whales are the top 5% of
    fans by 90-day spend, new fans first bought in the last 14 days, lapsed fans have not bought in 30 days.
    Revenue sums each fan's lifetime spend, as `fans show` gives it: the fan export's total_spent when it is
    larger than the imported purchases, else their sum (revenueFromExportUsd: the part only exports know).
    """
    from huntaze_cli.agents.revenue.figures import segment_summaries
    from huntaze_cli.agents.revenue.segments import SEGMENTS, SPEND_DEFINITION, SegmentSummary

    s = started("fans", creator)
    now = as_of(as_of_)
    c = s.find_creator(creator)  # reading never creates `default`
    name = s.creator_name(creator)
    summaries = segment_summaries(s.ledger, c.id, now) if c is not None else [SegmentSummary(n) for n in SEGMENTS]
    rows = [_segment_json(seg, members) for seg in summaries]

    def human() -> None:
        from rich.table import Table
        from rich.text import Text

        from huntaze_cli.cli import render

        grid = Table(title=Text(f"Fan segments of {name}"), title_justify="left")
        grid.add_column("segment", no_wrap=True)
        for col in ("fans", "revenue", "90 days", "bought", "accepts", "median"):
            grid.add_column(col, justify="right", no_wrap=True)
        for r in rows:
            grid.add_row(r["segment"], str(r["fans"]), usd(r["revenueUsd"]), usd(r["revenue90dUsd"]),
                         str(r["purchases"]), "—" if r["acceptanceRate"] is None else f"{r['acceptanceRate']:.0%}",
                         "—" if r["medianPriceUsd"] is None else usd(r["medianPriceUsd"]))
        console = render.out()
        console.print(grid)
        for r in rows:
            if members and r["fanIds"]:
                console.print(f"{r['segment']}: {', '.join(r['fanIds'])}", markup=False)
        from_export = sum(r["revenueFromExportUsd"] for r in rows)
        console.print(f"revenue: Σ of each fan's {SPEND_DEFINITION}"
                      + (f"; {usd(from_export)} of it from fan exports" if from_export else "")
                      + ". 90 days: imported purchases only.", markup=False)
        if not any(r["purchases"] or r["declinedOffers"] for r in rows):
            console.print("No purchase history yet: import it with `huntaze fans import purchases.csv`.")

    emit(rows, feature="fans", creator=name, human=human)
