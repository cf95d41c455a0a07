"""A/B experiments over the ledger: variant specs and results checked here, stored through the Ledger facade,
reported with agents/revenue/experiment_stats.py. Every number in a report is computed from recorded results."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from huntaze_cli.agents.revenue import experiment_stats as experiments_math
from huntaze_cli.errors import InvalidInput
from huntaze_cli.io import limits

if TYPE_CHECKING:
    from huntaze_cli.agents.schemas import SaleOutput
    from huntaze_cli.ledger import Ledger

_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
MAX_VARIANTS = 10
MAX_TEXT = 2_000


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 80:
        raise InvalidInput("An experiment name is 1 to 80 characters, e.g. beach-set-nov.")
    return name


def parse_variants(specs: list[str]) -> list[tuple[str, str]]:
    """`A=text` specs → (label, text), at least two, labels unique."""
    pairs: list[tuple[str, str]] = []
    for spec in specs:
        label, sep, text = spec.partition("=")
        label, text = label.strip(), text.strip()
        if not sep or not _LABEL.match(label) or not text:
            raise InvalidInput(f"--variant '{spec[:40]}' should be LABEL=\"message\", e.g. --variant A=\"New set "
                               "tonight!\" (label: letters, digits, - or _).")
        pairs.append((label, text))
    return check_variants(pairs)


def check_variants(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, text) pairs, from options or an HTTP body: labels well formed and unique, texts bounded,
    2 to MAX_VARIANTS of them."""
    out: list[tuple[str, str]] = []
    for label, text in pairs:
        label, text = label.strip(), text.strip()
        if not _LABEL.match(label):
            raise InvalidInput(f"Variant label '{label[:40]}' should be 1 to 20 letters, digits, - or _, e.g. A.")
        if not text:
            raise InvalidInput(f"Variant {label} has no text; give the message it sends.")
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"Variant {label} is {len(text):,} characters; the limit is {MAX_TEXT:,}.")
        if any(label == seen for seen, _ in out):
            raise InvalidInput(f"Variant {label} is given twice; each variant needs its own label.")
        out.append((label, text))
    check_count(len(out))
    return out


def check_count(count: int) -> None:
    if not 2 <= count <= MAX_VARIANTS:
        raise InvalidInput(f"An experiment needs 2 to {MAX_VARIANTS} variants; {count} given.")


def labels(count: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(count)]


def generated_variants(sale: SaleOutput, count: int) -> list[tuple[str, str]]:
    """Variants from a SalesAgent answer: its optimized message first, then its alternatives, each once."""
    texts = list(dict.fromkeys([sale.optimized_message, *sale.alternative_messages]))
    if len(texts) < count:
        raise InvalidInput(f"The SalesAgent wrote {len(texts)} distinct message(s), fewer than --generate {count}; "
                           "give the variants with --variant instead.")
    return list(zip(labels(count), texts[:count], strict=True))


def check_result(label: str, sent: Any, bought: Any, revenue: Any, where: str = "") -> dict[str, Any]:
    """One result, in the ranges of io/limits.py (they fit both ledgers' columns): whole sends, whole purchases
    no more than the sends, revenue in dollars."""
    prefix = f"{where}: " if where else ""
    sent_n = limits.SENT.check(sent, f"{prefix}sent")
    bought_n = limits.BOUGHT.check(bought, f"{prefix}bought")
    revenue_f = limits.REVENUE_USD.check(str(revenue).replace("$", "").replace(",", "") if isinstance(revenue, str)
                                         else revenue, f"{prefix}revenue")
    if bought_n > sent_n:
        raise InvalidInput(f"{prefix}bought ({bought_n:,}) cannot exceed sent ({sent_n:,}).")
    return {"label": label.strip(), "sent": sent_n, "bought": bought_n, "revenue_usd": round(revenue_f, 2)}


def results_from_file(path: str) -> list[dict[str, Any]]:
    """Results from CSV or JSON: variant, sent, bought, revenue per row."""
    from huntaze_cli.io.importers import read_records

    rows = read_records(path, "results")
    if not rows:
        raise InvalidInput(f"{path} holds no results.")
    out = []
    for index, row in enumerate(rows, 1):
        by_key = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        label = by_key.get("variant", by_key.get("label"))
        if label in (None, ""):
            raise InvalidInput(f"{path}, row {index}: no variant (columns: variant, sent, bought, revenue).")
        result = check_result(str(label), by_key.get("sent"), by_key.get("bought", 0),
                              by_key.get("revenue", by_key.get("revenue_usd", 0)), f"{path}, row {index}")
        out.append({**result, "source": path})
    return out


def report(ledger: Ledger, creator_id: int, name: str) -> dict[str, Any]:
    """The experiment, its variants with conversion, 95% interval, revenue per message and probability to
    beat the others, and the verdict (winner, or sends still needed)."""
    experiment = ledger.experiment_totals(creator_id, name)
    texts = {v["label"]: v["text"] for v in experiment["variants"]}
    r = experiments_math.report([(v["label"], int(v["sent"]), int(v["bought"]), float(v["revenue_usd"]))
                                 for v in experiment["variants"]])
    variants = []
    for v in r.variants:
        variants.append({
            "label": v.label, "text": texts[v.label], "sent": v.sent, "bought": v.bought, "revenueUsd": v.revenue,
            "conversionRate": None if v.conversion is None else round(v.conversion, 4),
            "conversionInterval95": None if v.interval is None else [round(v.interval[0], 4), round(v.interval[1], 4)],
            "revenuePerMessageUsd": None if v.revenue_per_message is None else round(v.revenue_per_message, 4),
            "probabilityBest": round(v.probability_best, 4), "sendsToMinimum": v.sends_to_minimum})
    return {"name": experiment["name"], "createdAt": experiment["created_at"], "variants": variants,
            "winner": r.winner, "winnerThreshold": round(r.threshold, 4),
            "minSendsPerVariant": experiments_math.MIN_SENDS, "sendsNeededPerVariant": r.sends_needed,
            "verdict": r.reason}
