"""`huntaze fans import/list/show`: the fan context used by chat, suggest and optimize-sale."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from huntaze_cli.cli.common import CreatorOpt, emit, started

app = typer.Typer(help="Fans of a creator (imported from CSV or JSON exports).\n\nExamples:\n\n"
                       "  huntaze fans import fans.csv --creator mia\n\n  huntaze fans list\n\n"
                       "  huntaze fans show 1042 --json", no_args_is_help=True)


def _fan_json(f: dict[str, Any]) -> dict[str, Any]:
    return {"id": f["fan_id"], "name": f.get("name"), "tier": f.get("tier"),
            "lifetimeValueUsd": f.get("lifetime_value_usd"), "totalSpentUsd": f.get("total_spent_usd"),
            "lastPurchaseAt": f.get("last_purchase_at"), "engagement": f.get("engagement"),
            "extra": f.get("extra") or {}}


@app.command("import")
def import_(file: Annotated[str, typer.Argument(help="CSV or JSON: id, name, tier, lifetime_value, last_purchase, "
                                                "total_spent, engagement.")],
            creator: CreatorOpt = None) -> None:
    """Import (or update) fans from an export."""
    from huntaze_cli.importers import parse_fans

    s = started("fans", creator)
    fans = parse_fans(file)
    c = s.creator(creator)
    count = s.ledger.upsert_fans(c.id, fans)
    emit({"imported": count, "creator": c.name}, feature="fans", creator=c.name,
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

        from huntaze_cli import render

        if not fans:
            render.out().print(f"No fans for {name}; import some with `huntaze fans import FILE`.", markup=False)
            return
        grid = Table(title=f"Fans of {name}", title_justify="left")
        for col in ("id", "name", "tier", "engagement", "spent", "last purchase"):
            grid.add_column(col)
        for f in fans:
            grid.add_row(render.text(f["fan_id"]), render.text(f.get("name")), render.text(f.get("tier")),
                         render.text(f.get("engagement")),
                         render.money(f.get("total_spent_usd") or 0.0), (f.get("last_purchase_at") or "")[:10])
        render.out().print(grid)

    emit([_fan_json(f) for f in fans], feature="fans", creator=name, human=human)


@app.command("show")
def show(fan_id: Annotated[str, typer.Argument(help="The fan's id.")], creator: CreatorOpt = None) -> None:
    """Show one fan."""
    from huntaze_cli.errors import NotFound

    s = started("fans", creator)
    c = s.find_creator(creator)  # reading never creates `default`
    name = s.creator_name(creator)
    fan = s.ledger.get_fan(c.id, fan_id) if c is not None else None
    if fan is None:
        raise NotFound(f"Fan '{fan_id}' is not among {name}'s fans; see `huntaze fans list`.")
    data = _fan_json(fan)
    emit(data, feature="fans", creator=name,
         human=lambda: [print(f"{k}: {v}") for k, v in data.items() if v not in (None, {}, "")])
