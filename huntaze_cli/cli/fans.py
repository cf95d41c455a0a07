"""`huntaze fans import/list/show/segments`: fans, their purchase history, segments and per-fan prices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import CreatorOpt, WideOpt, emit, in_range, started
from huntaze_cli.cli.helpview import App
from huntaze_cli.io import limits
from huntaze_cli.io.import_limits import LIMITS_HELP
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.agents.revenue.figures import FanCard
    from huntaze_cli.agents.revenue.segments import SegmentSummary

app = App(help="Fans of a creator (imported from CSV or JSON exports).\n\nExamples:\n\n"
                       "  huntaze fans import fans.csv --creator mia\n\n"
                       "  huntaze fans import purchases.csv   (fan_id, date, item, price, outcome)\n\n"
                       "  huntaze fans list\n\n  huntaze fans segments --members\n\n"
                       "  huntaze fans show 1042 --json", no_args_is_help=True)


def _fan_json(f: dict[str, Any]) -> dict[str, Any]:
    from huntaze_cli.core.views import fan

    return fan(f)


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
    from huntaze_cli.bulk import collector_paused
    from huntaze_cli.io import importers

    s = started("fans", creator)
    with collector_paused():  # from reading to storing: the rows stay alive throughout, none in a cycle
        export = importers.parse_export(file, kind, decimal_comma=decimal_comma)
        if export.kind == "purchases":
            c = s.creator(creator)
            stored, duplicates = s.ledger.import_purchases(c.id, export.rows)
    if export.kind == "purchases":
        offers = export.rows
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
          limit: Annotated[int, typer.Option("--limit", "-n", callback=in_range(limits.ROW_LIMIT, "--limit"),
                                                 help="How many.")] = 100
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
    from huntaze_cli.core.views import fan_card

    return fan_card(card)


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
    from huntaze_cli.core.views import segment

    return segment(seg, members)


def _segments_grid(name: str, rows: list[dict[str, Any]], full: bool) -> Any:
    """Every column, or without the acceptance rate and the median price where they do not fit."""
    from rich.table import Table
    from rich.text import Text


    grid = Table(title=Text(f"Fan segments of {name}"), title_justify="left")
    grid.add_column("segment", no_wrap=True)
    for col in ("fans", "revenue", "90 days", "bought", *(("accepts", "median") if full else ())):
        grid.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        cells = [r["segment"], f"{r['fans']:,}", usd(r["revenueUsd"]), usd(r["revenue90dUsd"]),
                 f"{r['purchases']:,}"]
        if full:
            cells += ["—" if r["acceptanceRate"] is None else f"{r['acceptanceRate']:.0%}",
                      "—" if r["medianPriceUsd"] is None else usd(r["medianPriceUsd"])]
        grid.add_row(*cells)
    return grid


@app.command("segments")
def segments_(creator: CreatorOpt = None, as_of_: AsOfOpt = None,
              members: Annotated[bool, typer.Option("--members", help="List each segment's fan ids.")] = False,
              wide: WideOpt = False) -> None:
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
    summaries = (segment_summaries(s.ledger, c.id, now, members=members) if c is not None
                 else [SegmentSummary(n) for n in SEGMENTS])
    rows = [_segment_json(seg, members) for seg in summaries]

    def human() -> None:
        from huntaze_cli.cli import render

        console = render.out()
        render.print_table(lambda full: _segments_grid(name, rows, full), wide, quiet=s.flags.quiet)
        for r in rows:
            if members and r["fanIds"]:
                console.print(f"{r['segment']}: {', '.join(r['fanIds'])}", markup=False)
        from_export = sum(r["revenueFromExportUsd"] for r in rows)
        console.print(f"revenue: Σ of each fan's {SPEND_DEFINITION}"
                      + (f"; {usd(from_export)} of it from fan exports" if from_export else "")
                      + ". 90 days: imported purchases only.", markup=False, soft_wrap=False)  # wrapped to the width
        if not any(r["purchases"] or r["declinedOffers"] for r in rows):
            console.print("No purchase history yet: import it with `huntaze fans import purchases.csv`.")

    emit(rows, feature="fans", creator=name, human=human)
