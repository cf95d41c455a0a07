"""`huntaze experiments new/record/report/list`: A/B tests of sales messages, stored in the ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import (
    BaseUrlOpt,
    CreatorOpt,
    ModelOpt,
    NoCacheOpt,
    ProviderOpt,
    WideOpt,
    emit,
    in_range,
    started,
)
from huntaze_cli.cli.helpview import App
from huntaze_cli.io import limits

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session

app = App(help="A/B tests of sales messages: conversion with a 95% interval, revenue per message, the "
                       "probability each variant beats the others, and a winner only past 95%.\n\nExamples:\n\n"
                       "  huntaze experiments new beach --variant A=\"New beach set, want it?\" "
                       "--variant B=\"I shot this one thinking of you\"\n\n"
                       "  huntaze experiments new beach2 --generate 2 --message \"new beach set\" --price 25\n\n"
                       "  huntaze experiments record beach --variant A --sent 120 --bought 9 --revenue 225\n\n"
                       "  huntaze experiments record beach --file results.csv   (variant,sent,bought,revenue)\n\n"
                       "  huntaze experiments report beach --json", no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="The experiment's name, e.g. beach-set-nov.")]


@app.command("new")
def new(name: NameArg,
        variant: Annotated[list[str] | None, typer.Option("--variant", "-V", help="LABEL=\"message\" "
                                                          "(repeatable, at least two).")] = None,
        generate: Annotated[int | None, typer.Option("--generate", "-g",
                                                     callback=in_range(limits.GENERATED_VARIANTS, "--generate"),
                                                     help="Have the SalesAgent write N variants of --message "
                                                          "instead.")] = None,
        message: Annotated[str | None, typer.Option("--message", help="With --generate: the sales message to "
                                                    "vary.")] = None,
        price: Annotated[float | None, typer.Option("--price", callback=in_range(limits.PRICE_USD, "--price"),
                                                    help="With --generate: base price in USD.")] = None,
        content_type: Annotated[str | None, typer.Option("--content-type", help="With --generate: photo, video, "
                                                         "bundle, custom... (default: the kind the message "
                                                         "names)")] = None,
        lang: Annotated[str, typer.Option("--lang", help="With --generate: en or fr.")] = "en",
        creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None,
        base_url: BaseUrlOpt = None, no_cache: NoCacheOpt = False) -> None:
    """Create an experiment from your variants, or from variants the SalesAgent writes (--generate N)."""
    from huntaze_cli.agents.revenue import experiments
    from huntaze_cli.errors import InvalidInput

    s = started("experiments", creator)
    name = experiments.check_name(name)
    if (generate is None) == (not variant):
        raise InvalidInput("Give the variants (--variant A=\"...\" --variant B=\"...\") or --generate N with "
                           "--message, not both or neither.")
    generated_by = None
    if variant:
        variants = experiments.parse_variants(variant)
    else:
        if not message or not message.strip() or price is None:
            raise InvalidInput("--generate needs --message \"the sales message\" and --price USD.")
        variants, generated_by = _generate(s, int(generate or 2), message, price, content_type, lang,
                                           (creator, provider, model, base_url, no_cache))
    from huntaze_cli.core import experiments as shared

    who, data = shared.create(s, creator, name, variants, generated_by)

    def human() -> None:
        from huntaze_cli.cli import render

        console = render.out()
        console.print(f"Created experiment {name} with {len(variants)} variants"
                      + (f" (written by {generated_by})" if generated_by else "") + ":", markup=False)
        for label, text in variants:
            console.print(f"  {label}: {text}", markup=False)
        render.note(s, f"Record results with `huntaze experiments record {name} --variant A --sent N --bought K "
                       "--revenue USD`.")

    emit(data, feature="experiments", creator=who, human=human)


def _generate(s: Session, count: int, message: str, price: float, content_type: str | None, lang: str,
              route: tuple[Any, ...]) -> tuple[list[tuple[str, str]], str]:
    """Variants written by the SalesAgent (a model, or the rules engine offline): its optimized message first,
    then its alternatives."""
    from huntaze_cli.agents.requests import build_input
    from huntaze_cli.agents.revenue.experiments import generated_variants
    from huntaze_cli.cli.ai_common import route_options
    from huntaze_cli.core.coordinator import AITeamCoordinator

    opts = route_options(*route)
    c = s.creator(opts.creator)
    data = build_input("optimize-sale", {"message": message.strip(), "price_usd": price, "lang": lang,
                                         "content_type": content_type}, ledger=s.ledger, creator_id=c.id)
    answer = AITeamCoordinator(s.context(c)).answer("optimize-sale", data, opts)
    return generated_variants(answer.output, count), answer.result.provider


@app.command("record")
def record(name: NameArg,
           variant: Annotated[str | None, typer.Option("--variant", "-V", help="The variant's label.")] = None,
           sent: Annotated[int | None, typer.Option("--sent", callback=in_range(limits.SENT, "--sent"),
                                                    help="Messages sent.")] = None,
           bought: Annotated[int | None, typer.Option("--bought", callback=in_range(limits.BOUGHT, "--bought"),
                                                      help="Purchases from them.")] = None,
           revenue: Annotated[float | None, typer.Option("--revenue",
                                                         callback=in_range(limits.REVENUE_USD, "--revenue"),
                                                         help="Revenue from them, USD.")] = None,
           file: Annotated[str | None, typer.Option("--file", help="CSV or JSON of results: variant, sent, bought, "
                                                    "revenue per row.")] = None,
           creator: CreatorOpt = None) -> None:
    """Add results to an experiment (repeatable: results add up)."""
    from huntaze_cli.agents.revenue import experiments
    from huntaze_cli.errors import InvalidInput

    s = started("experiments", creator)
    if file is not None:
        if variant is not None or sent is not None or bought is not None or revenue is not None:
            raise InvalidInput("Give either --file or --variant/--sent/--bought/--revenue, not both.")
        results = experiments.results_from_file(file)
    else:
        if variant is None or sent is None or bought is None:
            raise InvalidInput("Give --variant, --sent and --bought (and --revenue), or --file results.csv.")
        results = [experiments.check_result(variant, sent, bought, 0.0 if revenue is None else revenue)]
    from huntaze_cli.core import experiments as shared

    who, data = shared.record(s, creator, name.strip(), results)
    emit(data, feature="experiments", creator=who,
         human=lambda: print(f"Recorded {data['recorded']} result(s) for {name.strip()}; see "
                             f"`huntaze experiments report {name.strip()}`."))


@app.command("report")
def report(name: NameArg, creator: CreatorOpt = None, wide: WideOpt = False) -> None:
    """Per variant: conversion with its 95% interval, revenue per message sent, the probability it beats the
    others; a winner only past 95% (family-wise), otherwise the sends still needed."""
    from huntaze_cli.core import experiments as shared

    s = started("experiments", creator)
    who, data = shared.report(s, creator, name.strip())

    def human() -> None:
        from huntaze_cli.cli import render

        console = render.out()
        render.print_table(lambda full: _grid(data, full), wide, quiet=s.flags.quiet)
        for v in data["variants"]:
            console.print(f"  {v['label']}: {v['text']}", markup=False)
        console.print(("[bold green]Winner:[/] " if data["winner"] else "[bold]Verdict:[/] "), end="")
        console.print(data["verdict"], markup=False)

    emit(data, feature="experiments", creator=who, human=human)


def _grid(data: dict[str, Any], full: bool) -> Any:
    """Every column, or without the interval and the revenue per message where they do not fit."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(title=Text(f"Experiment {data['name']}"), title_justify="left")  # a name is text, not markup
    grid.add_column("variant", no_wrap=True)
    for col in ("sent", "bought", "conversion", *(("95% interval", "revenue/msg") if full else ()), "P(best)"):
        grid.add_column(col, justify="right", no_wrap=True)
    for v in data["variants"]:
        interval = v["conversionInterval95"]
        cells = [v["label"], f"{v['sent']:,}", f"{v['bought']:,}",
                 "—" if v["conversionRate"] is None else f"{v['conversionRate']:.1%}"]
        if full:
            cells += ["—" if interval is None else f"{interval[0]:.1%}–{interval[1]:.1%}",
                      "—" if v["revenuePerMessageUsd"] is None else f"${v['revenuePerMessageUsd']:,.2f}"]
        grid.add_row(*cells, _probability(v["probabilityBest"]))
    return grid


def _probability(p: float) -> str:
    # 99.996% is not certainty: never print 100.0% or 0.0% for a probability that is not exactly that
    if 0 < p < 0.001:
        return "<0.1%"
    if 0.999 < p < 1:
        return ">99.9%"
    return f"{p:.1%}"


@app.command("list")
def list_(creator: CreatorOpt = None) -> None:
    """A creator's experiments."""
    s = started("experiments", creator)
    c = s.find_creator(creator)  # reading never creates `default`
    from huntaze_cli.core.views import experiment

    rows = [experiment(r) for r in (s.ledger.list_experiments(c.id) if c is not None else [])]

    def human() -> None:
        from huntaze_cli.cli import render

        console = render.out()
        if not rows:
            console.print("No experiments yet; create one with `huntaze experiments new NAME --variant A=... "
                          "--variant B=...`.")
        for r in rows:
            console.print(f"{r['name']}  {r['variants']} variants  {r['sent']} sent  (since {r['createdAt'][:10]})",
                          markup=False)

    emit(rows, feature="experiments", creator=s.creator_name(creator), human=human)
