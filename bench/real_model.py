"""Structured output on a real small model: every AI command against llama.cpp's own server (SmolLM2-135M).

    python bench/real_model.py [--inputs 10] [--temperatures 0,0.7] [--slots 1] [--json FILE]

Each command (caption, chat, suggest, optimize-sale, analyze, ideas) runs on N different inputs at each
temperature, through huntaze's own pipeline (coordinator -> runner -> local provider -> real HTTP), with the
rules engine as the fallback. Printed per command and temperature:
- ok: answered by the model (not by the rules fallback), out of N
- first: valid on the first request; repaired: valid after the one repair request; fell back: the rules
  engine answered because the model's output stayed invalid (or the call failed)
- median latency (ms) and tokens (input/output, summed over the N calls, repairs included).
Target: ok >= 95% per command at every temperature. A benchmark, not a test: it reports, it never asserts.

Requests are counted by wrapping the provider instance the runner builds (a bench-only probe).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 0.95
DESCRIPTIONS = ["sunset run on the beach", "morning coffee by the window", "new workout set at the gym",
                "rainy day reading in bed", "first day of spring in the park", "cooking pasta at midnight",
                "behind the scenes of a photo shoot", "road trip through the mountains",
                "trying on a red dress", "lazy sunday with my cat"]
MESSAGES = ["hey babe what's new?", "miss you!", "any new vids?", "what are you up to tonight?",
            "loved your last post", "can I get something custom?", "how was your weekend?",
            "you looked amazing today", "do you have a bundle deal?", "good morning beautiful"]
PLATFORMS = ["instagram", "tiktok", "twitter", "onlyfans", "facebook"]
ENGAGEMENT = ["low", "medium", "high"]


@dataclass
class Tally:
    ok: int = 0
    first: int = 0
    repaired: int = 0
    fell_back: int = 0
    latencies: list[float] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    errors: list[str] = field(default_factory=list)


class Counting:
    """Wraps the provider the runner builds: counts requests per call (1 = first try, 2 = repaired)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.calls = inner, inner.name, 0

    def __getattr__(self, name: str) -> Any:  # connect() and anything else the runner asks of a provider
        return getattr(self.inner, name)

    def complete(self, request: Any) -> Any:
        self.calls += 1
        return self.inner.complete(request)

    def stream(self, request: Any, on_text: Any) -> Any:
        self.calls += 1
        return self.inner.stream(request, on_text)


def metrics_csv(directory: Path, i: int) -> str:
    """A different 12-post metrics file per input (same shape as examples/metrics.csv, other numbers)."""
    lines = ["posted_at,platform,content_type,likes,comments,shares,saves,views,revenue_usd,followers"]
    for k in range(12):
        views = 4000 + 900 * ((i * 7 + k * 3) % 11)
        lines.append(f"2026-10-{k + 1:02d}T{(8 + k * 3 + i) % 24:02d}:05:00Z,{PLATFORMS[(i + k) % 5]},"
                     f"{['photo', 'video', 'story'][(i + k) % 3]},{views // 12},{20 + k},{5 + i},{3 + k},{views},"
                     f"{(k % 4) * 25},{20000 + 150 * k}")
    path = directory / f"metrics_{i}.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def inputs(feature: str, i: int, directory: Path) -> tuple[Any, dict[str, Any]]:
    """(agent input, ask() keyword arguments as the coordinator uses them) for input number i."""
    from huntaze_cli.agents import schemas
    from huntaze_cli.agents.analytics.metrics import load_metrics

    fan = {"message": MESSAGES[i], "engagement": ENGAGEMENT[i % 3], "spent_usd": [0, 40, 300, 900][i % 4]}
    if feature == "caption":
        return schemas.CaptionInput(description=DESCRIPTIONS[i], platform=PLATFORMS[i % 5]), {}
    if feature == "chat":
        return schemas.ChatInput(**fan), {}
    if feature == "suggest":
        return schemas.SuggestInput(**fan, count=2 + i % 2), {}
    if feature == "optimize-sale":
        return schemas.SaleInput(**fan, price_usd=[9.99, 15, 25, 49][i % 4]), {}
    if feature == "analyze":
        return load_metrics(metrics_csv(directory, i)), {"max_output_tokens": 1500}
    return schemas.IdeasInput(count=3, topics=[DESCRIPTIONS[i]], platform=PLATFORMS[i % 5]), {}


def run(n: int, temperatures: list[float]) -> dict[str, dict[str, Tally]]:
    from huntaze_cli.agents.registry import AGENTS
    from huntaze_cli.core import runner
    from huntaze_cli.core.coordinator import AITeamCoordinator, RouteOptions
    from huntaze_cli.core.session import Session

    built = runner._provider_for
    probes: dict[int, Counting] = {}

    def counting_provider(psettings: Any) -> Counting:
        inner = built(psettings)
        return probes.setdefault(id(inner), Counting(inner))

    runner._provider_for = counting_provider  # bench-only probe: count requests per call

    session = Session()
    # The bench's own creator, without the starter plan's 50 requests an hour.
    creator = session.ledger.add_creator("bench", requests_per_hour=1_000_000, monthly_usd=1_000_000)
    coordinator = AITeamCoordinator(session.context(creator))
    opts = RouteOptions(creator="bench", no_cache=True)
    features = ["caption", "chat", "suggest", "optimize-sale", "analyze", "ideas"]
    table: dict[str, dict[str, Tally]] = {f: {} for f in features}
    with tempfile.TemporaryDirectory() as tmp:
        for feature in features:
            agent = coordinator.agent_for(feature) if feature in ("caption", "chat") else AGENTS[feature]()
            for temperature in temperatures:
                tally = table[feature][str(temperature)] = Tally()
                for i in range(n):
                    data, kw = inputs(feature, i, Path(tmp))
                    for probe in probes.values():
                        probe.calls = 0
                    started = time.perf_counter()
                    try:
                        answer = coordinator.ask(agent, data, opts, temperature=temperature, **kw)
                    except Exception as exc:  # a failed call counts as a fall-back: say why
                        tally.fell_back += 1
                        tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
                        continue
                    tally.latencies.append((time.perf_counter() - started) * 1000)
                    calls = sum(p.calls for p in probes.values())
                    result = answer.result
                    tally.input_tokens += result.input_tokens
                    tally.output_tokens += result.output_tokens
                    if result.provider == "rules":
                        tally.fell_back += 1
                        tally.errors.append("; ".join(t.get("error", t["outcome"]) for t in result.providers_tried
                                                      if t["provider"] != "rules")[:200])
                    else:
                        tally.ok += 1
                        tally.first += calls <= 1
                        tally.repaired += calls > 1
                print(f"  {feature:<13} t={temperature:<4} ok {tally.ok}/{n}", file=sys.stderr, flush=True)
    return table


def render(table: dict[str, dict[str, Tally]], n: int) -> str:
    rows = ["| command | temp | ok | valid first try | repaired | fell back | median latency ms | tokens in/out |",
            "|---|---|---|---|---|---|---|---|"]
    for feature, temps in table.items():
        for temperature, t in temps.items():
            median = f"{statistics.median(t.latencies):.0f}" if t.latencies else "–"
            rows.append(f"| {feature} | {temperature} | {t.ok}/{n} ({t.ok / n:.0%}) | {t.first} | {t.repaired} | "
                        f"{t.fell_back} | {median} | {t.input_tokens}/{t.output_tokens} |")
    met = all(t.ok / n >= TARGET for temps in table.values() for t in temps.values())
    rows.append(f"\nTarget >= {TARGET:.0%} per command at every temperature: {'met' if met else 'NOT met'}.")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=10)
    parser.add_argument("--temperatures", default="0,0.7")
    parser.add_argument("--slots", type=int, default=1)
    parser.add_argument("--json", dest="json_path", help="also write the raw tallies here")
    args = parser.parse_args()

    from testservers.real_llama import start_server

    home = tempfile.mkdtemp(prefix="huntaze-bench-")
    os.environ["HUNTAZE_HOME"] = home
    # local first, the rules engine as the fall-back (an explicit --base-url would mean local only).
    Path(home, "config.toml").write_text('[providers.local]\nmodel = "smollm2"\n\n' + "".join(
        f'[features.{f}]\nprovider = "local"\nfallback = ["rules"]\n\n'
        for f in ("caption", "chat", "suggest", "optimize-sale", "analyze", "ideas")))
    server = start_server(slots=args.slots)
    os.environ["HUNTAZE_LOCAL_BASE_URL"] = server.base_url
    print(f"llama.cpp server at {server.url}, model {server.model_path.name}", file=sys.stderr)
    temperatures = [float(t) for t in args.temperatures.split(",")]
    table = run(args.inputs, temperatures)
    print(render(table, args.inputs))
    for feature, temps in table.items():
        for temperature, t in temps.items():
            for error in t.errors[:3]:
                print(f"  {feature} t={temperature}: {error}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps({f: {k: vars(v) for k, v in temps.items()}
                                                    for f, temps in table.items()}, indent=1))


if __name__ == "__main__":
    main()
